"""The `thumbdrop` command: checks that Qt can open a window here, then starts the app.

On Linux with X11, Qt's xcb platform plugin needs system libraries a bare desktop may lack
(PySide6 6.5+ needs libxcb-cursor0, which stock Debian 12 and Ubuntu 22.04 don't install;
minimal images lack more). Without them Qt aborts with "no Qt platform plugin could be
initialized", which tells a newcomer nothing they can act on (and names xcb-cursor even when
something else is missing). So before Qt is loaded this module tries each library the plugin
links against and, when some are missing, prints exactly what to install and exits.

Only stdlib here: nothing of Qt may load before the check.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

# Libraries the xcb platform plugin (libqxcb.so and libQt6XcbQpa.so.6) links against, with the
# package that has each on Debian/Ubuntu and on Fedora.
XCB_LIBRARIES: tuple[tuple[str, str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    ("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    ("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    ("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    ("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    ("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    ("libxcb.so.1", "libxcb1", "libxcb"),
    ("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    ("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    ("libX11.so.6", "libx11-6", "libX11"),
    ("libGL.so.1", "libgl1", "libglvnd-glx"),
    ("libEGL.so.1", "libegl1", "libglvnd-egl"),
    ("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    ("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
)
DEBIAN = {soname: debian for soname, debian, _ in XCB_LIBRARIES}
FEDORA = {soname: fedora for soname, _, fedora in XCB_LIBRARIES}


def _platform_requested(argv: Sequence[str], environ: dict[str, str]) -> str | None:
    """The platform plugin asked for with -platform or QT_QPA_PLATFORM (the first of a
    "wayland;xcb" list), None when nothing asks."""
    for n, arg in enumerate(argv):
        if arg in ("-platform", "--platform") and n + 1 < len(argv):
            return argv[n + 1].split(";")[0].split(":")[0].strip()
        if arg.startswith(("-platform=", "--platform=")):
            return arg.split("=", 1)[1].split(";")[0].split(":")[0].strip()
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    return requested.split(";")[0].split(":")[0].strip() if requested else None


def uses_xcb(argv: Sequence[str], environ: dict[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will start with its xcb (X11) plugin: Linux, asked for xcb, or nothing
    asked for and not in a Wayland session (where Qt starts with its wayland plugin)."""
    if not platform.startswith("linux"):
        return False
    requested = _platform_requested(argv, environ)
    if requested is not None:
        return requested == "xcb"
    wayland = (environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY"))
    return not wayland


def _loads(name: str) -> str | None:
    """None when the dynamic loader finds and loads `name`, else its complaint."""
    try:
        ctypes.CDLL(name)
    except OSError as error:
        return str(error)
    return None


def _qt_xcb_library() -> Path | None:
    """libQt6XcbQpa.so.6 of the installed PySide6, found without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / "Qt" / "lib" / "libQt6XcbQpa.so.6"
        if candidate.exists():
            return candidate
    return None


def missing_xcb_libraries(loads: Callable[[str], str | None] = _loads,
                          qt_library: Path | None = None) -> list[str]:
    """The libraries (sonames, or the loader's complaint for one outside the table) that
    keep Qt's xcb plugin from loading; empty when it can load."""
    missing = [soname for soname, _, _ in XCB_LIBRARIES if loads(soname) is not None]
    if missing:
        return missing
    qt_library = qt_library or _qt_xcb_library()
    if qt_library is not None:
        complaint = loads(str(qt_library))
        if complaint is not None:
            # "libfoo.so.1: cannot open shared object file: …": the name is what matters.
            return [complaint.split(":")[0].strip() or complaint]
    return []


def advice(missing: list[str]) -> str:
    """What to tell a person whose system lacks `missing`."""
    debian = sorted({DEBIAN[name] for name in missing if name in DEBIAN})
    fedora = sorted({FEDORA[name] for name in missing if name in FEDORA})
    unknown = [name for name in missing if name not in DEBIAN]
    lines = [("Thumbdrop can't open its window: Qt's X11 (xcb) platform plugin needs system "
              f"libraries this computer lacks: {', '.join(missing)}.")]
    if debian:
        lines.append(f"  Debian/Ubuntu:  sudo apt install {' '.join(debian)}")
        lines.append(f"  Fedora:         sudo dnf install {' '.join(fedora)}")
    if unknown:
        lines.append(f"  Install the package that provides {', '.join(unknown)} "
                     "(your distribution's package search names it).")
    lines.append("Then start Thumbdrop again. (On a Wayland desktop, QT_QPA_PLATFORM=wayland "
                 "thumbdrop avoids X11 altogether.)")
    return "\n".join(lines)


NO_DISPLAY = ("Thumbdrop can't open its window: there is no display here (DISPLAY is not set). "
              "Start it from your desktop session; on a server or over ssh without X "
              "forwarding, use thumbdrop-cli (uploads, the gallery, watched folders) or "
              "thumbdrop-backend instead.")
TRAY_HELP = ("--tray                    start in the tray with no window (what start at "
             "login uses)")
USAGE = f"""usage: thumbdrop [FILE or FOLDER ...] [--tray] [--version] [--install-desktop-entry]

Opens Thumbdrop's window and queues the given photos and folders for upload (handed to the
running Thumbdrop if there is one).
  {TRAY_HELP}
  --version                 print the version and exit
  --install-desktop-entry   add Thumbdrop to the desktop's application menu and exit
Qt's own options (-platform NAME, -style NAME, ...) are taken too. Without a display, see
thumbdrop-cli --help."""


def check_display(argv: Sequence[str], environ: dict[str, str]) -> str | None:
    """None when Qt can start here as far as we can tell, else the advice to print."""
    if not uses_xcb(argv, environ):
        return None
    if not environ.get("DISPLAY"):  # Qt would abort with "could not connect to display"
        return NO_DISPLAY
    missing = missing_xcb_libraries()
    return advice(missing) if missing else None


def main() -> int:
    # Answered before Qt, which would take them for files to upload (both modules are stdlib).
    if {"--help", "-h"} & set(sys.argv[1:]):
        print(USAGE)
        return 0
    if "--version" in sys.argv[1:]:
        from backend.common.version import version_text

        print(version_text("thumbdrop"))
        return 0
    if "--install-desktop-entry" in sys.argv[1:]:
        from desktop import desktop_entry

        print(f"Added Thumbdrop to the application menu: {desktop_entry.install()}")
        return 0
    problem = check_display(sys.argv, dict(os.environ))
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    from desktop.app import main as run_app

    return run_app()


if __name__ == "__main__":
    sys.exit(main())
