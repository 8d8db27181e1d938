"""Can the data dir take new uploads? Asked before every presign that hands one out, so a full
or read-only disk is a clear refusal up front instead of a "ready" that is later gone.

Free space and the read-only flag come from statvfs (cheap, every time); a real write is
tried at most every PROBE_SECONDS, for filesystems that refuse writes without saying so.

A full disk must not keep the gallery shut: the store cannot even open its files with no
byte free (its LevelDB writes a new log at every start). So the data dir holds RESERVE_BYTES
of real blocks (`space-reserve`) while there is room; a start on a full disk releases them
first, and the backend starts read-only in effect: browsing, downloads and deletes work,
uploads are refused with the sentence. When space returns the reserve is made again and
uploads are taken again, without a restart.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

PROBE_SECONDS = 5.0
MIN_FREE_BYTES = 64 * 1024 * 1024  # room left for renditions, records and the store's own files
RESERVE_BYTES = 32 * 1024 * 1024  # what a start on a full disk frees for the store to open
RESERVE_FILE = "space-reserve"
_MB = 1024 * 1024


class StorageGuard:
    def __init__(self, data_dir: Path, min_free_bytes: int = MIN_FREE_BYTES,
                 reserve_bytes: int = RESERVE_BYTES):
        self._dir = data_dir
        self.min_free_bytes = min_free_bytes
        self._reserve_bytes = reserve_bytes
        self._lock = threading.Lock()
        self._probed_at = -PROBE_SECONDS
        self._probe_problem: str | None = None

    def release_reserve_if_full(self) -> bool:
        """At start, before the store opens its files: on a full disk, frees the reserve and
        says True (the backend then refuses uploads until space returns)."""
        if shutil.disk_usage(self._dir).free >= self.min_free_bytes:
            return False
        (self._dir / RESERVE_FILE).unlink(missing_ok=True)
        return True

    def problem(self) -> str | None:
        """A sentence saying why new uploads cannot be stored now, or None when they can."""
        if _read_only(self._dir):
            return self._read_only_sentence()
        free = shutil.disk_usage(self._dir).free
        # Without its reserve (released by a start on a full disk, or never made yet) the disk
        # must also have room to make it: so a start that freed it is not filled up again.
        needed = self.min_free_bytes + \
            (0 if (self._dir / RESERVE_FILE).exists() else self._reserve_bytes)
        if free < needed:
            return (f"The backend's disk is full ({free // _MB} MB free; it keeps "
                    f"{needed // _MB} MB free for the thumbnails of what it already "
                    "accepted). Free some space on it, then upload again.")
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
                self._keep_reserve()
                self._probe_problem = None
            except OSError as error:
                self._probe_problem = (
                    "The backend cannot write to its disk "
                    f"({error.strerror or error}), so it takes no uploads. Check the disk "
                    "that holds its data folder, then upload again.")
            self._probed_at = time.monotonic()
            return self._probe_problem

    def _keep_reserve(self) -> None:
        """Makes the reserve again once there is room for it and for min_free_bytes besides."""
        reserve = self._dir / RESERVE_FILE
        if reserve.exists() or not self._reserve_bytes:
            return
        partial = reserve.with_name(f".{RESERVE_FILE}")
        try:
            with open(partial, "wb") as out:  # real blocks, not a sparse file: they must free
                block = bytes(_MB)
                out.writelines(block for _ in range(self._reserve_bytes // _MB))
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, reserve)
        finally:
            partial.unlink(missing_ok=True)

    @staticmethod
    def _read_only_sentence() -> str:
        return ("The backend's disk is read-only, so it takes no uploads. Make the disk "
                "that holds its data folder writable, then upload again.")


def _read_only(path: Path) -> bool:
    if not hasattr(os, "statvfs"):  # Windows: the write probe finds out
        return False
    return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
