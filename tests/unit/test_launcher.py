"""The launcher: --help and the check that Qt can open a window here (a display, the X11
plugin's libraries), before anything of Qt loads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop import launcher

ROOT = Path(__file__).resolve().parents[2]


def test_xcb_is_checked_only_where_qt_would_use_it():
    linux = "linux"
    assert launcher.uses_xcb([], {}, linux)
    assert launcher.uses_xcb([], {"XDG_SESSION_TYPE": "x11"}, linux)
    assert not launcher.uses_xcb([], {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "w-0"},
                                 linux)
    assert launcher.uses_xcb([], {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "w-0",
                                  "QT_QPA_PLATFORM": "xcb"}, linux)
    assert not launcher.uses_xcb([], {"QT_QPA_PLATFORM": "offscreen"}, linux)
    assert not launcher.uses_xcb([], {"QT_QPA_PLATFORM": "wayland;xcb"}, linux)
    assert launcher.uses_xcb(["thumbdrop", "-platform", "xcb"], {"QT_QPA_PLATFORM": "wayland"},
                             linux)
    assert not launcher.uses_xcb(["thumbdrop", "-platform", "offscreen"], {}, linux)
    assert not launcher.uses_xcb([], {}, "darwin") and not launcher.uses_xcb([], {}, "win32")


def test_every_missing_library_is_named_with_the_packages_to_install():
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    missing = launcher.missing_xcb_libraries(
        lambda name: f"{name}: cannot open shared object file" if name in absent else None)
    assert missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]
    advice = launcher.advice(missing)
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in advice
    assert "sudo dnf install xcb-util-cursor xcb-util-wm" in advice
    assert "Traceback" not in advice


def test_a_library_outside_the_table_is_named_from_the_loaders_complaint(tmp_path):
    qt = tmp_path / "libQt6XcbQpa.so.6"

    def loads(name):
        if name == str(qt):
            return "libxcb-newthing.so.2: cannot open shared object file: No such file"
        return None

    missing = launcher.missing_xcb_libraries(loads, qt)
    assert missing == ["libxcb-newthing.so.2"]
    assert "provides libxcb-newthing.so.2" in launcher.advice(missing)


def test_nothing_is_said_when_everything_loads(monkeypatch):
    monkeypatch.setattr(launcher, "missing_xcb_libraries", list)
    assert launcher.check_display([], {"DISPLAY": ":0"}) is None


def _launch(*arguments: str) -> subprocess.CompletedProcess:
    environ = {name: value for name, value in os.environ.items()
               if name not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "desktop.launcher", *arguments], env=environ,
                          capture_output=True, text=True, timeout=60, cwd=ROOT, check=False)


def test_without_a_display_a_sentence_not_qts_abort():
    result = _launch()
    assert result.returncode == 1
    assert result.stderr.strip() == launcher.NO_DISPLAY
    assert "qt.qpa" not in result.stderr


def test_help_is_answered_before_qt_without_a_display():
    result = _launch("--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: thumbdrop")
    assert launcher.TRAY_HELP in result.stdout
