"""Run a function on a worker thread and get its result back on the UI thread.

Workers never touch widgets: `TaskPool.run(fn, on_done, on_error)` runs `fn()` in a
QThreadPool, and the result (or the exception) is handed to the callbacks by a queued
signal, so the callbacks always run on the thread that owns the pool (the UI thread).

Closing never waits: `close()` drops queued work and ignores late results; whoever must know
that running work has ended calls `wait()` off the UI thread (Service.shutdown does). The
QThreadPool has no Qt parent, so it lives as long as Python holds it, even if this QObject
is deleted first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Runnable(QRunnable):
    def __init__(self, pool: TaskPool, fn: Callable[[], Any], token: int):
        super().__init__()
        self._pool, self._fn, self._token = pool, fn, token

    def run(self) -> None:
        try:
            result, error = self._fn(), None
        except Exception as exc:  # noqa: BLE001 - handed to on_error on the UI thread
            result, error = None, exc
        try:
            self._pool._finished.emit(self._token, result, error)
        except RuntimeError:
            pass  # the pool's QObject was deleted after closing: nobody waits for this result


class TaskPool(QObject):
    """A small thread pool whose results come back as calls on the owning thread."""

    _finished = Signal(int, object, object)

    def __init__(self, threads: int, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(threads)
        self._callbacks: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._next = 0
        self._closed = False
        self._finished.connect(self._deliver)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        if self._closed:
            return
        self._next += 1
        self._callbacks[self._next] = (on_done, on_error)
        self._pool.start(_Runnable(self, fn, self._next))

    def pending(self) -> int:
        return len(self._callbacks)

    @Slot(int, object, object)
    def _deliver(self, token: int, result: Any, error: Exception | None) -> None:
        on_done, on_error = self._callbacks.pop(token, (None, None))
        if self._closed:
            return
        if error is None:
            if on_done:
                on_done(result)
        elif on_error:
            on_error(error)
        else:
            log.warning("background task failed: %s", error, exc_info=error)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Drops queued work and ignores any late results; never waits."""
        self._closed = True
        self._pool.clear()
        self._callbacks.clear()

    def wait(self) -> None:
        """Returns once running work has ended. Blocks: call it off the UI thread."""
        self._pool.waitForDone()
