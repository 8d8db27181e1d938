"""Uploading photos through the window and waiting until they are ready (GUI tests' helper)."""

from __future__ import annotations

import os
from pathlib import Path

import imagegen

from desktop.client.api import ImageInfo
from desktop.client.engine import JobState


def unique_jpeg(size: tuple[int, int]) -> bytes:
    """A two-tone JPEG no other test uploads (the backend is shared by the session, and equal
    bytes would be one image): random bytes after the end-of-image marker change the digest,
    not the picture."""
    return imagegen.jpeg(size) + os.urandom(16)


def upload(window, qtbot, folder: Path, names: list[str], *,
           size: tuple[int, int] = (320, 240)) -> list[ImageInfo]:
    """Uploads one photo per name (made in `folder`), waits until all are ready, and returns
    their images in the order of `names`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, name in enumerate(names):
        path = folder / name
        if path.exists():
            path = folder / f"{n}" / name
            path.parent.mkdir()
        path.write_bytes(unique_jpeg((size[0] + 8 * n, size[1])))
        paths.append(path)
    model = window.upload_view.model
    before = model.rowCount()
    window.upload_view.add_paths(paths)

    def all_ready():
        rows = model.rows()[before:]
        return len(rows) == len(paths) and all(r.state == JobState.READY.value for r in rows)

    qtbot.waitUntil(all_ready, timeout=60_000)
    by_path = {row.path: row.image for row in model.rows()[before:]}
    return [by_path[path] for path in paths]
