"""A bounded on-disk cache of downloaded renditions, keyed by image id.

Renditions never change once made (ids are server-made and unique), so a cached file
is good forever; only the size cap evicts, oldest-used first. Called on worker
threads only: it does disk I/O.

An id becomes a file name here, so only ids of the server's own pattern are accepted:
whatever else a server answers (`../../x`) never turns into a path.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from desktop.client.api import checked_id
from desktop.client.renditions import CACHED, Rendition

DEFAULT_CAP = 200 * 1024 * 1024
NAMED_KEPT = 200  # named copies (for drag and drop) of this many images are kept


class ThumbCache:
    def __init__(self, directory: Path, cap_bytes: int = DEFAULT_CAP):
        self._dir = directory
        self._cap = cap_bytes
        self._lock = threading.Lock()  # eviction walks the directory; one walker at a time

    @property
    def directory(self) -> Path:
        return self._dir

    def path_for(self, image_id: str, kind: str = Rendition.THUMBNAIL) -> Path:
        """The cache file of one rendition. ValueError (InvalidId) for an id that is not of
        the server's pattern, or a kind that is not a rendition."""
        if kind not in CACHED:
            raise ValueError(f"unknown rendition {kind!r}")
        return self._dir / f"{checked_id(image_id)}.{kind}.webp"

    def get(self, image_id: str, kind: str = Rendition.THUMBNAIL) -> Path | None:
        path = self.path_for(image_id, kind)
        try:
            os.utime(path)  # mark as recently used for eviction
        except FileNotFoundError:
            return None
        return path

    def fetch(self, image_id: str, url: str, download, kind: str = Rendition.THUMBNAIL) -> Path:
        """The cached file, downloading it with `download(url, dest)` when missing."""
        cached = self.get(image_id, kind)
        if cached:
            return cached
        dest = self.path_for(image_id, kind)
        self._dir.mkdir(parents=True, exist_ok=True)
        download(url, dest)
        self._evict()
        return dest

    def named_copy(self, source: Path, image_id: str, name: str) -> Path:
        """`source` under a person's file name, for handing to another application (a drag):
        `<cache>/named/<id>/<name>`, hard-linked where the file system allows. `name` must be a
        plain file name (downloads.plain_name)."""
        if not name or Path(name).name != name or name in (".", ".."):
            raise ValueError(f"not a plain file name: {name!r}")
        named = self._dir / "named"
        folder = named / checked_id(image_id)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        if not target.exists():
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        os.utime(folder)
        self._prune_named(named)
        return target

    def _prune_named(self, named: Path) -> None:
        with self._lock:
            folders = sorted((entry.stat().st_mtime, entry.path) for entry in os.scandir(named)
                             if entry.is_dir())
            for _, path in folders[:-NAMED_KEPT]:
                shutil.rmtree(path, ignore_errors=True)

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
