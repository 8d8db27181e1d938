"""thumbdrop --install-desktop-entry: the shipped entry and icon, with Exec naming the program."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop import desktop_entry
from desktop.resource_files import RESOURCES

BIN = Path(sys.executable).parent


def test_the_entry_runs_the_given_program_and_keeps_everything_else(tmp_path):
    program = tmp_path / "my apps" / "thumbdrop"
    entry = desktop_entry.install(program, tmp_path / "share")
    lines = entry.read_text().splitlines()
    shipped = (RESOURCES / "thumbdrop.desktop").read_text().splitlines()
    assert f"Exec='{program}' %F" in lines  # quoted: the path has a space
    assert [line for line in lines if not line.startswith("Exec=")] == \
        [line for line in shipped if not line.startswith("Exec=")]
    icon = tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / "thumbdrop.svg"
    assert icon.read_bytes() == (RESOURCES / "icon.svg").read_bytes()


def test_the_command_installs_it_for_the_thumbdrop_that_ran(tmp_path):
    result = subprocess.run([str(BIN / "thumbdrop"), "--install-desktop-entry"],
                            env={"PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(tmp_path)},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    entry = tmp_path / "applications" / "thumbdrop.desktop"
    assert f"Exec={BIN / 'thumbdrop'} %F" in entry.read_text().splitlines()
    assert str(entry) in result.stdout
