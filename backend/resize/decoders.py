"""Which decoder an original goes to, chosen by its content: camera RAW to raw.py (LibRaw),
every format of backend/common/image_formats.py to exactly one Pillow decoder, anything else
refused with a sentence naming what it is. No decoder outside the table ever runs (SVG,
PDF, PSD, FITS, ...), and a file whose own structure says it was cut short never reaches one.
"""

from __future__ import annotations

import logging
import os
import warnings
from typing import BinaryIO

import pillow_heif
from PIL import Image

from backend.common import image_formats, image_header, raw_formats, tiff_encoding
from backend.common.error_codes import reason

from . import bmp_bitfields, imaging, tiff_variants
from .imaging import DAMAGED, EMPTY, ImageRejected, Renditions
from .sniff import describe_unreadable, unsupported_variant

pillow_heif.register_heif_opener()

log = logging.getLogger(__name__)

# Every decoder the table names must be one this Pillow has.
DECODERS = frozenset(entry.pillow_format for entry in image_formats.FORMATS)


def make_renditions(data: BinaryIO, max_pixels: int) -> Renditions:
    """Both renditions of the image in `data` (a seekable binary stream)."""
    head = data.read(max(image_formats.HEAD_BYTES, 512))
    if not head:
        raise ImageRejected(EMPTY)
    camera_raw = raw_formats.identify(data)  # a NEF or DNG must never reach the TIFF decoder
    data.seek(0)
    if camera_raw is not None:
        from . import raw  # rawpy and numpy load when a RAW arrives, not on every cold start

        return raw.make_renditions(data, camera_raw, max_pixels)
    image_format = image_formats.identify(head)
    if image_format is None:
        raise ImageRejected(describe_unreadable(head))
    size = data.seek(0, os.SEEK_END)
    if image_header.cut_short(data, size, image_format):
        raise ImageRejected(DAMAGED, image_format.content_type)
    data.seek(0)
    im = _open_variant(data, image_format, max_pixels)
    if im is None:
        im = _open(data, image_format, max_pixels)
    return imaging.render(im, image_format.content_type, max_pixels)


def _open_variant(data: BinaryIO, image_format: image_formats.ImageFormat,
                  max_pixels: int) -> Image.Image | None:
    """A TIFF or BMP in an encoding Pillow can't read, decoded here (tiff_variants,
    bmp_bitfields); None for the others, which are Pillow's. A TIFF encoding no decoder here
    renders is refused with its name."""
    content_type = image_format.content_type
    if image_format.pillow_format == "TIFF":
        directory = tiff_encoding.read_directory(data)
        if directory is None:
            return None
        encoding = tiff_encoding.unsupported(directory)
        if encoding is not None:
            raise ImageRejected(reason("unsupported_tiff_encoding", encoding=encoding),
                                content_type)
        decode = tiff_variants.decoder_for(directory)
        size = directory.first(tiff_encoding.WIDTH, 0), directory.first(tiff_encoding.LENGTH, 0)
        found = directory
    elif image_format.pillow_format == "BMP":
        found = bmp_bitfields.layout(data)
        decode = bmp_bitfields.decode if found is not None else None
        size = (found.width, found.height) if found is not None else (0, 0)
    else:
        return None
    if decode is None:
        return None
    pixels = abs(size[0] * size[1])
    if pixels > max_pixels:
        raise ImageRejected(imaging.too_large(pixels, max_pixels), content_type)
    try:
        return decode(data, found)
    except Exception as exc:
        # Its encoding is one this module's decoders read: what fails is the file's data.
        log.info("decoding a %s variant failed: %r", image_format.name, exc)
        raise ImageRejected(DAMAGED, content_type) from exc


def _open(data: BinaryIO, image_format: image_formats.ImageFormat,
          max_pixels: int) -> Image.Image:
    content_type = image_format.content_type
    try:
        with warnings.catch_warnings():
            # Pillow's global bomb warning is noise: our own, configured cap follows.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(data, formats=[image_format.pillow_format])
    except Image.DecompressionBombError as exc:
        raise ImageRejected(imaging.refused_by_pillow(max_pixels), content_type) from exc
    except Image.UnidentifiedImageError:
        # Its signature is one we take, yet its decoder refused the header: a variant the
        # decoder doesn't know, or a damaged header.
        raise ImageRejected(unsupported_variant(image_format), content_type) from None
    except Exception as exc:
        # A header that matched the format but could not be parsed.
        log.info("opening failed: %r", exc)
        raise ImageRejected(DAMAGED, content_type) from exc
