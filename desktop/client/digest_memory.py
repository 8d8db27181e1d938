"""What the watcher already knows about files: (path, size, mtime) -> digest, on disk.

A start-up scan of a watched folder with 100,000 photos must not read 100,000 files again:
a file whose size and mtime are the ones remembered, with the endpoint it went to, is known
to be in that gallery (its row finished ready or already-there) and is passed over without
being opened. A file that is no photo is remembered too (digest None), so a rescan doesn't
sniff it again. Anything else (new, changed, touched) goes to the queue, whose digest dedup
keeps it exactly-once: forgetting here costs hashing, never an upload.

One small SQLite file beside the queue, read whole at open (a dict lookup per scanned file)
and written by the caller's thread in batches. Not thread-safe: the watcher's own thread
owns it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Known:
    size: int
    mtime_ns: int
    sha256: str | None   # None: not a photo Thumbdrop takes
    endpoint: str | None


class DigestMemory:
    def __init__(self, path: Path | str):
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # losing the last batch costs a re-hash
        self._db.execute("CREATE TABLE IF NOT EXISTS known (path TEXT PRIMARY KEY, "
                         "size INTEGER, mtime_ns INTEGER, sha256 TEXT, endpoint TEXT)")
        self._known: dict[str, Known] = {
            path: Known(size, mtime, sha, endpoint) for path, size, mtime, sha, endpoint
            in self._db.execute("SELECT path, size, mtime_ns, sha256, endpoint FROM known")}
        self._dirty: dict[str, Known] = {}

    def __len__(self) -> int:
        return len(self._known)

    def get(self, path: str) -> Known | None:
        return self._known.get(path)

    def unchanged(self, path: str, size: int, mtime_ns: int, endpoint: str | None) -> bool:
        """True when nothing needs doing for this file: remembered with this size and mtime,
        and either not a photo or already in the gallery at `endpoint`."""
        known = self._known.get(path)
        return (known is not None and known.size == size and known.mtime_ns == mtime_ns
                and (known.sha256 is None or known.endpoint == endpoint))

    def remember(self, path: str, size: int, mtime_ns: int, sha256: str | None,
                 endpoint: str | None = None) -> None:
        known = Known(size, mtime_ns, sha256, endpoint)
        if self._known.get(path) != known:
            self._known[path] = self._dirty[path] = known

    def save(self) -> None:
        """Writes what was remembered since the last save, in one transaction."""
        if not self._dirty:
            return
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO known VALUES (?, ?, ?, ?, ?)",
                [(path, k.size, k.mtime_ns, k.sha256, k.endpoint)
                 for path, k in self._dirty.items()])
        self._dirty.clear()

    def close(self) -> None:
        self.save()
        self._db.close()
