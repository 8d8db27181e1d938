"""A tied child dies with its parent however the parent ends, by each means this machine can
run (Linux's parent-death signal, and the pipe watcher macOS uses), and a watcher is dismissed
once its child has ended, so it can never kill a process that reused the pid."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest
from helpers import PROJECT_ROOT, child_environment, process_exists, wait_until

from backend.common.tied_process import ParentDeathSignal, PipeWatcher, TiedProcess

PARENT = """
import json, sys, time
from backend.common import tied_process
tie = getattr(tied_process, sys.argv[1])()
child = tied_process.TiedProcess(["sleep", "300"], tie=tie)
watcher = tie.watcher_of(child) if hasattr(tie, "watcher_of") else None
print(json.dumps({"child": child.pid, "watcher": watcher.pid if watcher else None}), flush=True)
time.sleep(300)
"""


@pytest.mark.parametrize("tie", ["ParentDeathSignal", "PipeWatcher"])
def test_the_child_dies_when_its_parent_is_sigkilled(tie):
    parent = subprocess.Popen([sys.executable, "-c", PARENT, tie], cwd=PROJECT_ROOT,
                              env=child_environment(), stdout=subprocess.PIPE)
    try:
        pids = json.loads(parent.stdout.readline())
        assert process_exists(pids["child"])
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        parent.stdout.close()
    wait_until(lambda: not process_exists(pids["child"]), timeout=30,
               what="the tied child to die with its parent")
    if pids["watcher"]:
        wait_until(lambda: not process_exists(pids["watcher"]), what="the watcher to end")


def test_a_watcher_is_dismissed_once_its_child_has_ended_without_killing_anything():
    tie = PipeWatcher()
    child = TiedProcess([sys.executable, "-c", "pass"], tie=tie)
    watcher = tie.watcher_of(child)
    assert watcher is not None and watcher.poll() is None
    assert child.wait(30) == 0
    assert watcher.returncode == -signal.SIGTERM  # dismissed while it waited, never ran kill
    assert tie.watcher_of(child) is None


def test_the_parent_death_signal_leaves_no_preexec_of_the_callers():
    with pytest.raises(ValueError):
        ParentDeathSignal().options({"preexec_fn": print})
