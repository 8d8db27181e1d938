"""Memory cards and cameras: which mounted volumes are cards, what photos a card holds, and
which of them the gallery doesn't have yet.

Qt-free and blocking (the app runs it on a worker, tests call it directly). A card is any
mounted volume with a `DCIM/` folder (the camera file system rule, DCF, every camera and
phone follows). Its photos are hashed (streamed, the same digest the upload uses) and the
digests are asked about in batches (`POST /uploads/check`): no bytes leave the machine to
learn what is new. The day taken is the EXIF DateTimeOriginal where the file has one, else
the file's modification time, in local time (cameras write local time without a zone).
"""

from __future__ import annotations

import datetime
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from PIL import Image

from .filetypes import sniff_content_type
from .hashing import sha256_file
from .watch_rules import passed_over

CARD_FOLDER = "DCIM"
EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 0x9003
DATE_TIME = 0x0132  # IFD0: when the file was written; a camera writes it with the photo


@dataclass(frozen=True)
class Volume:
    """A mounted volume as the platform lists it."""

    root: Path
    name: str            # the label ("EOS_DIGITAL"), else the mount folder's name
    device: str | None   # /dev/sdb1, /dev/loop3; None where the platform names none


@dataclass(frozen=True)
class CardPhoto:
    path: Path            # on the card
    size: int
    mtime_ns: int
    taken: datetime.date
    sha256: str           # base64 of the SHA-256, as the API takes it


def is_card(root: Path) -> bool:
    """True when the volume has a DCIM folder. Touches the disk: call it off the UI thread."""
    return (root / CARD_FOLDER).is_dir()


def new_cards(volumes: Iterable[Volume], seen: set[Path]) -> list[Volume]:
    """The volumes among `volumes` not in `seen` that are cards; `seen` gets every volume
    looked at, so a volume is checked once per mount (a slow network mount once, not every
    poll), and forgets the ones no longer mounted (so a card put back in is offered again)."""
    mounted = {volume.root for volume in volumes}
    seen.intersection_update(mounted)
    found = []
    for volume in volumes:
        if volume.root in seen:
            continue
        seen.add(volume.root)
        try:
            if is_card(volume.root):
                found.append(volume)
        except OSError:
            continue  # a volume that can't be read is no card we can import from
    return found


def photo_paths(root: Path) -> Iterator[Path]:
    """Every photo under the card's DCIM (name order), by the watcher's rules: hidden files,
    sidecars (a camera's .THM previews) and partial files are passed over, and a file is a
    photo when its bytes say it is one of the types Thumbdrop takes."""
    dcim = root / CARD_FOLDER
    for folder, dirs, files in os.walk(dcim):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder, name)
            if not passed_over(path, dcim) and sniff_content_type(path) is not None:
                yield path


def day_taken(path: Path, mtime_ns: int) -> datetime.date:
    """The day the photo was taken: EXIF DateTimeOriginal (or IFD0 DateTime), else the
    file's modification day in local time."""
    try:
        with Image.open(path) as image:  # reads the header only
            exif = image.getexif()
            stamp = exif.get_ifd(EXIF_IFD).get(DATE_TIME_ORIGINAL) or exif.get(DATE_TIME)
        if isinstance(stamp, bytes):
            stamp = stamp.decode("ascii", "replace")
        return datetime.datetime.strptime(str(stamp).strip("\x00 ")[:19],
                                          "%Y:%m:%d %H:%M:%S").date()
    except Exception:  # noqa: BLE001 - no readable date (RAW, no EXIF, "0000:00:00") -> mtime
        return datetime.datetime.fromtimestamp(mtime_ns / 1e9).date()


def scan_card(root: Path, *, cancel: threading.Event | None = None,
              on_photo: Callable[[int], None] | None = None) -> list[CardPhoto]:
    """Every photo on the card with its size, day taken and digest (each file read once,
    streamed). `on_photo(count)` after each; `cancel` stops between reads (streaming.Cancelled)."""
    photos = []
    for path in photo_paths(root):
        digest, snapshot = sha256_file(path, cancel=cancel)
        photos.append(CardPhoto(path, snapshot.size, snapshot.mtime_ns,
                                day_taken(path, snapshot.mtime_ns), digest))
        if on_photo is not None:
            on_photo(len(photos))
    return photos


def not_in_gallery(photos: list[CardPhoto], held: Callable[[list[str]], dict[str, str]],
                   batch: int) -> list[CardPhoto]:
    """The photos whose digests the gallery doesn't hold; `held(digests)` answers for at most
    `batch` digests at a time (ApiClient.held_digests). The same photo twice on a card (a
    camera's backup slot) is one new photo, offered once."""
    digests = list(dict.fromkeys(photo.sha256 for photo in photos))
    known: dict[str, str] = {}
    for start in range(0, len(digests), max(1, batch)):
        known.update(held(digests[start:start + batch]))
    offered: set[str] = set()
    new = []
    for photo in photos:
        if photo.sha256 not in known and photo.sha256 not in offered:
            offered.add(photo.sha256)
            new.append(photo)
    return new


def by_day(photos: Iterable[CardPhoto]) -> list[tuple[datetime.date, list[CardPhoto]]]:
    """The photos grouped by day taken, oldest day first, each day in name order."""
    ordered = sorted(photos, key=lambda photo: (photo.taken, photo.path.name, str(photo.path)))
    return [(day, list(group)) for day, group in groupby(ordered, key=lambda p: p.taken)]
