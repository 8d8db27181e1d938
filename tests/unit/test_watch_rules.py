"""The watched-folder rules, the stability gate and the start-at-login entry, without a
watcher running (tests/integration/test_watcher.py runs the real one)."""

from __future__ import annotations

from pathlib import Path

from desktop import autostart
from desktop.client.stability import StabilityGate
from desktop.client.watch_rules import (
    WatchedFolder,
    check_folders,
    format_folders,
    parse_folders,
    passed_over,
)


def test_the_setting_round_trips_and_a_folder_is_listed_once():
    folders = [WatchedFolder(Path("/photos"), True), WatchedFolder(Path("/inbox"), False)]
    assert parse_folders(format_folders(folders)) == folders
    assert parse_folders("+/photos\n-/photos\n\nnonsense") == folders[:1]
    assert check_folders("+/photos\n-/inbox") is None
    assert check_folders("+relative/path") == "+relative/path"


def test_what_is_passed_over():
    root = Path("/w")
    assert not passed_over(Path("/w/a/IMG_1.JPG"), root)
    for path in ("/w/.hidden.jpg", "/w/.git/x.jpg", "/w/IMG_1.THM", "/w/IMG_1.xmp",
                 "/w/IMG_1.jpg.part", "/w/IMG_1.jpg~", "/elsewhere/x.jpg", "/w/dl/x.jpg"):
        assert passed_over(Path(path), root, (Path("/w/dl"),)), path


def test_a_file_still_open_for_writing_waits_however_still_it_is(tmp_path):
    path = tmp_path / "a.jpg"
    path.write_bytes(b"abc")
    gate = StabilityGate(settle=1.0)
    gate.note(str(path), 0.0, writing=True)
    assert gate.due(5.0) == []          # still, but its writer hasn't closed it
    gate.note(str(path), 5.0, writing=False)
    assert gate.due(5.5) == []          # closed: the wait starts again
    assert gate.due(6.0) == [str(path)]
    assert len(gate) == 0


def test_a_file_that_grew_since_its_last_event_waits(tmp_path):
    path = tmp_path / "a.jpg"
    path.write_bytes(b"abc")
    gate = StabilityGate(settle=1.0)
    gate.note(str(path), 0.0)
    path.write_bytes(b"abcdef")          # written without an event (a network share)
    assert gate.due(1.0) == []
    assert gate.due(2.0) == [str(path)]


def test_start_at_login_writes_and_removes_the_tray_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    entry = autostart.apply(True, Path("/opt/thumbdrop/thumbdrop"))
    text = entry.read_text()
    assert entry == tmp_path / "autostart" / "thumbdrop.desktop"
    assert "Exec=/opt/thumbdrop/thumbdrop --tray" in text and "MimeType" not in text
    autostart.apply(False)
    assert not entry.exists()
