"""SQLiteWriter: every write to one SQLite connection, on one thread, in the order asked for.

Callers hand it a function (`submit(run)`) and get a `concurrent.futures.Future` whose result
is set only after the change is committed, so a caller that waits for it knows its change is on
disk. Functions that arrive together share one transaction (group commit): one fsync for many
writes. Each runs inside a savepoint: one that raises is rolled back alone (its Future gets the
exception) and the others still commit. What a function changed outside the database (a copy
kept in memory) it undoes itself: it registers `on_undo` callbacks, which run, newest first,
when its work is rolled back - its own failure, or the disk refusing the whole commit.

It knows nothing of what the rows mean. Its owner hears of each round (a group of functions
committed, or a wake-up with nothing to write) through `after_round`, which may ask to be
called again at a time of its choosing: that is how the queue ticks progress without a write.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

_STOP = object()  # asks the writer to finish what was asked before it and stop
_WAKE = None      # asks the writer for a round with nothing to write


class Transaction:
    """One group commit, as the functions run in it see it."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._undo: list[Callable[[], None]] = []

    def on_undo(self, undo: Callable[[], None]) -> None:
        """Calls `undo` if the work of the function now running is rolled back."""
        self._undo.append(undo)

    def _mark(self) -> int:
        return len(self._undo)

    def _roll_back_memory(self, since: int = 0) -> None:
        undone, self._undo[since:] = self._undo[since:], []
        for undo in reversed(undone):
            undo()


class SQLiteWriter:
    """Runs submitted functions on its own thread; thread-safe to submit from anywhere."""

    def __init__(self, db: sqlite3.Connection, *, name: str,
                 closed_error: Callable[[], Exception],
                 disk_error: Callable[[sqlite3.Error], Exception],
                 after_round: Callable[[bool], float | None] = lambda stopping: None):
        """`db` in autocommit mode (isolation_level=None), opened with check_same_thread=False.
        `closed_error()` is what a submit after close gets; `disk_error(exc)` what every
        function of a commit the disk refused gets. `after_round(stopping)` runs on the writer
        thread after every round and returns the time.monotonic() at which it wants the next
        round even if nothing arrives (None: not before something does)."""
        self._db = db
        self._closed_error = closed_error
        self._disk_error = disk_error
        self._after_round = after_round
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def submit(self, run: Callable[[Transaction], T]) -> Future[T]:
        """Runs run(transaction) in the next group commit; the Future resolves after it."""
        future: Future = Future()
        if not self._thread.is_alive() and not self.on_writer_thread():
            future.set_exception(self._closed_error())
            return future
        self._tasks.put((run, future))
        return future

    def wake(self) -> None:
        """Asks for a round (after_round is called) even with nothing to write."""
        self._tasks.put(_WAKE)

    def on_writer_thread(self) -> bool:
        return threading.current_thread() is self._thread

    def close(self) -> None:
        """Commits what was submitted before, stops the thread and closes the connection."""
        if not self._thread.is_alive():
            return
        self._tasks.put(_STOP)
        self._thread.join()
        self._db.close()

    def _loop(self) -> None:
        due = None  # when after_round asked to be called again
        stopping = False
        while not stopping:
            timeout = None if due is None else max(0.0, due - time.monotonic())
            try:
                tasks = [self._tasks.get(timeout=timeout)]
            except queue.Empty:
                tasks = []
            while True:  # group commit: everything already waiting goes in one transaction
                try:
                    tasks.append(self._tasks.get_nowait())
                except queue.Empty:
                    break
            stopping = any(task is _STOP for task in tasks)
            work = [task for task in tasks if task is not _WAKE and task is not _STOP]
            if work:
                self._commit(work)
            due = self._after_round(stopping)
        self._refuse_late_work()

    def _commit(self, work: list[tuple[Callable[[Transaction], Any], Future]]) -> None:
        transaction = Transaction(self._db)
        results: list[tuple[Future, Any, BaseException | None]] = []
        try:
            self._db.execute("BEGIN IMMEDIATE")
            for run, future in work:
                if not future.set_running_or_notify_cancel():
                    continue
                self._db.execute("SAVEPOINT task")
                mark = transaction._mark()
                try:
                    result = run(transaction)
                except Exception as exc:  # noqa: BLE001 - this function alone fails (its bug or input)
                    self._db.execute("ROLLBACK TO task")
                    transaction._roll_back_memory(since=mark)
                    results.append((future, None, exc))
                else:
                    results.append((future, result, None))
                self._db.execute("RELEASE task")
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            # The disk refused (full, read-only, I/O error): nothing of this group is stored,
            # so what the functions changed in memory goes back too and every caller hears why.
            log.error("SQLite write failed: %s", exc)
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            transaction._roll_back_memory()
            error = self._disk_error(exc)
            for _, future in work:
                if not future.done():
                    future.set_exception(error)
            return
        for future, result, exc in results:
            if exc is None:
                future.set_result(result)
            else:
                future.set_exception(exc)

    def _refuse_late_work(self) -> None:
        """What was submitted while the thread was stopping would wait forever: refuse it."""
        while True:
            try:
                task = self._tasks.get_nowait()
            except queue.Empty:
                return
            if task is not _WAKE and task is not _STOP:
                task[1].set_exception(self._closed_error())
