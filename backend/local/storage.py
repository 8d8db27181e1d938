"""Can the data dir take new uploads? Asked before every presign that hands one out, so a full
or read-only disk is a clear refusal up front instead of a "ready" that is later gone.

Free space and the read-only flag come from statvfs (cheap, every time); a real write is
tried at most every PROBE_SECONDS, for filesystems that refuse writes without saying so.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

PROBE_SECONDS = 5.0
MIN_FREE_BYTES = 64 * 1024 * 1024  # room left for renditions, records and the store's own files
_MB = 1024 * 1024


class StorageGuard:
    def __init__(self, data_dir: Path, min_free_bytes: int = MIN_FREE_BYTES):
        self._dir = data_dir
        self.min_free_bytes = min_free_bytes
        self._lock = threading.Lock()
        self._probed_at = -PROBE_SECONDS
        self._probe_problem: str | None = None

    def problem(self) -> str | None:
        """A sentence saying why new uploads cannot be stored now, or None when they can."""
        if _read_only(self._dir):
            return self._read_only_sentence()
        free = shutil.disk_usage(self._dir).free
        if free < self.min_free_bytes:
            return (f"The backend's disk is full ({free // _MB} MB free; it keeps "
                    f"{self.min_free_bytes // _MB} MB free for the thumbnails of what it "
                    "already accepted). Free some space on it, then upload again.")
        return self._probe()

    def _probe(self) -> str | None:
        with self._lock:
            if time.monotonic() - self._probed_at < PROBE_SECONDS:
                return self._probe_problem
            probe = self._dir / ".write-probe"
            try:
                with open(probe, "wb") as out:
                    out.write(b"x")
                    out.flush()
                    os.fsync(out.fileno())
                probe.unlink()
                self._probe_problem = None
            except OSError as error:
                self._probe_problem = (
                    "The backend cannot write to its disk "
                    f"({error.strerror or error}), so it takes no uploads. Check the disk "
                    "that holds its data folder, then upload again.")
            self._probed_at = time.monotonic()
            return self._probe_problem

    @staticmethod
    def _read_only_sentence() -> str:
        return ("The backend's disk is read-only, so it takes no uploads. Make the disk "
                "that holds its data folder writable, then upload again.")


def _read_only(path: Path) -> bool:
    if not hasattr(os, "statvfs"):  # Windows: the write probe finds out
        return False
    return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
