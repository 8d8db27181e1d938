"""BMPs whose pixels are bit fields (BI_BITFIELDS, BI_ALPHABITFIELDS), 16 or 32 bits a pixel,
with whatever masks their header declares: 565, 555, 4444, 1555, 10-10-10-2, ...

Pillow reads eleven mask layouts and calls every other one, and BI_ALPHABITFIELDS, an error,
which reached the user as "damaged". Every such file is decoded here the same way: each
channel is the pixel's bits under its mask, scaled to 0-255. An alpha mask whose bits are
zero in every pixel means no transparency (what writers of "XRGB" files mean, and what
browsers show), not an invisible picture.

numpy loads only when such a file arrives (it comes with rawpy in the Lambda bundle).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image

BITFIELDS, ALPHABITFIELDS = 3, 6
_FILE_HEADER = 14


@dataclass(frozen=True)
class Layout:
    pixels_at: int
    width: int
    height: int  # negative: stored top row first
    bits: int
    masks: tuple[int, int, int, int]  # red, green, blue, alpha


def layout(stream: BinaryIO) -> Layout | None:
    """The bit-field layout of the BMP in `stream`, or None when it is not one (palette,
    24-bit, RLE: Pillow's to read)."""
    stream.seek(0)
    head = stream.read(_FILE_HEADER + 124 + 16)
    try:
        (pixels_at,) = struct.unpack_from("<I", head, 10)
        header_size, width, height, _, bits, compression = struct.unpack_from(
            "<IiiHHI", head, _FILE_HEADER)
        if header_size < 40 or compression not in (BITFIELDS, ALPHABITFIELDS) or bits not in (
                16, 32):
            return None
        count = 4 if compression == ALPHABITFIELDS or header_size >= 56 else 3
        masks = struct.unpack_from(f"<{count}I", head, _FILE_HEADER + 40)
    except struct.error:
        return None
    return Layout(pixels_at, width, height, bits, tuple(masks) + (0,) * (4 - count))


BAND_ROWS = 512  # rows converted at a time: bounds the transient arrays of a big file


def decode(stream: BinaryIO, found: Layout) -> Image.Image:
    """RGB, or RGBA when some pixel's alpha bits are set."""
    import numpy as np

    width, height = found.width, abs(found.height)
    if width <= 0 or height == 0 or not any(found.masks[:3]):
        raise ValueError(f"a {width}x{height} bit-field BMP without colour masks")
    stride = ((width * found.bits + 31) // 32) * 4
    dtype = np.dtype("<u2" if found.bits == 16 else "<u4")
    out = np.empty((height, width, 4), np.uint8)
    stream.seek(found.pixels_at)
    for top in range(0, height, BAND_ROWS):
        rows = min(BAND_ROWS, height - top)
        data = stream.read(stride * rows)
        if len(data) < stride * rows:
            raise ValueError("the pixel rows end early")
        band = np.frombuffer(data, np.uint8).reshape(rows, stride)[:, :width * dtype.itemsize]
        values = band.copy().view(dtype).astype(np.uint32)
        for channel, mask in enumerate(found.masks):
            out[top:top + rows, :, channel] = _channel(values, mask)
    if found.height > 0:  # stored bottom row first
        out = out[::-1]
    if found.masks[3] and out[..., 3].any():
        return Image.fromarray(np.ascontiguousarray(out), "RGBA")
    return Image.fromarray(np.ascontiguousarray(out[..., :3]), "RGB")


def _channel(values, mask: int):
    """The bits under `mask`, scaled so that all of them set is 255."""
    import numpy as np

    if mask == 0:
        return np.uint8(0)
    shift = (mask & -mask).bit_length() - 1
    top = mask >> shift
    scaled = ((values & np.uint32(mask)) >> np.uint32(shift)).astype(np.uint64) * 255
    return ((scaled + top // 2) // top).astype(np.uint8)
