"""SHA-256 of a file, streamed, in the base64 form the presign API and S3 expect."""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

from .streaming import FileChanged, FileSnapshot, read_chunks

HASH_CHUNK = 1024 * 1024


def sha256_file(path: Path, *, on_progress: Callable[[int], None] | None = None,
                cancel: threading.Event | None = None) -> tuple[str, FileSnapshot]:
    """(base64 digest, snapshot of size and mtime) — the snapshot lets the upload
    notice later that the file changed under it."""
    before = FileSnapshot.of(path)
    digest = hashlib.sha256()
    done = 0
    for chunk in read_chunks(path, before.size, HASH_CHUNK, cancel):
        digest.update(chunk)
        done += len(chunk)
        if on_progress is not None:
            on_progress(done)
    if not before.still_matches(path):
        raise FileChanged(f"{path} changed while it was being hashed")
    return base64.b64encode(digest.digest()).decode("ascii"), before
