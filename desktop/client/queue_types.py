"""The values a queue hands out: a file's state, one row's snapshot, totals, the queue's status,
and the change batches observers receive. Immutable, so they cross threads freely.

These are the whole vocabulary between the transfer core and anything that shows it (the
Qt model, the CLI): they carry facts, never widgets or callbacks.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from .api import ImageInfo
from .failures import Failure, cannot_change
from .i18n import QT_TRANSLATE_NOOP, translate


class FileState(str, Enum):
    """Where one file is. The value is what the database stores (never renamed)."""

    QUEUED = "queued"            # waiting its turn (to be hashed, or to continue)
    HASHING = "hashing"          # its SHA-256 is being computed (once; the digest is stored)
    WAITING_URL = "waiting_url"  # hashed; waiting for an upload URL from the API
    UPLOADING = "uploading"      # bytes are going to the store (single PUT or parts)
    PAUSED = "paused"            # the person paused this file; Resume continues it
    PROCESSING = "processing"    # bytes stored; the backend is making the renditions
    READY = "ready"              # in the gallery with its thumbnail
    DUPLICATE = "duplicate"      # the gallery already holds these bytes: `image` is that image
    FAILED = "failed"            # `failure` says which file, what happened, what to do
    CANCELLED = "cancelled"      # the person cancelled it
    SKIPPED = "skipped"          # never queued: not an image Thumbdrop takes (`failure`: why)

    @property
    def finished(self) -> bool:
        """Nothing more happens to the file unless the person asks (retry, upload anyway)."""
        return self in FINISHED

    @property
    def active(self) -> bool:
        """The engine is working on it or will without being asked (paused is not active)."""
        return self in ACTIVE

    @property
    def label(self) -> str:
        """A short phrase for a row or a CLI line (in the installed language)."""
        return translate("FileState", _LABELS[self])


_LABELS = {
    FileState.QUEUED: QT_TRANSLATE_NOOP("FileState", "Queued"),
    FileState.HASHING: QT_TRANSLATE_NOOP("FileState", "Checking"),
    FileState.WAITING_URL: QT_TRANSLATE_NOOP("FileState", "Waiting for an upload link"),
    FileState.UPLOADING: QT_TRANSLATE_NOOP("FileState", "Uploading"),
    FileState.PAUSED: QT_TRANSLATE_NOOP("FileState", "Paused"),
    FileState.PROCESSING: QT_TRANSLATE_NOOP("FileState", "Making thumbnails"),
    FileState.READY: QT_TRANSLATE_NOOP("FileState", "Ready"),
    FileState.DUPLICATE: QT_TRANSLATE_NOOP("FileState", "Already in the gallery"),
    FileState.FAILED: QT_TRANSLATE_NOOP("FileState", "Failed"),
    FileState.CANCELLED: QT_TRANSLATE_NOOP("FileState", "Cancelled"),
    FileState.SKIPPED: QT_TRANSLATE_NOOP("FileState", "Skipped"),
}
# -- the file-state policy: every rule about which states do what, declared once -----------------
# In the gallery: ours (ready), or the image already there (duplicate). Such a row shows the
# backend's thumbnail, counts as done, and is left alone when its unchanged file is added again.
IN_GALLERY = frozenset({FileState.READY, FileState.DUPLICATE})
# Nothing more happens to the file unless the person asks (retry, upload anyway).
FINISHED = IN_GALLERY | {FileState.FAILED, FileState.CANCELLED, FileState.SKIPPED}
# The engine may still act on the row (a paused one only once it is resumed).
UNFINISHED = frozenset(FileState) - FINISHED
# The engine is working on it or will without being asked (paused is not active).
ACTIVE = UNFINISHED - {FileState.PAUSED}
# What Pause (one file, or Pause all) holds: rows that wait or send. Processing goes on at the
# server, so it can't be paused.
PAUSABLE = frozenset({FileState.QUEUED, FileState.HASHING, FileState.WAITING_URL,
                      FileState.UPLOADING})
# What Cancel stops: any unfinished row (a processing one's stored bytes are deleted).
CANCELLABLE = UNFINISHED
# What Retry runs again.
RETRYABLE = frozenset({FileState.FAILED, FileState.CANCELLED})
# What "Clear finished" removes: done, cancelled and skipped rows; failed rows stay until
# retried or removed, so a failure is never cleared away unread.
CLEARABLE = IN_GALLERY | {FileState.CANCELLED, FileState.SKIPPED}
# Rows whose bytes the store holds (or that need none): their whole size counts as done.
STORED = IN_GALLERY | {FileState.PROCESSING}
# Rows in no total but `files_clearable`: nothing was or will be uploaded.
UNCOUNTED = frozenset({FileState.CANCELLED, FileState.SKIPPED})
# Rows whose bytes are in no byte total: a failed file's bytes will not arrive unless retried,
# so a finished batch with failures reads full, not at the share the failures left out.
UNSIZED = UNCOUNTED | {FileState.FAILED}
# The share of a file's progress its thumbnails stand for: a stored file still being made into
# thumbnails is 90 % done, so the bar is full only when every file is.
THUMBNAIL_SHARE = 0.1
# Below this an estimate says "a few seconds", never "0 s".
FEW_SECONDS = 10


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One row of the queue as it is now. A new snapshot replaces the old on every change."""

    id: int                     # stable for the row's life; the order rows were added
    path: Path
    size: int                   # bytes, as when queued (or last retried)
    mtime_ns: int               # modification time as when queued: a changed file is noticed
    state: FileState
    failure: Failure | None = None  # FAILED/SKIPPED: why, as a code (rendered when shown)
    content_type: str | None = None
    sha256: str | None = None   # base64, once hashed; never computed twice for the same bytes
    allow_duplicates: bool = False  # upload even if the gallery has these bytes
    endpoint: str | None = None     # the API that image_id/upload_id belong to
    gallery: str | None = None      # the gallery they belong to (ServerConfig.gallery_key)
    image_id: str | None = None     # the server's id once an upload was handed out
    upload_id: str | None = None    # multipart upload id (big files)
    part_bytes: int | None = None   # multipart part size
    image: ImageInfo | None = None  # PROCESSING/READY: ours; DUPLICATE: the existing image
    bytes_done: int = 0         # bytes the store holds of this file (never above size)
    bytes_sent: int = 0         # bytes that went over the wire, re-sends included
    speed: float = 0.0          # bytes/s while uploading (the queue's one estimator)
    added_at: float = 0.0       # epoch seconds
    finished_at: float | None = None
    processing_since: float | None = None  # epoch seconds the bytes were stored

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def error(self) -> str | None:
        """The failure's sentence in the language installed now (None: no failure)."""
        return None if self.failure is None else str(self.failure)

    @property
    def progress_bytes(self) -> int:
        """Bytes counted as done in the totals and the row's bar: the whole file once stored."""
        if self.state in STORED:
            return self.size
        if self.state in UNSIZED:
            return 0
        return min(self.bytes_done, self.size)

    def refused_as_it_is(self, size: int, mtime_ns: int) -> bool:
        """Failed by the backend for what the bytes hold (damaged, not an image…) and the file
        (now `size`, `mtime_ns` on disk) unchanged since: running it again would send the same
        bytes for the same verdict, so Retry and adding it again leave it failed."""
        return (self.state is FileState.FAILED and (self.size, self.mtime_ns) == (size, mtime_ns)
                and cannot_change(self.failure))

    def forget_if_changed(self, size: int, mtime_ns: int) -> dict[str, Any]:
        """The fields that make this row a new file when the file on disk (now `size`,
        `mtime_ns`) is not the one it was: its upload and digest forgotten, the new size and
        time taken. Empty when the file is unchanged (digest and upload stay usable). Retry
        and adding the path again both ask this."""
        if (self.size, self.mtime_ns) == (size, mtime_ns):
            return {}
        return dict(forget_upload(), size=size, mtime_ns=mtime_ns, sha256=None)

    def seen_state(self, queue_paused: bool = False) -> FileState:
        """The state the row shows a person. A file whose bytes are all sent is being processed
        (the server's answer is on its way), not "Uploading"; under Pause all what waits or
        sends is paused, not "Waiting its turn"."""
        state = self.state
        if state is FileState.UPLOADING and self.bytes_done >= self.size:
            return FileState.PROCESSING
        if queue_paused and state in PAUSABLE:
            return FileState.PAUSED
        return state


def forget_upload() -> dict[str, Any]:
    """The fields that tie a row to one upload on one server, cleared."""
    return {"endpoint": None, "gallery": None, "image_id": None, "upload_id": None,
            "part_bytes": None, "image": None, "bytes_done": 0, "processing_since": None}


@dataclass(frozen=True, slots=True)
class Totals:
    """The queue's sums, kept up to date with each change (never by walking every row).

    Cancelled and skipped rows count in no total except `files_clearable`; failed rows count
    as files but their bytes are in no byte total (UNSIZED)."""

    files_total: int = 0      # rows that count: everything but cancelled and skipped
    files_done: int = 0       # ready or already in the gallery
    files_failed: int = 0
    files_active: int = 0     # queued, hashing, waiting for a URL, uploading, processing
    files_processing: int = 0  # bytes all sent, the server making thumbnails (seen_state)
    files_paused: int = 0
    files_clearable: int = 0  # what "Clear finished" would remove
    bytes_total: int = 0      # the sizes of the files that count and didn't fail
    bytes_done: int = 0       # stored bytes (whole size for files already in the gallery)
    bytes_finished: int = 0   # the sizes of the files that are done
    bytes_per_second: float = 0.0  # upload speed now, from the queue's one estimator

    @classmethod
    def of(cls, item: QueueItem) -> Totals:
        """One row's share of the totals (the store adds and subtracts these)."""
        state = item.state
        return cls(files_total=int(state not in UNCOUNTED), files_done=int(state in IN_GALLERY),
                   files_failed=int(state is FileState.FAILED), files_active=int(state.active),
                   files_processing=int(item.seen_state() is FileState.PROCESSING),
                   files_paused=int(state is FileState.PAUSED),
                   files_clearable=int(state in CLEARABLE),
                   bytes_total=0 if state in UNSIZED else item.size,
                   bytes_done=item.progress_bytes,
                   bytes_finished=item.size if state in IN_GALLERY else 0)

    @property
    def permille(self) -> int:
        """How far the queue is, 0-1000, for a bar: sent bytes, then their thumbnails
        (THUMBNAIL_SHARE). 1000 only when no file is active or paused."""
        unfinished = self.files_active or self.files_paused
        if self.bytes_total <= 0:
            return 0 if unfinished or not self.files_total else 1000
        work = (1 - THUMBNAIL_SHARE) * self.bytes_done + THUMBNAIL_SHARE * self.bytes_finished
        done = min(1000, int(work * 1000 // self.bytes_total))
        return min(done, 999) if unfinished else 1000

    @property
    def eta_seconds(self) -> float | None:
        """Seconds of sending left at the current speed (None when nothing is left to send or
        nothing is moving: processing has no honest estimate)."""
        left = self.bytes_total - self.bytes_done
        if left <= 0 or self.bytes_per_second <= 0 or not self.files_active:
            return None
        return left / self.bytes_per_second


class RunState(str, Enum):
    RUNNING = "running"
    PAUSED = "paused"          # the person paused the whole queue
    OFFLINE = "offline"        # waiting for the network; continues by itself
    HELD = "held"              # paused by a rule (a metered network); not a failure


@dataclass(frozen=True, slots=True)
class QueueStatus:
    state: RunState = RunState.RUNNING
    message: str = ""          # a sentence for a status line ("" when running normally)


@dataclass(frozen=True, slots=True)
class QueueChanges:
    """One batch of what changed, published after it was committed to disk.

    `added` rows are new (append them, in id order); `changed` rows replace the row with
    the same id; `removed` ids are gone. `totals` and `status` are as of this batch.
    """

    added: tuple[QueueItem, ...] = ()
    changed: tuple[QueueItem, ...] = ()
    removed: tuple[int, ...] = ()
    totals: Totals = field(default_factory=Totals)
    status: QueueStatus = field(default_factory=QueueStatus)


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a multipart upload: its digest (from the one hashing pass) and, once
    the store holds it, its ETag."""

    number: int
    size: int
    sha256: str               # base64
    etag: str | None = None


def failure_to_json(failure: Failure | None) -> str | None:
    return None if failure is None else json.dumps(failure.to_json(), separators=(",", ":"),
                                                   ensure_ascii=False)


def failure_from_json(text: str | None) -> Failure | None:
    return None if not text else Failure.from_json(json.loads(text))


# Presigned links: they expire, and while they live they let anyone holding the queue file read
# the image. Never stored; a view mints them through the API when it needs one.
_LINKS = ("thumbnail_url", "large_url")


def image_to_json(image: ImageInfo | None) -> str | None:
    if image is None:
        return None
    fields = {name: value for name, value in asdict(image).items() if name not in _LINKS}
    return json.dumps(fields, separators=(",", ":"))


def image_from_json(text: str | None) -> ImageInfo | None:
    return None if not text else ImageInfo(**{**dict.fromkeys(_LINKS), **json.loads(text)})
