"""The engine's shared vocabulary: a row's claim, how a unit of work ends (fail, offline,
stopped), the engine's tuning constants, and the helpers every stage uses (the work
queues, failing a row, an API call with retries).
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from . import failures
from .api_errors import ApiError
from .failures import Failure
from .queue_types import ACTIVE, FileState, QueueItem
from .server_config import ServerConfig

log = logging.getLogger(__name__)
T = TypeVar("T")

LOOKAHEAD_BYTES = 256 * 1024 * 1024  # hashed, not yet uploading: stays in the page cache
LOOKAHEAD_FILES = 200
TICKET_BYTES = 64 * 1024 * 1024      # upload URLs held ahead of the slots, in bytes of files
OFFLINE_RETRY = (1.0, 2.0, 4.0, 8.0, 15.0)  # seconds between probes while offline
GATHER_SECONDS = 0.02                # the presigner waits this long for a fuller batch


class Claim:
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


class RowFailed(Exception):
    """The row fails for this reason."""

    def __init__(self, failure: Failure):
        super().__init__(failure.fallback)
        self.failure = failure


class WentOffline(Exception):
    """No answer and the API doesn't answer either: put the work back and wait."""


class Halted(Exception):
    """The row's claim was halted (pause, cancel, remove, queue pause, close)."""



class StageBase:
    """State lives in TransferEngine.__init__; the stages share it through self."""

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

    def _claim(self, item_id: int) -> Claim | None:
        # With the lock held: a row is worked on by one stage at a time.
        if item_id in self._claims:
            return None
        claim = self._claims[item_id] = Claim()
        return claim

    def _release(self, item_id: int, claim: Claim) -> None:
        with self._lock:
            if self._claims.get(item_id) is claim:
                del self._claims[item_id]
            self._cond.notify_all()

    def _ready_to_send(self) -> bool:
        # With the lock held: may transfers start now?
        return (not self._closing and not self._paused_all and self._hold is None
                and self._online
                and self._api is not None and self._config is not None)

    def _spawn(self, target: Callable[[], None], name: str) -> threading.Thread:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()
        return thread

    # -- shared helpers ------------------------------------------------------------------------

    def _fail(self, item_id: int, failure: Failure, *,
              expect: Iterable[FileState] = ACTIVE) -> None:
        self.store.update(item_id, expect=expect, state=FileState.FAILED, failure=failure,
                          finished_at=time.time(), bytes_done=0).result()
        self._forget_work(item_id)
        self._release_deferred()

    def _call(self, call: Callable[[], T], claim: Claim | threading.Event | None) -> T:
        """An API call, tried again on 5xx/429 and on a dropped connection while the API
        still answers. Raises ApiError (not worth retrying, or out of tries), RowFailed (a
        Retry-After longer than we wait), WentOffline, or Halted."""
        stop = claim.stop if isinstance(claim, Claim) else claim
        tries = 0
        while True:
            if stop is not None and stop.is_set():
                raise Halted()
            tries += 1
            try:
                return call()
            except ApiError as error:
                if error.code in ("unreachable", "timeout"):
                    if not self._suspect(str(error)):
                        raise WentOffline(str(error)) from None
                elif not error.transient:
                    raise
                if (error.retry_after or 0) > self._policy.max_retry_after:
                    raise RowFailed(failures.failure(
                        "asked_to_wait_too_long", reason=error.failure,
                        seconds=error.retry_after, cap=self._policy.max_retry_after)) from None
                if self._policy.gives_up_after(tries):
                    raise
                delay = self._policy.delay(tries, error.retry_after)
                if stop is not None:
                    if stop.wait(delay):
                        raise Halted() from None
                else:
                    with self._lock:
                        if self._cond.wait_for(lambda: self._closing, delay):
                            raise Halted() from None


def push_back(heap: list[int], item_ids: list[int]) -> None:
    """Rows skipped only because another stage still holds them go back in line (the
    release wakes the stages, so they are looked at again then)."""
    for item_id in item_ids:
        heapq.heappush(heap, item_id)


def url_lifetime(expires_at: str, config: ServerConfig) -> float:
    """Seconds an upload URL stays valid: from its expires_at, else the server's setting."""
    try:
        when = datetime.fromisoformat(expires_at)
        left = when.timestamp() - time.time()
        if left > 0:
            return min(left, float(config.upload_url_expires))
    except ValueError:
        pass
    return float(config.upload_url_expires)

