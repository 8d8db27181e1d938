"""Closing and quitting: uploads that keep going in the tray, the notification when a batch
ends, desktops without a tray, and a quit that never waits on the UI thread."""

from __future__ import annotations

import threading

import pytest
from photos import write_jpeg
from PySide6.QtWidgets import QMessageBox, QSystemTrayIcon

from desktop.client.api import ApiClient
from desktop.client.queue_types import FileState

# The offscreen platform has no tray and can't raise windows; tests that pretend a tray
# exists hear Qt say so (and the plugin's usual complaint, as every GUI test does).
OFFSCREEN = ("systemTrayWindowChanged|does not support raise|"
             "does not support propagateSizeHints")


@pytest.fixture
def with_tray(monkeypatch):
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))


def _photos(folder, count):
    folder.mkdir()
    paths = []
    for n in range(count):
        paths.append(write_jpeg(folder / f"batch-{n}.jpg", (1600 + 16 * n, 1200)))
    return paths


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_closing_the_window_keeps_uploads_going_in_the_tray_and_a_notification_ends_the_batch(
        with_tray, make_window, qtbot, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    window = make_window(concurrency=1)
    model = window.upload_view.model
    window.upload_view.add_paths(_photos(tmp_path / "photos", 4))
    qtbot.waitUntil(window.upload_view.has_running_uploads, timeout=60_000)
    # The icon follows the queue's totals signal, a moment after the rows are in.
    qtbot.waitUntil(lambda: window.tray.visible, timeout=60_000)
    assert window.upload_view.has_running_uploads(), "the batch ended before the close"

    window.close()
    assert not window.isVisible() and not asked, "closing asked instead of going to the tray"
    assert window.service.engine is not None and not window.service.shutting_down
    assert window.tray.visible
    assert window.tray.notifications[-1][0] == "Thumbdrop keeps uploading"

    qtbot.waitUntil(lambda: model.rowCount() == 4 and all(
        item.state is FileState.READY for item in model.items()), timeout=90_000)
    qtbot.waitUntil(lambda: window.tray.notifications[-1][1] == "4 ready.", timeout=60_000)
    assert window.tray.notifications[-1][0] == "Thumbdrop: uploads finished"
    assert window.tray.visible, "the icon went while the window is closed"

    window.tray.icon.messageClicked.emit()  # the user clicks the notification
    assert window.isVisible()

    # Listening before the close: the stop may end before the next line would run.
    with qtbot.waitSignal(window.service.stopped, timeout=30_000):
        window.close()  # nothing runs now: closing quits
        assert window.service.shutting_down and not asked


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_quit_in_the_tray_menu_stops_uploads_after_asking(with_tray, make_window, qtbot,
                                                          tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    window = make_window(concurrency=1)
    window.upload_view.add_paths(_photos(tmp_path / "photos", 3))
    qtbot.waitUntil(window.upload_view.has_running_uploads, timeout=60_000)
    window.close()
    assert not window.isVisible()
    with qtbot.waitSignal(window.service.stopped, timeout=60_000):
        window.tray.quit_action.trigger()
        assert len(asked) == 1 and "Quit now?" in asked[0][2]
        assert window.service.shutting_down


def test_without_a_system_tray_closing_asks_as_before_and_says_why(make_window, qtbot, tmp_path,
                                                                   monkeypatch):
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen: no tray
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    window = make_window(concurrency=1)
    window.upload_view.add_paths(_photos(tmp_path / "photos", 3))
    qtbot.waitUntil(window.upload_view.has_running_uploads, timeout=60_000)
    window.close()
    assert window.isVisible() and len(asked) == 1
    assert "no system tray" in asked[0][2]
    assert not window.tray.visible
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def test_quitting_returns_at_once_while_work_is_still_running(make_window, qtbot):
    window = make_window()
    qtbot.waitUntil(lambda: window.service.api is not None, timeout=60_000)
    release, finished = threading.Event(), threading.Event()

    def slow_request():  # a request that takes its time
        release.wait(30)
        finished.set()

    window.service.tasks.run(slow_request)
    stopped = []
    window.service.stopped.connect(lambda: stopped.append(True))

    window.close()  # on the UI thread: must not wait for the task above

    assert not window.isVisible() and not finished.is_set() and not stopped
    release.set()
    qtbot.waitUntil(lambda: bool(stopped), timeout=30_000)
    assert window.service.engine is None and window.service.api is None


def test_an_api_client_is_closed_when_another_replaces_it(make_window, qtbot, local_backend,
                                                         monkeypatch):
    closed = []
    close = ApiClient.close
    monkeypatch.setattr(ApiClient, "close", lambda self: (closed.append(self), close(self)))
    window = make_window()
    qtbot.waitUntil(lambda: window.service.api is not None, timeout=60_000)
    first = window.service.api
    values = dict(window.store.load(), api_endpoint=local_backend["api_url"] + "/")
    window.service.configure(values, local_backend["token"])
    assert window.service.api is not first
    qtbot.waitUntil(lambda: first in closed, timeout=60_000)
    assert window.service.api not in closed
