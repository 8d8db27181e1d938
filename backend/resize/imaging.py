"""Pure Pillow code: an opened image in, two WebP renditions and facts out.

No S3, no Lambda, and no choosing of decoders here (decoders.py does that). Every problem
with the file itself becomes an `ImageRejected` whose text is the sentence shown to the
user; nothing about a bad file ever raises anything else (a retry would fail the same way).
"""

from __future__ import annotations

import io
import logging
import struct
from dataclasses import dataclass

from PIL import Image

from backend.common.error_codes import Reason, reason
from backend.common.image_header import megapixels

from . import colour

log = logging.getLogger(__name__)

THUMBNAIL_SIZE = 256
LARGE_MAX = 1600
WEBP_QUALITY = 80
# libwebp's effort (0-6, Pillow's default 4). Measured on a 1600x1200 photo: method 4 took
# 131 ms, method 2 48 ms, for 0.7% more bytes; encoding was most of a small photo's resize.
WEBP_METHOD = 2
# Box-average big sources down to within 2x (at most 4x) of the size needed, then
# LANCZOS: what Pillow's own thumbnail() does, much faster than LANCZOS from full size.
REDUCING_GAP = 2
STRIP_BLOCKS = 64  # rows of reduced output made per strip (bounds the transient memory)

EMPTY = reason("image_empty")
DAMAGED = reason("image_damaged")

_EXIF_ORIENTATION = 0x0112
# EXIF orientation -> the transpose that makes the image upright.
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class ImageRejected(Exception):
    """The file cannot become renditions: `why` is the failed record's reason, str() its
    sentence."""

    def __init__(self, why: Reason, content_type: str | None = None):
        super().__init__(why.message)
        self.why = why
        self.content_type = content_type


@dataclass(frozen=True)
class Renditions:
    thumbnail: bytes  # 256x256 centre crop, WebP
    large: bytes  # fits 1600x1600, never upscaled, WebP
    width: int  # of the original, upright
    height: int
    content_type: str  # detected from the content, not the name


def render(im: Image.Image, content_type: str, max_pixels: int,
           orientation: int = 1) -> Renditions:
    """Both renditions of an opened image; `orientation` applies when its EXIF names none."""
    try:
        width, height = im.size
        if width * height > max_pixels:
            raise ImageRejected(too_large(width * height, max_pixels), content_type)
        icc = im.info.get("icc_profile")
        needed = needed_size(width, height)
        im.draft(None, needed)  # JPEG/HEIF: decode smaller; must come before any load
        im.load()
        # Read after loading: Pillow turns a TIFF upright as it loads it (and drops its tag),
        # a JPEG it leaves as stored. Either way what is left to do is what the tag says now.
        orientation = _orientation(im, orientation)
        im = _reduce_in_strips(_normalise_mode(im, content_type), needed)
        large = _resize_large(im)
        # A thumbnail made from the large view is as sharp as one made from the
        # source whenever the large view still covers 256 on its short side.
        thumbnail = _resize_thumbnail(large if min(large.size) >= THUMBNAIL_SIZE else im)
        del im  # the working image is not needed for encoding: free it first
        return Renditions(
            thumbnail=_encode(_upright(_to_srgb(thumbnail, icc), orientation)),
            large=_encode(_upright(_to_srgb(large, icc), orientation)),
            width=height if orientation >= 5 else width,
            height=width if orientation >= 5 else height,
            content_type=content_type,
        )
    except ImageRejected:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageRejected(refused_by_pillow(max_pixels), content_type) from exc
    except Exception as exc:
        # Pillow's decoders report a malformed file with many exception types
        # (OSError, SyntaxError, ValueError, struct.error, EOFError, ...). All of
        # them are facts about this file, so they end as "damaged", never a retry.
        log.info("decoding failed: %r", exc)
        raise ImageRejected(DAMAGED, content_type) from exc


def too_large(pixels: int, limit: int) -> Reason:
    return reason("image_too_many_pixels", pixels=megapixels(pixels), limit=megapixels(limit))


def refused_by_pillow(max_pixels: int) -> Reason:
    # Pillow refuses above twice its MAX_IMAGE_PIXELS before telling us the size,
    # so that is the real limit whenever MAX_IMAGE_PIXELS is configured higher.
    pillow_limit = 2 * Image.MAX_IMAGE_PIXELS
    return reason("image_over_decoder_limit", pixels=megapixels(pillow_limit),
                  limit=megapixels(min(max_pixels, pillow_limit)))


def _orientation(im: Image.Image, default: int = 1) -> int:
    try:
        value = im.getexif().get(_EXIF_ORIENTATION, default)
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, struct.error):
        # A broken EXIF block should not cost the user their image; show it as stored.
        return default
    return value if value in _UPRIGHT else 1


def needed_size(width: int, height: int) -> tuple[int, int]:
    """The smallest source size both renditions can be made from without upscaling.

    The large view needs the fitted size; the thumbnail needs 256 on the short side.
    Both are symmetric in width and height, so the stored (not yet upright)
    orientation gives the same answer.
    """
    fit = min(1.0, LARGE_MAX / max(width, height))
    cover = min(1.0, THUMBNAIL_SIZE / min(width, height))
    scale = max(fit, cover)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _normalise_mode(im: Image.Image, content_type: str) -> Image.Image:
    """Any decoded mode -> RGB, RGBA, L, LA, CMYK or LAB (CMYK and CIELab wait for
    colour.to_srgb, which reads them through a profile)."""
    mode = im.mode
    if mode in ("1", "L", "RGB") and im.info.get("transparency") is not None:
        # A PNG colour key (tRNS): that one colour is transparent.
        return im.convert("RGBA" if mode == "RGB" else "LA")
    if mode in ("RGB", "RGBA", "L", "LA", "CMYK", "LAB"):
        return im
    if mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in im.info
        return im.convert("RGBA" if has_alpha else "RGB")
    if mode == "1":
        return im.convert("L")
    if mode.startswith("I"):
        # 16-bit samples: keep the top 8 bits instead of clipping everything above 255.
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if mode == "F":
        low, high = im.getextrema()
        span = (high - low) or 1.0
        return im.point(lambda v: (v - low) * (255 / span)).convert("L")
    if mode in ("La", "RGBa"):
        return im.convert(mode.upper())
    try:
        return im.convert("RGB")
    except ValueError:
        raise ImageRejected(reason("unsupported_colour_mode", mode=mode), content_type) from None


def _reduce_in_strips(im: Image.Image, needed: tuple[int, int]) -> Image.Image:
    """im.reduce(factor), one band of rows at a time, down to within 2x of `needed`.

    Pillow's reduce()/resize() first copy a whole RGBA/LA image to premultiplied
    alpha: 200 MB more for a 50 MP PNG. Box averaging is exact per block, so
    reducing strips whose height is a multiple of the factor gives the same pixels.
    """
    width, height = im.size
    factor = int(min(width / needed[0], height / needed[1]) / REDUCING_GAP)
    if factor <= 1:
        return im
    out = Image.new(im.mode, (-(-width // factor), -(-height // factor)))
    rows = factor * STRIP_BLOCKS
    for top in range(0, height, rows):
        strip = im.crop((0, top, width, min(height, top + rows)))
        out.paste(strip.reduce(factor), (0, top // factor))
    return out


def _resize_large(im: Image.Image) -> Image.Image:
    width, height = im.size
    scale = LARGE_MAX / max(width, height)
    if scale >= 1:
        return im  # never upscaled
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return im.resize(size, Image.Resampling.LANCZOS)


def _resize_thumbnail(im: Image.Image) -> Image.Image:
    width, height = im.size
    side = min(width, height)
    left, top = (width - side) / 2, (height - side) / 2
    return im.resize(
        (THUMBNAIL_SIZE, THUMBNAIL_SIZE),
        Image.Resampling.LANCZOS,
        box=(left, top, left + side, top + side),
    )


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB or RGBA in sRGB, through the embedded ICC profile or the default for the mode."""
    return colour.to_srgb(im, icc)


def _upright(im: Image.Image, orientation: int) -> Image.Image:
    method = _UPRIGHT.get(orientation)
    return im.transpose(method) if method is not None else im


def _encode(im: Image.Image) -> bytes:
    # Nothing but pixels: no exif/icc_profile/xmp is passed, so the WebP has none.
    out = io.BytesIO()
    im.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return out.getvalue()
