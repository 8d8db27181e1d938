"""Start at login: an XDG autostart entry on Linux (~/.config/autostart/thumbdrop.desktop)
that starts `thumbdrop --tray` (the tray icon, no window). On macOS the equivalent is a
LaunchAgent or SMAppService login item, on Windows a value under HKCU\\...\\Run; neither is
written yet (docs/PLATFORMS.md). Only stdlib; called off the UI thread (it writes a file).
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from desktop.desktop_entry import ENTRY, this_program
from desktop.resource_files import RESOURCES

TRAY_ARGUMENT = "--tray"  # app.main: start in the tray, the window hidden


def entry_path() -> Path:
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "autostart" / ENTRY


def apply(enabled: bool, program: Path | None = None) -> Path | None:
    """Writes or removes the autostart entry; returns its path when written. Does nothing
    off Linux (no XDG autostart there)."""
    if not sys.platform.startswith("linux"):
        return None
    path = entry_path()
    if not enabled:
        path.unlink(missing_ok=True)
        return None
    program = program or this_program()
    lines = (RESOURCES / ENTRY).read_text(encoding="utf-8").splitlines()
    exec_line = f"Exec={shlex.quote(str(program))} {TRAY_ARGUMENT}"
    lines = [exec_line if line.startswith("Exec=") else line for line in lines
             if not line.startswith("MimeType=")]  # a login start opens no files
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\nX-GNOME-Autostart-enabled=true\n", encoding="utf-8")
    return path
