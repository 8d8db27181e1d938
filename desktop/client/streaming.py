"""Reading a file from disk in chunks: never whole, always cancellable.

`FileBody` is what the presigned PUT sends. It is an iterable with a length, so
requests sends a Content-Length (the signed one) instead of chunked transfer
encoding, and urllib3 pulls one chunk at a time: raising from the iterator
aborts the request mid-body, which is how cancel works during an upload.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

UPLOAD_CHUNK = 256 * 1024
BIG_CHUNK = 1024 * 1024  # for bodies of 8 MiB and more: fewer trips through Python per byte
THROTTLE_SLICE = 64 * 1024  # what one take of the upload limit covers (bandwidth.py)


class Cancelled(Exception):
    """The job's cancel event was set; raised between chunks."""


class FileChanged(Exception):
    """The file on disk is not the one that was hashed and presigned."""


@dataclass(frozen=True)
class FileSnapshot:
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileSnapshot:
        info = os.stat(path)
        return cls(info.st_size, info.st_mtime_ns)

    def still_matches(self, path: Path) -> bool:
        try:
            return FileSnapshot.of(path) == self
        except OSError:
            return False


def read_chunks(path: Path, length: int, chunk_size: int,
                cancel: threading.Event | None = None, offset: int = 0) -> Iterator[bytes]:
    """Exactly `length` bytes of the file from `offset`, in chunks, checking `cancel`
    before each read."""
    remaining = length
    with open(path, "rb") as handle:
        if offset:
            handle.seek(offset)
        while remaining > 0:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            chunk = handle.read(min(chunk_size, remaining))
            if not chunk:
                raise FileChanged(f"{path} is shorter than when it was hashed")
            remaining -= len(chunk)
            yield chunk


class FileBody:
    """A request body (a whole file or one part of it) streamed from disk with progress;
    len() is the signed Content-Length. on_progress gets the bytes sent so far."""

    def __init__(self, path: Path, length: int, *, offset: int = 0,
                 chunk_size: int | None = None,
                 on_progress: Callable[[int], None] | None = None,
                 cancel: threading.Event | None = None,
                 throttle: Callable[[int, threading.Event | None], None] | None = None):
        self.path = path
        self.offset = offset
        self.length = length
        self.chunk_size = chunk_size or (BIG_CHUNK if length >= 8 * BIG_CHUNK else UPLOAD_CHUNK)
        self.on_progress = on_progress
        self.cancel = cancel
        self.throttle = throttle  # BandwidthLimit.take: waits until n bytes may go

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[bytes]:
        sent = 0
        for chunk in read_chunks(self.path, self.length, self.chunk_size, self.cancel,
                                 self.offset):
            # Under a limit a chunk goes in slices, so the shared bucket hands out turns
            # fairly and no connection sits on a megabyte of allowance.
            pieces = [chunk] if self.throttle is None else [
                chunk[i:i + THROTTLE_SLICE] for i in range(0, len(chunk), THROTTLE_SLICE)]
            for piece in pieces:
                if self.throttle is not None:
                    self.throttle(len(piece), self.cancel)
                yield piece
                # urllib3 asks for the next chunk only after sending this one,
                # so progress counts bytes that actually left.
                sent += len(piece)
                if self.on_progress is not None:
                    self.on_progress(sent)
