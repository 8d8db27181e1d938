"""The totals and row words tell the truth (issue 18): failed and skipped files' bytes are in no
total, the bar is never full while files are on their way, no "about 0 s left", a row whose
bytes are all sent doesn't say "Uploading", rows under Pause all say paused, and a pause ends
no batch.

Driven by the real persisted queue (QueueStore on SQLite) and the window's model; no network.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from desktop.client import failures
from desktop.client.batch_watch import BatchWatcher
from desktop.client.queue_store import NewFile, QueueStore
from desktop.client.queue_types import FileState, QueueStatus, RunState, Totals
from desktop.ui.upload.queue_delegate import ROW_HEIGHT, UploadRowDelegate
from desktop.ui.upload.queue_model import Roles
from desktop.ui.upload.queue_sentences import second_line, state_label
from desktop.ui.upload.total_bar import TotalBar, describe

MB = 1_000_000
SPOKEN = Qt.ItemDataRole.AccessibleTextRole  # what a screen reader says of a row


@pytest.fixture
def model(store, make_model):
    return make_model(store)


def _add(store: QueueStore, *sizes: int, skipped: int = 0) -> list[int]:
    files = [NewFile(Path(f"/photos/{n}.jpg"), size, 1, "image/jpeg")
             for n, size in enumerate(sizes)]
    files += [NewFile(Path(f"/photos/notes{n}.txt"), 50 * MB, 1, skip_reason=failures.plain("Not an image."))
              for n in range(skipped)]
    return [item.id for item in store.add(files).result()]


def _set(store: QueueStore, item_id: int, state: FileState, **fields) -> None:
    store.update(item_id, state=state, **fields).result()


def test_a_finished_batch_with_failures_reads_full_and_leaves_their_bytes_out(store, qtbot):
    ready, failed, _ = _add(store, 40 * MB, 300 * MB, skipped=1)
    _set(store, ready, FileState.READY)
    _set(store, failed, FileState.FAILED, failure=failures.plain("broken"))
    totals = store.totals()
    assert (totals.bytes_total, totals.bytes_done) == (40 * MB, 40 * MB)
    assert (totals.files_total, totals.files_done, totals.files_failed) == (2, 1, 1)
    bar = TotalBar()
    qtbot.addWidget(bar)
    bar.show_totals(totals)
    assert bar.bar.value() == bar.bar.maximum()
    assert bar.label.text() == "1 of 2 files ready  ·  40.0 MB of 40.0 MB  ·  1 failed"


def test_while_files_make_thumbnails_the_bar_is_not_full_and_says_so(store, qtbot):
    first, second, third = _add(store, 5 * MB, 5 * MB, 5 * MB)
    _set(store, first, FileState.READY)
    _set(store, second, FileState.PROCESSING)
    _set(store, third, FileState.UPLOADING)
    store.record_progress(third, sent=5 * MB, done=5 * MB)  # all sent, not yet confirmed
    store.flush().result()
    totals = store.totals()
    assert totals.bytes_done == totals.bytes_total  # every byte is stored…
    bar = TotalBar()
    qtbot.addWidget(bar)
    bar.show_totals(totals)
    assert bar.bar.value() < 950                   # …but the bar is visibly not full
    assert describe(totals) == (
        "1 of 3 files ready  ·  15.0 MB of 15.0 MB  ·  2 making thumbnails")
    # No speed, no estimate: nothing is left to send, and processing has no honest one.
    assert describe(replace(totals, bytes_per_second=MB)) == describe(totals)


@pytest.mark.parametrize("seconds", [0.2, 0.6, 4, 9.4])
def test_a_short_estimate_is_a_few_seconds_never_zero(seconds):
    totals = Totals(files_total=1, files_active=1, bytes_total=10 * MB,
                    bytes_done=10 * MB - int(seconds * MB), bytes_per_second=MB)
    sentence = describe(totals)
    assert "a few seconds left" in sentence and " 0 s" not in sentence


def test_a_longer_estimate_is_given_in_time():
    totals = Totals(files_total=1, files_active=1, bytes_total=100 * MB, bytes_done=10 * MB,
                    bytes_per_second=MB)
    assert describe(totals).endswith("about 1 min 30 s left")


def test_a_row_whose_bytes_are_all_sent_no_longer_says_uploading(store, model):
    (item_id,) = _add(store, 2 * MB)
    _set(store, item_id, FileState.UPLOADING)
    store.record_progress(item_id, sent=MB, done=MB)
    store.flush().result()
    assert state_label(store.get(item_id)) == "Uploading"
    store.record_progress(item_id, sent=MB, done=2 * MB)
    store.flush().result()
    item = store.get(item_id)
    assert state_label(item) == "Making thumbnails"
    assert second_line(item) == "Sent  ·  making the thumbnail…"
    model.apply_pending()
    assert "Making thumbnails, 100 percent" in model.index(0).data(SPOKEN)


def test_rows_under_pause_all_say_paused_and_change_back_on_resume(store, model, qtbot):
    ids = _add(store, MB, MB, MB)
    _set(store, ids[2], FileState.PROCESSING)  # the backend goes on: not held
    store.flush().result()
    model.apply_pending()

    changed = []
    model.dataChanged.connect(lambda top, bottom, roles: changed.append(
        (top.row(), bottom.row(), Roles.Held in roles)))
    store.set_status(QueueStatus(RunState.PAUSED, "Paused."))
    store.flush().result()
    qtbot.waitUntil(lambda: model.held, timeout=60_000)
    assert (0, 2, True) in changed  # every row painted again, in one run
    items = model.items()
    assert all(model.index(row).data(Roles.Held) for row in range(3))
    assert [state_label(item, held=True) for item in items] == ["Paused", "Paused",
                                                                 "Making thumbnails"]
    assert second_line(items[0], held=True) == (
        "Paused with the whole queue: Resume all continues it")
    spoken = model.index(0).data(SPOKEN)
    assert "Paused" in spoken and "Queued" not in spoken
    held_row = _paint(model.index(0))

    store.set_status(QueueStatus(RunState.RUNNING))
    store.flush().result()
    qtbot.waitUntil(lambda: not model.held, timeout=60_000)
    assert "Queued" in model.index(0).data(SPOKEN)
    assert _paint(model.index(0)) != held_row  # the painted row says it too


def _paint(index) -> QImage:
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 720, ROW_HEIGHT)
    option.font = QFont()
    option.fontMetrics = QFontMetrics(option.font)
    picture = QImage(option.rect.size(), QImage.Format.Format_RGB32)
    picture.fill(0xFFFFFF)
    painter = QPainter(picture)
    UploadRowDelegate().paint(painter, option, index)
    painter.end()
    return picture



def test_pausing_the_last_running_files_ends_no_batch():
    watcher = BatchWatcher()
    watcher.update(active=3, failed=0)
    watcher.image_ready()
    assert watcher.update(active=0, failed=0, paused=2) is None  # paused: not finished
    assert watcher.running
    watcher.update(active=2, failed=0, paused=0)  # resumed
    watcher.image_ready()
    watcher.image_ready()
    assert watcher.update(active=0, failed=0, paused=0).sentence() == "3 ready."


def test_files_paused_before_a_batch_dont_keep_it_open():
    watcher = BatchWatcher()
    watcher.update(active=0, failed=0, paused=1)
    watcher.update(active=2, failed=0, paused=1)
    watcher.image_ready()
    watcher.image_ready()
    assert watcher.update(active=0, failed=0, paused=1).sentence() == "2 ready."


def test_the_window_says_nothing_finished_when_the_last_files_are_paused(make_window):
    window = make_window()
    # Fed straight in, in one go (no event loop in between): the window's own reading of the
    # queue's counts, as the model hands them over.
    window._uploads_changed(Totals(files_total=2, files_active=2))
    window._uploads_changed(Totals(files_total=2, files_paused=2))
    assert "Uploads finished" not in window.statusBar().currentMessage()
    window._uploads_changed(Totals(files_total=2, files_active=2))
    window._uploads_changed(Totals(files_total=2, files_done=2))
    assert window.statusBar().currentMessage().startswith("Uploads finished: ")


def test_a_dropped_folder_is_one_batch_and_its_end_counts_every_photo(make_window, qtbot,
                                                                       tmp_path):
    # A folder added in several chunks, the window hidden (as closing to the tray does): one
    # batch, one sentence, every photo counted (the first ones can be ready before the counts
    # that start a batch reach the window).
    from photos import write_jpeg

    window = make_window()
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    folder = tmp_path / "evening"
    folder.mkdir()
    for n in range(60):
        write_jpeg(folder / f"DSC_{n:04}.jpg", (320 + n, 240))
    window.upload_view.add_paths([folder])
    qtbot.waitUntil(lambda: window.upload_view.unfinished_files() > 0, timeout=60_000)
    window.hide()  # as closing to the tray does
    qtbot.waitUntil(lambda: any(s.startswith("Uploads finished") for s in said), timeout=120_000)
    assert [s for s in said if s.startswith("Uploads finished")] == [
        "Uploads finished: 60 ready."]
