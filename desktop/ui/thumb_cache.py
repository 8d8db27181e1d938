"""A bounded on-disk cache of downloaded renditions, keyed by image id.

Renditions never change once made (ids are server-made and unique), so a cached file
is good forever; only the size cap evicts, oldest-used first. Called on worker
threads only: it does disk I/O.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

DEFAULT_CAP = 200 * 1024 * 1024


class ThumbCache:
    def __init__(self, directory: Path, cap_bytes: int = DEFAULT_CAP):
        self._dir = directory
        self._cap = cap_bytes
        self._lock = threading.Lock()  # eviction walks the directory; one walker at a time

    def path_for(self, image_id: str, kind: str = "thumbnail") -> Path:
        return self._dir / f"{image_id}.{kind}.webp"

    def get(self, image_id: str, kind: str = "thumbnail") -> Path | None:
        path = self.path_for(image_id, kind)
        try:
            os.utime(path)  # mark as recently used for eviction
        except FileNotFoundError:
            return None
        return path

    def fetch(self, image_id: str, url: str, download, kind: str = "thumbnail") -> Path:
        """The cached file, downloading it with `download(url, dest)` when missing."""
        cached = self.get(image_id, kind)
        if cached:
            return cached
        self._dir.mkdir(parents=True, exist_ok=True)
        dest = self.path_for(image_id, kind)
        download(url, dest)
        self._evict()
        return dest

    def _evict(self) -> None:
        with self._lock:
            entries = []
            for entry in os.scandir(self._dir):
                if entry.is_file() and entry.name.endswith(".webp"):
                    stat = entry.stat()
                    entries.append((stat.st_mtime, stat.st_size, entry.path))
            total = sum(size for _, size, _ in entries)
            for _, size, path in sorted(entries):
                if total <= self._cap:
                    break
                Path(path).unlink(missing_ok=True)
                total -= size
