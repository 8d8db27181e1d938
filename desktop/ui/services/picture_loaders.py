"""Loading pictures off the UI thread: local previews and backend renditions.

`PreviewLoader` decodes a dropped file into a small QImage with EXIF orientation
applied (Pillow, with draft() so a 24 MP JPEG decodes at 1/8 scale).
`RenditionLoader` downloads thumbnails/large views into the disk cache and decodes
them. Both run in the Service's pools and answer with signals; QImage (not QPixmap)
is made on the worker because only QImage is safe off the UI thread.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from PIL import Image, ImageOps
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QImage

from desktop.client.api import ImageInfo
from desktop.client.thumb_cache import ThumbCache
from desktop.ui.services.service import Service

log = logging.getLogger(__name__)

PREVIEW_SIZE = 96
PREVIEW_MAX_PIXELS = 25_000_000  # what a local preview decodes at most (after draft)

try:  # HEIC previews when pillow-heif is installed (it is a dependency, but stay usable)
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover
    pass


def make_preview(path: Path, size: int = PREVIEW_SIZE) -> QImage:
    with warnings.catch_warnings():
        # The size is checked below, against our own (much lower) cap.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = Image.open(path)
    with image:
        image.draft("RGB", (size * 2, size * 2))  # before any pixel is loaded
        if image.width * image.height > PREVIEW_MAX_PIXELS:
            # No draft for this format (PNG, TIFF, ...): decoding it whole for a 96 px picture
            # costs hundreds of MB; the row shows the backend's thumbnail once it is made.
            raise ValueError(f"{image.width}x{image.height} is too large to preview locally")
        image = ImageOps.exif_transpose(image)
        image.thumbnail((size, size))
        image = image.convert("RGBA")
        data = image.tobytes()
        qimage = QImage(data, image.width, image.height, image.width * 4, QImage.Format.Format_RGBA8888)
        return qimage.copy()  # detach from `data`, which dies with this frame


def load_image(path: Path) -> QImage:
    image = QImage(str(path))
    if image.isNull():
        raise ValueError(QCoreApplication.translate(
            "RenditionLoader", "the file the backend sent is not a picture Qt can read"))
    return image


class PreviewLoader(QObject):
    ready = Signal(int, QImage)  # row key, preview

    def __init__(self, service: Service, parent: QObject | None = None):
        super().__init__(parent)
        self._service = service

    def request(self, key: int, path: Path) -> None:
        def done(image: QImage) -> None:
            self.ready.emit(key, image)

        def failed(error: Exception) -> None:
            # A preview is a nicety: the upload itself reports real problems.
            log.info("no preview for %s: %s", path.name, error)

        self._service.previews.run(lambda: make_preview(path), done, failed)


class RenditionLoader(QObject):
    """Downloads renditions into the cache once per id, however many views ask; the Service
    does the downloading, this object only decides what to ask for and decodes."""

    thumbnail_ready = Signal(str, QImage)   # image id, thumbnail
    large_ready = Signal(str, QImage)       # image id, large view
    failed = Signal(str, str, str)          # image id, "thumbnail" or "large", sentence

    def __init__(self, service: Service, cache: ThumbCache, parent: QObject | None = None):
        super().__init__(parent)
        self._service = service
        self.cache = cache
        self._in_flight: set[tuple[str, str]] = set()

    def request_thumbnail(self, image: ImageInfo) -> None:
        self._request(image, "thumbnail", self.thumbnail_ready)

    def request_large(self, image: ImageInfo) -> None:
        self._request(image, "large", self.large_ready)

    def _request(self, image: ImageInfo, kind: str, signal) -> None:
        if (image.id, kind) in self._in_flight:
            return

        def done(qimage: QImage) -> None:
            self._in_flight.discard((image.id, kind))
            signal.emit(image.id, qimage)

        def error(exc: Exception) -> None:
            self._in_flight.discard((image.id, kind))
            sentence = (self.tr("The thumbnail of {name} could not be loaded: {reason}")
                        if kind == "thumbnail" else
                        self.tr("The large view of {name} could not be loaded: {reason}"))
            self.failed.emit(image.id, kind, sentence.format(name=image.filename, reason=exc))

        if self._service.gallery.fetch_rendition(self.cache, image, kind, load_image, done, error):
            self._in_flight.add((image.id, kind))
