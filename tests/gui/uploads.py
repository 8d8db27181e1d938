"""Uploading photos through the window and waiting until they are ready (GUI tests' helper)."""

from __future__ import annotations

from pathlib import Path

from photos import write_jpeg

from desktop.client.api import ImageInfo
from desktop.client.queue_types import FileState


def upload(window, qtbot, folder: Path, names: list[str], *,
           size: tuple[int, int] = (320, 240)) -> list[ImageInfo]:
    """Uploads one photo per name (made in `folder`, bytes no other test uploads), waits until
    all are ready, and returns their images in the order of `names`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, name in enumerate(names):
        path = folder / name
        if path.exists():
            path = folder / f"{n}" / name
            path.parent.mkdir()
        paths.append(write_jpeg(path, (size[0] + 8 * n, size[1])))
    return upload_paths(window, qtbot, paths)


def upload_paths(window, qtbot, paths: list[Path]) -> list[ImageInfo]:
    """Uploads files made by the test, waits until all are ready, returns their images in the
    order of `paths`."""
    model = window.upload_view.model
    window.upload_view.add_paths(paths)

    def ready() -> dict[Path, ImageInfo] | None:
        items = {item.path: item for item in model.items() if item.path in paths}
        if len(items) == len(paths) and all(i.state is FileState.READY for i in items.values()):
            return {path: item.image for path, item in items.items()}
        return None

    qtbot.waitUntil(lambda: ready() is not None, timeout=60_000)
    images = ready()
    return [images[path] for path in paths]
