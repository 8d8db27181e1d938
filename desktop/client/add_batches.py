"""Adding many files to the queue a batch at a time, for the app's drops and the CLI alike.

Each batch is one queue write (one transaction, and one insertion in the views), so 10,000
files become a few dozen writes and the first uploads start at once. Waiting for each batch's
commit keeps the walk (disk I/O: the caller's thread, never a UI thread) from running far
ahead of the disk.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path

from .queue_types import QueueItem

AddFiles = Callable[[list[Path]], Future]  # TransferEngine.add_files


def add_in_batches(add: AddFiles, paths: Iterable[Path], *, files: int,
                   seconds: float | None = None,
                   stop: threading.Event | None = None) -> Iterator[list[QueueItem]]:
    """Adds `paths` through add(), at most `files` at a time (and, with `seconds`, sooner once
    a batch has been gathering that long: a slow disk still shows the first rows quickly).
    Yields each batch's rows once they are committed. With `stop` set, adds no more."""
    pending: list[Path] = []
    started = time.monotonic()
    for path in paths:
        if stop is not None and stop.is_set():
            return
        pending.append(path)
        if len(pending) >= files or (seconds is not None
                                     and time.monotonic() - started > seconds):
            yield add(pending).result()
            pending, started = [], time.monotonic()
    if pending and not (stop is not None and stop.is_set()):
        yield add(pending).result()
