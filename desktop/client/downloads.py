"""Saving gallery images into a folder the user chose: originals and large views.

Qt-free and blocking (worker threads call it). A filename from the server is data, never a
path: it is reduced to a plain file name, and a file that is already in the folder is never
overwritten (the new one becomes "name (2).jpg"). Names are claimed with an exclusive
create, so downloads running side by side can't pick the same one; the bytes arrive in a
temp file that replaces the claimed (empty) one at the end, and a failed download leaves
nothing behind.
"""

from __future__ import annotations

import os
import shutil
import threading
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath

from desktop.client.api import ApiClient, ImageInfo
from desktop.client.api_errors import ApiError
from desktop.client.i18n import translate

MAX_NAME_CHARS = 180  # well inside every file system's 255-byte limit, even in UTF-8
# Characters Windows (and SMB shares) refuse in names; harmless to avoid everywhere.
_FORBIDDEN = set('<>:"/\\|?*')


class Cancelled(Exception):
    """The user cancelled the download."""


def plain_name(filename: str, fallback: str) -> str:
    """`filename` as a safe name for one file in a folder: no directories, no control or
    reserved characters, not hidden, not empty; `fallback` when nothing usable is left."""
    name = PurePath(filename.replace("\\", "/")).name
    name = unicodedata.normalize("NFC", name)
    name = "".join("_" if c in _FORBIDDEN or unicodedata.category(c)[0] == "C" else c
                   for c in name).strip().lstrip(".").rstrip(". ")
    if not name:
        return fallback
    if len(name) > MAX_NAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        if dot and len(suffix) <= 10:
            name = stem[:MAX_NAME_CHARS - len(suffix) - 1] + "." + suffix
        else:
            name = name[:MAX_NAME_CHARS]
    return name


def free_names(folder: Path, name: str) -> Iterator[Path]:
    """`name` in `folder`, then "stem (2).ext", "stem (3).ext", …: the names a file that must
    not overwrite another may take, in the order they are tried."""
    path = folder / name
    yield path
    for n in range(2, 10_000):
        yield folder / f"{path.stem} ({n}){path.suffix}"


def _create_empty(candidate: Path) -> None:
    os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))


def claim(folder: Path, name: str, create: Callable[[Path], None] = _create_empty) -> Path:
    """Creates `name` in `folder` (by default an empty file; `create` raises FileExistsError
    when the name is taken), or the next of `free_names` when taken, and returns it.
    Exclusive: no other claim gets the same file."""
    for candidate in free_names(folder, name):
        try:
            create(candidate)
        except FileExistsError:
            continue
        return candidate
    raise ApiError(translate("Downloads", "{folder} already holds thousands of files named like "
                             "{name}.").format(folder=folder, name=name), code="save_failed")


def _saved_into(folder: Path, name: str, write: Callable[[Path], None]) -> Path:
    try:
        target = claim(folder, name)
    except OSError as exc:
        raise ApiError(translate("Downloads", "Couldn't create {name} in {folder} ({reason}). Check "
                                 "that the folder exists and you may write to it.").format(
                                     name=name, folder=folder, reason=exc.strerror or exc),
                       code="save_failed") from None
    try:
        write(target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def save_original(api: ApiClient, image: ImageInfo, folder: Path,
                  progress: Callable[[int], None]) -> Path:
    """Downloads the original of `image` into `folder`; ApiError code "gone" when the server
    no longer keeps it."""
    original = api.get_original(image.id)
    name = plain_name(original.filename or image.filename, fallback=image.id)
    return save_download(api, original.url, folder, name, progress)


def save_download(api: ApiClient, url: str, folder: Path, name: str,
                  progress: Callable[[int], None] | None = None) -> Path:
    """Downloads `url` into `folder` as `name` (a plain_name), never over an existing file."""
    return _saved_into(folder, name, lambda target: api.download(url, target, progress))


def large_view_name(image: ImageInfo) -> str:
    """The file name a large view is saved or dragged out under: "<original name>.webp"."""
    stem = PurePath(plain_name(image.filename, fallback=image.id)).stem or image.id
    return plain_name(f"{stem}.webp", fallback=f"{image.id}.webp")


def save_large(api: ApiClient, cached: Callable[[], Path], image: ImageInfo,
               folder: Path) -> Path:
    """Copies the large view of `image` (fetched into the cache by `cached()`) into `folder`
    as "<original name>.webp"."""
    source = cached()
    name = large_view_name(image)

    def copy(target: Path) -> None:
        try:
            shutil.copyfile(source, target)
        except OSError as exc:
            raise ApiError(translate("Downloads", "Couldn't save {name} in {folder} ({reason}). "
                                     "Check that the disk has space.").format(
                                         name=target.name, folder=folder,
                                         reason=exc.strerror or exc),
                           code="save_failed") from None
    return _saved_into(folder, name, copy)


class Progress:
    """Bytes done across worker threads, read by the UI on a timer; cancel() makes the next
    chunk of every running download raise Cancelled."""

    def __init__(self):
        self._lock = threading.Lock()
        self._bytes = 0
        self._cancelled = threading.Event()

    def add(self, count: int) -> None:
        if self._cancelled.is_set():
            raise Cancelled()
        with self._lock:
            self._bytes += count

    def check(self) -> None:
        if self._cancelled.is_set():
            raise Cancelled()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def bytes(self) -> int:
        with self._lock:
            return self._bytes
