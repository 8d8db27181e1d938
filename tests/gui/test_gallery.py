"""The gallery against the real local backend: paging on scroll, thumbnails, viewer, delete."""

from __future__ import annotations

from photos import write_jpeg
from PySide6.QtWidgets import QMessageBox

from desktop.client.queue_types import FileState


def _upload(window, qtbot, tmp_path, count: int) -> list[str]:
    paths = [write_jpeg(tmp_path / f"gallery-{n}.jpg", (320 + n * 16, 240)) for n in range(count)]
    model = window.upload_view.model
    window.upload_view.add_paths(paths)
    qtbot.waitUntil(lambda: model.rowCount() == count
                    and all(item.state is FileState.READY for item in model.items()),
                    timeout=60_000)
    return [item.image.id for item in model.items()]


def test_gallery_lists_uploads_newest_first_and_fetches_the_next_page_on_scroll(
        make_window, qtbot, tmp_path):
    window = make_window(page_size=2)
    window.resize(520, 420)  # room for a row or two of icons: the first pages fill it
    uploaded = _upload(window, qtbot, tmp_path, 9)
    window.tabs.setCurrentWidget(window.gallery_view)
    gallery = window.gallery_view
    model = gallery.model

    gallery.refresh_action.trigger()
    qtbot.waitUntil(lambda: model.rowCount() >= 2 and not model._loading, timeout=10_000)
    qtbot.wait(200)  # let the view ask for whatever it needs to fill the viewport
    qtbot.waitUntil(lambda: not model._loading, timeout=10_000)
    first = model.rowCount()
    scrollbar = gallery.list.verticalScrollBar()
    assert scrollbar.maximum() > 0, "the first pages should overflow the window"
    assert model.canFetchMore()

    for _ in range(10):  # scroll to the end until the nine uploads are all there
        scrollbar.setValue(scrollbar.maximum())
        qtbot.waitUntil(lambda: not model._loading, timeout=10_000)
        if model.rowCount() >= 9:
            break
    assert model.rowCount() > first
    newest = [model.image_at(row).id for row in range(9)]
    assert sorted(newest) == sorted(uploaded)
    assert newest == sorted(newest, reverse=True), "the gallery is not newest first"
    qtbot.waitUntil(lambda: model.has_thumbnail(0), timeout=10_000)


def test_viewer_shows_the_large_view_and_steps_through_images(make_window, qtbot, tmp_path):
    window = make_window()
    _upload(window, qtbot, tmp_path, 2)
    gallery = window.gallery_view
    qtbot.waitUntil(lambda: gallery.model.rowCount() >= 2, timeout=10_000)

    viewer = gallery.open_viewer(gallery.model.index(0))
    first_id = viewer.current_id()
    qtbot.waitUntil(lambda: viewer._image is not None, timeout=20_000)
    original = gallery.model.image_at(0)
    # Small originals are not upscaled: the large view has the original's size.
    assert (viewer._image.width(), viewer._image.height()) == (original.width, original.height)
    viewer.set_fit(False)
    assert viewer.label.pixmap().width() == original.width
    viewer.next()
    assert viewer.current_id() != first_id and viewer.label.text() == "Loading…"
    qtbot.waitUntil(lambda: viewer._image is not None, timeout=20_000)
    viewer.close()


def test_delete_asks_first_then_removes_the_image_from_the_backend(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    [image_id] = _upload(window, qtbot, tmp_path, 1)
    gallery = window.gallery_view
    qtbot.waitUntil(lambda: gallery.model.image_at(0) and gallery.model.image_at(0).id == image_id,
                    timeout=10_000)
    image = gallery.model.image_at(0)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    gallery.delete(image)
    assert gallery.model.image_at(0).id == image_id

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    gallery.delete(image)
    qtbot.waitUntil(lambda: gallery.model.image_at(0) is None or gallery.model.image_at(0).id != image_id,
                    timeout=10_000)
    assert "Deleted" in window.statusBar().currentMessage()
    gallery.refresh_action.trigger()
    qtbot.waitUntil(lambda: not gallery.model._loading, timeout=10_000)
    ids = {gallery.model.image_at(r).id for r in range(gallery.model.rowCount())}
    assert image_id not in ids
