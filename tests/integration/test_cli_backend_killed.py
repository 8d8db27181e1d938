"""`thumbdrop-cli upload --local` when the built-in backend it started is SIGKILLed midway: it
says so in one sentence and ends (it used to wait silently for minutes), and the same command
run again finishes the rest, each photo in the gallery exactly once."""

from __future__ import annotations

import signal
import subprocess
import sys

import psutil
from helpers import PROJECT_ROOT, child_environment
from test_cli import json_lines, read_lines_until, run_cli
from test_engine import photo_bytes

COUNT = 24


def test_the_cli_says_its_backend_died_and_the_next_run_finishes_exactly_once(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    for n in range(COUNT):  # big enough that the kill comes with files still to go
        (folder / f"killed-{n:02d}.jpg").write_bytes(photo_bytes((2400, 1600)))
    command = [sys.executable, "-m", "desktop.cli", "upload", "--local", "--data-dir",
               str(tmp_path / "data"), "--queue", str(tmp_path / "q.sqlite3"), "--json",
               "--concurrency", "2", str(folder)]
    cli = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env=child_environment(), cwd=PROJECT_ROOT)
    try:
        before = read_lines_until(cli, 2)  # two photos ready: the backend is at work
        [backend] = [child for child in psutil.Process(cli.pid).children()
                     if "backend.local" in " ".join(child.cmdline())]
        backend.send_signal(signal.SIGKILL)
        # Not a performance bound: only what tells a sentence from the old silent stall.
        out, err = cli.communicate(timeout=120)
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.wait()
    assert cli.returncode == 1, err
    assert "The built-in backend stopped: it was killed (signal 9)" in err, err
    assert "stay queued: run the same command again" in err, err
    assert "Traceback" not in err

    again = run_cli(*command[3:], env=child_environment())
    assert again.returncode == 0, again.stdout + again.stderr
    # The second run accounts for every photo once, those done before the kill included.
    names = sorted(line["path"].rsplit("/", 1)[1] for line in json_lines(again.stdout)
                   if line["status"] in ("ready", "duplicate"))
    assert names == sorted(f"killed-{n:02d}.jpg" for n in range(COUNT)), again.stdout
    assert len(before) + len(json_lines(out)) < COUNT, "the kill came after the last photo"
    listed = run_cli("list", "--local", "--data-dir", tmp_path / "data", "--json",
                     "--filter", "killed-", env=child_environment())
    ids = [line["id"] for line in json_lines(listed.stdout)]
    assert len(ids) == COUNT == len(set(ids)), listed.stdout  # each photo once
