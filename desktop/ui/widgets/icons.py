"""Toolbar icons: the desktop theme's own (freedesktop icon names), else the SVGs bundled in
resources/ (action-<name>.svg), so Windows, macOS and bare X11 sessions show the same shapes."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from desktop.resource_files import RESOURCES


def themed(name: str) -> QIcon:
    return QIcon.fromTheme(name, QIcon(str(RESOURCES / f"action-{name}.svg")))
