"""Copying a card's photos to <Pictures>/<yyyy>/<yyyy-mm-dd>/ before anything else is done
with them, verified by digest, never over an existing file.

Qt-free and blocking (a worker runs it). Each photo is streamed into a hidden temp file in
its day folder (hidden, so a watched folder passes it over), flushed to disk, dropped from the
page cache where the OS allows (Linux), read back and hashed: only a copy whose digest is the
one the card's file had when it was scanned is published. Publishing is a hard link to a free
name (the card's name, else "name (2).ext"): the link fails rather than replace a file, so a
photo already there is never overwritten, and a crash leaves either no copy or a whole one.
A copy made by an earlier import (same name or a numbered one, same size and digest) is used
again instead of a second copy.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable
from pathlib import Path

import platformdirs

from .card_scan import CardPhoto
from .downloads import claim, free_names
from .hashing import HASH_CHUNK, sha256_file
from .i18n import translate
from .streaming import read_chunks

TEMP_SUFFIX = ".thumbdrop-part"


class CopyFailed(Exception):
    """A photo could not be copied; str() is the sentence for the user."""


def pictures_folder() -> Path:
    """The user's pictures folder (XDG_PICTURES_DIR on Linux, ~/Pictures on macOS, the
    Pictures known folder on Windows)."""
    return Path(platformdirs.user_pictures_dir())


def day_folder(pictures: Path, photo: CardPhoto) -> Path:
    return pictures / f"{photo.taken:%Y}" / f"{photo.taken:%Y-%m-%d}"


def copy_verified(photo: CardPhoto, pictures: Path, *,
                  cancel: threading.Event | None = None,
                  on_bytes: Callable[[int], None] | None = None) -> Path:
    """The verified copy of `photo` in its day folder under `pictures` (made now, or found
    from an earlier import). Raises CopyFailed with a sentence; streaming.Cancelled."""
    folder = day_folder(pictures, photo)
    name = photo.path.name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        earlier = _earlier_copy(folder, photo)
        if earlier is not None:
            return earlier
        temp = folder / f".{name}{TEMP_SUFFIX}"
        try:
            _write(photo, temp, cancel, on_bytes)
            if sha256_file(temp, cancel=cancel)[0] != photo.sha256:
                raise CopyFailed(translate(
                    "CardImport", "The copy of {name} in {folder} differs from the photo on the "
                    "card (a failing card or disk); it was removed. Try the import again, or copy "
                    "the photo with your file manager.").format(name=name, folder=folder))
            return _publish(temp, folder, name)
        finally:
            temp.unlink(missing_ok=True)
    except OSError as error:
        raise CopyFailed(translate(
            "CardImport", "Couldn't copy {name} to {folder} ({reason}). Check that the disk has "
            "space and you may write there, then import again.").format(
                name=name, folder=folder, reason=error.strerror or error)) from None


def _earlier_copy(folder: Path, photo: CardPhoto) -> Path | None:
    for candidate in free_names(folder, photo.path.name):
        try:
            if candidate.stat().st_size == photo.size and \
                    sha256_file(candidate)[0] == photo.sha256:
                return candidate
        except FileNotFoundError:
            return None  # the numbered names end here
    return None


def _write(photo: CardPhoto, temp: Path, cancel: threading.Event | None,
           on_bytes: Callable[[int], None] | None) -> None:
    temp.unlink(missing_ok=True)  # ours, left by an import that was killed
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with open(fd, "wb") as out:
        for chunk in read_chunks(photo.path, photo.size, HASH_CHUNK, cancel):
            out.write(chunk)
            if on_bytes is not None:
                on_bytes(len(chunk))
        out.flush()
        os.fsync(out.fileno())
        if hasattr(os, "posix_fadvise"):
            # Clean pages after the fsync: dropped, so the read-back comes from the disk.
            os.posix_fadvise(out.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    os.utime(temp, ns=(photo.mtime_ns, photo.mtime_ns))  # the copy keeps the camera's time


def _publish(temp: Path, folder: Path, name: str) -> Path:
    try:
        final = claim(folder, name, create=lambda candidate: os.link(temp, candidate))
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # No hard links here (FAT, some network shares): claim an empty file, then replace
        # only that one, our own.
        final = claim(folder, name)
        os.replace(temp, final)
    _sync_folder(folder)
    return final


def _sync_folder(folder: Path) -> None:
    if os.name == "nt":
        return  # a folder can't be opened for fsync on Windows; NTFS journals the entry
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
