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

from .api import ImageInfo
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
    FAILED = "failed"            # `error` says which file, what happened, what to do
    CANCELLED = "cancelled"      # the person cancelled it
    SKIPPED = "skipped"          # never queued: not an image Thumbdrop takes (`error` says why)

    @property
    def finished(self) -> bool:
        """Nothing more happens to the file unless the person asks (retry, upload anyway)."""
        return self in _FINISHED

    @property
    def active(self) -> bool:
        """The engine is working on it or will without being asked (paused is not active)."""
        return self in _ACTIVE

    @property
    def label(self) -> str:
        """A short phrase for a row or a CLI line (in the installed language)."""
        return translate("FileState", _LABELS[self])


_FINISHED = frozenset({FileState.READY, FileState.DUPLICATE, FileState.FAILED,
                       FileState.CANCELLED, FileState.SKIPPED})
_ACTIVE = frozenset({FileState.QUEUED, FileState.HASHING, FileState.WAITING_URL,
                     FileState.UPLOADING, FileState.PROCESSING})
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
# What "Clear finished" removes: done, cancelled and skipped rows; failed rows stay until
# retried or removed, so a failure is never cleared away unread.
CLEARABLE = frozenset({FileState.READY, FileState.DUPLICATE, FileState.CANCELLED,
                       FileState.SKIPPED})
# Rows whose bytes the store holds (or that need none): their whole size counts as done.
STORED = frozenset({FileState.PROCESSING, FileState.READY, FileState.DUPLICATE})


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One row of the queue as it is now. A new snapshot replaces the old on every change."""

    id: int                     # stable for the row's life; the order rows were added
    path: Path
    size: int                   # bytes, as when queued (or last retried)
    mtime_ns: int               # modification time as when queued: a changed file is noticed
    state: FileState
    error: str | None = None    # FAILED/SKIPPED: the sentence to show
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
    def progress_bytes(self) -> int:
        """Bytes counted as done in the totals: the whole file once stored."""
        if self.state in STORED:
            return self.size
        if self.state in (FileState.CANCELLED, FileState.SKIPPED, FileState.FAILED):
            return 0
        return min(self.bytes_done, self.size)


@dataclass(frozen=True, slots=True)
class Totals:
    """The queue's sums, kept up to date with each change (never by walking every row).

    Cancelled and skipped rows count in no total except `files_clearable`."""

    files_total: int = 0      # rows that count: everything but cancelled and skipped
    files_done: int = 0       # ready or already in the gallery
    files_failed: int = 0
    files_active: int = 0     # queued, hashing, waiting for a URL, uploading, processing
    files_paused: int = 0
    files_clearable: int = 0  # what "Clear finished" would remove
    bytes_total: int = 0
    bytes_done: int = 0       # stored bytes (whole size for files already in the gallery)
    bytes_per_second: float = 0.0  # upload speed now, from the queue's one estimator

    @property
    def eta_seconds(self) -> float | None:
        left = self.bytes_total - self.bytes_done
        if left <= 0 or self.bytes_per_second <= 0:
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
