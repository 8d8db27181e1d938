"""When a file that is being written is complete: size and mtime stable for `settle`
seconds, and (where the platform tells) its writer has closed it.

A camera tethering program or a copy writes for seconds; the watcher sees the first bytes
long before the last. Every event for a path pushes its deadline `settle` seconds on; at the
deadline the file is taken only if its size and mtime are what they were at the last event
and it opens for reading (on Windows a writer's lock refuses that). On Linux inotify also
says when a writer closes the file (IN_CLOSE_WRITE): a file written to since its last close
is not taken however long it stays still (a writer pausing longer than `settle` between
chunks), up to OPEN_WRITER_LIMIT — a writer that holds a photo open that long has crashed
in a way the kernel didn't see, or the event was lost to an inotify queue overflow.

Not thread-safe by itself: the watcher calls it with its lock held.
"""

from __future__ import annotations

import heapq
import os
from dataclasses import dataclass

OPEN_WRITER_LIMIT = 300.0


def snapshot(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def readable(path: str) -> bool:
    try:
        with open(path, "rb"):
            return True
    except OSError:
        return False


@dataclass(slots=True)
class _Pending:
    seen: tuple[int, int] | None
    deadline: float
    writing: bool
    since: float  # when it was first noted, for OPEN_WRITER_LIMIT


class StabilityGate:
    def __init__(self, settle: float):
        self.settle = settle
        self._pending: dict[str, _Pending] = {}
        self._heap: list[tuple[float, str]] = []

    def __len__(self) -> int:
        return len(self._pending)

    def note(self, path: str, now: float, *, writing: bool | None = None) -> None:
        """Something happened to `path`: wait `settle` more seconds. writing=True: it was
        written to (no close seen yet); False: its writer closed it; None: neither said."""
        entry = self._pending.get(path)
        deadline = now + self.settle
        if entry is None:
            entry = self._pending[path] = _Pending(snapshot(path), deadline, bool(writing), now)
        else:
            entry.seen, entry.deadline = snapshot(path), deadline
            if writing is not None:
                entry.writing = writing
        heapq.heappush(self._heap, (deadline, path))

    def forget(self, path: str) -> None:
        self._pending.pop(path, None)  # its heap entry is dropped when it comes up

    def next_deadline(self) -> float | None:
        while self._heap:
            deadline, path = self._heap[0]
            entry = self._pending.get(path)
            if entry is not None and entry.deadline == deadline:
                return deadline
            heapq.heappop(self._heap)  # superseded by a later note, or forgotten
        return None

    def due(self, now: float) -> list[str]:
        """Paths complete by now (each returned once); the others wait on."""
        complete: list[str] = []
        while (deadline := self.next_deadline()) is not None and deadline <= now:
            _, path = heapq.heappop(self._heap)
            entry = self._pending[path]
            current = snapshot(path)
            if current is None:
                del self._pending[path]  # gone meanwhile: nothing to take
                continue
            open_too_long = now - entry.since >= OPEN_WRITER_LIMIT
            if current != entry.seen or (entry.writing and not open_too_long) \
                    or not readable(path):
                entry.seen, entry.deadline = current, now + self.settle
                heapq.heappush(self._heap, (entry.deadline, path))
                continue
            del self._pending[path]
            complete.append(path)
        return complete
