"""TransferEngine: runs the persisted queue (QueueStore) against one Thumbdrop API.

Stages that don't block each other, each with its own threads:
  hash      -> one read per file, the SHA-256 (and each multipart part's) stored in the queue;
               it runs a bounded distance ahead of the uploads, so the upload's read of the
               same bytes comes from the page cache
  presign   -> one `POST /uploads/batch` for many files; duplicates end here, no bytes sent
  upload    -> `concurrency` transfers at once (a whole small file, or one part of a big
               one); a file frees its slot the moment its bytes are stored
  processing-> one poller for every pending image (`GET /images?ids=`), due times merged
               so a thumbnail shows ~100 ms after it was made without hammering the API

Every state change is committed to the queue before the next network step, so a SIGKILL at
any moment loses nothing: on start, unfinished rows continue from what the queue holds
(a stored digest is not computed again; a multipart upload lists its stored parts).
Network loss is a state, not a failure: connection errors pause the queue ("Waiting for
the network…") and it continues by itself when the API answers again.

Commands are safe to call from any thread, the UI's included: they never touch the network
and (except `add_files`, which looks at the files) never the disk in the caller's thread.
Each returns a Future resolved once the change is committed; what changed reaches every
observer of the store (`engine.store.subscribe`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path

from .api import ApiClient
from .backoff import RetryPolicy
from .files import probe_file
from .queue_store import QueueStore, forget_upload
from .queue_types import FileState, QueueItem, QueueStatus, RunState

log = logging.getLogger(__name__)

PAUSED_META = "paused"  # the whole queue paused by the person survives a restart

# Where a paused, retried or resumed row goes back to: the pipeline picks it up from what
# the row holds (digest -> no hashing again; multipart upload -> list the stored parts).
_PAUSABLE = frozenset({FileState.QUEUED, FileState.HASHING, FileState.WAITING_URL,
                       FileState.UPLOADING})
_CANCELLABLE = _PAUSABLE | {FileState.PAUSED, FileState.PROCESSING}
_RETRYABLE = frozenset({FileState.FAILED, FileState.CANCELLED})


class TransferEngine:
    """Owns the worker threads and the upload session for one queue.

    `api` may be None until an endpoint is known (`set_api`); the queue waits meanwhile.
    The engine never closes an ApiClient it was given.
    """

    def __init__(self, store: QueueStore, api: ApiClient | None = None, *,
                 concurrency: int = 4, allow_duplicates: bool = False,
                 processing_timeout: float = 900.0, retry_policy: RetryPolicy | None = None):
        self.store = store
        self._api = api
        self._concurrency = max(1, concurrency)
        self._allow_duplicates = allow_duplicates
        self._processing_timeout = processing_timeout
        self._policy = retry_policy or RetryPolicy()
        self._lock = threading.Lock()
        self._started = False

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Starts the stages; unfinished rows of the queue continue. Call once."""
        raise NotImplementedError

    def close(self) -> None:
        """Stops every stage and waits for its threads. Transfers in flight are dropped
        where they are; their rows stay as stored and continue on the next start (a
        multipart upload keeps its stored parts). The store is not closed."""
        raise NotImplementedError

    # -- settings --------------------------------------------------------------------------

    def set_api(self, api: ApiClient | None) -> None:
        """Uses this API from now on. Rows tied to another endpoint start their upload again
        there (their digest is kept); None pauses the work until an API is set."""
        raise NotImplementedError

    def set_concurrency(self, n: int) -> None:
        """Transfers at once (whole small files or parts of big ones). Shrinking takes effect
        as running transfers end; nothing in flight is cut off."""
        raise NotImplementedError

    def set_allow_duplicates(self, allow: bool) -> None:
        """The default for files added from now on: upload even when the gallery already
        holds the same bytes (rows already queued keep what they had)."""
        self._allow_duplicates = allow

    def set_processing_timeout(self, seconds: float) -> None:
        """How long after its bytes are stored a file may wait for its renditions before it
        is reported failed."""
        self._processing_timeout = seconds

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
        future = self.store.add(files)
        future.add_done_callback(lambda _: self._wake())
        return future

    def cancel(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Stops these files: queued, uploading, paused or processing -> CANCELLED. A
        multipart upload is aborted on the server, and bytes already stored are deleted,
        so a cancelled file never shows up in the gallery."""
        raise NotImplementedError

    def retry(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Failed or cancelled files run again from where they can: a file unchanged on
        disk keeps its digest; a changed one is looked at and hashed anew."""
        raise NotImplementedError

    def retry_failed(self) -> Future[list[QueueItem]]:
        """retry() for every failed row."""
        return self.retry(item.id for item in self.store.where(
            lambda item: item.state is FileState.FAILED))

    def remove(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Takes rows out of the queue (cancelling those still active first). Images
        already in the gallery stay there."""
        raise NotImplementedError

    def clear_finished(self) -> Future[list[QueueItem]]:
        """Removes ready, already-in-the-gallery, cancelled and skipped rows."""
        return self.remove(item.id for item in self.store.where(
            lambda item: item.state in (FileState.READY, FileState.DUPLICATE,
                                        FileState.CANCELLED, FileState.SKIPPED)))

    def pause(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Pauses files that have not finished uploading (a transfer in flight stops; the
        stored parts of a big file are kept). Processing and finished files are left."""
        raise NotImplementedError

    def resume(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """PAUSED -> continues from what is stored."""
        raise NotImplementedError

    def pause_all(self) -> Future[None]:
        """Pauses the whole queue (remembered across restarts): no new transfer starts and
        those in flight stop where they are. Status becomes RunState.PAUSED."""
        raise NotImplementedError

    def resume_all(self) -> Future[None]:
        """Lifts pause_all (rows paused one by one stay paused)."""
        raise NotImplementedError

    def upload_anyway(self, item_ids: Iterable[int]) -> Future[list[QueueItem]]:
        """Rows answered "already in the gallery" are uploaded as a new copy."""
        raise NotImplementedError

    # -- internals ---------------------------------------------------------------------------

    def _wake(self) -> None:
        pass


__all__ = ["FileState", "QueueItem", "QueueStatus", "RunState", "TransferEngine",
           "forget_upload"]
