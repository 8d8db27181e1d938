"""Transfers: the engine against anchors measured in the same run, on the same local backend.

1. 300 photos of ~200 KB: the engine's PUT phase (first byte out to last file stored) in
   files/s against `rclone copy --transfers 8` and `aws s3 cp --recursive` into the same
   store. Goal: ≥ 0.5× rclone.
2. 60 photos, drop to all ready, three rounds: the engine (8 at once) against a naive client that does one
   file at a time (presign, PUT, poll every 200 ms). Goal: ≥ 3× faster.
3. One big file (1 GiB; THUMBDROP_BENCH_BIG_MB to change): multipart throughput against
   `curl -T` (one presigned PUT) and rclone; the client's peak memory over idle (a child
   process; goal flat, < 100 MB); bytes sent twice after a SIGKILL mid-upload (goal < 2
   parts).
4. Drop to thumbnail, one file at a time, p50/p95 for 200 KB and 24 MP photos, against the
   resize time of the same photo. Goal: p50 under resize + 100 ms.

Ratios are printed, never asserted. Anchors that are not installed (`pip install
'.[bench]'`, which `make bench` does) are reported as skipped. THUMBDROP_BENCH_BACKEND set to
a backend's ready line (its JSON) measures against that backend instead of starting one.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests
from PIL import Image

from desktop.client.api import ApiClient, UploadRequest
from desktop.client.engine import TransferEngine
from desktop.client.queue_store import QueueStore
from desktop.client.queue_types import FileState, QueueChanges

ROOT = Path(__file__).resolve().parent.parent
SMALL_COUNT = 300
READY_COUNT = 60
READY_ROUNDS = 3
READY_GOAL = 3.0
PUT_GOAL = 0.5
MULTIPART_GOAL = 0.9
THUMB_GOAL_MS = 100
BIG_MB = int(os.environ.get("THUMBDROP_BENCH_BIG_MB", "1024"))
THUMB_SAMPLES = {"200 KB": 20, "24 MP": 6}
UPLOAD_BUCKET = "thumbdrop-upload"


# -- the backend and its store ---------------------------------------------------------------

def start_backend(data_dir: Path) -> tuple[subprocess.Popen, dict]:
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.local", "--port", "0", "--data-dir", str(data_dir),
         "--log-level", "WARNING"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True, cwd=ROOT)
    return process, json.loads(process.stdout.readline())


def s3_keys(data_dir: Path) -> tuple[str, str]:
    """The store's keys: SeaweedFS's identity file in the data dir (any keys for moto)."""
    try:
        config = json.loads((data_dir / "s3.json").read_text())
        credentials = config["identities"][0]["credentials"][0]
        return credentials["accessKey"], credentials["secretKey"]
    except (OSError, KeyError, IndexError, ValueError):
        return "thumbdrop-local", "thumbdrop-local"


def unique(data: bytes) -> bytes:
    """The same JPEG with a comment of its own: new bytes for the duplicate check."""
    tag = uuid.uuid4().hex.encode()
    return data[:2] + b"\xff\xfe" + (len(tag) + 2).to_bytes(2, "big") + tag + data[2:]


def photo_200kb() -> bytes:
    size = (680, 510)  # ~195 KB at quality 95
    image = Image.effect_noise(size, 30).convert("RGB")
    image = Image.blend(image, Image.linear_gradient("L").resize(size).convert("RGB"), 0.5)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def write_photos(folder: Path, count: int, base: bytes) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"photo-{n:04d}.jpg"
        path.write_bytes(unique(base))
        paths.append(path)
    return paths


class Run:
    """The engine on a fresh queue, with the time each row reached each state."""

    def __init__(self, temp: Path, info: dict, concurrency: int):
        self.api = ApiClient(info["api_url"], info["token"])
        self.store = QueueStore(temp / f"queue-{uuid.uuid4().hex}.sqlite3")
        self.marks: dict[tuple[int, FileState], float] = {}
        self.finished: set[int] = set()
        self.lock = threading.Lock()
        self.done = threading.Condition(self.lock)
        self.store.subscribe(self._changes)
        self.engine = TransferEngine(self.store, self.api, concurrency=concurrency)
        self.engine.start()

    def _changes(self, changes: QueueChanges) -> None:
        now = time.perf_counter()
        with self.lock:
            for item in (*changes.added, *changes.changed):
                self.marks.setdefault((item.id, item.state), now)
                if item.state.finished:
                    self.finished.add(item.id)
            self.done.notify_all()

    def upload(self, paths: list[Path], timeout: float = 900) -> tuple[float, list[int]]:
        started = time.perf_counter()
        ids = [item.id for item in self.engine.add_files(paths).result()]
        with self.lock:
            # Kept up to date by _changes: asking the store for every row on every change
            # cost the client as much CPU as the uploads (O(rows²) reads).
            self.done.wait_for(lambda: self.finished.issuperset(ids), timeout)
        bad = [self.store.get(i) for i in ids if self.store.get(i).state is not FileState.READY]
        if bad:
            print(f"  ({len(bad)} not ready: {bad[0].state.value} {bad[0].error})")
        return started, ids

    def first(self, ids: list[int], state: FileState) -> float:
        return min(self.marks[(i, state)] for i in ids if (i, state) in self.marks)

    def last(self, ids: list[int], *states: FileState) -> float:
        return max(min(self.marks[(i, s)] for s in states if (i, s) in self.marks)
                   for i in ids)

    def close(self) -> None:
        self.engine.close()
        self.store.close()
        self.api.close()


# -- anchors ---------------------------------------------------------------------------------

def rclone_env(info: dict, keys: tuple[str, str]) -> dict[str, str]:
    return {**os.environ, "RCLONE_CONFIG_BENCH_TYPE": "s3", "RCLONE_CONFIG_BENCH_PROVIDER":
            "Other", "RCLONE_CONFIG_BENCH_ENDPOINT": info["s3_endpoint"],
            "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID": keys[0],
            "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY": keys[1],
            "RCLONE_CONFIG_BENCH_REGION": "us-east-1", "RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE":
            "true"}


def timed(command: list[str], env: dict[str, str] | None = None) -> float | None:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print(f"  ({command[0]} failed: {result.stderr.strip()[-200:]})")
        return None
    return time.perf_counter() - started


def rclone(source: Path, info: dict, keys, prefix: str, *extra: str) -> float | None:
    binary = shutil.which("rclone")
    if binary is None:
        return None
    return timed([binary, "copy", str(source), f"bench:{UPLOAD_BUCKET}/{prefix}", *extra],
                 rclone_env(info, keys))


def aws_cp(source: Path, info: dict, keys, prefix: str) -> float | None:
    binary = shutil.which("aws") or str(Path(sys.executable).parent / "aws")
    if not Path(binary).exists():
        return None
    env = {**os.environ, "AWS_ACCESS_KEY_ID": keys[0], "AWS_SECRET_ACCESS_KEY": keys[1],
           "AWS_DEFAULT_REGION": "us-east-1"}
    return timed([binary, "s3", "cp", "--recursive", "--quiet", "--endpoint-url",
                  info["s3_endpoint"], str(source), f"s3://{UPLOAD_BUCKET}/{prefix}/"], env)


def naive_client(paths: list[Path], info: dict) -> float:
    """One file at a time, the way the first client did: presign, PUT, poll every 200 ms."""
    session = requests.Session()
    auth = {"Authorization": f"Bearer {info['token']}"}
    started = time.perf_counter()
    for path in paths:
        data = path.read_bytes()
        digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
        ticket = session.post(f"{info['api_url']}/uploads", headers=auth, json={
            "filename": path.name, "content_type": "image/jpeg", "size": len(data),
            "sha256": digest, "allow_duplicates": True}, timeout=30).json()
        session.put(ticket["upload"]["url"], data=data, headers=ticket["upload"]["headers"],
                    timeout=60).raise_for_status()
        while session.get(f"{info['api_url']}/images/{ticket['id']}", headers=auth,
                          timeout=30).json()["status"] == "pending":
            time.sleep(0.2)
    return time.perf_counter() - started


def ratio(ours: float | None, anchor: float | None) -> str:
    return f"{ours / anchor:.2f}" if ours and anchor else "n/a"


def verdict(met: bool | None) -> str:
    return "n/a" if met is None else "ok" if met else "MISSED"


# -- the measurements ----------------------------------------------------------------------------

def small_files(temp: Path, info: dict, keys) -> None:
    print(f"-- {SMALL_COUNT} photos of ~200 KB: PUT phase, files/s (goal ≥ 0.5× rclone) --")
    base = photo_200kb()
    folder = temp / "small"
    paths = write_photos(folder, SMALL_COUNT, base)
    print(f"  photo size {len(base) / 1024:.0f} KB")
    run = Run(temp, info, concurrency=8)
    try:
        started, ids = run.upload(paths)
        put = run.last(ids, FileState.PROCESSING, FileState.READY) - run.first(
            ids, FileState.UPLOADING)
        ready = run.last(ids, FileState.READY) - started
    finally:
        run.close()
    engine_rate = SMALL_COUNT / put
    seconds = rclone(folder, info, keys, "bench-rclone", "--transfers", "8")
    rclone_rate = SMALL_COUNT / seconds if seconds else None
    seconds = aws_cp(folder, info, keys, "bench-aws")
    aws_rate = SMALL_COUNT / seconds if seconds else None
    print(f"  engine (8 at once)       {engine_rate:7.1f} files/s  (all {SMALL_COUNT} ready "
          f"in {ready:.1f} s)")
    print(f"  rclone --transfers 8     {rclone_rate or 0:7.1f} files/s  (anchor)"
          if rclone_rate else "  rclone: not installed, skipped")
    print(f"  aws s3 cp --recursive    {aws_rate or 0:7.1f} files/s  (anchor)"
          if aws_rate else "  aws: not installed, skipped")
    print(f"  ratio engine/rclone: {ratio(engine_rate, rclone_rate)} (goal ≥ {PUT_GOAL}: "
          f"{verdict(rclone_rate and engine_rate / rclone_rate >= PUT_GOAL)})   "
          f"engine/aws: {ratio(engine_rate, aws_rate)}")
    print("  (the engine's phase includes presigning, two S3 requests per file in the backend,"
          " and shares the cores with the backend resizing what is already stored; the "
          "anchors' PUTs trigger neither)")


def all_ready(temp: Path, info: dict) -> None:
    print(f"-- {READY_COUNT} photos, drop to all ready (goal ≥ {READY_GOAL}× the naive client; "
          f"{READY_ROUNDS} rounds, each pair back to back) --")
    from backend.resize.decoders import make_renditions

    base = photo_200kb()
    speedups = []
    for n in range(READY_ROUNDS):
        run = Run(temp, info, concurrency=8)
        try:
            started, ids = run.upload(write_photos(temp / f"ready-engine-{n}", READY_COUNT,
                                                   base))
            engine_seconds = run.last(ids, FileState.READY) - started
        finally:
            run.close()
        naive_seconds = naive_client(write_photos(temp / f"ready-naive-{n}", READY_COUNT, base),
                                     info)
        speedups.append(naive_seconds / engine_seconds)
        print(f"  engine {engine_seconds:6.2f} s   naive one at a time {naive_seconds:6.2f} s "
              f"(anchor)   speed-up {speedups[-1]:.2f}×")
    started = time.process_time()
    for _ in range(5):
        make_renditions(io.BytesIO(base), 50_000_000)
    floor = READY_COUNT * (time.process_time() - started) / 5 / _cores()
    median = statistics.median(speedups)
    print(f"  speed-up median {median:.2f}× (spread {min(speedups):.2f}–{max(speedups):.2f}), "
          f"goal ≥ {READY_GOAL}×: {verdict(median >= READY_GOAL)}; resizing the {READY_COUNT} "
          f"photos alone takes {floor:.2f} s of these cores, the floor for any client")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def make_big(path: Path) -> None:
    """TIFF magic, then incompressible bytes, 1 MiB at a time (never whole in memory)."""
    with open(path, "wb") as handle:
        handle.write(b"II*\x00")
        handle.writelines(os.urandom(1024 * 1024) for _ in range(BIG_MB))
        handle.truncate(BIG_MB * 1024 * 1024)


def big_file(temp: Path, info: dict, keys) -> None:
    print(f"-- one {BIG_MB} MiB file: multipart throughput (goal ≥ 0.9× curl -T), memory, "
          "resends after a kill --")
    path = temp / "big" / "big.tif"
    path.parent.mkdir()
    make_big(path)
    size_mb = path.stat().st_size / 1024 / 1024
    child = subprocess.run(
        [sys.executable, "-m", "bench.transfer_client", info["api_url"], info["token"],
         str(path), str(temp / "child-queue.sqlite3")], capture_output=True, text=True,
        cwd=ROOT, check=False)
    if child.returncode != 0:
        print(f"  engine run failed: {child.stderr.strip()[-300:]}")
        return
    result = json.loads(child.stdout.strip().splitlines()[-1])
    engine_rate = size_mb / result["put_seconds"]
    curl_rate = _curl(path, info)
    seconds = rclone(path, info, keys, "bench-rclone-big")
    rclone_rate = size_mb / seconds if seconds else None
    print(f"  engine multipart  {engine_rate:7.1f} MiB/s  (parts of "
          f"{result['part_bytes'] // (1024 * 1024)} MiB, 4 at once; hashing "
          f"{result['hash_seconds']:.1f} s before)")
    print(f"  curl -T           {curl_rate or 0:7.1f} MiB/s  (anchor: one PUT)")
    print(f"  rclone copy       {rclone_rate or 0:7.1f} MiB/s  (anchor)"
          if rclone_rate else "  rclone: not installed, skipped")
    print(f"  ratio engine/curl: {ratio(engine_rate, curl_rate)} (goal ≥ {MULTIPART_GOAL}: "
          f"{verdict(curl_rate and engine_rate / curl_rate >= MULTIPART_GOAL)})   "
          f"engine/rclone: {ratio(engine_rate, rclone_rate)}")
    over = result["peak_over_idle_mb"]
    print(f"  client peak memory over idle: {over:.1f} MB (idle {result['idle_mb']:.0f} MB, "
          f"peak {result['peak_mb']:.0f} MB; goal < 100 MB: {verdict(over < 100)})")
    _killed_mid_upload(temp, path, info, result["part_bytes"])


def _curl(path: Path, info: dict) -> float | None:
    if shutil.which("curl") is None:
        return None
    api = ApiClient(info["api_url"], info["token"])
    try:
        with open(path, "rb") as handle:
            digest = base64.b64encode(hashlib.file_digest(handle, "sha256").digest()).decode()
        [ticket] = api.create_uploads([UploadRequest(path.name, "image/tiff",
                                                     path.stat().st_size, digest)],
                                      allow_duplicates=True)
    finally:
        api.close()
    headers = [a for k, v in ticket.headers.items() for a in ("-H", f"{k}: {v}")]
    result = subprocess.run(["curl", "-sS", "-o", os.devnull, "-w", "%{http_code} %{time_total}",
                             "-H", "Expect:", *headers, "-T", str(path), ticket.url],
                            capture_output=True, text=True, check=False)
    status, seconds = (result.stdout.split() + ["0", "0"])[:2]
    if status != "200":
        print(f"  (curl's PUT answered {status})")
        return None
    return path.stat().st_size / 1024 / 1024 / float(seconds)


def _killed_mid_upload(temp: Path, path: Path, info: dict, part_bytes: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from fault_proxy import FaultProxy, storage_put

    proxy = FaultProxy()
    queue_file = temp / "kill-queue.sqlite3"
    env = {**os.environ, "THUMBDROP_TOKEN": info["token"], "HTTP_PROXY": proxy.url,
           "PYTHONPATH": str(ROOT)}
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    command = [sys.executable, "-m", "desktop.cli", "upload", "--endpoint", info["api_url"],
               "--queue", str(queue_file), "--json", "--allow-duplicates", str(path)]
    size = path.stat().st_size
    try:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 600
        while proxy.body_bytes(storage_put) < size / 2 and time.monotonic() < deadline \
                and process.poll() is None:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        sent_before = proxy.body_bytes(storage_put)
        subprocess.run(command, env=env, cwd=ROOT, capture_output=True, check=False,
                       timeout=900)
        resent = proxy.body_bytes(storage_put) - size
    finally:
        proxy.close()
    print(f"  SIGKILL at {sent_before / size:.0%} sent, run again: {resent / 1024 / 1024:.1f} "
          f"MiB sent twice = {resent / part_bytes:.2f} parts (goal < 2: "
          f"{verdict(resent / part_bytes < 2)})")


def drop_to_thumbnail(temp: Path, info: dict) -> None:
    print("-- drop to thumbnail, one at a time (goal: p50 under resize time + 100 ms) --")
    from backend.resize.decoders import make_renditions
    from bench.bench_resize import make_photo

    big = temp / "24mp.jpg"
    make_photo(big)
    bases = {"200 KB": photo_200kb(), "24 MP": big.read_bytes()}
    run = Run(temp, info, concurrency=4)
    try:
        for label, base in bases.items():
            resize, times, stored, waited = [], [], [], []
            folder = temp / f"thumb-{label.replace(' ', '')}"
            for path in write_photos(folder, THUMB_SAMPLES[label], base):
                # The anchor beside each sample, so both see the same load on a shared machine.
                started = time.perf_counter()
                make_renditions(io.BytesIO(base), 50_000_000)
                resize.append(time.perf_counter() - started)
                started, ids = run.upload([path])
                at_store = run.last(ids, FileState.PROCESSING, FileState.READY)
                times.append(run.last(ids, FileState.READY) - started)
                stored.append(at_store - started)
                waited.append(run.last(ids, FileState.READY) - at_store)
            times.sort()
            p50 = statistics.median(times)
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            resize_s = statistics.median(resize)
            server = _server_processing(info, write_photos(folder / "tight", 3, base))
            beyond = (p50 - resize_s) * 1000
            print(f"  {label:6}  p50 {p50 * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms   resize "
                  f"{resize_s * 1000:5.0f} ms (anchor: median, one beside each sample)   p50 − resize "
                  f"{beyond:5.0f} ms (goal < {THUMB_GOAL_MS}: {verdict(beyond < THUMB_GOAL_MS)})")
            print(f"          of which: drop to stored {statistics.median(stored) * 1000:5.0f} "
                  f"ms, stored to seen ready {statistics.median(waited) * 1000:5.0f} ms; the "
                  f"backend's own processing (polled every 10 ms) {server * 1000:5.0f} ms")
    finally:
        run.close()


def _server_processing(info: dict, paths: list[Path]) -> float:
    """Median seconds from the end of a PUT to the status record, asked every 10 ms: what
    the backend itself takes, to tell it apart from the client's share."""
    api = ApiClient(info["api_url"], info["token"])
    times = []
    try:
        for path in paths:
            data = path.read_bytes()
            digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
            [ticket] = api.create_uploads([UploadRequest(path.name, "image/jpeg", len(data),
                                                         digest)])
            api.send("PUT", ticket.url, ticket.headers, data).raise_for_status()
            stored = time.perf_counter()
            while api.get_images([ticket.id])[0][0].status == "pending":
                time.sleep(0.01)
            times.append(time.perf_counter() - stored)
    finally:
        api.close()
    return statistics.median(times)


def main() -> None:
    print("== transfers: the engine against rclone, aws, curl and a naive client, same store ==")
    with tempfile.TemporaryDirectory() as name:
        temp = Path(name)
        if os.environ.get("THUMBDROP_BENCH_BACKEND"):
            process, info = None, json.loads(os.environ["THUMBDROP_BENCH_BACKEND"])
        else:
            process, info = start_backend(temp / "data")
        keys = s3_keys(Path(info["data_dir"]))
        try:
            small_files(temp, info, keys)
            all_ready(temp, info)
            drop_to_thumbnail(temp, info)
            big_file(temp, info, keys)
        finally:
            if process is not None:
                process.send_signal(signal.SIGTERM)
                process.wait(60)


if __name__ == "__main__":
    main()
