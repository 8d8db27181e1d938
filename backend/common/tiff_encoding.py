"""A TIFF's encoding, read from its first directory (IFD0) without decoding a pixel: which
compression, colour model and sample format it uses, and the name of the one Thumbdrop can't
render when it uses such a one (the sentence says which, on both sides).

The client asks before uploading and the resize function before decoding, so both refuse a
LogLuv or a JPEG XL TIFF with the same words. Standard library only: runs in the Lambda
bundle and the desktop app alike.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

from .image_formats import BIGTIFF_MAGICS, TIFF_MAGICS

WIDTH, LENGTH, BITS, COMPRESSION, PHOTOMETRIC = 256, 257, 258, 259, 262
STRIP_OFFSETS, SAMPLES, ROWS_PER_STRIP, STRIP_BYTE_COUNTS = 273, 277, 278, 279
PLANAR, PREDICTOR = 284, 317
TILE_WIDTH, TILE_LENGTH, TILE_OFFSETS, TILE_BYTE_COUNTS = 322, 323, 324, 325
EXTRA_SAMPLES, SAMPLE_FORMAT = 338, 339
YCBCR_COEFFICIENTS, YCBCR_SUBSAMPLING, REFERENCE_BLACK_WHITE = 529, 530, 532
ORIENTATION, ICC_PROFILE = 274, 34675

NONE, WEBP = 1, 50001
RGB, YCBCR, CIELAB, ICCLAB = 2, 6, 8, 9

MAX_ENTRIES = 1024
MAX_VALUES = 1 << 16  # longer arrays (strip tables of huge files) are not read
MAX_BLOB = 1 << 22  # an embedded ICC profile (UNDEFINED bytes) may be this long
_TYPES = {1: "B", 2: "B", 3: "H", 4: "I", 5: "II", 6: "b", 7: "B", 8: "h", 9: "i", 10: "ii",
          11: "f", 12: "d", 16: "Q", 17: "q", 18: "Q"}

# The encodings no decoder here renders, by what the file says, in the words the sentence
# uses (desktop/client/failures.py has the same words for translation).
_COMPRESSIONS = {
    34676: "SGI LogLuv compression (HDR)", 34677: "SGI LogLuv compression (HDR)",
    50002: "JPEG XL compression", 52546: "JPEG XL compression",
    33003: "JPEG 2000 compression", 33004: "JPEG 2000 compression",
    33005: "JPEG 2000 compression", 34712: "JPEG 2000 compression",
    34887: "LERC compression", 22610: "JPEG XR compression", 34934: "JPEG XR compression",
}
_PHOTOMETRICS = {32844: "the LogL colour model (HDR)", 32845: "the LogLuv colour model (HDR)",
                 10: "the ITU Lab colour model"}
FLOATING_POINT = "floating-point colour samples (HDR or scientific data)"
WIDE_INTEGERS = "32-bit integer colour samples"
COMPLEX = "complex-number samples"
ENCODING_NAMES = frozenset(_COMPRESSIONS.values()) | frozenset(_PHOTOMETRICS.values()) | {
    FLOATING_POINT, WIDE_INTEGERS, COMPLEX}


@dataclass(frozen=True)
class Directory:
    """IFD0's entries: tag -> its values (short arrays read, long ones left as None)."""

    order: str  # "<" or ">"
    big: bool  # BigTIFF: 20-byte entries, 8-byte offsets
    values: dict[int, tuple | None]
    entries: dict[int, int]  # tag -> where its entry starts in the file

    def get(self, tag: int, default=None):
        found = self.values.get(tag)
        return default if found is None else found

    def first(self, tag: int, default: int) -> int:
        return self.get(tag, (default,))[0]


def read_directory(stream: BinaryIO) -> Directory | None:
    """IFD0 of the TIFF in `stream` (seekable), or None when it has none that parses."""
    try:
        stream.seek(0)
        head = stream.read(16)
        if head[:4] not in TIFF_MAGICS + BIGTIFF_MAGICS:
            return None
        order = "<" if head[:2] == b"II" else ">"
        big = head[:4] in BIGTIFF_MAGICS
        count_code, entry_size, offset_code = ("Q", 20, "Q") if big else ("H", 12, "I")
        (ifd,) = struct.unpack_from(order + offset_code, head, 8 if big else 4)
        stream.seek(ifd)
        (count,) = struct.unpack(order + count_code, stream.read(struct.calcsize(count_code)))
        data = stream.read(entry_size * min(count, MAX_ENTRIES))
        values, entries = {}, {}
        start = ifd + struct.calcsize(count_code)
        for at in range(0, len(data) - entry_size + 1, entry_size):
            tag, kind, n = struct.unpack_from(order + "HH" + offset_code, data, at)
            field = data[at + entry_size - (8 if big else 4):at + entry_size]
            values[tag] = _values(stream, order, kind, n, field, offset_code)
            entries[tag] = start + at
        return Directory(order, big, values, entries)
    except (OSError, struct.error, ValueError, OverflowError):
        return None


def _values(stream: BinaryIO, order: str, kind: int, count: int, field: bytes,
            offset_code: str) -> tuple | None:
    code = _TYPES.get(kind)
    if code is None or count > (MAX_BLOB if kind == 7 else MAX_VALUES):
        return None
    size = struct.calcsize(order + code) * count
    if size <= len(field):
        data = field[:size]
    else:
        stream.seek(struct.unpack(order + offset_code, field)[0])
        data = stream.read(size)
        if len(data) < size:
            return None
    if kind in (1, 2, 7):
        return (bytes(data),) if kind != 1 else tuple(data)
    return struct.unpack(f"{order}{count * len(code)}{code[0]}", data)


def unsupported(directory: Directory) -> str | None:
    """The name of the encoding no decoder here renders, or None when one may."""
    compression = directory.first(COMPRESSION, NONE)
    if compression in _COMPRESSIONS:
        return _COMPRESSIONS[compression]
    photometric = directory.first(PHOTOMETRIC, RGB)
    if photometric in _PHOTOMETRICS:
        return _PHOTOMETRICS[photometric]
    formats = set(directory.get(SAMPLE_FORMAT, (1,)))
    samples = directory.first(SAMPLES, 1)
    bits = set(directory.get(BITS, (1,)))
    if formats & {5, 6}:
        return COMPLEX
    if 3 in formats and (samples > 1 or bits != {32}):  # one 32-bit float channel: mode F
        return FLOATING_POINT
    if bits & {32, 64} and samples > 1 and 3 not in formats:
        return WIDE_INTEGERS
    return None
