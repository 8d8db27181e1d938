"""QueueStore: the upload queue, the one source of truth for every view of it.

- The rows live in one SQLite file (queue_schema.py: schema, migrations, one process at a
  time). All writes go through one SQLiteWriter (sqlite_writer.py): in the order asked for,
  group-committed, and each caller's `concurrent.futures.Future` resolves only after its
  change is committed: the engine waits for it before its next network step, so what it did
  is on disk before it does more.
- A copy of every row lives in memory, so reads (`items`, `get`, `totals`) never touch the
  disk and are safe on a UI thread. Totals are kept by adding and subtracting each row's
  contribution as it changes, never by walking every row. A write that is rolled back puts
  the copy back as it was.
- Observers (`subscribe`) get a `QueueChanges` batch on the writer thread after each
  commit, holding only the rows that changed. Upload progress is kept in memory only (not
  worth a disk write per chunk) and published at most every `PUBLISH_INTERVAL` seconds.
- Beside the rows: each multipart upload's parts, the server-side cleanups still owed
  (`add_cleanup`), and a small key/value table (`get_meta`).

Durability: a commit survives a crash or SIGKILL of this process; only a power cut can lose
the last commits, and then a file at worst steps back one state and is asked about again (the
server's duplicate check makes that safe).
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from .failures import Failure
from .i18n import translate
from .queue_schema import (
    QueueBusy,
    QueueError,
    load_items,
    open_queue,
    to_column,
)
from .queue_types import (
    IN_GALLERY,
    STORED,
    UNFINISHED,
    FileState,
    Part,
    QueueChanges,
    QueueItem,
    QueueStatus,
    Totals,
    forget_upload,
)
from .speed import SpeedMeter
from .sqlite_writer import SQLiteWriter, Transaction

__all__ = ["Cleanup", "NewFile", "QueueBusy", "QueueError", "QueueStore"]

log = logging.getLogger(__name__)

PUBLISH_INTERVAL = 0.1  # progress reaches observers at most 10 times a second

_MEMORY_ONLY = frozenset({"speed"})  # QueueItem fields no column holds


@dataclasses.dataclass(frozen=True, slots=True)
class NewFile:
    """A file to add, as the caller found it on disk."""

    path: Path
    size: int
    mtime_ns: int
    content_type: str | None = None
    skip_reason: Failure | None = None  # set: the row is added SKIPPED for this reason
    allow_duplicates: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Cleanup:
    id: int
    endpoint: str
    kind: str               # "abort" (a multipart upload) or "delete" (an image)
    image_id: str
    upload_id: str | None


class _Batch:
    """What one transaction changed, to publish after the commit."""

    def __init__(self):
        self.added: dict[int, QueueItem] = {}
        self.changed: dict[int, QueueItem] = {}
        self.removed: set[int] = set()

    def add(self, item: QueueItem) -> None:
        self.added[item.id] = item

    def change(self, item: QueueItem) -> None:
        if item.id in self.added:
            self.added[item.id] = item
        else:
            self.changed[item.id] = item

    def remove(self, item_id: int) -> None:
        if self.added.pop(item_id, None) is None:
            self.changed.pop(item_id, None)
            self.removed.add(item_id)

    def forget(self, item_id: int) -> None:
        """Its change was rolled back: not published."""
        self.added.pop(item_id, None)
        self.changed.pop(item_id, None)
        self.removed.discard(item_id)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class QueueStore:
    """The persisted queue. Thread-safe: reads from any thread, writes through the writer."""

    def __init__(self, path: Path | str, *, clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self._clock = clock
        self._mem = threading.Lock()         # guards the in-memory copy and the totals
        self._items: dict[int, QueueItem] = {}
        self._by_path: dict[str, int] = {}
        self._sums = _Sums()
        self._meter = SpeedMeter()
        self._row_meters: dict[int, SpeedMeter] = {}
        self._status = QueueStatus()
        self._status_dirty = False
        self._progress_dirty: set[int] = set()
        self._observers: list[Callable[[QueueChanges], None]] = []
        self._unpublished = _Batch()  # what this round's commit changed (writer thread only)
        self._next_tick: float | None = None  # when dirty progress is due to be published
        db = open_queue(self.path)
        try:
            for item in load_items(db):
                self._replace(item.id, item)
        except BaseException:
            db.close()
            raise
        self._writer = SQLiteWriter(db, name="thumbdrop-queue", closed_error=self._closed,
                                    disk_error=self._disk_refused, after_round=self._after_round)

    def _closed(self) -> QueueError:
        return QueueError(translate("QueueStore", "The upload queue is closed."))

    def _disk_refused(self, exc: sqlite3.Error) -> QueueError:
        return QueueError(translate(
            "QueueStore", "Can't save the upload queue at {path} ({error}). Check that the "
            "disk has space and the folder is writable.").format(path=self.path, error=exc))

    # -- reading (memory only; any thread) -----------------------------------------------------

    def items(self) -> list[QueueItem]:
        """Every row, in the order added (id order)."""
        with self._mem:
            return list(self._items.values())

    def get(self, item_id: int) -> QueueItem | None:
        with self._mem:
            return self._items.get(item_id)

    def find(self, path: Path) -> QueueItem | None:
        with self._mem:
            item_id = self._by_path.get(str(path))
            return None if item_id is None else self._items[item_id]

    def where(self, predicate: Callable[[QueueItem], bool]) -> list[QueueItem]:
        with self._mem:
            return [item for item in self._items.values() if predicate(item)]

    def totals(self) -> Totals:
        with self._mem:
            return self._sums.totals(self._meter.rate())

    def status(self) -> QueueStatus:
        with self._mem:
            return self._status

    def __len__(self) -> int:
        with self._mem:
            return len(self._items)

    # -- observing ---------------------------------------------------------------------------

    def subscribe(self, observer: Callable[[QueueChanges], None]) -> Callable[[], None]:
        """Calls observer(changes) on the writer thread after every commit and progress tick.

        Keep it quick (hand the batch to your own thread or event loop); never wait there
        for a store Future (the writer would wait for itself). Returns an unsubscribe
        function."""
        with self._mem:
            self._observers.append(observer)

        def unsubscribe() -> None:
            with self._mem:
                if observer in self._observers:
                    self._observers.remove(observer)
        return unsubscribe

    # -- progress and status (memory only; published on the next tick) -------------------------

    def record_progress(self, item_id: int, *, sent: int = 0, done: int | None = None) -> None:
        """`sent` more bytes went over the wire for this row; `done` is its stored bytes now
        (None: unchanged). Counted by the queue's one speed estimator."""
        with self._mem:
            item = self._items.get(item_id)
            if item is None:
                return
            now = time.monotonic()
            self._meter.add(sent, now)
            meter = self._row_meters.setdefault(item_id, SpeedMeter())
            meter.add(sent, now)
            new = dataclasses.replace(
                item, bytes_sent=item.bytes_sent + sent,
                bytes_done=item.bytes_done if done is None else max(0, min(done, item.size)),
                speed=meter.rate(now))
            self._replace(item_id, new)
            wake = not self._progress_dirty
            self._progress_dirty.add(item_id)
        if wake:
            self._writer.wake()  # the writer schedules the next tick

    def set_status(self, status: QueueStatus) -> None:
        with self._mem:
            if status == self._status:
                return
            self._status = status
            self._status_dirty = True
        self._writer.wake()

    # -- writing (on the writer thread; Futures resolve after the commit) ----------------------

    def add(self, files: Iterable[NewFile]) -> Future[list[QueueItem]]:
        """Adds files as new rows, in order; a path already queued stays one row (what adding
        it again does: `_queue_again_if_needed`). The result has one item per file given, in
        the same order."""
        files = list(files)
        return self._writer.submit(lambda txn: self._add(txn, files))

    def update(self, item_id: int, *, expect: Iterable[FileState] | None = None,
               **fields: Any) -> Future[QueueItem | None]:
        """Sets fields on a row (state, failure, sha256, …). With `expect`, only when the row is
        in one of those states: compare-and-set, so a worker's transition never overrides a
        cancel or pause that came first. The Future's result is the new row, or None when the
        row is gone or was not in an expected state."""
        expected = None if expect is None else frozenset(expect)
        return self._writer.submit(lambda txn: self._update(txn, item_id, expected, fields))

    def update_many(self, item_ids: Iterable[int], *, expect: Iterable[FileState] | None = None,
                    fields_for: Callable[[QueueItem], dict[str, Any] | None]
                    ) -> Future[list[QueueItem]]:
        """Like update for many rows in one transaction: fields_for(row) gives each row's
        new fields (None: leave it). The result lists the rows that changed."""
        item_ids = list(item_ids)
        expected = None if expect is None else frozenset(expect)

        def run(txn: Transaction) -> list[QueueItem]:
            changed = []
            for item_id in item_ids:
                item = self._items.get(item_id)
                if item is None or (expected is not None and item.state not in expected):
                    continue
                fields = fields_for(item)
                if fields:
                    new = self._update(txn, item_id, None, fields)
                    if new is not None:
                        changed.append(new)
            return changed
        return self._writer.submit(run)

    def remove(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Deletes rows (and their parts); the result lists the rows removed."""
        item_ids = list(item_ids)
        return self._writer.submit(lambda txn: self._remove(txn, item_ids))

    def save_parts(self, item_id: int, parts: list[Part]) -> Future[None]:
        """Replaces the row's part list (digests from hashing; ETags as known)."""
        def run(txn: Transaction) -> None:
            txn.db.execute("DELETE FROM parts WHERE item_id = ?", (item_id,))
            txn.db.executemany(
                "INSERT INTO parts (item_id, number, size, sha256, etag) VALUES (?, ?, ?, ?, ?)",
                [(item_id, p.number, p.size, p.sha256, p.etag) for p in parts])
        return self._writer.submit(run)

    def set_part_etags(self, item_id: int, etags: dict[int, str | None]) -> Future[None]:
        """Records which parts the store holds (None forgets an ETag)."""
        def run(txn: Transaction) -> None:
            txn.db.executemany(
                "UPDATE parts SET etag = ? WHERE item_id = ? AND number = ?",
                [(etag, item_id, number) for number, etag in etags.items()])
        return self._writer.submit(run)

    def parts(self, item_id: int) -> Future[list[Part]]:
        def run(txn: Transaction) -> list[Part]:
            rows = txn.db.execute(
                "SELECT number, size, sha256, etag FROM parts WHERE item_id = ? ORDER BY number",
                (item_id,))
            return [Part(*row) for row in rows]
        return self._writer.submit(run)

    # -- server-side leftovers to clean up, and the key/value table ------------------------

    def add_cleanup(self, endpoint: str, kind: str, image_id: str,
                    upload_id: str | None = None) -> Future[None]:
        def run(txn: Transaction) -> None:
            txn.db.execute(
                "INSERT INTO cleanup (endpoint, kind, image_id, upload_id) VALUES (?, ?, ?, ?)",
                (endpoint, kind, image_id, upload_id))
        return self._writer.submit(run)

    def cleanups(self) -> Future[list[Cleanup]]:
        def run(txn: Transaction) -> list[Cleanup]:
            return [Cleanup(*row) for row in txn.db.execute(
                "SELECT id, endpoint, kind, image_id, upload_id FROM cleanup ORDER BY id")]
        return self._writer.submit(run)

    def cleanup_done(self, cleanup_id: int) -> Future[None]:
        def run(txn: Transaction) -> None:
            txn.db.execute("DELETE FROM cleanup WHERE id = ?", (cleanup_id,))
        return self._writer.submit(run)

    def get_meta(self, key: str) -> Future[str | None]:
        def run(txn: Transaction) -> str | None:
            row = txn.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            return None if row is None else row[0]
        return self._writer.submit(run)

    def set_meta(self, key: str, value: str) -> Future[None]:
        def run(txn: Transaction) -> None:
            txn.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) "
                           "DO UPDATE SET value = excluded.value", (key, value))
        return self._writer.submit(run)

    def belong_to(self, gallery: str, endpoint: str) -> Future[list[QueueItem]]:
        """Rows whose bytes another gallery holds (processing, ready, already there) are queued
        again, digest kept: `gallery` (ServerConfig.gallery_key, served at `endpoint`) gets
        them too, or says by digest that it holds them. A row from before rows named their
        gallery belongs to this one when its upload went to this endpoint. The result lists
        the rows queued again."""
        def run(txn: Transaction) -> list[QueueItem]:
            again = []
            for item in list(self._items.values()):
                if item.state not in STORED or item.gallery == gallery:
                    continue
                if item.gallery is None and item.endpoint == endpoint:
                    self._update(txn, item.id, None, {"gallery": gallery})
                    continue
                again.append(self._update(txn, item.id, None, {
                    "state": FileState.QUEUED, "failure": None, "finished_at": None,
                    **forget_upload()}))
            return again
        return self._writer.submit(run)

    def flush(self) -> Future[None]:
        """Resolves once every write asked for before it is committed and published."""
        return self._writer.submit(lambda txn: None)

    def close(self) -> None:
        """Commits what is pending, publishes it, stops the writer and closes the file."""
        self._writer.close()

    # -- publishing (writer thread, after each round) -----------------------------------------

    def _after_round(self, stopping: bool) -> float | None:
        """Publishes what the round committed, a status change, or progress once it is due;
        returns when the next progress tick is due (None: none is waiting)."""
        with self._mem:
            status_changed = self._status_dirty
            progressed = bool(self._progress_dirty)
        now = time.monotonic()
        if self._unpublished or status_changed or stopping or (
                progressed and self._next_tick is not None and now >= self._next_tick):
            self._publish()
            self._next_tick = None
        elif progressed and self._next_tick is None:
            self._next_tick = now + PUBLISH_INTERVAL
        return self._next_tick

    def _publish(self) -> None:
        batch, self._unpublished = self._unpublished, _Batch()
        with self._mem:
            progressed = [self._items[i] for i in self._progress_dirty
                          if i in self._items and i not in batch.added
                          and i not in batch.changed]
            self._progress_dirty.clear()
            self._status_dirty = False
            changes = QueueChanges(
                added=tuple(sorted(batch.added.values(), key=lambda item: item.id)),
                changed=tuple(list(batch.changed.values()) + progressed),
                removed=tuple(sorted(batch.removed)),
                totals=self._sums.totals(self._meter.rate()),
                status=self._status)
            observers = list(self._observers)
        for observer in observers:
            try:
                observer(changes)
            except Exception:  # an observer's bug must not stop the queue
                log.exception("a queue observer raised")

    # -- row operations (writer thread, inside a transaction) ----------------------------------

    def _replace(self, item_id: int, new: QueueItem | None) -> QueueItem | None:
        """Swaps the row in memory and in the sums; returns the row it replaced.
        With self._mem held."""
        # A replaced row keeps its place in the dict: items() stays in id order.
        old = self._items.get(item_id) if new is not None else self._items.pop(item_id, None)
        if old is not None:
            self._sums.remove(old)
            self._by_path.pop(str(old.path), None)
        if new is not None:
            self._sums.add(new)
            self._items[new.id] = new
            self._by_path[str(new.path)] = new.id
        return old

    def _undo_with(self, txn: Transaction, item_id: int, old: QueueItem | None) -> None:
        """If this change is rolled back, the row goes back to `old` (None: it goes away) in
        memory too, and its change is not published."""
        def undo() -> None:
            with self._mem:
                self._replace(item_id, old)
            self._unpublished.forget(item_id)
        txn.on_undo(undo)

    def _add(self, txn: Transaction, files: list[NewFile]) -> list[QueueItem]:
        now = self._clock()
        result = []
        for new in files:
            existing_id = self._by_path.get(str(new.path))
            if existing_id is not None:
                result.append(self._queue_again_if_needed(txn, self._items[existing_id], new))
                continue
            state = FileState.SKIPPED if new.skip_reason else FileState.QUEUED
            cursor = txn.db.execute(
                "INSERT INTO items (path, size, mtime_ns, state, failure, content_type, "
                "allow_duplicates, added_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (str(new.path), new.size, new.mtime_ns, state.value,
                 to_column("failure", new.skip_reason),
                 new.content_type, int(new.allow_duplicates), now,
                 now if new.skip_reason else None))
            item = QueueItem(id=cursor.lastrowid, path=new.path, size=new.size,
                             mtime_ns=new.mtime_ns, state=state, failure=new.skip_reason,
                             content_type=new.content_type, allow_duplicates=new.allow_duplicates,
                             added_at=now, finished_at=now if new.skip_reason else None)
            with self._mem:
                self._replace(item.id, item)
            self._undo_with(txn, item.id, None)
            self._unpublished.add(item)
            result.append(item)
        return result

    def _queue_again_if_needed(self, txn: Transaction, item: QueueItem,
                               new: NewFile) -> QueueItem:
        """What adding a path that is already queued means. Left as it is: an active or paused
        row; a finished one whose file is unchanged (same size and mtime: already in the
        gallery means nothing to do); one the backend refused for what the unchanged file
        holds. Anything else (failed, cancelled, skipped, or a file that changed) is queued
        again (or skipped again, for a reason) with the new size and mtime; a changed file's
        old digest and upload are forgotten."""
        unchanged = (item.size, item.mtime_ns) == (new.size, new.mtime_ns)
        if item.state in UNFINISHED:
            return item
        if unchanged and item.state in IN_GALLERY:
            return item
        if item.refused_as_it_is(new.size, new.mtime_ns):
            return item
        if new.skip_reason:
            fields = {"state": FileState.SKIPPED, "failure": new.skip_reason,
                      "finished_at": self._clock()}
        else:
            fields = {"state": FileState.QUEUED, "failure": None, "finished_at": None}
        fields.update(item.forget_if_changed(new.size, new.mtime_ns),
                      content_type=new.content_type,
                      allow_duplicates=new.allow_duplicates or item.allow_duplicates)
        return self._update(txn, item.id, None, fields)

    def _update(self, txn: Transaction, item_id: int, expected: frozenset | None,
                fields: dict[str, Any]) -> QueueItem | None:
        fields = dict(fields)
        if "state" in fields:
            fields["state"] = FileState(fields["state"])
            if fields["state"] is not FileState.UPLOADING:
                fields.setdefault("speed", 0.0)
        with self._mem:  # read and replace at once: progress may land from another thread
            item = self._items.get(item_id)
            if item is None or (expected is not None and item.state not in expected):
                return None
            new = dataclasses.replace(item, **fields)
            self._replace(item_id, new)
            if new.state is not FileState.UPLOADING:
                self._row_meters.pop(item_id, None)
        self._undo_with(txn, item_id, item)
        stored = {k: v for k, v in fields.items() if k not in _MEMORY_ONLY}
        if stored:
            assignments = ", ".join(f"{name} = ?" for name in stored)
            txn.db.execute(f"UPDATE items SET {assignments} WHERE id = ?",
                           (*(to_column(k, v) for k, v in stored.items()), item_id))
        self._unpublished.change(new)
        return new

    def _remove(self, txn: Transaction, item_ids: list[int]) -> list[QueueItem]:
        removed = []
        for item_id in item_ids:
            with self._mem:
                item = self._replace(item_id, None)
                self._row_meters.pop(item_id, None)
                self._progress_dirty.discard(item_id)
            if item is None:
                continue
            self._undo_with(txn, item_id, item)
            txn.db.execute("DELETE FROM items WHERE id = ?", (item_id,))
            self._unpublished.remove(item_id)
            removed.append(item)
        return removed


class _Sums:
    """Running totals: each row's share (Totals.of) is added when it appears and subtracted
    when it is replaced, so a change costs O(1) whatever the queue's length."""

    def __init__(self):
        self._sums = dict.fromkeys(_SUMMED, 0)

    def _apply(self, item: QueueItem, sign: int) -> None:
        share = Totals.of(item)
        for name in _SUMMED:
            self._sums[name] += sign * getattr(share, name)

    def add(self, item: QueueItem) -> None:
        self._apply(item, 1)

    def remove(self, item: QueueItem) -> None:
        self._apply(item, -1)

    def totals(self, speed: float) -> Totals:
        return Totals(**self._sums, bytes_per_second=speed)


# Every count of Totals (the speed is the estimator's, not a sum).
_SUMMED = tuple(f.name for f in dataclasses.fields(Totals) if f.name != "bytes_per_second")
