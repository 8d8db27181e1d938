"""A gallery view with no API behind it, for tests of what it shows (words, colours, keys).

Nothing is listed from a server: images join through `GalleryView.add_new`, as fresh uploads
do, and thumbnails are never fetched (no API), so every tile shows its placeholder.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel

from backend.common import ids
from desktop.client.api import ImageInfo
from desktop.client.thumb_cache import ThumbCache
from desktop.ui.gallery.gallery_view import GalleryView
from desktop.ui.services.picture_loaders import RenditionLoader
from desktop.ui.services.service import Service


def image(name: str, created: datetime | None = None, **facts) -> ImageInfo:
    """A ready image uploaded at `created` (now by default) with an id of the server's
    pattern that sorts by that time, as the server's ids do."""
    created = created or datetime.now(UTC)
    values = {"id": ids.new_id(int(created.timestamp() * 1000)), "status": "ready",
              "error": None, "filename": name, "width": 4000, "height": 3000,
              "bytes": 5_213_442, "created_at": created.isoformat(), "thumbnail_url": None,
              "large_url": None, "content_type": "image/jpeg"}
    values.update(facts)
    return ImageInfo(**values)


def offline_gallery(qtbot, folder: Path, images: list[ImageInfo] = ()) -> GalleryView:
    """A shown GalleryView of `images` (newest first, as the gallery sorts them)."""
    service = Service(folder / "backend")
    renditions = RenditionLoader(service, ThumbCache(folder / "cache"), service)
    gallery = GalleryView(service, renditions)
    service.setParent(gallery)
    qtbot.addWidget(gallery)
    for made in sorted(images, key=lambda i: i.id, reverse=True):
        gallery.add_new(made)
    gallery.resize(900, 600)
    with qtbot.waitExposed(gallery):
        gallery.show()
    return gallery


def select(gallery: GalleryView, images) -> None:
    """Selects exactly `images` in the gallery, as Ctrl-clicks would."""
    model, selection = gallery.model, QItemSelection()
    for image in images:
        index = model.index(model.row_of(image.id))
        selection.select(index, index)
    gallery.list.selectionModel().select(selection,
                                         QItemSelectionModel.SelectionFlag.ClearAndSelect)
