"""thumbdrop-cli watch as a NAS runs it: a real process, real inotify events, the real local
backend; SIGKILLed while files arrive and started again, every file ends in the gallery
exactly once; SIGTERM ends it cleanly (exit 0)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import uuid

from helpers import PROJECT_ROOT, wait_until
from test_cli import cli_env, gallery_counts
from test_engine import photo_bytes


def start_watch(folder, queue, backend, out):
    return subprocess.Popen(
        [sys.executable, "-m", "desktop.cli", "watch", "--endpoint", backend["api_url"],
         "--json", "--settle", "0.3", "--queue", str(queue), str(folder)],
        stdout=out, stderr=subprocess.PIPE, text=True, env=cli_env(backend), cwd=PROJECT_ROOT)


def lines(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


def test_watch_killed_while_files_arrive_resumes_and_each_file_is_in_the_gallery_once(
        tmp_path, local_backend):
    folder, queue = tmp_path / "inbox", tmp_path / "queue.sqlite3"
    folder.mkdir()
    prefix = f"k{uuid.uuid4().hex[:10]}-"
    names = [f"{prefix}{n:02d}.jpg" for n in range(40)]
    out1, out2 = tmp_path / "run1.jsonl", tmp_path / "run2.jsonl"
    with open(out1, "w") as out:
        first = start_watch(folder, queue, local_backend, out)

    def arrive():  # a camera's card copy: file after file while the watcher runs
        for name in names[10:]:
            (folder / name).write_bytes(photo_bytes())
    try:
        for name in names[:10]:
            (folder / name).write_bytes(photo_bytes())
        wait_until(lambda: len(lines(out1)) >= 3, timeout=60, what="the first uploads")
        writer = threading.Thread(target=arrive, name="test-arrive")
        writer.start()
        first.send_signal(signal.SIGKILL)  # while files arrive
        first.wait(timeout=30)
        writer.join()
    finally:
        if first.poll() is None:
            first.kill()
        first.stderr.close()
    with open(out2, "w") as out:
        second = start_watch(folder, queue, local_backend, out)

    def gallery():
        return gallery_counts(local_backend, prefix)
    try:
        wait_until(lambda: len(gallery()) == len(names), timeout=180,
                   what="every file in the gallery")
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=60) == 0, second.stderr.read()
        assert gallery() == {name: 1 for name in names}
        reported = lines(out1) + lines(out2)
        assert {line["status"] for line in reported} <= {"ready", "duplicate"}
        assert "Stopped:" in second.stderr.read()
    finally:
        if second.poll() is None:
            second.kill()
        second.stderr.close()
