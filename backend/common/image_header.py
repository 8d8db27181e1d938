"""What an image file's structure says without decoding it: whether its declared data is all
there, and (for HEIF/AVIF, whose decoder reads the whole file) its pixel size.

The client asks before uploading, so a file cut short is refused before a byte is sent; the
resize function asks before decoding, because libheif fills a truncated HEIC's missing half
with a flat colour instead of failing. Only a few small reads at the start and end of the
file (and the chunk headers of a PNG, the blocks of a GIF): cheap next to hashing it.
Standard library only.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from .image_formats import BIGTIFF_MAGICS, ImageFormat

TAIL_BYTES = 64 * 1024
MAX_PNG_CHUNKS = 8192  # walking more chunk headers than this is not cheap: no verdict
MAX_ISO_BOXES = 256
_STRIP_OFFSETS, _STRIP_BYTE_COUNTS = 273, 279
_TILE_OFFSETS, _TILE_BYTE_COUNTS = 324, 325
MAX_TIFF_VALUES = 16384  # strips or tiles read to find where the data ends


def megapixels(pixels: int) -> str:
    """120_000_000 -> "120", 300_000 -> "0.3": how sentences write a pixel count."""
    return f"{round(pixels / 1e6, 1):g}"


def cut_short(stream: BinaryIO, size: int, image_format: ImageFormat) -> bool:
    """Whether the file (seekable, `size` bytes) visibly ends before its own data does.
    False when it can't tell: only a certain truncation refuses a file."""
    try:
        check = _CHECKS.get(image_format.pillow_format)
        return bool(check and check(stream, size))
    except (OSError, struct.error, ValueError):
        return False


def _jpeg(stream: BinaryIO, size: int) -> bool:
    # A complete JPEG ends with EOI (FF D9), perhaps followed by a trailer (a motion photo's
    # video, a maker's data). A cut one ends inside the entropy-coded scan, where every FF is
    # followed by 00 (stuffing) or D0-D7 (restart markers): a tail of nothing else is cut.
    stream.seek(max(0, size - TAIL_BYTES))
    tail = stream.read(TAIL_BYTES)
    if b"\xff\xd9" in tail or len(tail) < 2:
        return False
    # Certain only with evidence of a scan: a tail without any FF (a zero-padded trailer after
    # an EOI further back) proves nothing, and a file is refused only when certainly cut.
    scan = tail.rfind(b"\xff\xda")  # a (last) scan's header in the tail: look after it
    at = tail.find(b"\xff", scan + 2 if scan != -1 else 0)
    seen_scan = scan != -1
    while at != -1 and at + 1 < len(tail):
        if tail[at + 1] != 0 and not 0xD0 <= tail[at + 1] <= 0xD7:
            return False
        seen_scan = True
        at = tail.find(b"\xff", at + 1)
    return seen_scan


def _png(stream: BinaryIO, size: int) -> bool:
    at = 8
    for _ in range(MAX_PNG_CHUNKS):
        stream.seek(at)
        header = stream.read(8)
        if len(header) < 8:
            return True  # the file ends before IEND
        length, kind = struct.unpack(">I4s", header)
        at += 12 + length
        if at > size:
            return True  # a chunk runs past the end
        if kind == b"IEND":
            return False
    return False


MAX_GIF_BYTES = 64 * 1024 * 1024  # walking a bigger GIF's blocks is not cheap: no verdict


def _gif(stream: BinaryIO, size: int) -> bool:
    # A GIF is a chain of blocks (extensions, images) of sub-blocks of at most 255 bytes, each
    # led by its length, the chain ended by a trailer (3B). Cut means it ends inside a block;
    # ending between blocks without the trailer is how some encoders write it: not cut.
    if size > MAX_GIF_BYTES:
        return False
    stream.seek(0)
    data = stream.read(size)
    at = 13 + (3 << ((data[10] & 7) + 1) if data[10] & 0x80 else 0)  # global colour table
    while at < len(data):
        kind = data[at]
        if kind == 0x3B:
            return False
        if kind == 0x21:  # extension: its label, then sub-blocks
            at += 2
        elif kind == 0x2C:  # image: descriptor, local colour table, LZW code size, sub-blocks
            if at + 10 > len(data):
                return True
            flags = data[at + 9]
            at += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1
        else:
            return False  # not a block GIF knows: damaged maybe, but not certainly cut
        while True:  # sub-blocks up to the empty one
            if at >= len(data):
                return True
            if data[at] == 0:
                at += 1
                break
            at += 1 + data[at]
    return False


def _webp(stream: BinaryIO, size: int) -> bool:
    stream.seek(4)
    (riff_size,) = struct.unpack("<I", stream.read(4))
    return riff_size + 8 > size


def _bmp(stream: BinaryIO, size: int) -> bool:
    stream.seek(10)
    pixels_at, header_size, width, height, _, bits, compression = struct.unpack(
        "<IIiiHHI", stream.read(24))
    if header_size < 40 or compression not in (0, 3, 6):
        return False  # OS/2 headers and RLE: their size is not known up front
    row = ((abs(width) * bits + 31) // 32) * 4  # uncompressed rows pad to 4 bytes
    return pixels_at + row * abs(height) > size


def _iso(stream: BinaryIO, size: int) -> bool:
    return any(end > size for _, _, end in _boxes(stream, 0, size))


def _boxes(stream: BinaryIO, start: int, end: int):
    """(type, payload start, declared end) of each ISO box between start and end."""
    at = start
    for _ in range(MAX_ISO_BOXES):
        if at + 8 > end:
            return
        stream.seek(at)
        header = stream.read(8)
        if len(header) < 8:
            return
        length, kind = struct.unpack(">I4s", header)
        payload = at + 8
        if length == 1:
            (length,) = struct.unpack(">Q", stream.read(8))
            payload += 8
        elif length == 0:
            length = end - at  # to the end of the file
        if length < payload - at:
            raise ValueError("box shorter than its header")
        yield kind, payload, at + length
        at += length


def iso_pixel_size(stream: BinaryIO, size: int) -> tuple[int, int] | None:
    """The largest image spatial extent ("ispe") a HEIF/AVIF declares: its primary image's
    size (a grid's tiles are smaller), or None when it declares none."""
    best = None
    try:
        for kind, payload, end in _boxes(stream, 0, size):
            if kind != b"meta":
                continue
            for kind2, payload2, end2 in _boxes(stream, payload + 4, min(end, size)):  # full box
                if kind2 != b"iprp":
                    continue
                for kind3, payload3, end3 in _boxes(stream, payload2, end2):
                    if kind3 != b"ipco":
                        continue
                    for kind4, payload4, _ in _boxes(stream, payload3, end3):
                        if kind4 == b"ispe":
                            stream.seek(payload4 + 4)
                            width, height = struct.unpack(">II", stream.read(8))
                            if best is None or width * height > best[0] * best[1]:
                                best = (width, height)
    except (OSError, struct.error, ValueError):
        return best
    return best


def _tiff(stream: BinaryIO, size: int) -> bool:
    stream.seek(0)
    head = stream.read(8)
    if head[:4] in BIGTIFF_MAGICS:
        return False  # the decoder names a cut BigTIFF; not worth a second parser here
    order = "<" if head[:2] == b"II" else ">"
    (ifd,) = struct.unpack(order + "I", head[4:8])
    stream.seek(ifd)
    (count,) = struct.unpack(order + "H", stream.read(2))
    entries = {}
    data = stream.read(12 * min(count, 1024))
    for at in range(0, len(data) - 11, 12):
        tag, kind, n = struct.unpack(order + "HHI", data[at:at + 8])
        entries[tag] = (kind, n, data[at + 8:at + 12])
    for offsets_tag, counts_tag in ((_STRIP_OFFSETS, _STRIP_BYTE_COUNTS),
                                    (_TILE_OFFSETS, _TILE_BYTE_COUNTS)):
        if offsets_tag in entries and counts_tag in entries:
            offsets = _values(stream, order, entries[offsets_tag])
            counts = _values(stream, order, entries[counts_tag])
            if offsets is None or counts is None:
                return False
            return any(o + c > size for o, c in zip(offsets, counts))
    return False


def _values(stream: BinaryIO, order: str, entry: tuple[int, int, bytes]) -> list[int] | None:
    kind, count, field = entry
    code = {3: "H", 4: "I"}.get(kind)
    if code is None or count > MAX_TIFF_VALUES:
        return None
    width = struct.calcsize(code) * count
    if width <= 4:
        data = field[:width]
    else:
        stream.seek(struct.unpack(order + "I", field)[0])
        data = stream.read(width)
        if len(data) < width:
            return [1 << 62]  # the table itself runs past the end
    return list(struct.unpack(f"{order}{count}{code}", data))


_CHECKS = {"JPEG": _jpeg, "PNG": _png, "GIF": _gif, "WEBP": _webp, "BMP": _bmp, "HEIF": _iso,
           "AVIF": _iso, "TIFF": _tiff}
