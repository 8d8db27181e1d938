"""The upload queue's file: its schema, the migrations from every older version, and opening it.

One SQLite file in WAL mode (stdlib sqlite3), schema versioned with `PRAGMA user_version` and
migrated when opened. The connection holds the database in EXCLUSIVE locking mode, so one
process at a time owns a queue file (a second one gets `QueueBusy`); a SIGKILL releases the
lock with the process. `synchronous=NORMAL` in WAL mode keeps every commit through a crash or
SIGKILL of this process; only a power cut can lose the last commits.

A row of `items` reads as a QueueItem (`item_from_row`) and a field is written back as its
column holds it (`to_column`); what the columns mean is queue_types.QueueItem's business.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from backend.common.private_files import private_file

from .i18n import translate
from .queue_types import (
    FileState,
    QueueItem,
    failure_from_json,
    failure_to_json,
    image_from_json,
    image_to_json,
)

SCHEMA_VERSION = 3

# Each entry migrates from version index to index + 1.
MIGRATIONS: tuple[str, ...] = (
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

COLUMNS = ("id", "path", "size", "mtime_ns", "state", "failure", "content_type", "sha256",
            "allow_duplicates", "endpoint", "gallery", "image_id", "upload_id", "part_bytes",
            "image", "bytes_done", "bytes_sent", "added_at", "finished_at", "processing_since")


class QueueBusy(Exception):
    """Another process has this queue open; str() says so in a sentence."""


class QueueError(Exception):
    """The queue file can't be used (unreadable, from a newer version, disk trouble)."""


def open_queue(path: Path) -> sqlite3.Connection:
    """The queue file at `path`, locked for this process and migrated to SCHEMA_VERSION
    (":memory:" for a queue that lives as long as the connection). Raises QueueBusy or
    QueueError with a sentence naming the file."""
    if str(path) != ":memory:":
        # The queue names the user's files: readable by this user only. SQLite gives its
        # -wal and -shm files the database file's mode. A folder the user chose keeps its own.
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        private_file(path)
    try:
        db = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise QueueError(translate("QueueStore", "Can't open the upload queue at {path} "
                                                 "({error}).").format(path=path,
                                                                      error=exc)) from None
    try:
        db.execute("PRAGMA locking_mode=EXCLUSIVE")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("BEGIN IMMEDIATE")  # takes the exclusive lock now, not at first write
        _migrate(db, path)
        db.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        db.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise QueueBusy(translate(
                "QueueStore", "Another Thumbdrop process is using the upload queue at "
                "{path}. Wait for it to finish (or close it), or use another queue "
                "file.").format(path=path)) from None
        raise QueueError(translate("QueueStore", "Can't use the upload queue at {path} "
                                                 "({error}).").format(path=path,
                                                                      error=exc)) from None
    except BaseException:
        db.close()
        raise
    return db


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise QueueError(translate(
            "QueueStore", "The upload queue at {path} was written by a newer Thumbdrop "
            "(schema {version}, this one knows {known}). Update Thumbdrop, or move the file "
            "away to start with an empty queue.").format(path=path, version=version,
                                                         known=SCHEMA_VERSION))
    for number in range(version, SCHEMA_VERSION):
        for statement in MIGRATIONS[number].split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute(f"PRAGMA user_version={number + 1}")


def load_items(db: sqlite3.Connection) -> list[QueueItem]:
    """Every row of the queue, in id order."""
    return [item_from_row(row) for row in
            db.execute(f"SELECT {', '.join(COLUMNS)} FROM items ORDER BY id")]


def to_column(name: str, value: Any) -> Any:
    """A QueueItem field's value as its column stores it."""
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


def item_from_row(row: tuple) -> QueueItem:
    values = dict(zip(COLUMNS, row))
    values["path"] = Path(values["path"])
    values["state"] = FileState(values["state"])
    values["allow_duplicates"] = bool(values["allow_duplicates"])
    values["image"] = image_from_json(values["image"])
    values["failure"] = failure_from_json(values["failure"])
    return QueueItem(**values)
