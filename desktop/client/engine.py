"""TransferEngine: runs the persisted queue (QueueStore) against one Thumbdrop API.

Stages that don't block each other, each with its own threads:
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

import heapq
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from . import failures
from .api import (
    ApiClient,
    Duplicate,
    ImageInfo,
    ItemError,
    MultipartTicket,
    PresignAnswer,
    UploadRequest,
    UploadTicket,
)
from .api_errors import ApiError
from .backoff import RetryPolicy
from .files import probe_file
from .hashing import hash_file
from .multipart import URL_MARGIN, MultipartUpload
from .poller import StatusPoller
from .queue_store import QueueStore, forget_upload
from .queue_types import FileState, Part, QueueItem, QueueStatus, RunState
from .server_config import ServerConfig
from .streaming import Cancelled, FileChanged, FileSnapshot
from .transfer import Busy, Forbidden, Mismatch, NoAnswer, Refused, Stored, send_range

log = logging.getLogger(__name__)
T = TypeVar("T")

PAUSED_META = "paused"  # the whole queue paused by the person survives a restart
LOOKAHEAD_BYTES = 256 * 1024 * 1024  # hashed, not yet uploading: stays in the page cache
LOOKAHEAD_FILES = 200
TICKET_BYTES = 64 * 1024 * 1024      # upload URLs held ahead of the slots, in bytes of files
OFFLINE_RETRY = (1.0, 2.0, 4.0, 8.0, 15.0)  # seconds between probes while offline
GATHER_SECONDS = 0.02                # the presigner waits this long for a fuller batch

_PAUSABLE = frozenset({FileState.QUEUED, FileState.HASHING, FileState.WAITING_URL,
                       FileState.UPLOADING})
_CANCELLABLE = _PAUSABLE | {FileState.PAUSED, FileState.PROCESSING}
_RETRYABLE = frozenset({FileState.FAILED, FileState.CANCELLED})
_UNFINISHED = _CANCELLABLE


class _Claim:
    """Work in progress on one row: the event that stops it, and why it was set."""

    __slots__ = ("image_id", "reason", "stop")

    def __init__(self):
        self.stop = threading.Event()
        self.reason: str | None = None
        self.image_id: str | None = None  # the server image its transfer may be creating

    def halt(self, reason: str) -> None:
        if self.reason is None:
            self.reason = reason
        self.stop.set()


class _Fail(Exception):
    """The row fails with this sentence."""


class _Offline(Exception):
    """No answer and the API doesn't answer either: put the work back and wait."""


class _Stopped(Exception):
    """The row's claim was halted (pause, cancel, remove, queue pause, close)."""


class TransferEngine:
    """Owns the worker threads and the upload session for one queue.

    `api` may be None until an endpoint is known (`set_api`); the queue waits meanwhile.
    The engine never closes an ApiClient it was given, nor the store.
    """

    def __init__(self, store: QueueStore, api: ApiClient | None = None, *,
                 concurrency: int = 4, allow_duplicates: bool = False,
                 processing_timeout: float = 900.0, retry_policy: RetryPolicy | None = None,
                 hashers: int = 2):
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
        self._claims: dict[int, _Claim] = {}
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
        self._config_error: ApiError | None = None
        self._need_config = True
        self._online = True
        self._offline_reason = ""
        self._paused_all = False
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
        and hashed anew."""
        with self._lock:
            if self._config_error is not None:
                self._config_error, self._need_config = None, True
                self._cond.notify_all()

        def fields(item: QueueItem) -> dict:
            new = {"state": FileState.QUEUED, "error": None, "finished_at": None, "bytes_done": 0}
            try:
                info = os.stat(item.path)
            except OSError:
                return new  # the hash stage says it is gone
            if (info.st_size, info.st_mtime_ns) != (item.size, item.mtime_ns):
                new.update(forget_upload(), size=info.st_size, mtime_ns=info.st_mtime_ns,
                           sha256=None)
            return new
        future = self.store.update_many(item_ids, expect=_RETRYABLE, fields_for=fields)
        return self._then(future, self._enqueue_all)

    def retry_failed(self) -> Future[list[QueueItem]]:
        """retry() for every failed row."""
        return self.retry(item.id for item in self.store.where(
            lambda item: item.state is FileState.FAILED))

    def remove(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Takes rows out of the queue (cancelling those still active first). Images
        already in the gallery stay there."""
        item_ids = list(item_ids)
        stopped = self._stop_rows(item_ids, FileState.CANCELLED)
        return self._then(stopped, lambda _: self.store.remove(item_ids).result())

    def clear_finished(self) -> Future[list[QueueItem]]:
        """Removes ready, already-in-the-gallery, cancelled and skipped rows."""
        return self.store.remove(item.id for item in self.store.where(
            lambda item: item.state in (FileState.READY, FileState.DUPLICATE,
                                        FileState.CANCELLED, FileState.SKIPPED)))

    def pause(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Pauses files that have not finished uploading (a transfer in flight stops; the
        stored parts of a big file are kept). Processing and finished files are left."""
        return self._stop_rows(item_ids, FileState.PAUSED)

    def resume(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """PAUSED -> continues from what is stored."""
        future = self.store.update_many(
            item_ids, expect={FileState.PAUSED},
            fields_for=lambda item: {"state": FileState.QUEUED, "error": None})
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
        expect = _CANCELLABLE if state is FileState.CANCELLED else _PAUSABLE
        now = time.time()

        item_ids = list(item_ids)
        before: dict[int, QueueItem] = {}  # each row as the writer changed it

        def fields(item: QueueItem) -> dict:
            before[item.id] = item
            if state is FileState.PAUSED:
                return {"state": state}
            # What the server may hold for this row is cleaned up (see _owe_cleanup).
            return dict(forget_upload(), state=state, finished_at=now, error=None)
        reason = "paused" if state is FileState.PAUSED else "cancelled"
        with self._lock:
            for item_id in item_ids:
                claim = self._claims.get(item_id)
                if claim is not None:
                    claim.halt(reason)
            self._reap_sessions()
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
            self.store.add_cleanup(item.endpoint, "abort", item.image_id, item.upload_id)
        if item.state in (FileState.UPLOADING, FileState.PROCESSING, FileState.PAUSED):
            self.store.add_cleanup(item.endpoint, "delete", item.image_id)
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

    # -- queues of work ----------------------------------------------------------------------

    def _enqueue_all(self, items: list[QueueItem]) -> None:
        with self._lock:
            for item in items:
                self._enqueue_locked(item)
            self._cond.notify_all()

    def _enqueue(self, item: QueueItem | None) -> None:
        if item is None:
            return
        with self._lock:
            self._enqueue_locked(item)
            self._cond.notify_all()

    def _enqueue_locked(self, item: QueueItem) -> None:
        if item.state in (FileState.QUEUED, FileState.HASHING):
            heapq.heappush(self._hash_q, item.id)
        elif item.state is FileState.WAITING_URL and item.part_bytes is None:
            self._staged[item.id] = item.size
            heapq.heappush(self._presign_q, item.id)
        elif item.state in (FileState.WAITING_URL, FileState.UPLOADING):
            self._staged.setdefault(item.id, item.size)
            heapq.heappush(self._multipart_q, item.id)

    def _resume_rows(self, items: list[QueueItem]) -> None:
        """On start: a single PUT that was in flight needs a new URL; everything else
        continues from its state."""
        for item in items:
            if item.state is FileState.UPLOADING and item.upload_id is None:
                item = self.store.update(item.id, state=FileState.WAITING_URL,
                                         bytes_done=0).result()
            if item is not None and item.state is not FileState.PROCESSING:
                self._enqueue(item)

    def _claim(self, item_id: int) -> _Claim | None:
        # With the lock held: a row is worked on by one stage at a time.
        if item_id in self._claims:
            return None
        claim = self._claims[item_id] = _Claim()
        return claim

    def _release(self, item_id: int, claim: _Claim) -> None:
        with self._lock:
            if self._claims.get(item_id) is claim:
                del self._claims[item_id]
            self._cond.notify_all()

    def _ready_to_send(self) -> bool:
        # With the lock held: may transfers start now?
        return (not self._closing and not self._paused_all and self._online
                and self._api is not None and self._config is not None)

    def _spawn(self, target: Callable[[], None], name: str) -> threading.Thread:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()
        return thread

    # -- status ------------------------------------------------------------------------------

    def _publish_status(self) -> None:
        with self._lock:
            if self._paused_all:
                status = QueueStatus(RunState.PAUSED, "Paused. Resume to continue uploading.")
            elif not self._online:
                status = QueueStatus(RunState.OFFLINE, "Waiting for the network… "
                                     f"({self._offline_reason}) Uploads go on by themselves "
                                     "when the API answers again.")
            elif self._api is None:
                status = QueueStatus(RunState.OFFLINE, "Waiting for an API endpoint…")
            else:
                status = QueueStatus()
        self.store.set_status(status)

    # -- the network: config, offline probes, cleanups ------------------------------------------

    def _network_loop(self) -> None:
        delay_index = 0
        while True:
            with self._lock:
                while not self._closing and not (
                        (self._need_config and self._api is not None)
                        or not self._online
                        or (self._cleanup_due and self._online and self._config is not None
                            and self._api is not None)):
                    self._cond.wait()
                if self._closing:
                    return
                api, offline = self._api, not self._online
                fetch_config = self._need_config or offline
            if offline:
                wait = OFFLINE_RETRY[min(delay_index, len(OFFLINE_RETRY) - 1)]
                delay_index += 1
                with self._lock:
                    self._cond.wait_for(lambda: self._closing or self._online, wait)
                    if self._closing:
                        return
            if fetch_config and api is not None:
                self._fetch_config(api)
                with self._lock:
                    if self._online:
                        delay_index = 0
                continue
            self._run_cleanups()

    def _fetch_config(self, api: ApiClient) -> None:
        try:
            config = api.get_config()
        except ApiError as error:
            if error.transient:
                self._go_offline(str(error))
                return
            with self._lock:
                if api is not self._api:
                    return
                self._config_error, self._need_config = error, False
                self._cond.notify_all()
            return
        with self._lock:
            if api is not self._api:
                return
            was_offline = not self._online
            self._config, self._config_error, self._need_config = config, None, False
            self._online = True
            self._cond.notify_all()
        if was_offline and self._poller is not None:
            self._poller.wake()
        self._publish_status()

    def _go_offline(self, reason: str) -> None:
        with self._lock:
            if not self._online:
                return
            self._online, self._offline_reason = False, reason
            self._cond.notify_all()
        log.info("offline: %s", reason)
        self._publish_status()

    def _suspect(self, reason: str) -> bool:
        """A request got no answer. True: the API answers, so that request failed on its own
        (count it as a try); False: the API doesn't either, the queue now waits."""
        with self._probe_lock:
            with self._lock:
                api, online = self._api, self._online
            if not online or api is None:
                return False
            try:
                api.get_config()
            except ApiError as error:
                if error.transient and error.code in ("unreachable", "timeout"):
                    self._go_offline(reason)
                    return False
            return True

    def _run_cleanups(self) -> None:
        with self._lock:
            self._cleanup_due = False
            api = self._api
        if api is None:
            return
        for cleanup in self.store.cleanups().result():
            if cleanup.endpoint != api.base_url:
                continue
            with self._lock:
                busy = any(c.image_id == cleanup.image_id for c in self._claims.values())
                if busy:
                    self._cleanup_due = True  # its transfer is still ending: later
            if busy:
                continue
            try:
                if cleanup.kind == "abort":
                    api.abort_multipart(cleanup.image_id, cleanup.upload_id or "")
                else:
                    api.delete_image(cleanup.image_id)
            except ApiError as error:
                if error.status not in (404, 410):
                    if error.transient:
                        with self._lock:
                            self._cleanup_due = True
                        return
                    log.warning("cleanup %s of %s refused: %s", cleanup.kind,
                                cleanup.image_id, error)
            self.store.cleanup_done(cleanup.id).result()

    # -- hashing -------------------------------------------------------------------------------

    def _hash_loop(self) -> None:
        while True:
            with self._lock:
                while True:
                    if self._closing:
                        return
                    taken = self._next_to_hash()
                    if taken is not None:
                        break
                    self._cond.wait()
            item, claim = taken
            try:
                self._hash(item, claim)
            except Exception as exc:  # a bug must not kill the stage or reach the user raw
                log.exception("hashing %s failed unexpectedly", item.path)
                self._fail(item.id, failures.unexpected(item.name, exc))
            finally:
                self._release(item.id, claim)

    def _next_to_hash(self) -> tuple[QueueItem, _Claim] | None:
        # With the lock held.
        if self._api is None or self._paused_all or (
                self._config is None and self._config_error is None):
            return None
        staged_bytes = sum(self._staged.values())
        if self._staged and (len(self._staged) >= LOOKAHEAD_FILES
                             or staged_bytes >= LOOKAHEAD_BYTES):
            return None
        busy = []
        try:
            while self._hash_q:
                item = self.store.get(heapq.heappop(self._hash_q))
                if item is None or item.state not in (FileState.QUEUED, FileState.HASHING):
                    continue
                claim = self._claim(item.id)
                if claim is not None:
                    return item, claim
                busy.append(item.id)
            return None
        finally:
            _push_back(self._hash_q, busy)

    def _hash(self, item: QueueItem, claim: _Claim) -> None:
        name = item.name
        config, config_error = self._config, self._config_error
        if config_error is not None:
            self._fail(item.id, failures.api_failed(name, config_error))
            return
        try:
            snapshot = FileSnapshot.of(item.path)
        except FileNotFoundError:
            self._fail(item.id, failures.gone(name))
            return
        except OSError as error:
            self._fail(item.id, failures.unreadable(name, error))
            return
        if (snapshot.size, snapshot.mtime_ns) != (item.size, item.mtime_ns):
            self._fail(item.id, failures.changed_since_queued(name))
            return
        if config.too_large(item.size):
            self._fail(item.id, failures.too_large(name, item.size, config.max_upload_bytes))
            return
        if config.content_types and item.content_type not in config.content_types:
            self._fail(item.id, failures.type_refused(name, item.content_type or "unknown",
                                                      config.content_types))
            return
        part_bytes = config.part_size_for(item.size) if config.uses_multipart(item.size) else None
        fields: dict = {"state": FileState.WAITING_URL, "part_bytes": part_bytes}
        api = self._api
        if item.endpoint is not None and (api is None or item.endpoint != api.base_url):
            fields.update(forget_upload(), part_bytes=part_bytes)
        digest = item.sha256
        if digest is not None and part_bytes is not None:
            parts = self.store.parts(item.id).result()
            if not parts or parts[0].size != min(part_bytes, item.size):
                digest = None  # hashed for a single PUT, or with another part size
        if digest is None:
            if self.store.update(item.id, expect={FileState.QUEUED, FileState.HASHING},
                                 state=FileState.HASHING).result() is None:
                return
            try:
                digest, parts, _ = hash_file(item.path, part_bytes, expect=snapshot,
                                             cancel=claim.stop)
            except Cancelled:
                if claim.reason == "queue":
                    self._enqueue(self.store.update(item.id, expect={FileState.HASHING},
                                                    state=FileState.QUEUED).result())
                return
            except FileChanged:
                self._fail(item.id, failures.changed_since_queued(name))
                return
            except FileNotFoundError:
                self._fail(item.id, failures.gone(name))
                return
            except OSError as error:
                self._fail(item.id, failures.unreadable(name, error))
                return
            if part_bytes is not None:
                self.store.save_parts(item.id, parts)
            fields.update(sha256=digest)
        done = self.store.update(item.id, expect={FileState.QUEUED, FileState.HASHING},
                                 **fields).result()
        self._enqueue(done)

    # -- presigning ------------------------------------------------------------------------------

    def _presign_loop(self) -> None:
        while True:
            with self._lock:
                while True:
                    if self._closing:
                        return
                    batch = self._next_presign_batch()
                    if batch:
                        break
                    self._cond.wait(None if not self._presign_q else 0.5)
                api, config = self._api, self._config
            if len(batch) < self._want_tickets() and self._hash_q:
                time.sleep(GATHER_SECONDS)  # hashing is about to stage more: one fuller batch
                with self._lock:
                    batch += self._next_presign_batch(limit=config.max_batch - len(batch))
            try:
                self._presign(api, config, batch)
            except Exception as exc:
                log.exception("presigning failed unexpectedly")
                for item in batch:
                    self._fail(item.id, failures.unexpected(item.name, exc))
            finally:
                with self._lock:
                    for item in batch:
                        self._presigning.discard(item.id)
                    self._cond.notify_all()

    def _want_tickets(self) -> int:
        """How many single-PUT URLs to hold: at least two per slot, more while they are
        small (a batch of small photos goes in one request)."""
        return 2 * self._concurrency

    def _next_presign_batch(self, limit: int | None = None) -> list[QueueItem]:
        # With the lock held.
        if not self._ready_to_send():
            return []
        held = len(self._tickets) + len(self._presigning)
        held_bytes = sum(self._staged.get(i, 0) for i in self._tickets)
        limit = self._config.max_batch if limit is None else limit
        batch: list[QueueItem] = []
        deferred: list[int] = []
        digests = set()
        busy = []
        while self._presign_q and len(batch) < limit:
            if held + len(batch) >= self._want_tickets() and held_bytes >= TICKET_BYTES:
                break
            item_id = heapq.heappop(self._presign_q)
            item = self.store.get(item_id)
            if (item is None or item.state is not FileState.WAITING_URL
                    or item.part_bytes is not None or item_id in self._tickets
                    or item_id in self._presigning):
                continue
            if item_id in self._claims:  # its last stage is still letting go
                busy.append(item_id)
                continue
            owner = self._digests.get(item.sha256)
            if not item.allow_duplicates and (
                    (owner is not None and owner != item_id) or item.sha256 in digests):
                deferred.append(item_id)  # same bytes on their way: ask once they're stored
                continue
            digests.add(item.sha256)
            batch.append(item)
            held_bytes += item.size
        _push_back(self._presign_q, busy)
        for item_id in deferred:
            heapq.heappush(self._deferred, item_id)
        for item in batch:
            self._presigning.add(item.id)
        return batch

    def _presign(self, api: ApiClient, config: ServerConfig, batch: list[QueueItem]) -> None:
        requests_ = [UploadRequest(i.name, i.content_type or "application/octet-stream",
                                   i.size, i.sha256 or "") for i in batch]
        # allow_duplicates is per request; rows that differ go in two requests.
        for allow in (False, True):
            part = [(item, req) for item, req in zip(batch, requests_)
                    if item.allow_duplicates == allow]
            if not part:
                continue
            try:
                answers = self._call(lambda p=part, a=allow: api.create_uploads(
                    [req for _, req in p], allow_duplicates=a), None)
            except _Offline:
                self._requeue_presign([item for item, _ in part])
                continue
            except (ApiError, _Fail) as error:
                for item, _ in part:
                    self._fail(item.id, error.args[0] if isinstance(error, _Fail)
                               else failures.api_failed(item.name, error))
                continue
            for (item, _), answer in zip(part, answers):
                self._take_presign_answer(api, config, item, answer)

    def _requeue_presign(self, items: list[QueueItem]) -> None:
        with self._lock:
            for item in items:
                heapq.heappush(self._presign_q, item.id)
            self._cond.notify_all()

    def _take_presign_answer(self, api: ApiClient, config: ServerConfig, item: QueueItem,
                             answer: PresignAnswer) -> None:
        if isinstance(answer, UploadTicket):
            use_by = time.monotonic() + _lifetime(answer.expires_at, config) - URL_MARGIN
            with self._lock:
                if self.store.get(item.id) is not None and \
                        self.store.get(item.id).state is FileState.WAITING_URL:
                    self._tickets[item.id] = (answer, use_by)
                    if not item.allow_duplicates and item.sha256:
                        self._digests[item.sha256] = item.id
                self._cond.notify_all()
        elif isinstance(answer, Duplicate):
            self._duplicate(item, answer.image, {FileState.WAITING_URL})
        elif isinstance(answer, ItemError):
            self._fail(item.id, failures.api_failed(item.name, answer.message))

    def _duplicate(self, item: QueueItem, image: ImageInfo, expect: set[FileState]) -> None:
        """The server holds these bytes already. Its image is ours when an earlier try of
        this row stored them (the answer was lost to a reset or a kill): carry on there."""
        if item.image_id is not None and image.id == item.image_id:
            self._stored(item.id, image.id, expect, image)
            return
        self.store.update(item.id, expect=expect, state=FileState.DUPLICATE, image=image,
                          finished_at=time.time(), bytes_done=0).result()
        self._forget_work(item.id)
        self._release_deferred()

    # -- uploading ---------------------------------------------------------------------------

    def _start_uploaders(self) -> None:
        # With the lock held.
        while len(self._uploaders) < self._concurrency:
            thread = threading.Thread(target=self._upload_loop, name="thumbdrop-upload",
                                      daemon=True)
            self._uploaders.add(thread)
            thread.start()

    def _upload_loop(self) -> None:
        me = threading.current_thread()
        while True:
            with self._lock:
                while True:
                    if self._closing or len(self._uploaders) > self._concurrency:
                        self._uploaders.discard(me)
                        self._cond.notify_all()
                        return
                    unit = self._next_unit() if self._ready_to_send() else None
                    if unit is not None:
                        self._busy += 1
                        break
                    self._cond.wait()
            try:
                unit()
            finally:
                with self._lock:
                    self._busy -= 1
                    self._cond.notify_all()

    def _next_unit(self) -> Callable[[], None] | None:
        """The next transfer for a free slot: a part of a big file under way, else a small
        file with its URL, else the next big file. With the lock held."""
        self._reap_sessions()
        for upload in list(self._sessions.values()):
            number = upload.next_part()
            if number is not None:
                return lambda u=upload, n=number: self._run_part(u, n)
        now = time.monotonic()
        for item_id, (ticket, use_by) in list(self._tickets.items()):
            item = self.store.get(item_id)
            if item is None or item.state is not FileState.WAITING_URL or \
                    item_id in self._claims:
                continue
            del self._tickets[item_id]
            if now > use_by:  # too old to trust: ask for a new one
                heapq.heappush(self._presign_q, item_id)
                self._cond.notify_all()
                continue
            claim = self._claim(item_id)
            claim.image_id = ticket.id
            self._staged.pop(item_id, None)
            return lambda i=item, t=ticket, u=use_by, c=claim: self._run_claimed(
                i, c, lambda: self._send_file(i, t, u, c))
        busy = []
        try:
            while self._multipart_q:
                item = self.store.get(heapq.heappop(self._multipart_q))
                if item is None or item.part_bytes is None or \
                        item.state not in (FileState.WAITING_URL, FileState.UPLOADING):
                    continue
                claim = self._claim(item.id)
                if claim is None:  # its last stage is still letting go
                    busy.append(item.id)
                    continue
                self._staged.pop(item.id, None)
                return lambda i=item, c=claim: self._run_claimed(
                    i, c, lambda: self._start_multipart(i, c))
            return None
        finally:
            _push_back(self._multipart_q, busy)

    def _run_claimed(self, item: QueueItem, claim: _Claim, work: Callable[[], bool | None]
                     ) -> None:
        """Runs a unit that holds the row's claim; the claim is released after it unless
        the unit handed it to a multipart session (work returned True)."""
        kept = False
        try:
            kept = bool(self._guard(item.id, item.name, work))
        finally:
            if not kept:
                self._release(item.id, claim)

    def _guard(self, item_id: int, name: str, work: Callable[[], bool | None]) -> bool | None:
        """Runs one unit; whatever escapes it ends the row with a sentence."""
        try:
            return work()
        except _Fail as failure:
            self._fail(item_id, str(failure))
        except FileChanged:
            self._fail(item_id, failures.changed_while_uploading(name))
        except FileNotFoundError:
            self._fail(item_id, failures.gone(name))
        except OSError as error:
            self._fail(item_id, failures.unreadable(name, error))
        except Exception as exc:
            log.exception("upload of %s failed unexpectedly", name)
            self._fail(item_id, failures.unexpected(name, exc))

    def _send_file(self, item: QueueItem, ticket: UploadTicket, use_by: float,
                   claim: _Claim) -> None:
        api = self._api
        uploading = self.store.update(
            item.id, expect={FileState.WAITING_URL}, state=FileState.UPLOADING,
            image_id=ticket.id, endpoint=api.base_url, bytes_done=0).result()
        if uploading is None:
            return
        name, tries, renewed = item.name, 0, False
        while True:
            if not FileSnapshot(item.size, item.mtime_ns).still_matches(item.path):
                raise _Fail(failures.changed_since_queued(name))
            tries += 1
            self.store.record_progress(item.id, done=0)  # a retry starts from zero
            sent = 0

            def on_sent(n: int) -> None:
                nonlocal sent
                sent += n
                self.store.record_progress(item.id, sent=n, done=sent)
            try:
                outcome = send_range(api, ticket.url, ticket.headers, item.path, 0, item.size,
                                     cancel=claim.stop, on_sent=on_sent)
            except Cancelled:
                self._interrupted_put(item, ticket, use_by, claim)
                return
            if isinstance(outcome, Stored):
                self._stored(item.id, ticket.id, {FileState.UPLOADING, FileState.PAUSED})
                return
            if isinstance(outcome, Forbidden):
                if renewed:
                    raise _Fail(failures.storage_keeps_refusing(name, outcome.refusal.describe()))
                renewed, tries = True, tries - 1  # a new URL is not a retry of the old one
                fresh = self._fresh_ticket(api, uploading, claim)
                if fresh is None:
                    return
                ticket, claim.image_id = fresh, fresh.id
                use_by = time.monotonic() + _lifetime(fresh.expires_at, self._config) - URL_MARGIN
                continue
            if isinstance(outcome, Mismatch):
                raise _Fail(failures.changed_while_uploading(name))
            if isinstance(outcome, Refused):
                raise _Fail(failures.storage_refused(name, outcome.refusal.describe()))
            try:
                self._before_retry(name, tries, outcome, claim)
            except _Offline:
                self._interrupted_put(item, ticket, use_by, claim, offline=True)
                return
            except _Stopped:
                self._interrupted_put(item, ticket, use_by, claim)
                return

    def _before_retry(self, name: str, tries: int, outcome: Busy | NoAnswer,
                      claim: _Claim | MultipartUpload) -> None:
        """After a try that got no answer or a busy one: raises _Fail when it's time to give
        up, _Offline when the network is gone, _Stopped when the claim was halted; else
        waits the backoff delay."""
        retry_after = None
        if isinstance(outcome, NoAnswer):
            reason = outcome.reason
            if not self._suspect(reason):
                raise _Offline(reason)
        else:
            reason, retry_after = outcome.reason, outcome.retry_after
            if retry_after is not None and retry_after > self._policy.max_retry_after:
                raise _Fail(failures.wait_too_long(name, retry_after,
                                                   self._policy.max_retry_after))
        if self._policy.gives_up_after(tries):
            raise _Fail(failures.gave_up(name, tries, reason))
        if claim.stop.wait(self._policy.delay(tries, retry_after)):
            raise _Stopped()

    def _interrupted_put(self, item: QueueItem, ticket: UploadTicket, use_by: float,
                         claim: _Claim, *, offline: bool = False) -> None:
        """A single PUT stopped before the store held the file. Paused or cancelled rows were
        written by the command; otherwise the row waits for its turn again, keeping its URL."""
        if claim.reason not in (None, "queue") and not offline:
            return
        back = self.store.update(item.id, expect={FileState.UPLOADING},
                                 state=FileState.WAITING_URL, bytes_done=0).result()
        if back is not None:
            with self._lock:
                if not self._closing:
                    self._tickets[item.id] = (ticket, use_by)
                    self._staged[item.id] = item.size
                self._cond.notify_all()

    def _fresh_ticket(self, api: ApiClient, item: QueueItem,
                      claim: _Claim) -> UploadTicket | None:
        """A new URL for a row whose URL the store refused (403: expired, or its signing
        session did). A duplicate answer ends the row here (it may be our own upload)."""
        answer = self._call(lambda: api.create_uploads(
            [UploadRequest(item.name, item.content_type or "application/octet-stream",
                           item.size, item.sha256 or "")],
            allow_duplicates=item.allow_duplicates)[0], claim)
        if isinstance(answer, UploadTicket):
            self.store.update(item.id, expect={FileState.UPLOADING},
                              image_id=answer.id).result()
            return answer
        if isinstance(answer, Duplicate):
            self._duplicate(item, answer.image, {FileState.UPLOADING})
            return None
        raise _Fail(failures.api_failed(item.name, answer.message))

    def _stored(self, item_id: int, image_id: str, expect: set[FileState],
                image: ImageInfo | None = None) -> None:
        """The store holds the file's bytes: the slot is free, the poller takes over."""
        item = self.store.get(item_id)
        if item is None:
            return
        state = FileState.READY if image is not None and image.status == "ready" \
            else FileState.PROCESSING
        done = self.store.update(
            item_id, expect=expect, state=state, image_id=image_id, image=image,
            bytes_done=item.size, bytes_sent=item.bytes_sent, processing_since=time.time(),
            finished_at=time.time() if state is FileState.READY else None).result()
        self._forget_work(item_id)  # its bytes are stored: same bytes elsewhere may go now
        if done is not None and state is FileState.PROCESSING:
            self._watch(done)
        self._release_deferred()

    def _release_deferred(self) -> None:
        """Rows held back because the same bytes were on their way get their turn now."""
        with self._lock:
            for item_id in self._deferred:
                heapq.heappush(self._presign_q, item_id)
            self._deferred.clear()
            self._cond.notify_all()

    # -- multipart -----------------------------------------------------------------------------

    def _start_multipart(self, item: QueueItem, claim: _Claim) -> bool:
        """Creates the multipart upload (or finds the one a pause or restart left, and which
        parts the store holds), then registers it so every free slot can send its parts.
        True when the session took over the row's claim."""
        api, config = self._api, self._config
        name = item.name
        try:
            parts = {p.number: p for p in self.store.parts(item.id).result()}
            upload_id, image_id, part_bytes = item.upload_id, item.image_id, item.part_bytes
            if upload_id is not None and item.endpoint == api.base_url:
                claim.image_id = image_id
                parts, upload_id = self._stored_parts(api, item, parts, claim)
            if upload_id is None:
                answer = self._call(lambda: api.create_multipart(
                    UploadRequest(name, item.content_type or "application/octet-stream",
                                  item.size, item.sha256 or ""),
                    allow_duplicates=item.allow_duplicates), claim)
                if isinstance(answer, Duplicate):
                    self._duplicate(item, answer.image,
                                    {FileState.WAITING_URL, FileState.UPLOADING})
                    return False
                claim.image_id = answer.id
                image_id, upload_id, part_bytes = answer.id, answer.upload_id, answer.part_bytes
                started = self.store.update(
                    item.id, expect={FileState.WAITING_URL, FileState.UPLOADING},
                    state=FileState.UPLOADING, image_id=image_id, upload_id=upload_id,
                    part_bytes=part_bytes, endpoint=api.base_url).result()
                if started is None:  # paused or cancelled while it was being created
                    self.store.add_cleanup(api.base_url, "abort", image_id, upload_id)
                    return False
                parts = self._parts_for(item, answer, parts, claim)
            elif self.store.update(item.id, expect={FileState.WAITING_URL, FileState.UPLOADING},
                                   state=FileState.UPLOADING).result() is None:
                return False
        except _Offline:
            self._enqueue(self.store.get(item.id))
            return False
        except _Stopped:
            if claim.reason == "queue" and not self._closing:
                self._enqueue(self.store.get(item.id))
            return False
        upload = MultipartUpload(item_id=item.id, name=name, path=item.path,
                                 mtime_ns=item.mtime_ns, image_id=image_id,
                                 upload_id=upload_id, size=item.size, part_bytes=part_bytes,
                                 url_lifetime=float(config.upload_url_expires), parts=parts,
                                 stop=claim.stop)
        with self._lock:
            if claim.stop.is_set():
                if claim.reason == "queue" and not self._closing:
                    self._enqueue_locked(self.store.get(item.id))
                return False
            self._sessions[item.id] = upload
            self._cond.notify_all()
        self.store.record_progress(item.id, done=upload.done_bytes())
        if upload.all_stored():  # every part was stored before a pause or a kill
            self._complete(upload)
        return True

    def _stored_parts(self, api: ApiClient, item: QueueItem, parts: dict[int, Part],
                      claim: _Claim) -> tuple[dict[int, Part], str | None]:
        """Which parts the store holds, by number and size (ListParts gives no checksum; a
        stored part's bytes are ours because its URL signed their digest). Returns the parts
        with their ETags, and the upload id (None: the upload is gone, start another)."""
        try:
            listed = self._call(lambda: api.list_parts(item.image_id, item.upload_id), claim)
        except ApiError as error:
            if error.status in (404, 410):
                return parts, None
            raise
        stored = {p.number: p for p in listed}
        etags: dict[int, str | None] = {}
        for number, part in parts.items():
            found = stored.get(number)
            etag = found.etag if found is not None and found.size == part.size else None
            if etag != part.etag:
                etags[number] = etag
            parts[number] = Part(number, part.size, part.sha256, etag)
        if etags:
            self.store.set_part_etags(item.id, etags).result()
        return parts, item.upload_id

    def _parts_for(self, item: QueueItem, ticket: MultipartTicket, parts: dict[int, Part],
                   claim: _Claim) -> dict[int, Part]:
        """The part digests for the server's part size: the stored ones when it is the size
        they were hashed with (the usual case), else hashed again. No part is stored yet."""
        if parts and parts[1].size == min(ticket.part_bytes, item.size) \
                and len(parts) == ticket.part_count:
            fresh = {n: Part(n, p.size, p.sha256) for n, p in parts.items()}
            if any(p.etag for p in parts.values()):
                self.store.set_part_etags(item.id, {n: None for n in parts}).result()
            return fresh
        try:
            _, hashed, _ = hash_file(item.path, ticket.part_bytes,
                                     expect=FileSnapshot(item.size, item.mtime_ns),
                                     cancel=claim.stop)
        except Cancelled:
            raise _Stopped() from None
        except FileChanged:
            raise _Fail(failures.changed_since_queued(item.name)) from None
        self.store.save_parts(item.id, hashed).result()
        return {p.number: p for p in hashed}

    def _run_part(self, upload: MultipartUpload, number: int) -> None:
        try:
            self._send_part(upload, number)
        except _Offline:
            self._halt_session(upload, "queue")
        except _Stopped:
            pass
        except _Fail as failure:
            self._fail_session(upload, str(failure))
        except FileChanged:
            self._fail_session(upload, failures.changed_while_uploading(upload.name))
        except FileNotFoundError:
            self._fail_session(upload, failures.gone(upload.name))
        except OSError as error:
            self._fail_session(upload, failures.unreadable(upload.name, error))
        except Exception as exc:
            log.exception("part %d of %s failed unexpectedly", number, upload.name)
            self._fail_session(upload, failures.unexpected(upload.name, exc))
        finally:
            upload.release(number)
            with self._lock:
                self._reap_sessions()
                self._cond.notify_all()

    def _send_part(self, upload: MultipartUpload, number: int) -> None:
        api, name = self._api, upload.name
        part = upload.parts[number]
        tries, renewed = 0, False
        while True:
            if not FileSnapshot(upload.size, upload.mtime_ns).still_matches(upload.path):
                raise _Fail(failures.changed_since_queued(name))
            signed = upload.url_for(number) or self._sign(api, upload, number)
            tries += 1
            upload.sent(number, 0)
            sent = 0

            def on_sent(n: int) -> None:
                nonlocal sent
                sent += n
                self.store.record_progress(upload.item_id, sent=n,
                                           done=upload.sent(number, sent))
            try:
                outcome = send_range(api, signed.url, signed.headers, upload.path,
                                     upload.offset(number), part.size,
                                     cancel=upload.stop, on_sent=on_sent)
            except Cancelled:
                raise _Stopped() from None
            if isinstance(outcome, Stored):
                etag = outcome.etag or ""
                self.store.set_part_etags(upload.item_id, {number: etag}).result()
                last = upload.stored(number, etag)
                self.store.record_progress(upload.item_id, done=upload.done_bytes())
                if last:
                    self._complete(upload)
                return
            upload.drop_url(number)
            if isinstance(outcome, Forbidden):
                if renewed:
                    raise _Fail(failures.storage_keeps_refusing(name,
                                                                outcome.refusal.describe()))
                renewed, tries = True, tries - 1
                continue
            if isinstance(outcome, Mismatch):
                raise _Fail(failures.changed_while_uploading(name))
            if isinstance(outcome, Refused):
                raise _Fail(failures.storage_refused(name, outcome.refusal.describe()))
            self._before_retry(f"{name} (part {number})", tries, outcome, upload)

    def _sign(self, api: ApiClient, upload: MultipartUpload, number: int):
        with upload.signing:  # one signer at a time; the others find their URL after it
            signed = upload.url_for(number)
            if signed is not None:
                return signed
            limit = min(self._max_batch(), 2 * self._concurrency)
            wanted = upload.unsigned(number, limit)
            answer = self._call(lambda: api.sign_parts(
                upload.image_id, upload.upload_id, upload.size,
                [(p.number, p.sha256) for p in wanted]), upload.stop)
            upload.add_urls(answer)
            signed = upload.url_for(number)
            if signed is None:
                raise _Fail(failures.api_failed(upload.name, "The API signed no URL for "
                                                f"part {number}."))
            return signed

    def _complete(self, upload: MultipartUpload) -> None:
        """Every part is stored: one request makes them the original."""
        api = self._api
        try:
            self._call(lambda: api.complete_multipart(upload.image_id, upload.upload_id,
                                                      upload.etags()), upload.stop)
        except ApiError as error:
            # A lost answer to an earlier complete leaves the upload gone and the image there.
            try:
                found, _ = api.get_images([upload.image_id])
            except ApiError:
                found = []
            if not found:
                self._fail_session(upload, failures.api_failed(upload.name, error))
                return
        except _Offline:
            self._halt_session(upload, "queue")
            return
        except _Stopped:
            return
        except _Fail as failure:
            self._fail_session(upload, str(failure))
            return
        with self._lock:
            if self._sessions.get(upload.item_id) is upload:
                del self._sessions[upload.item_id]
        self._stored(upload.item_id, upload.image_id, {FileState.UPLOADING, FileState.PAUSED})
        self._release_claim_of(upload.item_id)

    def _halt_session(self, upload: MultipartUpload, reason: str) -> None:
        with self._lock:
            claim = self._claims.get(upload.item_id)
            if claim is not None:
                claim.halt(reason)
            upload.stop.set()
            self._reap_sessions()

    def _fail_session(self, upload: MultipartUpload, sentence: str) -> None:
        with upload.lock:
            upload.failed = True
        self._halt_session(upload, "failed")
        self._fail(upload.item_id, sentence)

    def _reap_sessions(self) -> None:
        """Stopped sessions leave once their last part transfer has ended, releasing the
        row's claim; a row stopped by a queue pause, the network or a new API goes back in
        line (its stored parts are listed again when it continues). With the lock held."""
        for item_id, upload in list(self._sessions.items()):
            if not (upload.stop.is_set() or upload.failed) or upload.busy():
                continue
            del self._sessions[item_id]
            claim = self._claims.pop(item_id, None)
            if claim is not None and claim.reason == "queue" and not upload.failed \
                    and not self._closing:
                item = self.store.get(item_id)
                if item is not None and item.state is FileState.UPLOADING:
                    self._enqueue_locked(item)
        self._cond.notify_all()

    def _release_claim_of(self, item_id: int) -> None:
        with self._lock:
            self._claims.pop(item_id, None)
            self._cond.notify_all()

    # -- processing --------------------------------------------------------------------------

    def _watch(self, item: QueueItem) -> None:
        if self._poller is None or item.image_id is None:
            return
        stored_ago = time.time() - (item.processing_since or time.time())
        self._poller.watch(item.id, item.image_id, stored_ago)

    def _can_poll(self) -> bool:
        with self._lock:
            return self._online and self._api is not None and not self._closing

    def _max_batch(self) -> int:
        config = self._config
        return config.max_batch if config is not None else 1

    def _poll_fetch(self, image_ids: list[str]) -> tuple[list[ImageInfo], list[str]]:
        api = self._api
        if api is None:
            raise ApiError("No API endpoint is set.", code="unreachable")
        return api.get_images(image_ids)

    def _poll_trouble(self, error: ApiError) -> None:
        if error.code in ("unreachable", "timeout"):
            self._suspect(str(error))

    def _poll_pending(self, item_id: int, image: ImageInfo) -> None:
        item = self.store.get(item_id)
        if item is None or item.processing_since is None:
            return
        waited = time.time() - item.processing_since
        if waited > self._processing_timeout:
            self._poller.forget(item_id)
            self._fail(item_id, failures.processing_timed_out(item.name,
                                                              self._processing_timeout),
                       expect={FileState.PROCESSING})

    def _poll_answer(self, item_id: int, image: ImageInfo | None) -> None:
        item = self.store.get(item_id)
        if item is None:
            return
        if image is None:
            self._fail(item_id, failures.no_longer_on_server(item.name),
                       expect={FileState.PROCESSING})
        elif image.status == "ready":
            self.store.update(item_id, expect={FileState.PROCESSING}, state=FileState.READY,
                              image=image, finished_at=time.time()).result()
            self._forget_work(item_id)
        else:
            self._fail(item_id, failures.processing_failed(item.name, image.error),
                       expect={FileState.PROCESSING})

    # -- shared helpers ------------------------------------------------------------------------

    def _fail(self, item_id: int, sentence: str, *,
              expect: Iterable[FileState] = _UNFINISHED - {FileState.PAUSED}) -> None:
        self.store.update(item_id, expect=expect, state=FileState.FAILED, error=sentence,
                          finished_at=time.time(), bytes_done=0).result()
        self._forget_work(item_id)
        self._release_deferred()

    def _call(self, call: Callable[[], T], claim: _Claim | threading.Event | None) -> T:
        """An API call, tried again on 5xx/429 and on a dropped connection while the API
        still answers. Raises ApiError (not worth retrying, or out of tries), _Fail (a
        Retry-After longer than we wait), _Offline, or _Stopped."""
        stop = claim.stop if isinstance(claim, _Claim) else claim
        tries = 0
        while True:
            if stop is not None and stop.is_set():
                raise _Stopped()
            tries += 1
            try:
                return call()
            except ApiError as error:
                if error.code in ("unreachable", "timeout"):
                    if not self._suspect(str(error)):
                        raise _Offline(str(error)) from None
                elif not error.transient:
                    raise
                if (error.retry_after or 0) > self._policy.max_retry_after:
                    raise _Fail(f"{error} (It asked to wait {error.retry_after:g} s, longer "
                                f"than Thumbdrop waits: {self._policy.max_retry_after:g} s.)"
                                ) from None
                if self._policy.gives_up_after(tries):
                    raise
                delay = self._policy.delay(tries, error.retry_after)
                if stop is not None:
                    if stop.wait(delay):
                        raise _Stopped() from None
                else:
                    with self._lock:
                        if self._cond.wait_for(lambda: self._closing, delay):
                            raise _Stopped() from None


def _push_back(heap: list[int], item_ids: list[int]) -> None:
    """Rows skipped only because another stage still holds them go back in line (the
    release wakes the stages, so they are looked at again then)."""
    for item_id in item_ids:
        heapq.heappush(heap, item_id)


def _lifetime(expires_at: str, config: ServerConfig) -> float:
    """Seconds an upload URL stays valid: from its expires_at, else the server's setting."""
    try:
        when = datetime.fromisoformat(expires_at)
        left = when.timestamp() - time.time()
        if left > 0:
            return min(left, float(config.upload_url_expires))
    except ValueError:
        pass
    return float(config.upload_url_expires)


__all__ = ["FileState", "QueueItem", "QueueStatus", "RunState", "TransferEngine"]
