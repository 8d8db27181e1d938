"""TransferEngine: runs the persisted queue (QueueStore) against one Thumbdrop API.

Stages that don't block each other, each an object of its own (stage_*.py), built from the
one EngineState (engine_state.py: queues, claims, URLs held, sessions, behind one lock), the
store and a few hooks; TransferEngine builds them, starts their threads and keeps only the
commands:
  hash       one read per file; the SHA-256 (and each multipart part's) is stored in the
             queue. It runs a bounded distance ahead of the uploads, so the upload's read
             of the same bytes comes from the page cache.
  presign    one `POST /uploads/batch` for many files; duplicates end here, no bytes sent.
  upload     `concurrency` transfers at once (a whole small file, or one part of a big
             one); a file frees its slot the moment its bytes are stored.
  multipart  big files in parts, run by the upload slots (create or find again, sign,
             send each part, complete).
  processing one poller for every pending image (`GET /images?ids=`), see poller.py.
  network    fetches /config (and probes the API while offline: connectivity.py), runs the
             cleanups owed to the server (cleanups.py: aborts, deletes of cancelled images).

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

from .api import ApiClient
from .api_errors import ApiError
from .backoff import RetryPolicy
from .bandwidth import BandwidthLimit
from .cleanups import Cleanups
from .connectivity import Connectivity
from .engine_state import PROCESSING_TIMEOUT, EngineSettings, EngineState, Halt
from .files import probe_file
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
from .stage_base import Retries, RowEnds
from .stage_hash import HashStage
from .stage_multipart import MultipartStage
from .stage_network import NetworkStage
from .stage_presign import PresignStage
from .stage_processing import ProcessingStage
from .stage_upload import UploadStage

log = logging.getLogger(__name__)
PAUSED_META = "paused"  # the whole queue paused by the person survives a restart


class TransferEngine:
    """Owns the stages, their threads and the upload session for one queue.

    `api` may be None until an endpoint is known (`set_api`); the queue waits meanwhile.
    The engine never closes an ApiClient it was given, nor the store. Settings are the
    fields of EngineSettings, as keywords (`concurrency=4, allow_duplicates=False,
    processing_timeout=120`); `configure(**changes)` changes them while it runs.
    """

    def __init__(self, store: QueueStore, api: ApiClient | None = None, *,
                 retry_policy: RetryPolicy | None = None, hashers: int = 2,
                 bandwidth: BandwidthLimit | None = None, **settings):
        self.store = store
        self.bandwidth = bandwidth or BandwidthLimit()  # one bucket for every transfer
        state = self._state = EngineState(store, api, EngineSettings(**settings),
                                          retry_policy or RetryPolicy(), self.bandwidth)
        self._hasher_count = max(1, hashers)
        connectivity = Connectivity(state)
        retries = Retries(state, connectivity)
        self._cleanups = Cleanups(state)
        # A stored row goes to the processing stage, built after the ends every stage uses.
        ends = RowEnds(state, watch=lambda item: self._processing.watch(item))
        self._processing = ProcessingStage(state, connectivity, ends)
        self._hash = HashStage(state, ends)
        self._presign = PresignStage(state, retries, ends)
        self._multipart = MultipartStage(state, retries, ends)
        self._upload = UploadStage(state, retries, ends, self._presign, self._multipart)
        self._network = NetworkStage(
            state, connectivity, self._cleanups,
            regallery=lambda items: self._processing.forget([i.id for i in items]),
            back_online=self._processing.wake)
        self._started = False
        self._threads: list[threading.Thread] = []

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Starts the stages; unfinished rows of the queue continue. Call once."""
        state = self._state
        with state.lock:
            if self._started:
                raise RuntimeError("the transfer engine was already started")
            self._started = True
        state.paused_all = self.store.get_meta(PAUSED_META).result() == "1"
        self._resume_rows(self.store.items())
        self._processing.start()
        for _ in range(self._hasher_count):
            self._spawn(self._hash.loop, "thumbdrop-hash")
        self._spawn(self._presign.loop, "thumbdrop-presign")
        self._spawn(self._network.loop, "thumbdrop-network")
        with state.lock:
            self._upload.start_slots()
        state.publish_status()

    def close(self) -> None:
        """Stops every stage and waits for its threads. Transfers in flight are dropped
        where they are; their rows stay as stored and continue on the next start (a
        multipart upload keeps its stored parts). The store is not closed."""
        state = self._state
        with state.lock:
            if not self._started or state.closing:
                return
            state.closing = True
            state.halt_all(Halt.QUEUE)
            state.cond.notify_all()
            threads = list(self._threads) + list(self._upload.threads)
        for thread in threads:
            thread.join()
        self._processing.close()
        self.store.flush().result()

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _resume_rows(self, items: list[QueueItem]) -> None:
        """On start: a single PUT that was in flight needs a new URL; everything else
        continues from its state (processing rows are the poller's)."""
        for item in items:
            if item.state is FileState.UPLOADING and item.upload_id is None:
                item = self.store.update(item.id, state=FileState.WAITING_URL,
                                         bytes_done=0).result()
            if item is not None and item.state is not FileState.PROCESSING:
                self._state.enqueue([item])

    # -- settings --------------------------------------------------------------------------

    def configure(self, **changes) -> None:
        """Changes settings (fields of EngineSettings) from now on. Fewer transfers at once
        take effect as running transfers end; nothing in flight is cut off. A new
        allow_duplicates is the default for files added from now on (rows already queued
        keep theirs); a new processing_timeout counts for files already waiting."""
        state = self._state
        state.configure(**changes)
        with state.lock:
            if self._started and not state.closing:
                self._upload.start_slots()
            state.cond.notify_all()  # surplus idle uploaders leave

    def set_concurrency(self, n: int) -> None:
        """Transfers at once (whole small files or parts of big ones): configure()."""
        self.configure(concurrency=n)

    def set_allow_duplicates(self, allow: bool) -> None:
        """Upload even when the gallery already holds the same bytes: configure()."""
        self.configure(allow_duplicates=allow)

    def set_keep_location(self, keep: bool) -> None:
        """Ask the server to keep the GPS position of photos presigned from now on:
        configure()."""
        self.configure(keep_location=keep)

    def set_processing_timeout(self, seconds: float) -> None:
        """How long after its bytes are stored a file may wait for its renditions before it
        is reported failed: configure()."""
        self.configure(processing_timeout=seconds)

    def set_api(self, api: ApiClient | None) -> None:
        """Uses this API from now on. Work in flight stops and continues there; rows whose
        upload belongs to another endpoint start it again there (their digest is kept).
        None pauses the work until an API is set."""
        state = self._state
        with state.lock:
            if api is state.api:
                return
            state.api = api
            state.config, state.config_error, state.need_config = None, None, True
            state.gallery = None
            state.online, state.tickets = True, {}
            state.halt_all(Halt.QUEUE)
            state.reap_sessions()
            state.cond.notify_all()
        state.publish_status()

    def set_hold(self, reason: str | None) -> None:
        """A rule holds the transfers (reason: the sentence to show, e.g. a metered
        network), or lifts the hold (None). Like pause_all but not remembered across a
        restart and shown as RunState.HELD: transfers in flight stop where they are (a big
        file keeps its stored parts); hashing goes on."""
        state = self._state
        with state.lock:
            if reason == state.hold:
                return
            state.hold = reason
            if reason is not None:
                state.halt_all(Halt.QUEUE)
                state.reap_sessions()
            state.cond.notify_all()
        state.publish_status()

    def connected(self, timeout: float | None = None) -> bool:
        """Waits until the API in use has told its config (so the queue's finished rows belong
        to its gallery: see NetworkStage) or refused to; False when `timeout` passed first."""
        state = self._state
        with state.lock:
            return state.cond.wait_for(lambda: state.closing or state.config is not None
                                       or state.config_error is not None, timeout)

    @property
    def config_error(self) -> ApiError | None:
        """Why the API in use refused to tell its config (a wrong token, not Thumbdrop)."""
        return self._state.config_error

    @property
    def requeued_for_gallery(self) -> int:
        """Finished rows queued again since start because the API in use is another gallery
        than the one that holds them."""
        return self._network.requeued_for_gallery

    @property
    def concurrency(self) -> int:
        return self._state.settings.concurrency

    @property
    def config(self) -> ServerConfig | None:
        """What the server said about itself, once it did."""
        return self._state.config

    # -- commands --------------------------------------------------------------------------

    def add_files(self, paths: Iterable[Path], *,
                  allow_duplicates: bool | None = None) -> Future[list[QueueItem]]:
        """Queues files (not folders: see files.expand_paths), one row per path.

        Looks at each file in the calling thread (size, mtime and its first bytes), so call
        it off a UI thread. Files Thumbdrop can't take become SKIPPED rows with the reason.
        A path already queued stays one row (see QueueStore.add). The result holds one row
        per path, in order."""
        allow = self._state.settings.allow_duplicates if allow_duplicates is None else allow_duplicates
        files = [probe_file(Path(path), allow_duplicates=allow) for path in paths]
        return _when_committed(self.store.add(files), self._state.enqueue)

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
        state = self._state
        with state.lock:
            if state.config_error is not None:
                state.config_error, state.need_config = None, True
                state.cond.notify_all()

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
        return _when_committed(future, self._state.enqueue)

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
                    self._cleanups.owe(item.endpoint, "abort", item.image_id, item.upload_id)
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
        return _when_committed(future, self._state.enqueue)

    def pause_all(self) -> Future[None]:
        """Pauses the whole queue (remembered across restarts): no new transfer starts and
        those in flight stop where they are. Status becomes RunState.PAUSED."""
        state = self._state
        with state.lock:
            state.paused_all = True
            state.halt_all(Halt.QUEUE)
            state.reap_sessions()
            state.cond.notify_all()
        state.publish_status()
        return self.store.set_meta(PAUSED_META, "1")

    def resume_all(self) -> Future[None]:
        """Lifts pause_all (rows paused one by one stay paused)."""
        state = self._state
        with state.lock:
            state.paused_all = False
            state.cond.notify_all()
        self._processing.wake()
        state.publish_status()
        return self.store.set_meta(PAUSED_META, "0")

    def upload_anyway(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Rows answered "already in the gallery" are uploaded as a new copy."""
        future = self.store.update_many(
            item_ids, expect={FileState.DUPLICATE},
            fields_for=lambda item: dict(forget_upload(), state=FileState.QUEUED,
                                         allow_duplicates=True, finished_at=None))
        return _when_committed(future, self._state.enqueue)

    # -- command plumbing ----------------------------------------------------------------------

    def _stop_rows(self, item_ids: Iterable[int], state: FileState) -> Future:
        expect = CANCELLABLE if state is FileState.CANCELLED else PAUSABLE
        now = time.time()

        item_ids = list(item_ids)
        before: dict[int, QueueItem] = {}  # each row as the writer changed it

        def fields(item: QueueItem) -> dict:
            before[item.id] = item
            if state is FileState.PAUSED:
                return {"state": state}
            # What the server may hold for this row is cleaned up (Cleanups.owe_for_cancelled).
            return dict(forget_upload(), state=state, finished_at=now, failure=None)
        reason = Halt.PAUSED if state is FileState.PAUSED else Halt.CANCELLED
        shared = self._state
        with shared.lock:
            for item_id in item_ids:
                claim = shared.claims.get(item_id)
                if claim is not None:
                    claim.halt(reason)
            shared.reap_sessions()
            shared.cond.notify_all()
        future = self.store.update_many(item_ids, expect=expect, fields_for=fields)

        def after(changed: list[QueueItem]) -> None:
            for item in changed:
                shared.forget_work(item.id)
                self._processing.forget([item.id])
                if state is FileState.CANCELLED:
                    self._cleanups.owe_for_cancelled(before[item.id])
        return _when_committed(future, after)


def _when_committed(future: Future, after: Callable) -> Future:
    """Runs after(result) once a store write is committed (on the store's writer thread, so
    it must not wait on another store Future: state.enqueue doesn't); the Future returned
    resolves with after's value, or the write's result when after returns None."""
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


__all__ = ["PROCESSING_TIMEOUT", "EngineSettings", "FileState", "QueueItem", "QueueStatus",
           "RunState", "TransferEngine"]
