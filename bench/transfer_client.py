"""The engine uploading one file in a process of its own, for bench_transfers: the client's
peak memory (VmHWM) over its idle size, and the PUT phase's duration.

    python -m bench.transfer_client API_URL TOKEN FILE QUEUE_FILE
prints one JSON line: put_seconds, hash_seconds, part_bytes, idle_mb, peak_mb,
peak_over_idle_mb.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

from desktop.client.api import ApiClient
from desktop.client.engine import TransferEngine
from desktop.client.queue_store import QueueStore
from desktop.client.queue_types import FileState, QueueChanges


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    api_url, token, file, queue_file = sys.argv[1:5]
    api = ApiClient(api_url, token)
    store = QueueStore(queue_file)
    marks: dict[FileState, float] = {}
    finished = threading.Event()

    def changes(batch: QueueChanges) -> None:
        for item in batch.changed:
            marks.setdefault(item.state, time.perf_counter())
            if item.state.finished or item.state is FileState.PROCESSING:
                finished.set()
    store.subscribe(changes)
    engine = TransferEngine(store, api, concurrency=4, allow_duplicates=True)
    engine.start()
    time.sleep(0.5)  # threads up, config fetched: the idle size
    idle = _status_mb("VmRSS")
    started = time.perf_counter()
    [item] = engine.add_files([Path(file)]).result()
    finished.wait(1800)
    item = store.get(item.id)
    peak = _status_mb("VmHWM")
    engine.close()
    store.close()
    api.close()
    if item.state not in (FileState.PROCESSING, FileState.READY, FileState.FAILED):
        sys.exit(f"the upload ended {item.state.value}: {item.error}")
    put = marks.get(FileState.PROCESSING, time.perf_counter()) - marks[FileState.UPLOADING]
    print(json.dumps({"put_seconds": put,
                      "hash_seconds": marks.get(FileState.WAITING_URL, started) - started,
                      "part_bytes": item.part_bytes or 0, "idle_mb": idle, "peak_mb": peak,
                      "peak_over_idle_mb": peak - idle}))


if __name__ == "__main__":
    main()
