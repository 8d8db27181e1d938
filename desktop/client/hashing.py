"""SHA-256 of a file, streamed, in the base64 form the presign API and S3 expect.

One read gives the whole file's digest and, for a multipart upload, every part's digest
too (each part URL signs its own checksum), so a big file is read once to hash it.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

from .queue_types import Part
from .server_config import part_ranges
from .streaming import FileChanged, FileSnapshot, read_chunks

HASH_CHUNK = 1024 * 1024


def b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


def sha256_file(path: Path, *, on_progress: Callable[[int], None] | None = None,
                cancel: threading.Event | None = None) -> tuple[str, FileSnapshot]:
    """(base64 digest, snapshot of size and mtime) — the snapshot lets the upload
    notice later that the file changed under it."""
    digest, _, snapshot = hash_file(path, None, on_progress=on_progress, cancel=cancel)
    return digest, snapshot


def hash_file(path: Path, part_bytes: int | None, *,
              expect: FileSnapshot | None = None,
              on_progress: Callable[[int], None] | None = None,
              cancel: threading.Event | None = None) -> tuple[str, list[Part], FileSnapshot]:
    """(file digest, parts with their digests — empty without part_bytes, snapshot).

    Raises FileChanged when the file is not `expect` (size and mtime as queued), or changes
    while being read."""
    before = FileSnapshot.of(path)
    if expect is not None and before != expect:
        raise FileChanged(f"{path} changed since it was queued")
    whole = hashlib.sha256()
    ranges = part_ranges(before.size, part_bytes) if part_bytes else []
    parts: list[Part] = []
    part_digest, part_left, index = hashlib.sha256(), ranges[0][2] if ranges else 0, 0
    done = 0
    for chunk in read_chunks(path, before.size, HASH_CHUNK, cancel):
        whole.update(chunk)
        done += len(chunk)
        view = memoryview(chunk)
        while ranges and len(view):  # a chunk may end one part and start the next
            take = view[:part_left]
            part_digest.update(take)
            part_left -= len(take)
            view = view[len(take):]
            if part_left == 0:
                number, _, length = ranges[index]
                parts.append(Part(number, length, b64(part_digest.digest())))
                index += 1
                if index < len(ranges):
                    part_digest, part_left = hashlib.sha256(), ranges[index][2]
        if on_progress is not None:
            on_progress(done)
    if not before.still_matches(path):
        raise FileChanged(f"{path} changed while it was being hashed")
    return b64(whole.digest()), parts, before
