"""Start with zero configuration, window state, closing with uploads running, error sentences."""

from __future__ import annotations

import os
import signal
import struct
import sys
from pathlib import Path

import imagegen
from helpers import process_exists
from photos import write_jpeg
from PySide6.QtWidgets import QMessageBox

from desktop.client.queue_types import FileState
from desktop.client.thumb_cache import ThumbCache
from desktop.ui.shell.error_reporter import ErrorReporter


def test_zero_configuration_starts_the_built_in_backend_and_uploads(make_window, qtbot, tmp_path):
    photo = write_jpeg(tmp_path / "first photo.jpg")
    window = make_window(use_backend=False)  # fresh settings: nothing configured
    window.upload_view.add_paths([photo])  # like `thumbdrop "first photo.jpg"`

    qtbot.waitUntil(lambda: window.service.api is not None, timeout=60_000)
    assert "built-in local backend" in window.statusBar().currentMessage()
    assert (tmp_path / "data" / "backend" / "token").exists()
    # Queue, cached photos and settings: this user's only.
    settings_dir = Path(window.store.qsettings.fileName()).parent
    for folder in (tmp_path / "data", tmp_path / "cache", settings_dir):
        assert folder.stat().st_mode & 0o077 == 0, f"{folder} is open to others"
    window.store.save(window.store.load())
    assert Path(window.store.qsettings.fileName()).stat().st_mode & 0o777 == 0o600
    model = window.upload_view.model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.items()[0].state is FileState.READY,
                    timeout=60_000)


def test_closing_with_uploads_running_asks_first_and_they_continue_next_time(
        make_window, qtbot, tmp_path, monkeypatch):
    big = tmp_path / "big.png"
    noise = 40 * 1024 * 1024
    with open(big, "wb") as out:  # a PNG's whole structure around noise: only decoding fails
        out.write(imagegen.png((8, 8))[:33])  # signature and header chunk
        out.write(struct.pack(">I", noise) + b"IDAT")
        out.writelines(os.urandom(noise // 40) for _ in range(40))
        out.write(b"\0" * 4 + struct.pack(">I", 0) + b"IEND" + b"\0" * 4)
    window = make_window(concurrency=1)
    window.upload_view.add_paths([big])
    qtbot.waitUntil(window.upload_view.has_running_uploads, timeout=60_000)
    asked = []

    def say_no(*args, **kwargs):
        asked.append(args)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", say_no)
    window.close()
    assert asked and window.isVisible()
    question = asked[0][2]
    assert question.startswith("Still uploading: 1 file. Quit now?")
    assert "continue the next time you open Thumbdrop" in question

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.service.stopped, timeout=60_000):  # the queue is closed then
        window.close()  # returns at once: the engine stops on the shutdown thread
        assert not window.isVisible()
        assert window.service.engine is None  # no more work taken

    again = make_window(concurrency=1)  # the same data dir: the queue comes back
    model = again.upload_view.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=30_000)
    assert model.items()[0].path == big
    # It goes on by itself to the end (its structure passes the client's pre-check; the
    # backend can't decode the noise: failed, with the reason, after it was sent).
    qtbot.waitUntil(lambda: model.items()[0].state.finished, timeout=60_000)
    item = model.items()[0]
    assert item.state is FileState.FAILED and "big.png" in item.error
    assert item.image_id is not None


def test_window_geometry_and_last_tab_are_remembered(make_window):
    window = make_window()
    window.resize(720, 520)  # inside the offscreen screen (800x600), so nothing is clamped
    window.tabs.setCurrentIndex(1)
    window.close()
    again = make_window()
    assert again.tabs.currentIndex() == 1
    assert (again.width(), again.height()) == (720, 520)


def test_unexpected_errors_become_a_status_sentence_not_a_traceback(qtbot, caplog):
    reporter = ErrorReporter(Path("thumbdrop.log"))
    with qtbot.waitSignal(reporter.message) as blocker:
        try:
            raise ValueError("bad pixel")
        except ValueError:
            reporter.report(*sys.exc_info())
    sentence = blocker.args[0]
    assert "ValueError: bad pixel" in sentence and "thumbdrop.log" in sentence
    assert "Traceback" not in sentence
    assert "bad pixel" in caplog.text  # the traceback goes to the log


def test_thumb_cache_evicts_the_least_recently_used_files_over_its_cap(tmp_path):
    cache = ThumbCache(tmp_path / "cache", cap_bytes=2500)
    (tmp_path / "cache").mkdir()
    ids = [f"01j8z3kq9n4m7c2x5v6b8t0wy{n}" for n in range(5)]
    for n in range(4):
        cache.path_for(ids[n]).write_bytes(b"x" * 1000)
        os.utime(cache.path_for(ids[n]), (n + 1, n + 1))  # ids[0] oldest
    assert cache.get(ids[0])  # used just now: survives
    cache.fetch(ids[4], "http://unused", lambda url, dest: dest.write_bytes(b"x" * 1000))
    assert sorted(p.name.split(".")[0] for p in (tmp_path / "cache").iterdir()) == [ids[0], ids[4]]


def test_closing_while_the_built_in_backend_starts_still_stops_it(make_window, qtbot, tmp_path):
    window = make_window(use_backend=False)
    # Close while the backend's child process runs but has not said it is ready.
    def spawned():
        backend = window.service._backend
        return backend is not None and backend._process is not None

    qtbot.waitUntil(spawned, timeout=30_000)
    child = window.service._backend._process
    assert window.service.api is None  # still starting
    # Listening before the close: the stop may end before the next line would run.
    with qtbot.waitSignal(window.service.stopped, timeout=60_000):
        window.close()  # returns at once; the stop happens off the UI thread
    assert child.poll() is not None, "the backend was left running"
    assert not (tmp_path / "data" / "backend" / "backend.json").exists()
    weed_pid = tmp_path / "data" / "backend" / "weed" / "weed.pid"
    assert not weed_pid.exists() or not process_exists(int(weed_pid.read_text()))


def test_the_built_in_backend_killed_midway_is_started_again_and_uploads_finish(
        make_window, qtbot, tmp_path):
    photos = [write_jpeg(tmp_path / f"revived-{n}.jpg", (2400, 1600)) for n in range(12)]
    window = make_window(use_backend=False, concurrency=2)
    qtbot.waitUntil(lambda: window.service.api is not None, timeout=60_000)
    model = window.upload_view.model
    window.upload_view.add_paths(photos)
    qtbot.waitUntil(lambda: any(i.state is FileState.READY for i in model.items()),
                    timeout=60_000)
    messages = []
    window.service.status.connect(messages.append)
    killed = window.service._backend_info.pid
    os.kill(killed, signal.SIGKILL)
    qtbot.waitUntil(lambda: any("killed" in m and "again" in m for m in messages),
                    timeout=30_000)
    qtbot.waitUntil(lambda: window.service._backend_info is not None
                    and window.service._backend_info.pid != killed, timeout=60_000)
    qtbot.waitUntil(lambda: model.rowCount() == 12 and all(
        i.state in (FileState.READY, FileState.DUPLICATE) for i in model.items()),
        timeout=120_000)
    ids = {i.image.id for i in model.items()}
    assert len(ids) == 12, "each photo once in the gallery"
