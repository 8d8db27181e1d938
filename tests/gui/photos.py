"""Photos whose bytes no other test uploads.

The backend answers "already in the gallery" for bytes it holds, and the GUI tests share one
backend: a test that uploads imagegen's picture another test uploaded too would see a
duplicate instead of an upload. `unique()` adds a random comment (JPEG) or text chunk (PNG)
that changes the bytes, not the picture.
"""

from __future__ import annotations

import struct
import uuid
import zlib
from pathlib import Path

import imagegen


def unique(data: bytes) -> bytes:
    tag = uuid.uuid4().hex.encode()
    if data[:2] == b"\xff\xd8":  # JPEG: a COM segment after the APPn segments (EXIF first)
        position = 2
        while data[position] == 0xFF and 0xE0 <= data[position + 1] <= 0xEF:
            position += 2 + struct.unpack(">H", data[position + 2:position + 4])[0]
        segment = b"\xff\xfe" + struct.pack(">H", len(tag) + 2) + tag
        return data[:position] + segment + data[position:]
    if data[:8] == b"\x89PNG\r\n\x1a\n":  # PNG: a tEXt chunk before IEND
        body = b"tEXt" + b"test\x00" + tag
        chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
        end = data.rindex(b"IEND") - 4
        return data[:end] + chunk + data[end:]
    raise ValueError("unique() knows JPEG and PNG")


def write_jpeg(path: Path, size=(640, 480), **kwargs) -> Path:
    path.write_bytes(unique(imagegen.jpeg(size, **kwargs)))
    return path


def write_png(path: Path, size=(640, 480), **kwargs) -> Path:
    path.write_bytes(unique(imagegen.png(size, **kwargs)))
    return path


def write_undecodable(path: Path, size: int = 300_000) -> Path:
    """A JPEG signature, then bytes no decoder can read: taken by the app (it looks like a
    JPEG), refused by the backend's resize (a failed image with a reason)."""
    with open(path, "wb") as out:
        out.write(imagegen.jpeg((64, 64))[:32])
        out.write(uuid.uuid4().bytes * (size // 16))
    return path
