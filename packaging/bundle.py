"""What every platform's PyInstaller spec shares: the analysis of Thumbdrop's three programs,
their data, the metadata the notices and keyring read, and the SeaweedFS binary.

`make bundle` runs PyInstaller in a virtual environment of its own holding only the wheel
`make dist` built and its runtime dependencies, at the versions uv.lock pins: so the bundle
is made from the installed package (not this source tree), nothing of the dev tools can slip
in, and the notices list exactly what the bundle carries.

The specs (thumbdrop-linux.spec, thumbdrop-macos.spec, thumbdrop-windows.spec) exec in
PyInstaller's namespace, where Analysis, PYZ, EXE, COLLECT and BUNDLE are defined; they pass
those in, so this module stays importable without PyInstaller's globals.
"""

from __future__ import annotations

from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

from backend.common.programs import helper_program
from backend.common.version import VERSION  # noqa: F401 (the macOS spec reads it)
from desktop.notices import PROJECT, runtime_distributions

HERE = Path(__file__).resolve().parent
PROGRAMS = {  # executable name -> console program?
    "thumbdrop": False,
    "thumbdrop-cli": True,
    "thumbdrop-backend": True,
}
# Qt modules PySide6-Essentials has that the app never imports: left out of the bundle.
UNUSED = ["tkinter", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
          "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtSql", "PySide6.QtTest",
          "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools", "PySide6.QtXml",
          "PySide6.QtConcurrent", "PySide6.QtDBus", "PySide6.QtPrintSupport"]


def datas() -> list[tuple[str, str]]:
    """The installed package's resources (icons, styles, the .desktop file, the compiled
    translations: desktop/resources, where the app looks; the resize function's profiles; the
    share page's style and script) and every runtime package's metadata (keyring finds its
    backends by entry points; the About box builds the notices from it), ours included."""
    found = collect_data_files("desktop", subdir="resources")
    # The local backend's resize: its default CMYK profile (backend/resize/colour.py).
    found += collect_data_files("backend.resize", subdir="profiles")
    # The local backend's share page: its style and script (backend/presign/share_page.py).
    found += collect_data_files("backend.presign", subdir="page")
    if not any(source.endswith("share.js") for source, _ in found):
        raise SystemExit("the installed thumbdrop has no share page script: rebuild the wheel "
                         "with `make dist`")
    if not any(source.endswith(".qm") for source, _ in found):
        raise SystemExit("the installed thumbdrop has no translations (.qm): rebuild the wheel "
                         "with `make dist`")
    for distribution in runtime_distributions():
        found += copy_metadata(distribution.metadata["Name"])
    return found + copy_metadata(PROJECT)


def icon() -> str:
    """The app icon as a PNG; PyInstaller turns it into .icns (macOS) or .ico (Windows) with
    Pillow, which the build venv has (the app needs it)."""
    return next(source for source, _ in collect_data_files("desktop", subdir="resources")
                if source.endswith("icon.png"))


def binaries() -> list[tuple[str, str]]:
    weed = helper_program("weed")
    if weed is None:
        raise SystemExit("SeaweedFS's weed is not installed in this environment")
    return [(str(weed), ".")]  # backend.common.programs looks in the contents folder


def analysis(Analysis):
    return Analysis(
        [str(HERE / "entry.py")],
        binaries=binaries(),
        datas=datas(),
        # The backend imports the handlers by name once their environment is set; keyring
        # imports its backends by entry point.
        hiddenimports=[*collect_submodules("backend"), *collect_submodules("desktop"),
                       *collect_submodules("keyring.backends")],
        excludes=UNUSED,
    )


def executables(analysis, PYZ, EXE, **options):
    """One executable per program, all of the same analysis (and so one copy of each library
    in the folder they share)."""
    pyz = PYZ(analysis.pure)
    return [EXE(pyz, analysis.scripts, [], exclude_binaries=True, name=name, console=console,
                strip=False, upx=False, **options)
            for name, console in PROGRAMS.items()]
