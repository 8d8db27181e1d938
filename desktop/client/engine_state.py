"""The engine's state, in one explicit object every stage is built from: the API in use and
what it said, the run flags, the settings, the rows' claims, the lines of work between the
stages (queues, URLs held, multipart sessions) — and the one lock and condition that guard
them all.

One lock, on purpose: a free upload slot chooses among three kinds of work (a part of a big
file under way, a small file whose URL is held, the next big file) and the hash stage's
look-ahead reads what the uploads have not taken yet, so every wait is on one condition
over state of several stages. Each stage object keeps its own work in its own methods; this
object only holds what they hand each other, and the few moves on it every stage makes
(putting a row in line, claiming it, forgetting its work).
"""

from __future__ import annotations

import heapq
import threading
from dataclasses import dataclass, replace
from enum import Enum

from .api import ApiClient, UploadTicket
from .api_errors import ApiError
from .backoff import RetryPolicy
from .bandwidth import BandwidthLimit
from .i18n import translate
from .multipart import MultipartUpload
from .queue_store import QueueStore
from .queue_types import FileState, QueueItem, QueueStatus, RunState
from .server_config import ServerConfig

# How long a stored file may take its thumbnails before its row fails: the one default of the
# app's setting, the CLI's --processing-timeout and the engine.
PROCESSING_TIMEOUT = 120


@dataclass(frozen=True)
class EngineSettings:
    """What the person (or the CLI) may tune while the engine runs; replaced as a whole.
    A new setting is a field here and the line of the stage that reads it."""

    concurrency: int = 4          # transfers at once: whole small files or parts of big ones
    allow_duplicates: bool = False  # the default for rows added from now on
    processing_timeout: float = PROCESSING_TIMEOUT  # seconds a stored file may wait for renditions
    keep_location: bool = False   # ask the server to keep photos' GPS positions (facts)

    def __post_init__(self):
        object.__setattr__(self, "concurrency", max(1, int(self.concurrency)))


class Halt(str, Enum):
    """Why a row's work was stopped. Only QUEUE puts the row back in line by itself."""

    QUEUE = "queue"          # the queue stopped it: Pause all, a hold, a new API, offline, close
    PAUSED = "paused"        # the person paused this file
    CANCELLED = "cancelled"  # the person cancelled (or removed) this file
    FAILED = "failed"        # one of its parts failed the row


class Claim:
    """Work in progress on one row: the event that stops it, and why it was set."""

    __slots__ = ("image_id", "reason", "stop")

    def __init__(self):
        self.stop = threading.Event()
        self.reason: Halt | None = None
        self.image_id: str | None = None  # the server image its transfer may be creating

    def halt(self, reason: Halt) -> None:
        if self.reason is None:
            self.reason = reason
        self.stop.set()


class EngineState:
    """Shared by the stages of one TransferEngine. Attributes are read and written with
    `lock` held unless noted; `cond` is notified after every change another stage waits on."""

    def __init__(self, store: QueueStore, api: ApiClient | None, settings: EngineSettings,
                 policy: RetryPolicy, bandwidth: BandwidthLimit):
        self.store = store
        self.settings = settings      # replaced whole; read without the lock
        self.policy = policy
        self.bandwidth = bandwidth    # one bucket for every transfer
        self.lock = threading.Lock()
        self.cond = threading.Condition(self.lock)
        # The API and what it said about itself.
        self.api = api
        self.config: ServerConfig | None = None
        self.gallery: str | None = None     # the config's gallery_key: what rows get stamped
        self.config_error: ApiError | None = None
        self.need_config = True
        # Run flags.
        self.online = True
        self.offline_reason = ""
        self.paused_all = False
        self.hold: str | None = None  # why a rule holds the transfers (a sentence), or None
        self.closing = False
        self.cleanup_due = True       # owed aborts/deletes may be waiting (see cleanups.py)
        # Rows being worked on, and the lines between the stages (heaps of row ids).
        self.claims: dict[int, Claim] = {}
        self.hash_q: list[int] = []
        self.presign_q: list[int] = []
        self.multipart_q: list[int] = []
        self.staged: dict[int, int] = {}    # hashed, not yet uploading: id -> size
        self.tickets: dict[int, tuple[UploadTicket, float]] = {}  # id -> (URL, use by)
        self.presigning: set[int] = set()   # in a POST /uploads/batch now
        self.deferred: list[int] = []       # same bytes as a row uploading now: ask later
        self.sessions: dict[int, MultipartUpload] = {}
        self.digests: dict[str, int] = {}   # sha256 -> the row uploading those bytes now

    def configure(self, **changes) -> None:
        with self.lock:
            self.settings = replace(self.settings, **changes)
            self.cond.notify_all()

    # -- putting rows in line --------------------------------------------------------------------

    def enqueue(self, items: list[QueueItem | None]) -> None:
        with self.lock:
            for item in items:
                if item is not None:
                    self.enqueue_locked(item)
            self.cond.notify_all()

    def enqueue_locked(self, item: QueueItem) -> None:
        """Into the line of the stage its state asks for: hash, presign (a small file) or
        multipart (a big one). With the lock held."""
        if item.state in (FileState.QUEUED, FileState.HASHING):
            heapq.heappush(self.hash_q, item.id)
        elif item.state is FileState.WAITING_URL and item.part_bytes is None:
            self.staged[item.id] = item.size
            heapq.heappush(self.presign_q, item.id)
        elif item.state in (FileState.WAITING_URL, FileState.UPLOADING):
            self.staged.setdefault(item.id, item.size)
            heapq.heappush(self.multipart_q, item.id)

    def release_deferred(self) -> None:
        """Rows held back because the same bytes were on their way get their turn now."""
        with self.lock:
            for item_id in self.deferred:
                heapq.heappush(self.presign_q, item_id)
            self.deferred.clear()
            self.cond.notify_all()

    # -- claims ----------------------------------------------------------------------------------

    def claim(self, item_id: int) -> Claim | None:
        """With the lock held: a row is worked on by one stage at a time (None: taken)."""
        if item_id in self.claims:
            return None
        claim = self.claims[item_id] = Claim()
        return claim

    def release(self, item_id: int, claim: Claim | None = None) -> None:
        """The row's claim ends (only `claim`, when given: not a newer one)."""
        with self.lock:
            if claim is None or self.claims.get(item_id) is claim:
                self.claims.pop(item_id, None)
            self.cond.notify_all()

    def halt_all(self, reason: Halt) -> None:
        """With the lock held: every row's work stops for `reason`."""
        for claim in self.claims.values():
            claim.halt(reason)

    def ready_to_send(self) -> bool:
        """With the lock held: may transfers start now?"""
        return (not self.closing and not self.paused_all and self.hold is None
                and self.online and self.api is not None and self.config is not None)

    def max_batch(self) -> int:
        config = self.config
        return config.max_batch if config is not None else 1

    # -- ending a row's work ---------------------------------------------------------------------

    def forget_work(self, item_id: int) -> None:
        """The row needs nothing more from the stages (finished, stopped): its URL, staged
        bytes, digest and multipart session go."""
        with self.lock:
            self.staged.pop(item_id, None)
            self.tickets.pop(item_id, None)
            for digest, owner in list(self.digests.items()):
                if owner == item_id:
                    del self.digests[digest]
            session = self.sessions.get(item_id)
            if session is not None:
                session.stop.set()
                self.reap_sessions()
                self.cond.notify_all()

    def reap_sessions(self) -> None:
        """Stopped multipart sessions leave once their last part transfer has ended,
        releasing the row's claim; a row stopped by the queue (Halt.QUEUE: a pause of all,
        the network, a new API) goes back in line (its stored parts are listed again when it
        continues). With the lock held.

        Wakes the other threads only when a session left: every idle upload slot calls this
        before it waits, so an unconditional wake-up kept the idle slots waking each other
        in a loop that took a core from the rest of the machine."""
        reaped = False
        for item_id, upload in list(self.sessions.items()):
            if not (upload.stop.is_set() or upload.failed) or upload.busy():
                continue
            reaped = True
            del self.sessions[item_id]
            claim = self.claims.pop(item_id, None)
            if claim is not None and claim.reason is Halt.QUEUE and not upload.failed \
                    and not self.closing:
                item = self.store.get(item_id)
                if item is not None and item.state is FileState.UPLOADING:
                    self.enqueue_locked(item)
        if reaped:
            self.cond.notify_all()

    # -- status ----------------------------------------------------------------------------------

    def publish_status(self) -> None:
        """The queue's status line from the run flags, into the store (observers get it)."""
        with self.lock:
            if self.paused_all:
                status = QueueStatus(RunState.PAUSED, translate(
                    "Engine", "Paused. Resume to continue uploading."))
            elif self.hold is not None:
                status = QueueStatus(RunState.HELD, self.hold)
            elif not self.online:
                status = QueueStatus(RunState.OFFLINE, translate(
                    "Engine", "Waiting for the network… ({reason}) Uploads go on by themselves "
                    "when the API answers again.").format(reason=self.offline_reason))
            elif self.api is None:
                # First start says this while the built-in backend starts: no jargon.
                status = QueueStatus(RunState.OFFLINE, translate(
                    "Engine", "Not connected to a backend yet. Files you add wait here and "
                    "upload once it is connected (Settings chooses the built-in backend or "
                    "your server)."))
            else:
                status = QueueStatus()
        self.store.set_status(status)
