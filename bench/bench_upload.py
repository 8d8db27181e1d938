"""Upload: one ~40 MB file PUT to a presigned URL by Thumbdrop's engine and by `curl -T`.

curl is the anchor, measured in the same run against the same moto server with the
same presigned headers. Only the PUT is timed on both sides (the engine's hashing,
presign request and processing wait are left out): from the engine's first
UPLOADING update to its PROCESSING update, and curl's own `time_total`. The local
backend runs as its own process so the engine's threads don't share a GIL with moto.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from desktop.client.api import ApiClient
from desktop.client.legacy_engine import JobState, JobUpdate, TransferEngine

SIZE = 40 * 1024 * 1024
ROUNDS = 3


def start_backend(data_dir: Path) -> tuple[subprocess.Popen, dict]:
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.local", "--data-dir", str(data_dir),
         "--log-level", "WARNING"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return process, json.loads(process.stdout.readline())


def make_file(path: Path) -> None:
    """JPEG magic (so the engine queues it) followed by incompressible bytes, 1 MiB at a time."""
    with open(path, "wb") as handle:
        handle.write(b"\xff\xd8\xff\xe0")
        handle.writelines(os.urandom(1024 * 1024) for _ in range(SIZE // (1024 * 1024)))
        handle.truncate(SIZE)


def engine_put_seconds(engine: TransferEngine, marks: dict, path: Path) -> float:
    marks.clear()
    marks["finished"] = threading.Event()
    engine.submit(path)
    marks["finished"].wait(120)
    return marks[JobState.PROCESSING] - marks[JobState.UPLOADING]


def record_marks(marks: dict):
    def on_update(update: JobUpdate) -> None:
        # The first UPLOADING update comes just before the PUT starts, PROCESSING right after.
        marks.setdefault(update.state, time.perf_counter())
        if update.state.finished:
            marks["finished"].set()
    return on_update


def curl_put_seconds(api: ApiClient, path: Path, digest: str) -> float:
    ticket = api.create_upload(path.name, "image/jpeg", SIZE, digest)
    headers = [arg for name, value in ticket.headers.items() for arg in ("-H", f"{name}: {value}")]
    # "Expect:" stops curl sending Expect: 100-continue; requests never sends it either,
    # so both sides time the same exchange.
    result = subprocess.run(
        ["curl", "-sS", "-o", os.devnull, "-w", "%{http_code} %{time_total}", "-H", "Expect:",
         *headers, "-T", str(path), ticket.url],
        capture_output=True, text=True, check=True)
    status, seconds = result.stdout.split()
    if status != "200":
        raise RuntimeError(f"curl's PUT answered {status}")
    return float(seconds)


def main() -> None:
    print("== upload: engine PUT vs curl -T, 40 MiB, same moto server ==")
    if shutil.which("curl") is None:
        print("curl is not installed, so there is no anchor to compare with; skipped.")
        return
    with tempfile.TemporaryDirectory() as temp:
        temp_dir = Path(temp)
        path = temp_dir / "big.jpg"
        make_file(path)
        with open(path, "rb") as handle:
            digest = base64.b64encode(hashlib.file_digest(handle, "sha256").digest()).decode()
        process, info = start_backend(temp_dir / "data")
        api = ApiClient(info["api_url"], info["token"])
        marks: dict = {}
        engine = TransferEngine(api, record_marks(marks), concurrency=1, processing_timeout=5)
        try:
            engine_times, curl_times = [], []
            for _ in range(ROUNDS):  # alternate so drift in the machine hits both alike
                engine_times.append(engine_put_seconds(engine, marks, path))
                curl_times.append(curl_put_seconds(api, path, digest))
        finally:
            engine.shutdown()
            api.close()
            process.terminate()
            process.wait(30)
    mib = SIZE / (1024 * 1024)
    engine_rate = mib / statistics.median(engine_times)
    curl_rate = mib / statistics.median(curl_times)
    print(f"engine {engine_rate:7.1f} MiB/s   (median of {ROUNDS})")
    print(f"curl   {curl_rate:7.1f} MiB/s   (anchor)")
    print(f"throughput ratio engine/curl: {engine_rate / curl_rate:.2f}")


if __name__ == "__main__":
    main()
