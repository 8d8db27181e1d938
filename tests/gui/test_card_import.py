"""A memory card for real: a FAT image made by mkfs.vfat, its DCIM/100CANON/ written by mtools,
mounted (the kernel's vfat on a loop device, else fusefat where the kernel has no vfat, as in
many containers), half its photos already in the gallery of the real local backend. The
window notices the card, the dialog lists only the new half by day, the copies land in the
day folders verified, the queue uploads the copies, and eject unmounts the card."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import imagegen
import pytest
from helpers import Api
from photos import unique
from PySide6.QtCore import Qt

from desktop.client.queue_types import FileState

CARD = "EOS_DIGITAL"
DAYS = ("2026:07:14", "2026:07:15")


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60,
                          stdin=subprocess.DEVNULL)


def _mount(image: Path, mount_point: Path) -> str | None:
    """Mounts the image; None when mounted, else why it can't be here."""
    kernel = _run("mount", "-o", "loop", str(image), str(mount_point))
    if kernel.returncode == 0:
        return None
    if shutil.which("fusefat") and os.path.exists("/dev/fuse"):
        fuse = _run("fusefat", "-o", "ro", str(image), str(mount_point))
        if fuse.returncode == 0 and os.path.ismount(mount_point):
            return None
        return f"mount: {kernel.stderr.strip()}; fusefat: {fuse.stderr.strip()[-200:]}"
    return f"mount: {kernel.stderr.strip()} (and no fusefat to mount FAT through FUSE)"


@pytest.fixture
def memory_card(tmp_path):
    """(mount point, {name: bytes}) of a mounted FAT card with six photos over two days."""
    if os.geteuid() != 0:
        pytest.skip("mounting a card image needs root (the tests run as root in CI)")
    missing = [tool for tool in ("mkfs.vfat", "mcopy") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed (apt-get install dosfstools mtools)")
    source = tmp_path / "camera" / "DCIM" / "100CANON"
    source.mkdir(parents=True)
    photos = {}
    for n in range(1, 7):
        data = unique(imagegen.jpeg((320 + 16 * n, 240), taken=f"{DAYS[n > 3]} 1{n}:00:00"))
        (source / f"IMG_{n:04}.JPG").write_bytes(data)
        photos[f"IMG_{n:04}.JPG"] = data
    (source / "IMG_0001.THM").write_bytes(imagegen.jpeg((160, 120)))  # the camera's sidecar
    image = tmp_path / "card.img"
    with open(image, "wb") as card:
        card.truncate(32 * 1024 * 1024)
    for command in (("mkfs.vfat", "-n", CARD, str(image)),
                    ("mcopy", "-s", "-m", "-i", str(image), str(source.parent), "::/")):
        done = _run(*command)
        assert done.returncode == 0, done.stderr
    mount_point = tmp_path / "media" / CARD
    mount_point.mkdir(parents=True)
    why_not = _mount(image, mount_point)
    if why_not:
        pytest.skip(f"a FAT image can't be mounted here: {why_not}")
    try:
        yield mount_point, photos
    finally:
        if os.path.ismount(mount_point):
            _run("umount", str(mount_point))


def test_a_card_offers_its_new_photos_copies_them_by_day_verified_and_is_ejected(
        memory_card, make_window, local_backend, qtbot, tmp_path, monkeypatch):
    mount_point, photos = memory_card
    api = Api(local_backend)
    try:
        for name in ("IMG_0001.JPG", "IMG_0003.JPG", "IMG_0005.JPG"):  # half in the gallery
            api.wait_done(api.upload(name, "image/jpeg", photos[name])["id"])
    finally:
        api.close()
    pictures = tmp_path / "Pictures"
    monkeypatch.setenv("XDG_PICTURES_DIR", str(pictures))
    window = make_window()

    qtbot.waitUntil(lambda: mount_point in window.cards.actions, timeout=60_000)
    assert window.cards.actions[mount_point].text() == f"Import from {CARD}…"
    window.cards.actions[mount_point].trigger()
    dialog = window.cards.dialogs[mount_point]
    qtbot.waitUntil(lambda: "not in the gallery yet" in dialog.status.text(), timeout=30_000)

    assert dialog.status.text() == (f"3 new photos on {CARD}, not in the gallery yet "
                                    "(3 already are).")
    days = [dialog.photos.topLevelItem(n) for n in range(dialog.photos.topLevelItemCount())]
    assert [[day.child(i).text(0) for i in range(day.childCount())] for day in days] == [
        ["IMG_0002.JPG"], ["IMG_0004.JPG", "IMG_0006.JPG"]], "not only the new half, by day"
    assert [photo.path.name for photo in dialog.ticked()] == [
        "IMG_0002.JPG", "IMG_0004.JPG", "IMG_0006.JPG"], "ticked by default"
    assert dialog.copy_first.isChecked()

    dialog.eject_when_done.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as imported:
        dialog.import_button.click()
    assert imported.args == [f"3 photos from {CARD} queued for upload. 3 copied to {pictures}."]
    qtbot.waitUntil(lambda: mount_point not in window.cards.dialogs, timeout=60_000)

    assert not os.path.ismount(mount_point), "Eject when done left the card mounted"
    qtbot.waitUntil(lambda: mount_point not in window.cards.actions, timeout=60_000)
    assert f"Import from {CARD}…" not in [a.text() for a in window.menuBar().actions()[0]
                                          .menu().actions()], "the offer outlived the card"
    copies = {"IMG_0002.JPG": pictures / "2026" / "2026-07-14" / "IMG_0002.JPG",
              "IMG_0004.JPG": pictures / "2026" / "2026-07-15" / "IMG_0004.JPG",
              "IMG_0006.JPG": pictures / "2026" / "2026-07-15" / "IMG_0006.JPG"}
    for name, copy in copies.items():
        assert copy.read_bytes() == photos[name], f"{copy} is not the card's {name}"
    assert sorted(p.relative_to(pictures).as_posix() for p in pictures.rglob("*")
                  if p.is_file()) == sorted(c.relative_to(pictures).as_posix()
                                            for c in copies.values()), "only the new half"
    store = window.service.store
    qtbot.waitUntil(lambda: all((row := store.find(copy)) is not None
                                and row.state is FileState.READY
                                for copy in copies.values()), timeout=90_000)
    assert all(not str(row.path).startswith(str(mount_point)) for row in store.items()), \
        "the queue read the card although copies were made"


def test_without_a_copy_the_queue_reads_the_card_and_eject_waits_for_the_uploads(
        memory_card, make_window, qtbot, tmp_path, monkeypatch):
    mount_point, _photos = memory_card
    monkeypatch.setenv("XDG_PICTURES_DIR", str(tmp_path / "Pictures"))
    window = make_window()
    qtbot.waitUntil(lambda: mount_point in window.cards.actions, timeout=60_000)
    window.cards.actions[mount_point].trigger()
    dialog = window.cards.dialogs[mount_point]
    qtbot.waitUntil(lambda: "not in the gallery yet" in dialog.status.text(), timeout=30_000)
    assert len(dialog.ticked()) == 6
    days = dialog.photos.topLevelItem(0)
    days.setCheckState(0, Qt.CheckState.Unchecked)  # a whole day left out
    assert [photo.path.name for photo in dialog.ticked()] == [
        "IMG_0004.JPG", "IMG_0005.JPG", "IMG_0006.JPG"]
    dialog.copy_first.setChecked(False)
    dialog.eject_when_done.setChecked(True)

    with qtbot.waitSignal(dialog.imported, timeout=90_000) as imported:
        dialog.import_button.click()

    assert imported.args == [f"3 photos from {CARD} queued for upload."]
    assert not os.path.ismount(mount_point)
    store = window.service.store
    rows = [store.find(mount_point / "DCIM" / "100CANON" / name)
            for name in ("IMG_0004.JPG", "IMG_0005.JPG", "IMG_0006.JPG")]
    assert all(row is not None and row.state in (FileState.PROCESSING, FileState.READY)
               for row in rows), "ejected before the queue had read the card"
    assert not (tmp_path / "Pictures").exists()
