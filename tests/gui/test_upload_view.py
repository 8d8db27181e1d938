"""The upload queue against the real local backend: drops, skips, cancel, keys, 10,000 files."""

from __future__ import annotations

import os

import imagegen
from drops import drop_files
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QPushButton

from desktop.ui.engine_shim import JobState
from desktop.ui.queue_delegate import PICTURE
from desktop.ui.queue_model import SKIPPED

READY, CANCELLED = JobState.READY.value, JobState.CANCELLED.value


def _states(window):
    return [row.state for row in window.upload_view.model.rows()]


def test_dropped_files_and_folders_upload_and_show_their_real_thumbnails(make_window, qtbot, tmp_path):
    photos = tmp_path / "photos"
    (photos / "trip" / "day 1").mkdir(parents=True)
    (photos / "sideways.jpg").write_bytes(imagegen.jpeg((640, 480), orientation=6))
    (photos / "trip" / "day 1" / "beach.png").write_bytes(imagegen.png((500, 300)))
    (photos / "trip" / ".hidden.jpg").write_bytes(imagegen.jpeg())  # not something dropped
    loose = tmp_path / "loose photo.webp"
    loose.write_bytes(imagegen.webp_rgba())
    window = make_window()

    drop_files(window, [photos, loose])

    model = window.upload_view.model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10_000)
    assert sorted(row.path.name for row in model.rows()) == ["beach.png", "loose photo.webp", "sideways.jpg"]
    qtbot.waitUntil(lambda: _states(window) == [READY] * 3, timeout=60_000)
    # The local preview is replaced by the backend's 256x256 thumbnail.
    qtbot.waitUntil(lambda: all(row.is_thumbnail for row in model.rows()), timeout=20_000)
    for number, row in enumerate(model.rows()):
        picture = model.index(number).data(Qt.ItemDataRole.DecorationRole)
        assert (picture.width(), picture.height()) == (256, 256)
        assert row.image is not None and row.image.status == "ready"
    assert window.upload_view.totals.label.text().startswith("3 of 3 files ready")
    # Ready uploads appear in the gallery without a refresh.
    gallery_ids = {window.gallery_view.model.image_at(r).id for r in range(window.gallery_view.model.rowCount())}
    assert {row.image.id for row in model.rows()} <= gallery_ids


def test_a_local_preview_shows_while_the_file_waits(make_window, qtbot, tmp_path):
    photo = tmp_path / "upright.jpg"
    photo.write_bytes(imagegen.jpeg((400, 200), orientation=6))  # stored landscape, shown portrait
    window = make_window()
    window.upload_view.model.add_files([(photo, photo.stat().st_size, None)])  # not submitted
    window.upload_view.list.viewport().repaint()  # the view asks for the picture while painting
    model = window.upload_view.model
    qtbot.waitUntil(lambda: model.rows()[0].picture is not None, timeout=10_000)
    preview = model.rows()[0].picture
    assert preview.height() > preview.width(), "EXIF orientation was not applied"
    assert max(preview.width(), preview.height()) >= PICTURE
    assert not model.rows()[0].is_thumbnail


def test_a_text_file_renamed_jpg_is_skipped_with_the_reason(make_window, qtbot, tmp_path):
    fake = tmp_path / "holiday.jpg"
    fake.write_bytes(b"Dear diary, today I renamed a text file.\n" * 20)
    window = make_window()
    said = []
    window.upload_view.message.connect(said.append)  # the status bar may move on to other news

    drop_files(window, [fake])

    model = window.upload_view.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    row = model.rows()[0]
    assert row.state == SKIPPED and row.job_id is None
    assert "holiday.jpg" in row.error and "Not an image" in row.error
    assert any("1 file(s) skipped" in sentence for sentence in said)


def test_cancel_stops_a_large_upload_midway(make_window, qtbot, tmp_path):
    big = tmp_path / "big.jpg"
    with open(big, "wb") as out:  # a JPEG signature, then 45 MB the backend never needs to decode
        out.write(imagegen.jpeg((64, 64))[:32])
        out.writelines(os.urandom(1024 * 1024) for _ in range(45))
    window = make_window(concurrency=1)
    view, model = window.upload_view, window.upload_view.model
    states_seen: list[str] = []

    def cancel_once_uploading(*_):
        row = model.rows()[0] if model.rowCount() else None
        if row is None or (states_seen and states_seen[-1] == row.state):
            return
        states_seen.append(row.state)
        if row.state == JobState.UPLOADING.value:
            view.list.selectionModel().select(model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
            view.cancel_action.trigger()

    model.dataChanged.connect(cancel_once_uploading)
    view.add_paths([big])

    qtbot.waitUntil(lambda: _states(window) == [CANCELLED], timeout=60_000)
    # Loopback moves 45 MB in a blink, so "mid-upload" is the UPLOADING phase: cancelled
    # there, the file never reaches processing.
    assert JobState.UPLOADING.value in states_seen
    assert JobState.PROCESSING.value not in states_seen and READY not in states_seen
    row = model.rows()[0]
    assert row.error is None and row.image is None
    assert not view.has_running_uploads()
    # Retry puts it back in the queue; Delete then removes it (cancelling it again).
    view.retry_action.trigger()
    assert model.rows()[0].state in (JobState.QUEUED.value, JobState.HASHING.value, JobState.UPLOADING.value)
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    assert model.rowCount() == 0
    qtbot.waitUntil(lambda: not window.service.engine or _engine_idle(window), timeout=10_000)


def _engine_idle(window) -> bool:
    return window.service.engine.store.totals().files_active == 0


def test_delete_key_removes_the_selected_rows(make_window, qtbot, tmp_path):
    files = []
    for n in range(4):
        path = tmp_path / f"note-{n}.txt"
        path.write_text("not a photo")
        files.append(path)
    window = make_window()
    view, model = window.upload_view, window.upload_view.model
    view.add_paths(files)
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=10_000)

    # Nothing selected, nothing running: only Clear finished (the skipped rows) has work to do.
    buttons = {b.text(): b.isEnabled() for b in view.findChildren(QPushButton)}
    assert buttons == {"Add files…": True, "Add folder…": True, "Cancel": False, "Retry": False,
                       "Retry all failed": False, "Clear finished": True}
    assert not view.remove_action.isEnabled()
    selection = view.list.selectionModel()
    for number in (1, 3):
        selection.select(model.index(number), QItemSelectionModel.SelectionFlag.Select)
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)

    assert [row.path.name for row in model.rows()] == ["note-0.txt", "note-2.txt"]
    view.clear_finished_action.trigger()  # skipped rows count as finished
    assert model.rowCount() == 0
    assert not view.clear_finished_action.isEnabled() and not view.remove_action.isEnabled()


def test_ten_thousand_files_queue_while_the_window_keeps_responding(make_window, qtbot, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    tiny = imagegen.png((2, 2), mode="RGB")
    for n in range(10_000):
        (folder / f"img-{n:05d}.png").write_bytes(tiny)
    window = make_window(concurrency=1)
    model = window.upload_view.model
    ticks, insertions = [], []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(model.rowCount()))
    model.rowsInserted.connect(lambda *_: insertions.append(model.rowCount()))
    heartbeat.start()

    drop_files(window, [folder])

    qtbot.waitUntil(lambda: model.rowCount() == 10_000, timeout=120_000)
    heartbeat.stop()
    # Rows arrived in many batches, and the event loop ran (the timer fired) between them:
    # the walk and the sniffing happened off the UI thread, the inserts were small.
    assert len(insertions) >= 10
    assert len({count for count in ticks if 0 < count < 10_000}) >= 3
    qtbot.waitUntil(lambda: all(row.job_id is not None for row in model.rows()), timeout=60_000)
