"""Camera RAW end to end: thumbdrop-cli uploads DNGs to the real local backend, whose resize
worker decodes them with LibRaw; the renditions come back upright. RAWs the backend can't
decode are refused by the client before a byte is sent."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import rawgen
from PIL import Image

from desktop.client.api import ApiClient


def run_cli(backend, queue, *paths):
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", "upload", "--endpoint", backend["api_url"],
         "--queue", str(queue), *map(str, paths)],
        capture_output=True, text=True, timeout=180, check=False,
        env={**os.environ, "THUMBDROP_TOKEN": backend["token"]})


def test_dngs_end_ready_upright_from_the_preview_and_from_the_sensor_data(tmp_path,
                                                                          local_backend):
    # Left of the stored picture is its top: with Orientation 6 the red (top) half shows on
    # the right. One DNG shows its preview, the other has none and is demosaiced.
    (tmp_path / "preview.dng").write_bytes(rawgen.dng((2400, 1600), orientation=6))
    (tmp_path / "sensor.dng").write_bytes(rawgen.dng((2400, 1600), orientation=6, preview=None))
    result = run_cli(local_backend, tmp_path / "queue.sqlite3", tmp_path / "preview.dng",
                     tmp_path / "sensor.dng")
    assert result.returncode == 0, result.stdout + result.stderr
    ids = re.findall(r"^ready +\S+\.dng  1600x2400  id (\S+)$", result.stdout, re.MULTILINE)
    assert len(ids) == 2, result.stdout
    api = ApiClient(local_backend["api_url"], local_backend["token"])
    try:
        for image_id in ids:
            image = api.get_image(image_id)
            assert image.status == "ready"
            large = tmp_path / f"{image_id}.webp"
            api.download(image.large_url, large)
            with Image.open(io.BytesIO(large.read_bytes())) as im:
                im = im.convert("RGB")
                assert im.size == (1067, 1600)
                right, left = im.getpixel((900, 800)), im.getpixel((150, 800))
                assert right[0] > right[2] + 80, right  # red on the right
                assert left[2] > left[0] + 80, left  # blue on the left
    finally:
        api.close()


def test_raws_the_backend_cant_decode_are_refused_before_upload(tmp_path, local_backend):
    (tmp_path / "jxl.dng").write_bytes(rawgen.dng(preview=None,
                                                  compression=rawgen.JPEG_XL_DNG))
    (tmp_path / "photo.pef").write_bytes(rawgen.tiff_container("PENTAX Corporation"))
    result = run_cli(local_backend, tmp_path / "queue.sqlite3", tmp_path / "jxl.dng",
                     tmp_path / "photo.pef")
    assert result.returncode == 1
    assert (f"skipped   {tmp_path / 'jxl.dng'}: A DNG compressed with JPEG XL and without a "
            "large preview") in result.stdout
    assert (f"skipped   {tmp_path / 'photo.pef'}: A camera RAW file (Pentax PEF), which "
            "Thumbdrop can't read") in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "0 ready, 0 already in the gallery, 0 failed, 2 skipped.")
