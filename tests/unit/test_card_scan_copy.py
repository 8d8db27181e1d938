"""The Qt-free parts of card import: which volumes are cards, what a card holds, which photos
are new, the verified copy into day folders (never over a file), and how a card is ejected.
The real card (a FAT image, mounted) is tests/gui/test_card_import.py (the window)."""

from __future__ import annotations

import base64
import datetime
import errno
import hashlib
import os
from pathlib import Path

import imagegen
import pytest

from desktop.client import card_copy
from desktop.client.card_copy import CopyFailed, copy_verified, day_folder
from desktop.client.card_scan import (
    CardPhoto,
    Volume,
    by_day,
    day_taken,
    new_cards,
    not_in_gallery,
    photo_paths,
    scan_card,
)
from desktop.client.eject import eject_commands


def _digest(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def _card(tmp_path: Path) -> Path:
    """A card as a camera leaves it: two folders of photos, THM sidecars, a hidden file, a
    settings file and a photo outside DCIM."""
    root = tmp_path / "EOS_DIGITAL"
    canon = root / "DCIM" / "100CANON"
    canon.mkdir(parents=True)
    (root / "DCIM" / "101CANON").mkdir()
    (canon / "IMG_0001.JPG").write_bytes(imagegen.jpeg((64, 48), taken="2026:07:14 09:30:00"))
    (canon / "IMG_0002.JPG").write_bytes(imagegen.jpeg((80, 48), taken="2026:07:15 18:00:00"))
    (canon / "IMG_0001.THM").write_bytes(imagegen.jpeg((16, 16)))
    (canon / ".IMG_0003.JPG").write_bytes(imagegen.jpeg((96, 48)))
    (root / "DCIM" / "101CANON" / "IMG_0101.JPG").write_bytes(
        imagegen.jpeg((64, 64), taken="2026:07:14 11:00:00"))
    (root / "DCIM" / "101CANON" / "CANONMSC.CTG").write_bytes(b"\x00settings")
    (root / "not-a-photo-folder.jpg").write_bytes(imagegen.jpeg((32, 32)))
    return root


def _photo(tmp_path: Path, data: bytes, name: str = "IMG_0001.JPG",
           day: datetime.date = datetime.date(2026, 7, 14)) -> CardPhoto:
    path = tmp_path / "card" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    info = path.stat()
    return CardPhoto(path, info.st_size, info.st_mtime_ns, day, _digest(data))


def test_a_volume_is_a_card_when_it_has_a_dcim_folder_and_is_looked_at_once_per_mount(tmp_path):
    card = Volume(_card(tmp_path), "EOS_DIGITAL", "/dev/sdb1")
    disk = Volume(tmp_path / "disk", "disk", "/dev/sda1")
    disk.root.mkdir()
    seen: set[Path] = set()
    assert new_cards([card, disk], seen) == [card]
    assert new_cards([card, disk], seen) == [], "an inserted card is offered once"
    assert new_cards([disk], seen) == []  # the card is taken out ...
    assert new_cards([card, disk], seen) == [card], "... and offered again when put back"


def test_a_cards_photos_are_the_images_under_dcim_without_sidecars_or_hidden_files(tmp_path):
    root = _card(tmp_path)
    assert [p.relative_to(root).as_posix() for p in photo_paths(root)] == [
        "DCIM/100CANON/IMG_0001.JPG", "DCIM/100CANON/IMG_0002.JPG", "DCIM/101CANON/IMG_0101.JPG"]


def test_the_day_taken_is_exif_date_time_original_else_the_files_local_mtime(tmp_path):
    with_exif = tmp_path / "a.jpg"
    with_exif.write_bytes(imagegen.jpeg((32, 32), taken="2024:02:29 23:59:59"))
    without = tmp_path / "b.jpg"
    without.write_bytes(imagegen.jpeg((32, 32)))
    mtime = datetime.datetime(2023, 12, 31, 12, 0).timestamp()
    os.utime(without, (mtime, mtime))
    assert day_taken(with_exif, without.stat().st_mtime_ns) == datetime.date(2024, 2, 29)
    assert day_taken(without, without.stat().st_mtime_ns) == datetime.date(2023, 12, 31)
    broken = tmp_path / "c.jpg"
    broken.write_bytes(imagegen.jpeg((32, 32), taken="0000:00:00 00:00:00"))
    assert day_taken(broken, without.stat().st_mtime_ns) == datetime.date(2023, 12, 31)


def test_scanning_a_card_hashes_each_photo_as_the_upload_does(tmp_path):
    root = _card(tmp_path)
    counted = []
    photos = scan_card(root, on_photo=counted.append)
    assert counted == [1, 2, 3]
    assert [photo.sha256 for photo in photos] == [
        _digest(path.read_bytes()) for path in photo_paths(root)]
    assert [photo.taken.isoformat() for photo in photos] == [
        "2026-07-14", "2026-07-15", "2026-07-14"]
    assert [(day.isoformat(), [p.path.name for p in group]) for day, group in by_day(photos)] == [
        ("2026-07-14", ["IMG_0001.JPG", "IMG_0101.JPG"]), ("2026-07-15", ["IMG_0002.JPG"])]


def test_only_photos_the_gallery_lacks_are_offered_asking_in_batches(tmp_path):
    photos = [_photo(tmp_path, f"photo {n}".encode(), f"IMG_{n:04}.JPG") for n in range(5)]
    backup_slot = _photo(tmp_path, b"photo 3", "IMG_0003_B.JPG")  # the same bytes twice
    in_gallery = {photos[1].sha256: "a" * 26, photos[4].sha256: "b" * 26}
    asked = []

    def held(digests):
        asked.append(list(digests))
        return {digest: in_gallery[digest] for digest in digests if digest in in_gallery}

    new = not_in_gallery(photos + [backup_slot], held, batch=2)
    assert [photo.path.name for photo in new] == ["IMG_0000.JPG", "IMG_0002.JPG", "IMG_0003.JPG"]
    assert [len(batch) for batch in asked] == [2, 2, 1], "each digest asked once, 2 at a time"


def test_a_copy_lands_in_its_day_folder_verified_with_the_cameras_time(tmp_path):
    photo = _photo(tmp_path, b"camera bytes")
    pictures = tmp_path / "Pictures"
    copy = copy_verified(photo, pictures)
    assert copy == pictures / "2026" / "2026-07-14" / "IMG_0001.JPG"
    assert copy.read_bytes() == b"camera bytes"
    assert copy.stat().st_mtime_ns == photo.mtime_ns
    assert sorted(p.name for p in copy.parent.iterdir()) == ["IMG_0001.JPG"], "no temp left"


def test_a_copy_never_overwrites_and_an_earlier_copy_is_used_again(tmp_path):
    pictures = tmp_path / "Pictures"
    first = _photo(tmp_path, b"first card's photo")
    folder = day_folder(pictures, first)
    folder.mkdir(parents=True)
    (folder / "IMG_0001.JPG").write_bytes(b"someone else's file")
    copy = copy_verified(first, pictures)
    assert copy.name == "IMG_0001 (2).JPG"
    assert (folder / "IMG_0001.JPG").read_bytes() == b"someone else's file"
    assert copy_verified(first, pictures) == copy, "importing again made a second copy"
    assert sorted(p.name for p in folder.iterdir()) == ["IMG_0001 (2).JPG", "IMG_0001.JPG"]


def test_a_copy_that_differs_from_the_scanned_photo_is_refused_and_removed(tmp_path):
    photo = _photo(tmp_path, b"scanned bytes")
    photo.path.write_bytes(b"scanned bytez")  # the card changed (or fails) after the scan
    with pytest.raises(CopyFailed, match="differs from the photo on the card"):
        copy_verified(photo, tmp_path / "Pictures")
    assert list(day_folder(tmp_path / "Pictures", photo).iterdir()) == []


def test_where_hard_links_are_refused_the_copy_still_never_overwrites(tmp_path, monkeypatch):
    def no_links(*_args):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(card_copy.os, "link", no_links)
    photo = _photo(tmp_path, b"on a FAT disk")
    folder = day_folder(tmp_path / "Pictures", photo)
    folder.mkdir(parents=True)
    (folder / "IMG_0001.JPG").write_bytes(b"keep me")
    copy = copy_verified(photo, tmp_path / "Pictures")
    assert (copy.name, copy.read_bytes()) == ("IMG_0001 (2).JPG", b"on a FAT disk")
    assert (folder / "IMG_0001.JPG").read_bytes() == b"keep me"


def test_a_copy_that_cannot_be_written_says_which_photo_and_what_to_do(tmp_path):
    photo = _photo(tmp_path, b"bytes")
    blocked = tmp_path / "Pictures"
    blocked.write_bytes(b"a file where the folder should be")
    with pytest.raises(CopyFailed, match=r"Couldn't copy IMG_0001.JPG to .* Check that the disk"):
        copy_verified(photo, blocked)


@pytest.mark.parametrize(("platform", "have", "expected"), [
    ("linux", {"udisksctl", "umount"},
     [["udisksctl", "unmount", "--no-user-interaction", "-b", "/dev/sdb1"],
      ["umount", "/media/me/EOS_DIGITAL"]]),
    ("linux", {"umount"}, [["umount", "/media/me/EOS_DIGITAL"]]),
    ("linux", set(), []),
    ("darwin", {"diskutil"}, [["diskutil", "eject", "/media/me/EOS_DIGITAL"]]),
    ("win32", {"umount"}, []),
])
def test_eject_tries_udisks_then_umount_and_knows_where_there_is_no_way(platform, have, expected):
    card = Volume(Path("/media/me/EOS_DIGITAL"), "EOS_DIGITAL", "/dev/sdb1")
    assert eject_commands(card, which=lambda name: name if name in have else None,
                          platform=platform) == expected
