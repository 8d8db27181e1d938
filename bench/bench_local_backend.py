"""Local backend: 300 photos of ~200 KB uploaded and made ready through `thumbdrop-backend`
(SeaweedFS + our handlers), against the resize-only rate of the same files.

The anchor runs the resize function's imaging code (backend.resize.imaging.make_renditions)
on the same bytes in a process per core, measured in the same run: the most the pipeline could
do on these cores. The backend run times first presign to the last status record, with the
client (presign, PUT) on the same machine. Also printed: CPU per image of the backend and of
SeaweedFS, and S3 requests per image (what the handlers send, plus the client's PUT).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

PHOTOS = 300
TARGET_BYTES = 200_000
RATIO_TARGET = 0.7
CLIENT_CONNECTIONS = 8
# From issue 7, measured on the moto-based backend this one replaces (same machine class).
BEFORE = "moto-based backend: ~5 files/s, ratio ~0.2, ~25 S3/SQS requests per image"
ROOT = Path(__file__).resolve().parents[1]


def _photo(seed: int) -> bytes:
    """A 1600x1200 JPEG of ~200 KB that compresses like a photo, different for each seed."""
    from PIL import Image

    size = (1600, 1200)
    base = Image.merge("RGB", (
        Image.linear_gradient("L").rotate(seed % 360).resize(size),
        Image.radial_gradient("L").resize(size),
        Image.effect_mandelbrot(size, (-2.2 + seed / 1000, -1.3, 1.0, 1.3), 40),
    ))
    image = Image.blend(base, Image.effect_noise(size, 30).convert("RGB"), 0.15)
    quality = 85
    while True:
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        if out.tell() <= TARGET_BYTES * 1.1 or quality <= 40:
            return out.getvalue()
        quality -= 5


def _resize(data: bytes) -> int:
    from backend.resize.decoders import make_renditions

    result = make_renditions(io.BytesIO(data), max_pixels=50_000_000)
    return len(result.thumbnail) + len(result.large)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def resize_only_rate(photos: list[bytes]) -> float:
    with ProcessPoolExecutor(cores()) as pool:
        list(pool.map(_resize, photos[:cores()]))  # warm-up: imports in every worker
        started = time.perf_counter()
        list(pool.map(_resize, photos, chunksize=4))
        return len(photos) / (time.perf_counter() - started)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def record_count(s3) -> int:
    from backend.common import layout

    return sum(page.get("KeyCount", 0) for page in s3.get_paginator("list_objects_v2").paginate(
        Bucket="thumbdrop-output", Prefix=layout.INDEX_PREFIX))


def through_backend(photos: list[bytes], data_dir: Path) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from helpers import Api, store_client

    log_path = data_dir.parent / "backend.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "backend.local", "--data-dir",
                                    str(data_dir)], stdout=subprocess.PIPE, stderr=log, cwd=ROOT)
    try:
        info = json.loads(process.stdout.readline())
        weed_pid = int((data_dir / "weed" / "weed.pid").read_text())
        api = Api(info)
        s3 = store_client(data_dir, info["s3_endpoint"])
        cpu_before = cpu_seconds(process.pid), cpu_seconds(weed_pid)
        started = time.perf_counter()

        def upload(item):
            n, data = item
            answer = Api.put(api.presign(f"bench {n}.jpg", "image/jpeg", data), data)
            assert answer.status_code == 200, answer.text

        with ThreadPoolExecutor(CLIENT_CONNECTIONS) as pool:
            list(pool.map(upload, enumerate(photos)))
        uploaded = time.perf_counter() - started
        while record_count(s3) < len(photos):
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        cpu_after = cpu_seconds(process.pid), cpu_seconds(weed_pid)
        s3.close()
        api.close()
    finally:
        process.terminate()
        process.wait(60)
    counted = re.search(r"S3 requests made by the handlers and reconcile: (\d+) \(([^)]*)\)",
                        log_path.read_text())
    flushed = re.search(r"S3 writes made durable in (\d+) flushes, ([\d.]+) s",
                        log_path.read_text())
    return {"rate": len(photos) / elapsed,
            "flushes": (int(flushed.group(1)), float(flushed.group(2))) if flushed else None, "uploaded_s": uploaded, "elapsed_s": elapsed,
            "backend_cpu": cpu_after[0] - cpu_before[0], "weed_cpu": cpu_after[1] - cpu_before[1],
            "s3_requests": int(counted.group(1)) if counted else None,
            "s3_by_operation": counted.group(2) if counted else "not logged"}


def main() -> None:
    print(f"== local backend: {PHOTOS} photos of ~{TARGET_BYTES // 1000} KB, all ready, "
          f"against the resize-only rate ({cores()} cores) ==")
    with ProcessPoolExecutor(cores()) as pool:
        photos = list(pool.map(_photo, range(PHOTOS)))
    anchor = resize_only_rate(photos)
    with tempfile.TemporaryDirectory() as tmp:
        result = through_backend(photos, Path(tmp) / "data")
    ratio = result["rate"] / anchor
    verdict = "PASS" if ratio >= RATIO_TARGET else "MISS"
    mean_kb = sum(map(len, photos)) / len(photos) / 1000
    print(f"resize only (imaging code, {cores()} processes): {anchor:6.1f} files/s")
    print(f"through the backend, first presign to last ready: {result['rate']:6.1f} files/s "
          f"({result['elapsed_s']:.1f} s; all PUTs done after {result['uploaded_s']:.1f} s; "
          f"mean file {mean_kb:.0f} KB)")
    print(f"ratio backend/resize-only: {ratio:.2f} (target >= {RATIO_TARGET}) {verdict}")
    print(f"CPU per image: backend (handlers, API, intake, queue) "
          f"{1000 * result['backend_cpu'] / PHOTOS:.0f} ms, SeaweedFS "
          f"{1000 * result['weed_cpu'] / PHOTOS:.0f} ms")
    if result["s3_requests"] is not None:
        per_image = result["s3_requests"] / PHOTOS + 1  # + the client's own PUT
        print(f"S3 requests per image: {per_image:.1f} (handlers: {result['s3_by_operation']}; "
              "plus the client's PUT)")
    if result["flushes"]:
        rounds, seconds = result["flushes"]
        print(f"durability: {rounds} filesystem flushes ({rounds / PHOTOS:.2f} per image, "
              f"{seconds:.1f} s flushing in all, grouped: writes answered during one flush "
              "share the next)")
    print(f"before: {BEFORE}")


if __name__ == "__main__":
    main()
