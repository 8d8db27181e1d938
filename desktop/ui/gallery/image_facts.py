"""What the gallery says about an image, in words: dimensions, size, type, state, upload time.

Plain functions (the model, the info panel and the viewer share them), so their sentences go
through QCoreApplication.translate under the context "ImageFacts".
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from backend.common import image_formats
from desktop.client.api import ImageInfo
from desktop.ui.widgets.units import human_size

# Format names (the same in every language) come from the formats' table.
_TYPE_NAMES = {entry.content_type: entry.name for entry in image_formats.FORMATS}


def type_name(content_type: str | None) -> str:
    """"JPEG", "Nikon NEF (camera RAW)"-like names; the MIME type itself when unknown."""
    if not content_type:
        return QCoreApplication.translate("ImageFacts", "unknown type")
    if content_type in _TYPE_NAMES:
        return _TYPE_NAMES[content_type]
    subtype = content_type.partition("/")[2]
    if subtype.startswith("x-"):  # image/x-nikon-nef, image/x-adobe-dng, …
        return QCoreApplication.translate("ImageFacts", "{format} (camera RAW)").format(
            format=subtype[2:].split("-")[-1].upper())
    return content_type


def dimensions(image: ImageInfo) -> str:
    if not (image.width and image.height):
        return QCoreApplication.translate("ImageFacts", "unknown size")
    return QCoreApplication.translate("ImageFacts", "{width} × {height}").format(
        width=image.width, height=image.height)


def describe(image: ImageInfo) -> str:
    """"4000 × 3000, 5.2 MB, JPEG"."""
    size = (human_size(image.bytes) if image.bytes is not None
            else QCoreApplication.translate("ImageFacts", "size unknown"))
    return QCoreApplication.translate("ImageFacts", "{dimensions}, {size}, {type}").format(
        dimensions=dimensions(image), size=size, type=type_name(image.content_type))


def state(image: ImageInfo) -> str:
    """"ready", "processing", or "failed: <the server's reason>"."""
    if image.status == "ready":
        return QCoreApplication.translate("ImageFacts", "ready")
    if image.status == "failed":
        if image.failure is None:
            return QCoreApplication.translate("ImageFacts", "failed")
        # The server's reason by its code, in the language shown (its English if unknown).
        return QCoreApplication.translate("ImageFacts", "failed: {reason}").format(
            reason=image.failure)
    return QCoreApplication.translate("ImageFacts", "processing")


def uploaded_at(image: ImageInfo) -> str:
    """The upload time in the user's time zone and locale."""
    try:
        moment = datetime.fromisoformat(image.created_at)
    except ValueError:
        return image.created_at or QCoreApplication.translate("ImageFacts", "unknown")
    stamp = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000))
    return QLocale().toString(stamp, QLocale.FormatType.ShortFormat)


def spoken(image: ImageInfo) -> str:
    """What a screen reader says for a gallery tile: "beach.jpg, ready, uploaded 3/4/25 14:00"."""
    return QCoreApplication.translate("ImageFacts", "{name}, {state}, uploaded {when}").format(
        name=image.filename or image.id, state=state(image), when=uploaded_at(image))
