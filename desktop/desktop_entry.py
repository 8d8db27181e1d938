"""`thumbdrop --install-desktop-entry`: adds Thumbdrop to this user's application menu and to
"Open with" for photos (Linux desktops: the freedesktop.org .desktop entry and its icon).

The entry and the icon are the ones the installed package ships (desktop/resources), and Exec
names the `thumbdrop` that was run, so it works the same from a checkout's .venv (make
desktop-entry), a pipx install or the unpacked bundle. Only stdlib: the launcher calls it
before Qt loads.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from desktop.resource_files import RESOURCES

ENTRY = "thumbdrop.desktop"


def this_program() -> Path:
    """The `thumbdrop` being run: the bundle's executable, or the script a venv made."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve()
    found = shutil.which(sys.argv[0]) or sys.argv[0]
    return Path(found).absolute()


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def install(program: Path | None = None, home: Path | None = None) -> Path:
    """Writes the .desktop entry (Exec = `program`) and the icon under `home` (the XDG data
    home); returns the entry's path."""
    program = program or this_program()
    home = home or data_home()
    lines = (RESOURCES / ENTRY).read_text(encoding="utf-8").splitlines()
    exec_line = f"Exec={shlex.quote(str(program))} %F"
    text = "\n".join(exec_line if line.startswith("Exec=") else line for line in lines) + "\n"
    applications = home / "applications"
    icons = home / "icons" / "hicolor" / "scalable" / "apps"
    for folder in (applications, icons):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(RESOURCES / "icon.svg", icons / "thumbdrop.svg")
    entry = applications / ENTRY
    entry.write_text(text, encoding="utf-8")
    return entry
