"""The backend's durable queue of objects to resize: SQLite (WAL) in the data dir.

The intake commits an event here before it answers the filer's webhook, and each commit is
on disk before it returns (WAL with synchronous=FULL): an event the store handed over survives
a SIGKILL of the backend and an OS crash alike, as the original it names does (the S3 front
answers a PUT only once it is on disk). The start-up reconcile remains the net for events
the store never sent.

One row per object key. A job in hand is tracked in memory only: after a crash every row is
simply waiting again. A new event for a key in hand bumps the row's generation, so finishing
the older run does not remove the newer event.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Self

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    key         TEXT PRIMARY KEY,   -- object key in the upload bucket
    bucket      TEXT NOT NULL,
    event_name  TEXT NOT NULL,      -- ObjectCreated:Put | ObjectCreated:CompleteMultipartUpload
    size        INTEGER NOT NULL,
    etag        TEXT NOT NULL,
    received_at REAL NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    not_before  REAL NOT NULL DEFAULT 0,
    generation  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (not_before, received_at);
"""


@dataclass(frozen=True)
class Job:
    key: str
    bucket: str
    event_name: str
    size: int
    etag: str
    received_at: float
    attempts: int = 0
    generation: int = 0


class EventQueue:
    def __init__(self, path: Path):
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._in_hand: set[str] = set()
        self._closed = False

    def add(self, job: Job, *, replace: bool = True) -> None:
        """Queues `job`. With replace (an event from the store), a row already there is
        refreshed and runs again even if it is in hand now; without (reconcile), it is kept."""
        conflict = ("DO UPDATE SET event_name = excluded.event_name, size = excluded.size, "
                    "etag = excluded.etag, attempts = 0, not_before = 0, "
                    "generation = generation + 1" if replace else "DO NOTHING")
        with self._changed:
            self._db.execute(
                "INSERT INTO jobs (key, bucket, event_name, size, etag, received_at) "
                f"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) {conflict}",
                (job.key, job.bucket, job.event_name, job.size, job.etag, job.received_at))
            self._changed.notify()

    def take(self, timeout: float) -> Job | None:
        """The oldest job that is due and not in hand, waiting up to `timeout` for one."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not self._closed:
                job, next_due = self._first_due()
                if job is not None:
                    self._in_hand.add(job.key)
                    return job
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._changed.wait(min(left, next_due - time.time()) if next_due else left)
            return None

    def _first_due(self) -> tuple[Job | None, float | None]:
        now = time.time()
        in_hand = list(self._in_hand)  # at most one per worker
        marks = ",".join("?" * len(in_hand))
        row = self._db.execute(
            "SELECT key, bucket, event_name, size, etag, received_at, attempts, generation "
            f"FROM jobs WHERE not_before <= ? AND key NOT IN ({marks}) "
            "ORDER BY not_before, received_at LIMIT 1", (now, *in_hand)).fetchone()
        if row is not None:
            return Job(*row), None
        (next_due,) = self._db.execute(
            "SELECT MIN(not_before) FROM jobs WHERE not_before > ?", (now,)).fetchone()
        return None, next_due

    def done(self, job: Job) -> None:
        """Removes the job, unless a newer event for its key came in meanwhile."""
        with self._changed:
            try:
                self._db.execute("DELETE FROM jobs WHERE key = ? AND generation = ?",
                                 (job.key, job.generation))
            finally:  # a full disk keeps the row (it runs again, harmlessly), not the job
                self._release(job)

    def retry_later(self, job: Job, delay: float, *, attempts: int) -> None:
        with self._changed:
            try:
                self._db.execute(
                    "UPDATE jobs SET attempts = ?, not_before = ? WHERE key = ? AND "
                    "generation = ?", (attempts, time.time() + delay, job.key, job.generation))
            finally:
                self._release(job)

    def _release(self, job: Job) -> None:
        self._in_hand.discard(job.key)
        self._changed.notify_all()

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]

    def keys(self) -> set[str]:
        with self._lock:
            return {row[0] for row in self._db.execute("SELECT key FROM jobs")}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Wakes every waiting take() (it returns None) and closes the database."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
            self._db.close()
