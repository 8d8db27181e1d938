"""TransferEngine: runs the persisted queue (QueueStore) against one Thumbdrop API.

Stages that don't block each other, each with its own threads (stage_*.py; TransferEngine
combines them, and stage_base.py holds what they share):
  hash       one read per file; the SHA-256 (and each multipart part's) is stored in the
             queue. It runs a bounded distance ahead of the uploads, so the upload's read
             of the same bytes comes from the page cache.
  presign    one `POST /uploads/batch` for many files; duplicates end here, no bytes sent.
  upload     `concurrency` transfers at once (a whole small file, or one part of a big
             one); a file frees its slot the moment its bytes are stored.
  processing one poller for every pending image (`GET /images?ids=`), see poller.py.
  network    fetches /config, probes the API while offline, runs owed cleanups (aborts of
             multipart uploads, deletes of cancelled images).

Every state change is committed to the queue before the next network step, so a SIGKILL at
any moment loses nothing: on start, unfinished rows continue from what the queue holds (a
stored digest is not computed again; a multipart upload lists its stored parts).
Network loss is a state, not a failure: a request that gets no answer makes the engine ask
the API once; if the API doesn't answer either, the queue waits ("Waiting for the
network…") and goes on by itself when the API answers again. Work interrupted meanwhile
is put back, not counted as a failed try.

Commands are safe to call from any thread, the UI's included: they never touch the network
and (except `add_files`, which looks at the files) never the disk in the caller's thread.
Each returns a Future resolved once the change is committed; what changed reaches every
observer of the store (`engine.store.subscribe`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from pathlib import Path

from .api import (
    ApiClient,
    UploadTicket,
)
from .api_errors import ApiError
from .backoff import RetryPolicy
from .bandwidth import BandwidthLimit
from .files import probe_file
from .i18n import translate
from .multipart import MultipartUpload
from .poller import StatusPoller
from .queue_store import QueueStore
from .queue_types import (
    CANCELLABLE,
    CLEARABLE,
    PAUSABLE,
    RETRYABLE,
    FileState,
    QueueItem,
    QueueStatus,
    RunState,
    forget_upload,
)
from .server_config import ServerConfig
from .stage_base import Claim
from .stage_hash import HashStage
from .stage_multipart import MultipartStage
from .stage_network import NetworkStage
from .stage_presign import PresignStage
from .stage_processing import PROCESSING_TIMEOUT, ProcessingStage
from .stage_upload import UploadStage

log = logging.getLogger(__name__)
PAUSED_META = "paused"  # the whole queue paused by the person survives a restart



class TransferEngine(NetworkStage, HashStage, PresignStage, UploadStage, MultipartStage,
                     ProcessingStage):
    """Owns the worker threads and the upload session for one queue.

    `api` may be None until an endpoint is known (`set_api`); the queue waits meanwhile.
    The engine never closes an ApiClient it was given, nor the store.
    """

    def __init__(self, store: QueueStore, api: ApiClient | None = None, *,
                 concurrency: int = 4, allow_duplicates: bool = False,
                 processing_timeout: float = PROCESSING_TIMEOUT, retry_policy: RetryPolicy | None = None,
                 hashers: int = 2, bandwidth: BandwidthLimit | None = None):
        self.store = store
        self._api = api
        self._concurrency = max(1, concurrency)
        self._allow_duplicates = allow_duplicates
        self._processing_timeout = processing_timeout
        self._policy = retry_policy or RetryPolicy()
        self._hasher_count = max(1, hashers)
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._probe_lock = threading.Lock()
        self._claims: dict[int, Claim] = {}
        self._hash_q: list[int] = []
        self._presign_q: list[int] = []
        self._multipart_q: list[int] = []
        self._staged: dict[int, int] = {}   # hashed, not yet uploading: id -> size
        self._tickets: dict[int, tuple[UploadTicket, float]] = {}  # id -> (ticket, use by)
        self._presigning: set[int] = set()
        self._deferred: list[int] = []      # same bytes as a row uploading now: ask later
        self._sessions: dict[int, MultipartUpload] = {}
        self._digests: dict[str, int] = {}  # sha256 -> the row uploading those bytes now
        self._busy = 0                      # upload slots in use
        self._config: ServerConfig | None = None
        self._gallery: str | None = None    # the config's gallery_key: what rows get stamped
        self._requeued_for_gallery = 0      # rows another gallery held, queued again for this
        self._config_error: ApiError | None = None
        self._need_config = True
        self._online = True
        self._offline_reason = ""
        self._paused_all = False
        self._hold: str | None = None  # why a rule holds the transfers (a sentence), or None
        self.bandwidth = bandwidth or BandwidthLimit()  # one bucket for every transfer
        self._cleanup_due = True
        self._closing = False
        self._started = False
        self._uploaders: set[threading.Thread] = set()
        self._threads: list[threading.Thread] = []
        self._poller: StatusPoller | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Starts the stages; unfinished rows of the queue continue. Call once."""
        with self._lock:
            if self._started:
                raise RuntimeError("the transfer engine was already started")
            self._started = True
        self._paused_all = self.store.get_meta(PAUSED_META).result() == "1"
        self._resume_rows(self.store.items())
        self._poller = StatusPoller(self._poll_fetch, self._poll_answer, self._poll_pending,
                                    self._poll_trouble, max_batch=self._max_batch,
                                    can_poll=self._can_poll)
        for item in self.store.where(lambda i: i.state is FileState.PROCESSING):
            self._watch(item)
        for number in range(self._hasher_count):
            self._spawn(self._hash_loop, "thumbdrop-hash")
        self._spawn(self._presign_loop, "thumbdrop-presign")
        self._spawn(self._network_loop, "thumbdrop-network")
        with self._lock:
            self._start_uploaders()
        self._publish_status()

    def close(self) -> None:
        """Stops every stage and waits for its threads. Transfers in flight are dropped
        where they are; their rows stay as stored and continue on the next start (a
        multipart upload keeps its stored parts). The store is not closed."""
        with self._lock:
            if not self._started or self._closing:
                return
            self._closing = True
            for claim in self._claims.values():
                claim.halt("queue")
            self._cond.notify_all()
            threads = list(self._threads) + list(self._uploaders)
        for thread in threads:
            thread.join()
        if self._poller is not None:
            self._poller.close()
        self.store.flush().result()

    # -- settings --------------------------------------------------------------------------

    def set_api(self, api: ApiClient | None) -> None:
        """Uses this API from now on. Work in flight stops and continues there; rows whose
        upload belongs to another endpoint start it again there (their digest is kept).
        None pauses the work until an API is set."""
        with self._lock:
            if api is self._api:
                return
            self._api = api
            self._config, self._config_error, self._need_config = None, None, True
            self._gallery = None
            self._online, self._tickets = True, {}
            for claim in self._claims.values():
                claim.halt("queue")
            self._reap_sessions()
            self._cond.notify_all()
        self._publish_status()

    def set_concurrency(self, n: int) -> None:
        """Transfers at once (whole small files or parts of big ones). Shrinking takes effect
        as running transfers end; nothing in flight is cut off."""
        with self._lock:
            self._concurrency = max(1, n)
            if self._started and not self._closing:
                self._start_uploaders()
            self._cond.notify_all()  # surplus idle uploaders leave

    def set_allow_duplicates(self, allow: bool) -> None:
        """The default for files added from now on: upload even when the gallery already
        holds the same bytes (rows already queued keep what they had)."""
        self._allow_duplicates = allow

    def set_processing_timeout(self, seconds: float) -> None:
        """How long after its bytes are stored a file may wait for its renditions before it
        is reported failed."""
        self._processing_timeout = seconds

    def set_hold(self, reason: str | None) -> None:
        """A rule holds the transfers (reason: the sentence to show, e.g. a metered
        network), or lifts the hold (None). Like pause_all but not remembered across a
        restart and shown as RunState.HELD: transfers in flight stop where they are (a big
        file keeps its stored parts); hashing goes on."""
        with self._lock:
            if reason == self._hold:
                return
            self._hold = reason
            if reason is not None:
                for claim in self._claims.values():
                    claim.halt("queue")
                self._reap_sessions()
            self._cond.notify_all()
        self._publish_status()

    def connected(self, timeout: float | None = None) -> bool:
        """Waits until the API in use has told its config (so the queue's finished rows belong
        to its gallery: see NetworkStage) or refused to; False when `timeout` passed first."""
        with self._lock:
            return self._cond.wait_for(lambda: self._closing or self._config is not None
                                       or self._config_error is not None, timeout)

    @property
    def config_error(self) -> ApiError | None:
        """Why the API in use refused to tell its config (a wrong token, not Thumbdrop)."""
        return self._config_error

    @property
    def requeued_for_gallery(self) -> int:
        """Finished rows queued again since start because the API in use is another gallery
        than the one that holds them."""
        return self._requeued_for_gallery

    @property
    def concurrency(self) -> int:
        return self._concurrency

    @property
    def config(self) -> ServerConfig | None:
        """What the server said about itself, once it did."""
        return self._config

    # -- commands --------------------------------------------------------------------------

    def add_files(self, paths: Iterable[Path], *,
                  allow_duplicates: bool | None = None) -> Future[list[QueueItem]]:
        """Queues files (not folders: see files.expand_paths), one row per path.

        Looks at each file in the calling thread (size, mtime and its first bytes), so call
        it off a UI thread. Files Thumbdrop can't take become SKIPPED rows with the reason.
        A path already queued stays one row (see QueueStore.add). The result holds one row
        per path, in order."""
        allow = self._allow_duplicates if allow_duplicates is None else allow_duplicates
        files = [probe_file(Path(path), allow_duplicates=allow) for path in paths]
        return self._then(self.store.add(files), self._enqueue_all)

    def cancel(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Stops these files: queued, uploading, paused or processing -> CANCELLED. A
        multipart upload is aborted on the server, and bytes already stored are deleted,
        so a cancelled file never shows up in the gallery."""
        return self._stop_rows(item_ids, FileState.CANCELLED)

    def retry(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Failed or cancelled files run again from where they can: a file unchanged on
        disk keeps its digest (and a big file its stored parts); a changed one is looked at
        and hashed anew. A file the backend refused for its content (damaged, not an image…)
        stays failed while it is unchanged: the same bytes would get the same verdict. The
        result lists the rows that run again."""
        with self._lock:
            if self._config_error is not None:
                self._config_error, self._need_config = None, True
                self._cond.notify_all()

        def fields(item: QueueItem) -> dict:
            new = {"state": FileState.QUEUED, "failure": None, "finished_at": None, "bytes_done": 0}
            try:
                info = os.stat(item.path)
            except OSError:
                return new  # the hash stage says it is gone
            if item.refused_as_it_is(info.st_size, info.st_mtime_ns):
                return None  # left failed
            return dict(new, **item.forget_if_changed(info.st_size, info.st_mtime_ns))
        future = self.store.update_many(item_ids, expect=RETRYABLE, fields_for=fields)
        return self._then(future, self._enqueue_all)

    def retry_failed(self) -> Future[list[QueueItem]]:
        """retry() for every failed row."""
        return self.retry(item.id for item in self.store.where(
            lambda item: item.state is FileState.FAILED))

    def remove(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Takes rows out of the queue (cancelling those still active first). Images
        already in the gallery stay there."""
        item_ids = list(item_ids)
        result: Future = Future()

        def removed(future: Future) -> None:
            try:
                items = future.result()
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on it
                result.set_exception(exc)
                return
            for item in items:  # a failed big file keeps its upload for a retry: not now
                if item.upload_id and item.endpoint and item.image_id:
                    self._owe(item.endpoint, "abort", item.image_id, item.upload_id)
            result.set_result(items)

        def stopped(future: Future) -> None:
            if future.exception() is not None:
                result.set_exception(future.exception())
            else:  # chained, not waited for: this runs on the store's writer thread
                self.store.remove(item_ids).add_done_callback(removed)
        self._stop_rows(item_ids, FileState.CANCELLED).add_done_callback(stopped)
        return result

    def clear_finished(self) -> Future[list[QueueItem]]:
        """Removes ready, already-in-the-gallery, cancelled and skipped rows."""
        return self.store.remove(item.id for item in self.store.where(
            lambda item: item.state in CLEARABLE))

    def pause(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Pauses files that have not finished uploading (a transfer in flight stops; the
        stored parts of a big file are kept). Processing and finished files are left."""
        return self._stop_rows(item_ids, FileState.PAUSED)

    def resume(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """PAUSED -> continues from what is stored."""
        future = self.store.update_many(
            item_ids, expect={FileState.PAUSED},
            fields_for=lambda item: {"state": FileState.QUEUED, "failure": None})
        return self._then(future, self._enqueue_all)

    def pause_all(self) -> Future[None]:
        """Pauses the whole queue (remembered across restarts): no new transfer starts and
        those in flight stop where they are. Status becomes RunState.PAUSED."""
        with self._lock:
            self._paused_all = True
            for claim in self._claims.values():
                claim.halt("queue")
            self._reap_sessions()
            self._cond.notify_all()
        self._publish_status()
        return self.store.set_meta(PAUSED_META, "1")

    def resume_all(self) -> Future[None]:
        """Lifts pause_all (rows paused one by one stay paused)."""
        with self._lock:
            self._paused_all = False
            self._cond.notify_all()
        if self._poller is not None:
            self._poller.wake()
        self._publish_status()
        return self.store.set_meta(PAUSED_META, "0")

    def upload_anyway(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Rows answered "already in the gallery" are uploaded as a new copy."""
        future = self.store.update_many(
            item_ids, expect={FileState.DUPLICATE},
            fields_for=lambda item: dict(forget_upload(), state=FileState.QUEUED,
                                         allow_duplicates=True, finished_at=None))
        return self._then(future, self._enqueue_all)

    # -- command plumbing ----------------------------------------------------------------------

    def _then(self, future: Future, after: Callable) -> Future:
        """A Future resolved with after(result) once `future` is (after runs on the store's
        writer thread, so it must not wait on another store Future: _enqueue_all doesn't)."""
        chained: Future = Future()

        def done(source: Future) -> None:
            try:
                result = source.result()
                value = after(result)
                chained.set_result(result if value is None else value)
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on it
                chained.set_exception(exc)
        future.add_done_callback(done)
        return chained

    def _stop_rows(self, item_ids: Iterable[int], state: FileState) -> Future:
        expect = CANCELLABLE if state is FileState.CANCELLED else PAUSABLE
        now = time.time()

        item_ids = list(item_ids)
        before: dict[int, QueueItem] = {}  # each row as the writer changed it

        def fields(item: QueueItem) -> dict:
            before[item.id] = item
            if state is FileState.PAUSED:
                return {"state": state}
            # What the server may hold for this row is cleaned up (see _owe_cleanup).
            return dict(forget_upload(), state=state, finished_at=now, failure=None)
        reason = "paused" if state is FileState.PAUSED else "cancelled"
        with self._lock:
            for item_id in item_ids:
                claim = self._claims.get(item_id)
                if claim is not None:
                    claim.halt(reason)
            self._reap_sessions()
            self._cond.notify_all()
        future = self.store.update_many(item_ids, expect=expect, fields_for=fields)

        def after(changed: list[QueueItem]) -> None:
            for item in changed:
                self._forget_work(item.id)
                if self._poller is not None:
                    self._poller.forget(item.id)
                if state is FileState.CANCELLED:
                    self._owe_cleanup(before[item.id])
        return self._then(future, after)

    def _owe_cleanup(self, item: QueueItem) -> None:
        """A cancelled row may have left an upload or bytes on the server: record what to
        undo there (the network thread does it, now or after a restart)."""
        if item.endpoint is None or item.image_id is None:
            return
        if item.upload_id is not None:
            self._owe(item.endpoint, "abort", item.image_id, item.upload_id)
        if item.state in (FileState.UPLOADING, FileState.PROCESSING, FileState.PAUSED):
            self._owe(item.endpoint, "delete", item.image_id)

    def _owe(self, endpoint: str, kind: str, image_id: str, upload_id: str | None = None) -> None:
        self.store.add_cleanup(endpoint, kind, image_id, upload_id)
        with self._lock:
            self._cleanup_due = True
            self._cond.notify_all()

    def _forget_work(self, item_id: int) -> None:
        with self._lock:
            self._staged.pop(item_id, None)
            self._tickets.pop(item_id, None)
            for digest, owner in list(self._digests.items()):
                if owner == item_id:
                    del self._digests[digest]
            session = self._sessions.get(item_id)
            if session is not None:
                session.stop.set()
                self._reap_sessions()
                self._cond.notify_all()

    # -- status ------------------------------------------------------------------------------

    def _publish_status(self) -> None:
        with self._lock:
            if self._paused_all:
                status = QueueStatus(RunState.PAUSED, translate(
                    "Engine", "Paused. Resume to continue uploading."))
            elif self._hold is not None:
                status = QueueStatus(RunState.HELD, self._hold)
            elif not self._online:
                status = QueueStatus(RunState.OFFLINE, translate(
                    "Engine", "Waiting for the network… ({reason}) Uploads go on by themselves "
                    "when the API answers again.").format(reason=self._offline_reason))
            elif self._api is None:
                # First start says this while the built-in backend starts: no jargon.
                status = QueueStatus(RunState.OFFLINE, translate(
                    "Engine", "Not connected to a backend yet. Files you add wait here and "
                    "upload once it is connected (Settings chooses the built-in backend or "
                    "your server)."))
            else:
                status = QueueStatus()
        self.store.set_status(status)


__all__ = ["FileState", "QueueItem", "QueueStatus", "RunState", "TransferEngine"]
