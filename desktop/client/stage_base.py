"""What every stage shares besides the state (engine_state.py): how a unit of work ends
(RowFailed, WentOffline, Halted), the engine's tuning constants, API calls with retries
(`Retries`) and the writes that end a row's transfer (`RowEnds`: failed, stored, already in
the gallery).
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
from .api import ImageInfo, UploadRequest, file_time
from .api_errors import ApiError
from .connectivity import Connectivity
from .engine_state import Claim, EngineState
from .failures import Failure
from .multipart import MultipartUpload
from .queue_types import ACTIVE, FileState, QueueItem
from .server_config import ServerConfig
from .transfer import Busy, NoAnswer

log = logging.getLogger(__name__)
T = TypeVar("T")

LOOKAHEAD_BYTES = 256 * 1024 * 1024  # hashed, not yet uploading: stays in the page cache
LOOKAHEAD_FILES = 200
TICKET_BYTES = 64 * 1024 * 1024      # upload URLs held ahead of the slots, in bytes of files
GATHER_SECONDS = 0.02                # the presigner waits this long for a fuller batch


class RowFailed(Exception):
    """The row fails for this reason."""

    def __init__(self, failure: Failure):
        super().__init__(failure.fallback)
        self.failure = failure


class WentOffline(Exception):
    """No answer and the API doesn't answer either: put the work back and wait."""


class Halted(Exception):
    """The row's claim was halted (pause, cancel, remove, queue pause, close)."""


def upload_request(item: QueueItem, state: EngineState) -> UploadRequest:
    """What the API is told about a row's file (single PUT and multipart alike)."""
    return UploadRequest(item.name, item.content_type or "application/octet-stream",
                         item.size, item.sha256 or "", file_time=file_time(item.mtime_ns),
                         keep_location=state.settings.keep_location)


class Retries:
    """API calls and transfers tried again by the engine's RetryPolicy; a request that got no
    answer asks `connectivity` whether the API still answers at all."""

    def __init__(self, state: EngineState, connectivity: Connectivity):
        self._state = state
        self._connectivity = connectivity

    def call(self, call: Callable[[], T], claim: Claim | threading.Event | None) -> T:
        """An API call, tried again on 5xx/429 and on a dropped connection while the API
        still answers. Raises ApiError (not worth retrying, or out of tries), RowFailed (a
        Retry-After longer than we wait), WentOffline, or Halted."""
        policy = self._state.policy
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
                    if not self._connectivity.api_still_answers(str(error)):
                        raise WentOffline(str(error)) from None
                elif not error.transient:
                    raise
                if (error.retry_after or 0) > policy.max_retry_after:
                    raise RowFailed(failures.failure(
                        "asked_to_wait_too_long", reason=error.failure,
                        seconds=error.retry_after, cap=policy.max_retry_after)) from None
                if policy.gives_up_after(tries):
                    raise
                delay = policy.delay(tries, error.retry_after)
                if stop is not None:
                    if stop.wait(delay):
                        raise Halted() from None
                else:
                    with self._state.lock:
                        if self._state.cond.wait_for(lambda: self._state.closing, delay):
                            raise Halted() from None

    def before_retry(self, name: str, tries: int, outcome: Busy | NoAnswer,
                     claim: Claim | MultipartUpload) -> None:
        """After a transfer that got no answer or a busy one: raises RowFailed when it's time
        to give up, WentOffline when the network is gone, Halted when the claim was halted;
        else waits the backoff delay."""
        policy = self._state.policy
        retry_after = None
        if isinstance(outcome, NoAnswer):
            reason = outcome.reason
            if not self._connectivity.api_still_answers(reason):
                raise WentOffline(reason)
        else:
            reason, retry_after = outcome.reason, outcome.retry_after
            if retry_after is not None and retry_after > policy.max_retry_after:
                raise RowFailed(failures.wait_too_long(name, retry_after,
                                                       policy.max_retry_after))
        if policy.gives_up_after(tries):
            raise RowFailed(failures.gave_up(name, tries, reason))
        if claim.stop.wait(policy.delay(tries, retry_after)):
            raise Halted()


class RowEnds:
    """The writes that end a row's transfer, whichever stage it ends in. Each is committed
    before anything else happens to the row; then its work is forgotten and rows deferred
    behind the same bytes get their turn. `watch(item)` hands a stored row to the
    processing stage."""

    def __init__(self, state: EngineState, watch: Callable[[QueueItem], None]):
        self._state = state
        self._store = state.store
        self._watch = watch

    def fail(self, item_id: int, failure: Failure, *,
             expect: Iterable[FileState] = ACTIVE) -> None:
        self._store.update(item_id, expect=expect, state=FileState.FAILED, failure=failure,
                           finished_at=time.time(), bytes_done=0).result()
        self._state.forget_work(item_id)
        self._state.release_deferred()

    def stored(self, item_id: int, image_id: str, expect: set[FileState],
               image: ImageInfo | None = None) -> None:
        """The store holds the file's bytes: the slot is free, the poller takes over."""
        item = self._store.get(item_id)
        if item is None:
            return
        state = FileState.READY if image is not None and image.status == "ready" \
            else FileState.PROCESSING
        done = self._store.update(
            item_id, expect=expect, state=state, image_id=image_id, image=image,
            bytes_done=item.size, bytes_sent=item.bytes_sent, processing_since=time.time(),
            finished_at=time.time() if state is FileState.READY else None).result()
        self._state.forget_work(item_id)  # its bytes are stored: same bytes elsewhere may go now
        if done is not None and state is FileState.PROCESSING:
            self._watch(done)
        self._state.release_deferred()

    def duplicate(self, item: QueueItem, image: ImageInfo, gallery: str | None,
                  expect: set[FileState]) -> None:
        """The server (of `gallery`) holds these bytes already. Its image is ours when an
        earlier try of this row stored them (the answer was lost to a reset or a kill): carry
        on there."""
        if item.image_id is not None and image.id == item.image_id:
            self.stored(item.id, image.id, expect, image)
            return
        self._store.update(item.id, expect=expect, state=FileState.DUPLICATE, image=image,
                           gallery=gallery, finished_at=time.time(), bytes_done=0).result()
        self._state.forget_work(item.id)
        self._state.release_deferred()


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
