"""A full or read-only data dir is an error the client sees, never a "ready" that is gone.

The data dir sits on a small tmpfs mounted for the test (this needs root; elsewhere the tests
are skipped with the reason). Presigns are refused with the API's 507 sentence once the disk
is nearly full; a PUT the store cannot write is refused by the store itself; every PUT the
store acknowledged is still there, byte for byte, and ends ready once there is room.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from helpers import (
    PROJECT_ROOT,
    Api,
    BackendProcess,
    child_environment,
    fill_disk,
    sha256_b64,
    wait_until,
)
from PIL import Image

UPLOAD_BUCKET = "thumbdrop-upload"


@pytest.fixture
def small_disk(tmp_path):
    """A 48 MiB tmpfs; yields (its path, a function that remounts it with options)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m,mode=0700", "tmpfs",
                             str(mount_point)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")

    def remount(options: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{options}", str(mount_point)], check=True)

    try:
        yield mount_point, remount
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def noisy_png(seed: int) -> bytes:
    """~750 KB that compresses badly, and a real image, so it can become ready."""
    image = Image.effect_noise((700, 500), 60 + seed % 40).convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_full_disk_refuses_presigns_and_puts_and_loses_nothing_acknowledged(small_disk):
    disk, remount = small_disk
    process = BackendProcess(disk / "data", "--min-free-mb", "8")
    api = Api(process.start())
    originals = [noisy_png(n) for n in range(64)]  # more than the disk holds
    try:
        tickets = [api.presign(f"photo {n}.png", "image/png", data)
                   for n, data in enumerate(originals)]  # the disk is empty yet: all granted
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(Api.put, tickets, originals))
        acknowledged = [(t, d) for t, d, a in zip(tickets, originals, answers)
                        if a.status_code == 200]
        refused = [a for a in answers if a.status_code != 200]
        print(f"\n{len(acknowledged)} PUTs stored, {len(refused)} refused by the full store")
        assert refused, "the disk was meant to fill up"
        for answer in refused:  # the store's refusal says why, not "InternalError, try again"
            assert answer.status_code == 507, answer.text
            assert "<Code>InsufficientStorage</Code>" in answer.text
            assert "disk is full" in answer.text

        # Now the API says why, before any bytes are sent.
        data = originals[0]
        response = api.session.post(f"{api.base}/uploads", json={
            "filename": "one more.png", "content_type": "image/png", "size": len(data),
            "sha256": sha256_b64(data)}, timeout=30)
        assert response.status_code == 507
        assert response.json()["error"] == "insufficient_storage"
        assert "disk is full" in response.json()["message"]
        for ticket, _ in acknowledged:  # nothing says ready unless its renditions are there
            image = api.image(ticket["id"])
            assert image["status"] != "failed", image  # a full disk is not the image's fault
            if image["status"] == "ready":
                assert api.session.get(image["thumbnail_url"], timeout=30).status_code == 200
    finally:
        api.close()
        assert process.stop() == 0, process.log_tail()

    remount("size=192m")  # room again
    again = BackendProcess(disk / "data")
    api = Api(again.start())
    s3 = again.s3()
    try:
        for ticket, data in acknowledged:
            stored = s3.get_object(Bucket=UPLOAD_BUCKET, Key=ticket["key"])["Body"].read()
            assert stored == data
            assert api.wait_done(ticket["id"])["status"] == "ready"
    finally:
        s3.close()
        api.close()
        assert again.stop() == 0, again.log_tail()


def test_a_read_only_data_dir_is_refused_at_start_with_a_sentence(small_disk):
    # A disk cannot be remounted read-only under a running store (its files are open for
    # writing); StorageGuard's unit tests cover a disk that turns read-only later.
    disk, remount = small_disk
    (disk / "data").mkdir(mode=0o700)
    remount("ro")
    result = subprocess.run([sys.executable, "-m", "backend.local", "--data-dir",
                             str(disk / "data")], capture_output=True, text=True, timeout=60,
                            cwd=PROJECT_ROOT, env=child_environment(), check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert "Read-only file system" in result.stderr and "writable" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_start_on_a_full_disk_is_read_only_and_takes_uploads_again_when_space_returns(
        small_disk):
    disk, _ = small_disk
    first = BackendProcess(disk / "data", "--min-free-mb", "4")
    api = Api(first.start())
    photos = [noisy_png(n) for n in range(2)]
    try:
        tickets = [api.upload(f"kept {n}.png", "image/png", data)
                   for n, data in enumerate(photos)]
        for ticket in tickets:
            assert api.wait_done(ticket["id"])["status"] == "ready"
    finally:
        api.close()
        assert first.stop() == 0, first.log_tail()
    fill_disk(disk)  # the disk fills while the backend is not running

    again = BackendProcess(disk / "data", "--min-free-mb", "4")
    api = Api(again.start())  # starts, instead of refusing
    try:
        assert sorted(api.gallery_ids()) == sorted(t["id"] for t in tickets)  # browse
        original = api.session.get(f"{api.base}/images/{tickets[0]['id']}/original",
                                   timeout=30).json()
        assert requests.get(original["url"], timeout=30).content == photos[0]  # download
        assert api.delete(tickets[1]["id"]) == 204  # delete
        refused = api.session.post(f"{api.base}/uploads", timeout=30, json={
            "filename": "new.png", "content_type": "image/png", "size": len(photos[0]),
            "sha256": sha256_b64(photos[0])})
        assert refused.status_code == 507 and "disk is full" in refused.json()["message"]

        (disk / "filler").unlink()  # space returns: uploads are taken again, no restart

        def accepted():
            answer = api.session.post(f"{api.base}/uploads", timeout=30, json={
                "filename": "new.png", "content_type": "image/png", "size": len(photos[0]),
                "sha256": sha256_b64(photos[0]), "allow_duplicates": True})
            return answer.status_code == 201
        wait_until(accepted, timeout=60, interval=1, what="uploads to be taken again")
        ticket = api.upload("after.png", "image/png", noisy_png(7))
        assert api.wait_done(ticket["id"])["status"] == "ready"
    finally:
        api.close()
        assert again.stop() == 0, again.log_tail()
