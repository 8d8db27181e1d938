"""The gallery model under Qt's model tester while it pages, refreshes, takes new uploads,
loses a deleted image and receives thumbnails, against the real local backend."""

from __future__ import annotations

from photos import write_jpeg
from PySide6.QtCore import Qt

from desktop.client.queue_types import FileState
from desktop.ui.gallery.gallery_model import ImageRole


def test_the_gallery_model_keeps_qt_rules_while_it_pages_and_changes(make_window, qtbot,
                                                                     qtmodeltester, tmp_path):
    window = make_window(page_size=2)
    model = window.gallery_view.model
    qtmodeltester.check(model)  # from here on every change is checked (failures are warnings)
    uploads = window.upload_view.model
    window.upload_view.add_paths(
        [write_jpeg(tmp_path / f"paged-{n}.jpg", (300 + n, 200)) for n in range(5)])
    qtbot.waitUntil(lambda: uploads.rowCount() == 5 and all(
        item.state is FileState.READY for item in uploads.items()), timeout=60_000)
    mine = {item.image.id for item in uploads.items()}
    # Each ready upload went on top of the gallery as it finished (add_new).
    qtbot.waitUntil(lambda: mine <= {image.id for image in model.images()}, timeout=60_000)

    model.refresh()  # a reset, then pages of two as the view asks
    qtbot.waitUntil(lambda: model.rowCount() >= 2 and not model.loading, timeout=60_000)
    for _ in range(10):
        if not model.canFetchMore():
            break
        model.fetchMore()
        qtbot.waitUntil(lambda: not model.loading, timeout=60_000)
    listed = [image.id for image in model.images()]  # rows between are the days' headers
    assert len(listed) == len(set(listed)) and mine <= set(listed)

    first = model.index(1)  # row 0 is today's header
    model.data(first, Qt.ItemDataRole.DecorationRole)  # asks for the thumbnail
    qtbot.waitUntil(lambda: model.has_thumbnail(1), timeout=60_000)
    gone = model.image_at(1)
    assert model.data(first, ImageRole) == gone
    model.remove(gone.id)
    assert gone.id not in {image.id for image in model.images()}
    model.add_new(gone)  # back on top (as a fresh upload would be)
    assert model.image_at(1) == gone
