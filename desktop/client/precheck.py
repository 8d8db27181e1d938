"""What the client can see about a file before sending a byte of it: more pixels than the
server takes (GET /config's max_image_pixels) or a structure that says it was cut short.

Both refusals are the ones the resize function would give after the upload; here they cost a
header parse and a read at the end of the file, a small fraction of hashing it (`make bench`).
Camera RAW is left to the backend (its sensor size needs LibRaw).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from PIL import Image

from backend.common import image_formats, image_header

from . import failures
from .failures import Failure


def refusal(path: Path, name: str, content_type: str | None,
            max_pixels: int | None) -> Failure | None:
    """Why the file is refused before upload, or None to send it. OSError propagates
    (the caller's reading-failed sentences cover it)."""
    image_format = image_formats.BY_CONTENT_TYPE.get(content_type or "")
    if image_format is None:
        return None
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if max_pixels:
            pixels = _pixels(handle, size, image_format)
            if pixels is not None and pixels > max_pixels:
                return failures.too_many_pixels(name, pixels, max_pixels)
        if image_header.cut_short(handle, size, image_format):
            return failures.cut_short(name)
    return None


def _pixels(handle, size: int, image_format: image_formats.ImageFormat) -> int | None:
    if image_format.pillow_format in ("HEIF", "AVIF"):  # their decoders read the whole file
        found = image_header.iso_pixel_size(handle, size)
        return found[0] * found[1] if found else None
    handle.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(handle, formats=[image_format.pillow_format]) as im:  # header only
                return im.width * im.height
    except Image.DecompressionBombError:
        return 2 * Image.MAX_IMAGE_PIXELS + 1
    except Exception:  # noqa: BLE001  (a header Pillow can't parse: the backend names it)
        return None
