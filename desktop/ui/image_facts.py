"""What the gallery says about an image, in words: dimensions, size, type, upload time."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale

from desktop.client.api import ImageInfo
from desktop.ui.units import human_size

_TYPE_NAMES = {
    "image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WebP",
    "image/tiff": "TIFF", "image/heic": "HEIC", "image/heif": "HEIF", "image/bmp": "BMP",
}


def type_name(content_type: str | None) -> str:
    """"JPEG", "Nikon NEF (camera RAW)"-like names; the MIME type itself when unknown."""
    if not content_type:
        return "unknown type"
    if content_type in _TYPE_NAMES:
        return _TYPE_NAMES[content_type]
    subtype = content_type.partition("/")[2]
    if subtype.startswith("x-"):  # image/x-nikon-nef, image/x-adobe-dng, …
        return f"{subtype[2:].split('-')[-1].upper()} (camera RAW)"
    return content_type


def dimensions(image: ImageInfo) -> str:
    return f"{image.width} × {image.height}" if image.width and image.height else "unknown size"


def describe(image: ImageInfo) -> str:
    """"4000 × 3000, 5.2 MB, JPEG"."""
    size = human_size(image.bytes) if image.bytes is not None else "size unknown"
    return f"{dimensions(image)}, {size}, {type_name(image.content_type)}"


def uploaded_at(image: ImageInfo) -> str:
    """The upload time in the user's time zone and locale."""
    try:
        moment = datetime.fromisoformat(image.created_at)
    except ValueError:
        return image.created_at or "at an unknown time"
    stamp = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000))
    return QLocale().toString(stamp, QLocale.FormatType.ShortFormat)
