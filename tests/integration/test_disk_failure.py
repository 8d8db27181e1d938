""""Ready" survives the disk failing under the backend: the data dir lives on an ext4 image on a
loop device mounted errors=remount-ro, and right after uploads are called ready the filesystem
is failed through /sys/fs/ext4/<dev>/trigger_fs_error (it turns read-only at once: whatever was
not on disk yet is gone, as after an OS crash). Then it is checked, mounted again, the backend
started again, and every image called ready must still be ready with its original and
renditions.

Needs root (loop devices and mounts); skipped with the reason elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from helpers import Api, BackendProcess, process_exists, wait_until
from test_local_backend_kill import photo

IMAGES = 15
DISK_MB = 400


def _missing() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root to attach a loop device and mount it"
    for tool in ("losetup", "mkfs.ext4", "e2fsck", "mount", "umount"):
        if shutil.which(tool) is None:
            return f"needs {tool}"
    if not Path("/sys/fs/ext4").is_dir():
        return "needs ext4 with /sys/fs/ext4"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


@contextmanager
def failing_disk(tmp_path: Path):
    """(mount point, device name) of a fresh ext4 filesystem mounted errors=remount-ro."""
    image, mount_point = tmp_path / "disk.img", tmp_path / "disk"
    mount_point.mkdir()
    with open(image, "wb") as out:
        out.truncate(DISK_MB * 1024 * 1024)
    assert _run("mkfs.ext4", "-q", "-F", str(image)).returncode == 0
    attached = _run("losetup", "--find", "--show", str(image))
    if attached.returncode != 0:
        pytest.skip(f"no loop device here: {attached.stderr.strip()}")
    device = attached.stdout.strip()
    try:
        mounted = _run("mount", "-o", "errors=remount-ro", device, str(mount_point))
        if mounted.returncode != 0:
            pytest.skip(f"mounting is not allowed here: {mounted.stderr.strip()}")
        yield mount_point, device
    finally:
        if os.path.ismount(mount_point):
            try:
                wait_until(lambda: not _holders(mount_point), timeout=30, what="the mount free")
            except AssertionError:
                pass  # a failing test's stragglers: detach lazily rather than leave it mounted
            if _run("umount", str(mount_point)).returncode != 0:
                _run("umount", "-l", str(mount_point))
        _run("losetup", "-d", device)


def _fail(device: str) -> None:
    """The filesystem errors out and goes read-only; nothing not yet on disk gets there."""
    trigger = Path("/sys/fs/ext4") / Path(device).name / "trigger_fs_error"
    trigger.write_text("1")


def _holders(mount_point: Path) -> list[int]:
    """Pids with a file, mapping, folder or working directory on the mount: a killed backend's children
    (resize workers die with it, but a moment later) keep it busy until they are gone."""
    inside = str(mount_point) + os.sep
    holders = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            links = [proc / "cwd", *(proc / "fd").iterdir()]
            mapped = (proc / "maps").read_text()
            if inside in mapped or any(os.readlink(link).startswith(inside) for link in links):
                holders.append(int(proc.name))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return holders


def _unmounted(mount_point: Path) -> bool:
    return _run("umount", str(mount_point)).returncode == 0


def _remount(mount_point: Path, device: str) -> None:
    wait_until(lambda: not _holders(mount_point), timeout=60, what="the mount to be let go")
    # The kernel can still call it busy a moment after the last fd and mapping are gone (a
    # killed process's exit is still releasing its files): retried, never unmounted lazily,
    # so e2fsck below sees the disk as the failure left it.
    wait_until(lambda: _unmounted(mount_point), timeout=60, interval=0.2,
               what="the mount to be unmounted")
    checked = _run("e2fsck", "-fy", device)
    assert checked.returncode in (0, 1), checked.stdout + checked.stderr  # 1: errors fixed
    assert _run("mount", "-o", "errors=remount-ro", device, str(mount_point)).returncode == 0


def test_images_called_ready_survive_the_disk_failing_right_after(tmp_path):
    with failing_disk(tmp_path) as (mount_point, device):
        data_dir = mount_point / "data"
        process = BackendProcess(data_dir)
        process.start()
        api = Api(process.info)
        originals = [photo((320 + n, 240)) for n in range(IMAGES)]
        try:
            tickets = [api.presign(f"photo {n}.jpg", "image/jpeg", data)
                       for n, data in enumerate(originals)]
            with ThreadPoolExecutor(5) as pool:
                answers = list(pool.map(Api.put, tickets, originals))
            assert [a.status_code for a in answers] == [200] * IMAGES
            for ticket in tickets:
                assert api.wait_done(ticket["id"])["status"] == "ready"
            _fail(device)  # the moment the last one is called ready
        finally:
            api.close()
        weed = process.weed_pid()
        process.kill()
        wait_until(lambda: not process_exists(weed), timeout=30, what="weed to die")
        _remount(mount_point, device)

        again = BackendProcess(data_dir)
        again.start()
        api = Api(again.info)
        try:
            lost = []
            for ticket, data in zip(tickets, originals, strict=True):
                image = api.session.get(f"{api.base}/images/{ticket['id']}", timeout=30)
                if image.status_code != 200 or image.json()["status"] != "ready":
                    lost.append((ticket["id"], image.status_code, image.text[:80]))
                    continue
                original = api.session.get(f"{api.base}/images/{ticket['id']}/original",
                                           timeout=30).json()
                assert requests.get(original["url"], timeout=30).content == data
                assert requests.get(image.json()["thumbnail_url"],
                                    timeout=30).status_code == 200
            assert lost == [], f"{len(lost)} of {IMAGES} images called ready were lost: {lost}"
        finally:
            api.close()
            assert again.stop() == 0, again.log_tail()
