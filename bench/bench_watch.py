"""Watched folders: the start-up scan of many existing files, and file complete -> upload
started.

scan     BENCH_WATCH_FILES (default 100,000) files already uploaded (the digest memory holds
         them, as after a first run): a second start of the watcher, in a process of its own,
         until it is idle. Anchor: a bare os.walk + stat of the same tree in the same run
         (what any scan must do); goals: no file read (no re-hashing), under 5 s, under
         150 MB for the whole watching process, ~0 % CPU while idle.
latency  files written one by one into a watched folder against the real local backend:
         from the writer's close to the row's first UPLOADING, median over the files.
         Anchor: the stability wait itself (every file waits that long on purpose); goal:
         the wait plus under 100 ms.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.bench_transfers import ROOT, photo_200kb, start_backend, unique

FILES = int(os.environ.get("BENCH_WATCH_FILES", "100000"))
LATENCY_FILES = 15
SETTLE = 1.0
ENDPOINT = "http://bench.invalid"


def make_tree(top: Path, count: int) -> None:
    for n in range(count):
        folder = top / f"{n // 1000:03d}"
        if n % 1000 == 0:
            folder.mkdir(parents=True)
        with open(folder / f"IMG_{n:06d}.jpg", "wb") as handle:
            handle.write(b"\xff\xd8\xff")


def remember_all(top: Path, memory_path: Path) -> None:
    from desktop.client.digest_memory import DigestMemory
    memory = DigestMemory(memory_path)
    for root, _, files in os.walk(top):
        for name in files:
            path = os.path.join(root, name)
            info = os.stat(path)
            memory.remember(path, info.st_size, info.st_mtime_ns, "x" * 44, ENDPOINT)
    memory.close()


def bare_walk(top: Path) -> float:
    started = time.perf_counter()
    for root, _, files in os.walk(top):
        for name in files:
            os.stat(os.path.join(root, name))
    return time.perf_counter() - started


def scan_child(top: str, work: str) -> None:
    """Runs in its own process: the watcher's second start, then idle CPU."""
    from desktop.client.engine import TransferEngine
    from desktop.client.queue_store import QueueStore
    from desktop.client.watch_rules import WatchedFolder
    from desktop.client.watcher import FolderWatcher

    store = QueueStore(Path(work) / "queue.sqlite3")
    engine = TransferEngine(store, None)  # no API: nothing may be sent, nothing needs to be
    engine.start()
    started = time.perf_counter()
    watcher = FolderWatcher(engine, [WatchedFolder(Path(top))], Path(work) / "memory.sqlite3",
                            endpoint=lambda: ENDPOINT)
    watcher.start()
    watcher.wait_idle(600)
    seconds = time.perf_counter() - started
    cpu_before, idle_started = time.process_time(), time.perf_counter()
    time.sleep(3)  # measuring idle CPU over a window: the wait is the measurement
    idle = (time.process_time() - cpu_before) / (time.perf_counter() - idle_started)
    queued = len(store)
    watcher.close()
    engine.close()
    store.close()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_mb": rss_mb, "idle_cpu": idle,
                      "queued": queued, "watching": 1}))


def scan(temp: Path) -> None:
    top = temp / "photos"
    make_tree(top, FILES)
    work = temp / "scan"
    work.mkdir()
    remember_all(top, work / "memory.sqlite3")
    anchor = bare_walk(top)
    out = subprocess.run([sys.executable, "-m", "bench.bench_watch", "--scan-child", str(top),
                          str(work)], capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(out.stdout.splitlines()[-1])
    print(f"scan, second start over {FILES:,} remembered files: {result['seconds']:.2f} s "
          f"({result['seconds'] / anchor:.1f}x a bare walk+stat of {anchor:.2f} s), "
          f"{result['queued']} queued (re-hashed: none unless queued), "
          f"max RSS {result['rss_mb']:.0f} MB, idle CPU {result['idle_cpu'] * 100:.1f} %  "
          f"[goals: < 5 s, < 150 MB, ~0 %]")


def latency(temp: Path) -> None:
    from desktop.client.api import ApiClient
    from desktop.client.engine import TransferEngine
    from desktop.client.queue_store import QueueStore
    from desktop.client.queue_types import FileState
    from desktop.client.watch_rules import WatchedFolder
    from desktop.client.watcher import FolderWatcher

    process, info = start_backend(temp / "data")
    api = ApiClient(info["api_url"], info["token"])
    folder = temp / "inbox"
    folder.mkdir()
    store = QueueStore(temp / "queue.sqlite3")
    started: dict[str, float] = {}
    seen = threading.Condition()

    def changed(changes) -> None:
        for item in changes.added + changes.changed:
            if item.state is FileState.UPLOADING and item.name not in started:
                with seen:
                    started[item.name] = time.monotonic()
                    seen.notify_all()
    store.subscribe(changed)
    engine = TransferEngine(store, api)
    engine.start()
    watcher = FolderWatcher(engine, [WatchedFolder(folder)], temp / "memory.sqlite3",
                            endpoint=lambda: api.base_url, settle=SETTLE)
    watcher.start()
    watcher.wait_idle(60)
    base = photo_200kb()
    delays = []
    try:
        for n in range(LATENCY_FILES):
            name = f"lat-{n:03d}.jpg"
            with open(folder / name, "wb") as handle:
                handle.write(unique(base))
            complete = time.monotonic()
            with seen:
                seen.wait_for(lambda name=name: name in started, timeout=60)
            delays.append(started[name] - complete)
    finally:
        watcher.close()
        engine.close()
        store.close()
        api.close()
        process.send_signal(signal.SIGTERM)
        process.wait(60)
    median = statistics.median(delays)
    print(f"file complete -> upload started, median of {LATENCY_FILES}: {median * 1000:.0f} ms "
          f"= the {SETTLE:g} s stability wait + {(median - SETTLE) * 1000:.0f} ms "
          f"({median / SETTLE:.3f}x the wait)  [goal: the wait + < 100 ms]")


def main() -> None:
    print("== watched folders: start-up scan, complete -> upload started ==")
    with tempfile.TemporaryDirectory() as name:
        temp = Path(name)
        scan(temp)
        latency(temp)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--scan-child"]:
        scan_child(sys.argv[2], sys.argv[3])
    else:
        main()
