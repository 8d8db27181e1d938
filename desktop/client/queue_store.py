"""QueueStore: the upload queue on disk (SQLite), the one source of truth for every view of it.

- One SQLite file in WAL mode (stdlib sqlite3), schema versioned with `PRAGMA user_version`
  and migrated when opened. The connection holds the database in EXCLUSIVE locking mode, so
  one process at a time owns a queue file (a second one gets `QueueBusy`); a SIGKILL
  releases the lock with the process.
- All writes run on one thread, the writer, in the order they were asked for. Callers get a
  `concurrent.futures.Future` whose result is set only after the change is committed: the
  engine waits for it before its next network step, so what it did is on disk before it
  does more. Writes that arrive together share one transaction (group commit).
- A copy of every row lives in memory, so reads (`items`, `get`, `totals`) never touch the
  disk and are safe on a UI thread. Totals are kept by adding and subtracting each row's
  contribution as it changes, never by walking every row.
- Observers (`subscribe`) get a `QueueChanges` batch on the writer thread after each
  commit, holding only the rows that changed. Upload progress is kept in memory only (not
  worth a disk write per chunk) and published at most every `PUBLISH_INTERVAL` seconds.

Durability: `synchronous=NORMAL` in WAL mode keeps every commit through a crash or SIGKILL
of this process; only a power cut can lose the last commits, and then a file at worst steps
back one state and is asked about again (the server's duplicate check makes that safe).
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from backend.common.private_files import private_file

from .failures import Failure
from .i18n import translate
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
    failure_from_json,
    failure_to_json,
    forget_upload,
    image_from_json,
    image_to_json,
)
from .speed import SpeedMeter

log = logging.getLogger(__name__)

PUBLISH_INTERVAL = 0.1  # progress reaches observers at most 10 times a second
SCHEMA_VERSION = 3

# Each entry migrates from version index to index + 1.
_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        state TEXT NOT NULL,
        error TEXT,
        content_type TEXT,
        sha256 TEXT,
        allow_duplicates INTEGER NOT NULL DEFAULT 0,
        endpoint TEXT,
        image_id TEXT,
        upload_id TEXT,
        part_bytes INTEGER,
        image TEXT,
        bytes_done INTEGER NOT NULL DEFAULT 0,
        bytes_sent INTEGER NOT NULL DEFAULT 0,
        added_at REAL NOT NULL,
        finished_at REAL,
        processing_since REAL
    );
    CREATE TABLE parts (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        etag TEXT,
        PRIMARY KEY (item_id, number)
    ) WITHOUT ROWID;
    -- server-side leftovers to clean up (abort a multipart upload, delete a cancelled image),
    -- kept until done so a restart or a network loss doesn't forget them
    CREATE TABLE cleanup (
        id INTEGER PRIMARY KEY,
        endpoint TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('abort', 'delete')),
        image_id TEXT NOT NULL,
        upload_id TEXT
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: a failure is stored as {code, params, fallback} (desktop/client/failures.py), never
    # as a rendered sentence; a sentence stored before is kept as the fallback it shows.
    """
    ALTER TABLE items RENAME COLUMN error TO failure;
    UPDATE items SET failure = json_object('code', NULL, 'params', json_object(),
                                           'fallback', failure) WHERE failure IS NOT NULL;
    """,
    # 3: rows belong to the gallery their image went to (rows from before say none: see
    # belong_to). Rendition links are presigned (anyone holding the file could read the image
    # until they expire): the queue keeps ids only; a view asks the API for a link.
    """
    ALTER TABLE items ADD COLUMN gallery TEXT;
    UPDATE items SET image = json_remove(image, '$.thumbnail_url', '$.large_url')
    WHERE image IS NOT NULL
    """,
)

_COLUMNS = ("id", "path", "size", "mtime_ns", "state", "failure", "content_type", "sha256",
            "allow_duplicates", "endpoint", "gallery", "image_id", "upload_id", "part_bytes",
            "image", "bytes_done", "bytes_sent", "added_at", "finished_at", "processing_since")
_MEMORY_ONLY = frozenset({"speed"})


class QueueBusy(Exception):
    """Another process has this queue open; str() says so in a sentence."""


class QueueError(Exception):
    """The queue file can't be used (unreadable, from a newer version, disk trouble)."""


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

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


_STOP = object()


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
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._db = self._open()
        try:
            self._load()
        except BaseException:
            self._db.close()
            raise
        self._writer = threading.Thread(target=self._write_loop, name="thumbdrop-queue",
                                        daemon=True)
        self._writer.start()

    # -- opening -----------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if str(self.path) != ":memory:":
            # The queue names the user's files: readable by this user only. SQLite gives its
            # -wal and -shm files the database file's mode. A folder the user chose keeps its own.
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            private_file(self.path)
        try:
            db = sqlite3.connect(self.path, timeout=0, isolation_level=None,
                                 check_same_thread=False)
        except sqlite3.Error as exc:
            raise QueueError(translate("QueueStore", "Can't open the upload queue at {path} "
                                                     "({error}).").format(path=self.path,
                                                                          error=exc)) from None
        try:
            db.execute("PRAGMA locking_mode=EXCLUSIVE")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("BEGIN IMMEDIATE")  # takes the exclusive lock now, not at first write
            self._migrate(db)
            db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            db.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise QueueBusy(translate(
                    "QueueStore", "Another Thumbdrop process is using the upload queue at "
                    "{path}. Wait for it to finish (or close it), or use another queue "
                    "file.").format(path=self.path)) from None
            raise QueueError(translate("QueueStore", "Can't use the upload queue at {path} "
                                                     "({error}).").format(path=self.path,
                                                                          error=exc)) from None
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise QueueError(translate(
                "QueueStore", "The upload queue at {path} was written by a newer Thumbdrop "
                "(schema {version}, this one knows {known}). Update Thumbdrop, or move the file "
                "away to start with an empty queue.").format(path=self.path, version=version,
                                                             known=SCHEMA_VERSION))
        for number in range(version, SCHEMA_VERSION):
            for statement in _MIGRATIONS[number].split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version={number + 1}")

    def _load(self) -> None:
        rows = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM items ORDER BY id")
        for row in rows:
            item = _item_from_row(row)
            self._replace(item.id, item)

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
            self._tasks.put(None)  # the writer schedules the next tick

    def set_status(self, status: QueueStatus) -> None:
        with self._mem:
            if status == self._status:
                return
            self._status = status
            self._status_dirty = True
        self._tasks.put(None)

    # -- writing (on the writer thread; Futures resolve after the commit) ----------------------

    def add(self, files: Iterable[NewFile]) -> Future[list[QueueItem]]:
        """Adds files as new rows, in order; a path already queued stays one row.

        For a path already in the queue: an active or paused row, or a finished one whose file
        is unchanged (same size and mtime), is left as it is (already in the gallery means
        nothing to do); a failed, cancelled or skipped row, or a finished one whose file has
        changed, is reset to QUEUED with the new size and mtime (its old digest and upload
        forgotten). The result has one item per file given, in the same order."""
        files = list(files)
        return self._submit(lambda batch: self._add(batch, files))

    def update(self, item_id: int, *, expect: Iterable[FileState] | None = None,
               **fields: Any) -> Future[QueueItem | None]:
        """Sets fields on a row (state, failure, sha256, …). With `expect`, only when the row is
        in one of those states: compare-and-set, so a worker's transition never overrides a
        cancel or pause that came first. The Future's result is the new row, or None when the
        row is gone or was not in an expected state."""
        expected = None if expect is None else frozenset(expect)
        return self._submit(lambda batch: self._update(batch, item_id, expected, fields))

    def update_many(self, item_ids: Iterable[int], *, expect: Iterable[FileState] | None = None,
                    fields_for: Callable[[QueueItem], dict[str, Any] | None]
                    ) -> Future[list[QueueItem]]:
        """Like update for many rows in one transaction: fields_for(row) gives each row's
        new fields (None: leave it). The result lists the rows that changed."""
        item_ids = list(item_ids)
        expected = None if expect is None else frozenset(expect)

        def run(batch: _Batch) -> list[QueueItem]:
            changed = []
            for item_id in item_ids:
                item = self._items.get(item_id)
                if item is None or (expected is not None and item.state not in expected):
                    continue
                fields = fields_for(item)
                if fields:
                    new = self._update(batch, item_id, None, fields)
                    if new is not None:
                        changed.append(new)
            return changed
        return self._submit(run)

    def remove(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Deletes rows (and their parts); the result lists the rows removed."""
        item_ids = list(item_ids)
        return self._submit(lambda batch: self._remove(batch, item_ids))

    def save_parts(self, item_id: int, parts: list[Part]) -> Future[None]:
        """Replaces the row's part list (digests from hashing; ETags as known)."""
        def run(batch: _Batch) -> None:
            self._db.execute("DELETE FROM parts WHERE item_id = ?", (item_id,))
            self._db.executemany(
                "INSERT INTO parts (item_id, number, size, sha256, etag) VALUES (?, ?, ?, ?, ?)",
                [(item_id, p.number, p.size, p.sha256, p.etag) for p in parts])
        return self._submit(run)

    def set_part_etags(self, item_id: int, etags: dict[int, str | None]) -> Future[None]:
        """Records which parts the store holds (None forgets an ETag)."""
        def run(batch: _Batch) -> None:
            self._db.executemany(
                "UPDATE parts SET etag = ? WHERE item_id = ? AND number = ?",
                [(etag, item_id, number) for number, etag in etags.items()])
        return self._submit(run)

    def parts(self, item_id: int) -> Future[list[Part]]:
        def run(batch: _Batch) -> list[Part]:
            rows = self._db.execute(
                "SELECT number, size, sha256, etag FROM parts WHERE item_id = ? ORDER BY number",
                (item_id,))
            return [Part(*row) for row in rows]
        return self._submit(run)

    def add_cleanup(self, endpoint: str, kind: str, image_id: str,
                    upload_id: str | None = None) -> Future[None]:
        return self._submit(lambda batch: self._db.execute(
            "INSERT INTO cleanup (endpoint, kind, image_id, upload_id) VALUES (?, ?, ?, ?)",
            (endpoint, kind, image_id, upload_id)) and None)

    def cleanups(self) -> Future[list[Cleanup]]:
        return self._submit(lambda batch: [Cleanup(*row) for row in self._db.execute(
            "SELECT id, endpoint, kind, image_id, upload_id FROM cleanup ORDER BY id")])

    def cleanup_done(self, cleanup_id: int) -> Future[None]:
        return self._submit(lambda batch: self._db.execute(
            "DELETE FROM cleanup WHERE id = ?", (cleanup_id,)) and None)

    def get_meta(self, key: str) -> Future[str | None]:
        def run(batch: _Batch) -> str | None:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            return None if row is None else row[0]
        return self._submit(run)

    def set_meta(self, key: str, value: str) -> Future[None]:
        return self._submit(lambda batch: self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
            "value = excluded.value", (key, value)) and None)

    def belong_to(self, gallery: str, endpoint: str) -> Future[list[QueueItem]]:
        """Rows whose bytes another gallery holds (processing, ready, already there) are queued
        again, digest kept: `gallery` (ServerConfig.gallery_key, served at `endpoint`) gets
        them too, or says by digest that it holds them. A row from before rows named their
        gallery belongs to this one when its upload went to this endpoint. The result lists
        the rows queued again."""
        def run(batch: _Batch) -> list[QueueItem]:
            again = []
            for item in list(self._items.values()):
                if item.state not in STORED or item.gallery == gallery:
                    continue
                if item.gallery is None and item.endpoint == endpoint:
                    self._update(batch, item.id, None, {"gallery": gallery})
                    continue
                again.append(self._update(batch, item.id, None, {
                    "state": FileState.QUEUED, "failure": None, "finished_at": None,
                    **forget_upload()}))
            return again
        return self._submit(run)

    def flush(self) -> Future[None]:
        """Resolves once every write asked for before it is committed and published."""
        return self._submit(lambda batch: None)

    def close(self) -> None:
        """Commits what is pending, publishes it, stops the writer and closes the file."""
        if not self._writer.is_alive():
            return
        self._tasks.put(_STOP)
        self._writer.join()
        self._db.close()

    # -- the writer ----------------------------------------------------------------------------

    def _submit(self, run: Callable[[_Batch], Any]) -> Future:
        future: Future = Future()
        if not self._writer.is_alive() and threading.current_thread() is not self._writer:
            future.set_exception(QueueError(translate("QueueStore",
                                                      "The upload queue is closed.")))
            return future
        self._tasks.put((run, future))
        return future

    def _write_loop(self) -> None:
        next_tick = None  # when dirty progress is due to be published
        stopping = False
        while not stopping:
            timeout = None if next_tick is None else max(0.0, next_tick - time.monotonic())
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
            work = [task for task in tasks if task is not None and task is not _STOP]
            batch = _Batch()
            if work:
                self._run_transaction(work, batch)
            with self._mem:
                status_changed = self._status_dirty
                progressed = bool(self._progress_dirty)
            now = time.monotonic()
            if batch or status_changed or stopping or (
                    progressed and next_tick is not None and now >= next_tick):
                self._publish(batch)
                next_tick = None
            elif progressed and next_tick is None:
                next_tick = now + PUBLISH_INTERVAL

    def _run_transaction(self, work: list, batch: _Batch) -> None:
        results: list[tuple[Future, Any, BaseException | None]] = []
        undo: list[tuple[int, QueueItem | None]] = []
        self._undo = undo
        try:
            self._db.execute("BEGIN IMMEDIATE")
            for run, future in work:
                if not future.set_running_or_notify_cancel():
                    continue
                self._db.execute("SAVEPOINT task")
                mark = len(undo)
                try:
                    result = run(batch)
                except Exception as exc:  # noqa: BLE001 - this task alone fails (its bug or input)
                    self._db.execute("ROLLBACK TO task")
                    self._undo_memory(undo[mark:], batch)
                    del undo[mark:]
                    results.append((future, None, exc))
                else:
                    results.append((future, result, None))
                self._db.execute("RELEASE task")
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            # The disk refused (full, read-only, I/O error): nothing of this batch is stored,
            # so the memory copy goes back too and every waiting caller hears why.
            log.error("upload queue write failed: %s", exc)
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            self._undo_memory(undo, batch)
            error = QueueError(translate(
                "QueueStore", "Can't save the upload queue at {path} ({error}). Check that the "
                "disk has space and the folder is writable.").format(path=self.path, error=exc))
            for run, future in work:
                if not future.done():
                    future.set_exception(error)
            batch.__init__()
            return
        finally:
            self._undo = None
        for future, result, exc in results:
            if exc is None:
                future.set_result(result)
            else:
                future.set_exception(exc)

    def _undo_memory(self, undo: list[tuple[int, QueueItem | None]], batch: _Batch) -> None:
        with self._mem:
            for item_id, old in reversed(undo):
                self._replace(item_id, old)
        for item_id, _ in undo:  # undone work is not published
            batch.added.pop(item_id, None)
            batch.changed.pop(item_id, None)
            batch.removed.discard(item_id)

    def _publish(self, batch: _Batch) -> None:
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

    def _remember(self, item_id: int, old: QueueItem | None) -> None:
        if self._undo is not None:
            self._undo.append((item_id, old))

    def _add(self, batch: _Batch, files: list[NewFile]) -> list[QueueItem]:
        now = self._clock()
        result = []
        for new in files:
            existing_id = self._by_path.get(str(new.path))
            if existing_id is not None:
                result.append(self._readd(batch, self._items[existing_id], new))
                continue
            state = FileState.SKIPPED if new.skip_reason else FileState.QUEUED
            cursor = self._db.execute(
                "INSERT INTO items (path, size, mtime_ns, state, failure, content_type, "
                "allow_duplicates, added_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (str(new.path), new.size, new.mtime_ns, state.value,
                 failure_to_json(new.skip_reason),
                 new.content_type, int(new.allow_duplicates), now,
                 now if new.skip_reason else None))
            item = QueueItem(id=cursor.lastrowid, path=new.path, size=new.size,
                             mtime_ns=new.mtime_ns, state=state, failure=new.skip_reason,
                             content_type=new.content_type, allow_duplicates=new.allow_duplicates,
                             added_at=now, finished_at=now if new.skip_reason else None)
            with self._mem:
                self._replace(item.id, item)
            self._remember(item.id, None)
            batch.add(item)
            result.append(item)
        return result

    def _readd(self, batch: _Batch, item: QueueItem, new: NewFile) -> QueueItem:
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
        return self._update(batch, item.id, None, fields)

    def _update(self, batch: _Batch, item_id: int, expected: frozenset | None,
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
        self._remember(item_id, item)
        stored = {k: v for k, v in fields.items() if k not in _MEMORY_ONLY}
        if stored:
            assignments = ", ".join(f"{name} = ?" for name in stored)
            self._db.execute(f"UPDATE items SET {assignments} WHERE id = ?",
                             (*(_to_column(k, v) for k, v in stored.items()), item_id))
        batch.change(new)
        return new

    def _remove(self, batch: _Batch, item_ids: list[int]) -> list[QueueItem]:
        removed = []
        for item_id in item_ids:
            with self._mem:
                item = self._replace(item_id, None)
                self._row_meters.pop(item_id, None)
                self._progress_dirty.discard(item_id)
            if item is None:
                continue
            self._remember(item_id, item)
            self._db.execute("DELETE FROM items WHERE id = ?", (item_id,))
            batch.remove(item_id)
            removed.append(item)
        return removed

    _undo: list | None = None


def _to_column(name: str, value: Any) -> Any:
    if name == "state":
        return FileState(value).value
    if name == "path":
        return str(value)
    if name == "image":
        return image_to_json(value)
    if name == "failure":
        return failure_to_json(value)
    if name == "allow_duplicates":
        return int(bool(value))
    return value


def _item_from_row(row: tuple) -> QueueItem:
    values = dict(zip(_COLUMNS, row))
    values["path"] = Path(values["path"])
    values["state"] = FileState(values["state"])
    values["allow_duplicates"] = bool(values["allow_duplicates"])
    values["image"] = image_from_json(values["image"])
    values["failure"] = failure_from_json(values["failure"])
    return QueueItem(**values)


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
