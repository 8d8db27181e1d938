"""add_in_batches alone: the batches it writes, sooner when a batch takes long, and stop."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

from desktop.client.add_batches import add_in_batches


class Recorder:
    """Stands in for TransferEngine.add_files: records each batch, answers at once."""

    def __init__(self):
        self.batches: list[list[Path]] = []

    def __call__(self, paths: list[Path]) -> Future:
        self.batches.append(list(paths))
        future: Future = Future()
        future.set_result([path.name for path in paths])
        return future


def paths(count: int) -> list[Path]:
    return [Path(f"/photos/{n}.jpg") for n in range(count)]


def test_files_are_added_in_batches_of_the_size_asked_and_the_rest_at_the_end():
    add = Recorder()
    yielded = list(add_in_batches(add, paths(7), files=3))
    assert [len(batch) for batch in add.batches] == [3, 3, 1]
    assert yielded == [["0.jpg", "1.jpg", "2.jpg"], ["3.jpg", "4.jpg", "5.jpg"], ["6.jpg"]]


def test_a_batch_that_takes_long_to_gather_is_added_sooner(monkeypatch):
    clock = iter(range(100))  # every look at the clock is a second later
    monkeypatch.setattr("desktop.client.add_batches.time.monotonic", lambda: next(clock))
    add = Recorder()
    list(add_in_batches(add, paths(4), files=100, seconds=1.5))
    assert [len(batch) for batch in add.batches] == [2, 2]


def test_once_stopped_nothing_more_is_added():
    add, stop = Recorder(), threading.Event()

    def walk():
        yield from paths(3)
        stop.set()  # e.g. the window closes while the walk goes on
        yield from paths(3)

    list(add_in_batches(add, walk(), files=2, stop=stop))
    assert [len(batch) for batch in add.batches] == [2]  # the third path is never added


def test_nothing_to_add_writes_nothing():
    add = Recorder()
    assert list(add_in_batches(add, [], files=5)) == []
    assert add.batches == []
