"""Plain photos in TIFF encodings Pillow's TIFF plugin can't open or decode, made into what
imaging.render takes (an RGB, RGBA or LAB image; ICC profile and orientation in its info):

- CIELab or ICCLab at 16 bits (Photoshop's Lab mode, scanners): Pillow knows 8-bit CIELab
  only. The file is opened as 16-bit RGB through a view of the stream whose photometric tag
  reads RGB (samples of the same width), and the top byte of each sample becomes a band of
  Pillow's 8-bit LAB (Image.merge takes a and b offset by 128, as ICCLab stores them; CIELab's
  are signed: XOR 128).
- YCbCr with chroma subsampling, uncompressed (Fujifilm's in-camera TIFFs are 4:2:2): Pillow
  reads the stored units as if each pixel had its own Cb and Cr. Decoded here with TIFF 6.0's
  formulas (YCbCrCoefficients, ReferenceBlackWhite).
- WebP compression (50001): Pillow's libtiff is built without it. Each strip or tile is a
  whole WebP bitstream, which Pillow's WebP decoder reads.

numpy loads only when such a file arrives (it comes with rawpy in the Lambda bundle).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from typing import BinaryIO

from PIL import Image

from backend.common import tiff_encoding as tags
from backend.common.tiff_encoding import Directory

Decoder = Callable[[BinaryIO, Directory], Image.Image]


def decoder_for(directory: Directory) -> Decoder | None:
    """The decoder of this module a TIFF needs, or None when Pillow's own reads it."""
    photometric = directory.first(tags.PHOTOMETRIC, tags.RGB)
    planar = directory.first(tags.PLANAR, 1)
    if directory.first(tags.COMPRESSION, tags.NONE) == tags.WEBP:
        return _webp
    if (photometric in (tags.CIELAB, tags.ICCLAB) and planar == 1
            and directory.get(tags.BITS) in ((16, 16, 16), (8, 8, 8))
            and not (photometric == tags.CIELAB and directory.get(tags.BITS) == (8, 8, 8))):
        return _lab  # 8-bit CIELab is Pillow's own
    if (photometric == tags.YCBCR and directory.first(tags.COMPRESSION, tags.NONE) == tags.NONE
            and directory.get(tags.YCBCR_SUBSAMPLING, (2, 2)) != (1, 1)
            and directory.get(tags.BITS) == (8, 8, 8) and planar == 1):
        return _subsampled_ycbcr
    return None


class _PatchedView(io.RawIOBase):
    """`raw` read through, with `patch` in place of its bytes at `at`. No fileno(): Pillow
    then gives libtiff the bytes it reads here, patch included."""

    def __init__(self, raw: BinaryIO, at: int, patch: bytes):
        super().__init__()
        self._raw, self._at, self._patch = raw, at, patch

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def readinto(self, buffer) -> int:
        start = self._raw.tell()
        data = bytearray(self._raw.read(len(buffer)))
        low, high = max(start, self._at), min(start + len(data), self._at + len(self._patch))
        if low < high:
            data[low - start:high - start] = self._patch[low - self._at:high - self._at]
        buffer[:len(data)] = data
        return len(data)


def _lab(stream: BinaryIO, directory: Directory) -> Image.Image:
    photometric = directory.first(tags.PHOTOMETRIC, tags.CIELAB)
    entry = directory.entries[tags.PHOTOMETRIC]
    value = (tags.RGB).to_bytes(2, "little" if directory.order == "<" else "big")
    view = _PatchedView(stream, entry + (12 if directory.big else 8), value)  # its value
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        im = Image.open(view, formats=["TIFF"])
        info = dict(im.info)
        im.load()  # turns it upright, as Pillow does every TIFF
    channels = list(im.split())  # 16-bit RGB samples load as 8-bit RGB: their top bytes
    del im
    if photometric == tags.CIELAB:  # signed a and b -> offset by 128, as Image.merge takes them
        channels[1:] = [channel.point(lambda v: v ^ 128) for channel in channels[1:]]
    lab = Image.merge("LAB", channels)
    lab.info.update({key: info[key] for key in ("icc_profile",) if key in info})
    return lab


BAND_UNITS = 256  # rows of subsampling units converted at a time (bounds the float arrays)


def _subsampled_ycbcr(stream: BinaryIO, directory: Directory) -> Image.Image:
    import numpy as np

    width, height = directory.first(tags.WIDTH, 0), directory.first(tags.LENGTH, 0)
    across, down = directory.get(tags.YCBCR_SUBSAMPLING, (2, 2))
    if across not in (1, 2, 4) or down not in (1, 2, 4) or width <= 0 or height <= 0:
        raise ValueError(f"a {width}x{height} YCbCr TIFF subsampled {across}x{down}")
    rows_per_strip = directory.first(tags.ROWS_PER_STRIP, height)
    units_across = -(-width // across)
    unit = across * down + 2
    rgb = np.empty((height, width, 3), np.uint8)
    for strip, (offset, _) in enumerate(_chunks(directory)):
        top = strip * rows_per_strip
        rows = min(rows_per_strip, height - top)
        stream.seek(offset)
        for first in range(0, -(-rows // down), BAND_UNITS):  # units down, a band at a time
            units_down = min(BAND_UNITS, -(-rows // down) - first)
            data = stream.read(units_across * units_down * unit)
            data = np.frombuffer(data, np.uint8).reshape(units_down, units_across, unit)
            luma = data[..., :across * down].reshape(units_down, units_across, down, across)
            luma = luma.transpose(0, 2, 1, 3).reshape(units_down * down, units_across * across)
            chroma = np.repeat(np.repeat(data[..., across * down:], down, 0), across, 1)
            band_top = top + first * down
            band_rows = min(units_down * down, top + rows - band_top)
            ycbcr = np.dstack([luma, chroma])[:band_rows, :width].astype(np.float32)
            rgb[band_top:band_top + band_rows] = _ycbcr_to_rgb(ycbcr, directory)
    return _with_metadata(Image.fromarray(rgb, "RGB"), directory)


def _ycbcr_to_rgb(ycbcr, directory: Directory):
    """TIFF 6.0 section 21 (as libtiff's TIFFYCbCrToRGB): codes to Y, Cb, Cr by
    ReferenceBlackWhite, then to RGB by the luma coefficients."""
    import numpy as np

    reference = _rationals(directory.get(tags.REFERENCE_BLACK_WHITE)) or (
        0, 255, 128, 255, 128, 255)
    red, green, blue = _rationals(directory.get(tags.YCBCR_COEFFICIENTS)) or (
        0.299, 0.587, 0.114)
    y = (ycbcr[..., 0] - reference[0]) * (255 / (reference[1] - reference[0]))
    cb = (ycbcr[..., 1] - reference[2]) * (127 / (reference[3] - reference[2]))
    cr = (ycbcr[..., 2] - reference[4]) * (127 / (reference[5] - reference[4]))
    r = y + cr * (2 - 2 * red)
    b = y + cb * (2 - 2 * blue)
    g = (y - blue * b - red * r) / green
    return np.clip(np.dstack([r, g, b]).round(), 0, 255).astype(np.uint8)


def _rationals(values: tuple | None) -> tuple[float, ...] | None:
    if not values or len(values) % 2:
        return None
    pairs = [(values[i], values[i + 1]) for i in range(0, len(values), 2)]
    return tuple(n / d if d else 0.0 for n, d in pairs)


def _webp(stream: BinaryIO, directory: Directory) -> Image.Image:
    width, height = directory.first(tags.WIDTH, 0), directory.first(tags.LENGTH, 0)
    tiled = tags.TILE_OFFSETS in directory.values
    piece_width = directory.first(tags.TILE_WIDTH, width) if tiled else width
    piece_height = directory.first(tags.TILE_LENGTH if tiled else tags.ROWS_PER_STRIP, height)
    across = -(-width // piece_width)
    canvas = None
    for index, (offset, count) in enumerate(_chunks(directory)):
        stream.seek(offset)
        piece = Image.open(io.BytesIO(stream.read(count)), formats=["WEBP"])
        piece.load()
        if canvas is None:  # (libwebp leaves alpha out of a piece that is all opaque)
            alpha = piece.mode == "RGBA" or directory.first(tags.SAMPLES, 3) >= 4
            canvas = Image.new("RGBA" if alpha else "RGB", (width, height))
        canvas.paste(piece.convert(canvas.mode),
                     ((index % across) * piece_width, (index // across) * piece_height))
    if canvas is None:
        raise ValueError("a WebP TIFF without strips or tiles")
    return _with_metadata(canvas, directory)


def _chunks(directory: Directory) -> list[tuple[int, int]]:
    """(offset, byte count) of each strip or tile, in order."""
    tiled = tags.TILE_OFFSETS in directory.values
    offsets = directory.get(tags.TILE_OFFSETS if tiled else tags.STRIP_OFFSETS)
    counts = directory.get(tags.TILE_BYTE_COUNTS if tiled else tags.STRIP_BYTE_COUNTS)
    if not offsets or not counts or len(offsets) != len(counts):
        raise ValueError("no strip or tile table that can be read")
    return list(zip(offsets, counts))


def _with_metadata(im: Image.Image, directory: Directory) -> Image.Image:
    """The source's ICC profile and orientation where render() reads them."""
    icc = directory.get(tags.ICC_PROFILE)
    if icc:
        im.info["icc_profile"] = icc[0]
    orientation = directory.first(tags.ORIENTATION, 1)
    if orientation != 1:
        exif = Image.Exif()
        exif[tags.ORIENTATION] = orientation
        im.info["exif"] = exif.tobytes()
    return im
