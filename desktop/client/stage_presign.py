"""The presign stage: one `POST /uploads/batch` for many files, as many URLs held as the
upload slots will use soon; duplicates end here with no bytes sent.
"""

from __future__ import annotations

import heapq
import logging
import time

from . import failures
from .api import (
    ApiClient,
    Duplicate,
    ItemError,
    PresignAnswer,
    UploadTicket,
)
from .api_errors import ApiError
from .engine_state import EngineState
from .multipart import URL_MARGIN
from .queue_types import FileState, QueueItem
from .server_config import ServerConfig
from .stage_base import (
    GATHER_SECONDS,
    TICKET_BYTES,
    Retries,
    RowEnds,
    RowFailed,
    WentOffline,
    push_back,
    upload_request,
    url_lifetime,
)

log = logging.getLogger(__name__)


class PresignStage:
    """Upload URLs in batches, held in state.tickets for the upload slots (one thread)."""

    def __init__(self, state: EngineState, retries: Retries, ends: RowEnds):
        self._state = state
        self._store = state.store
        self._retries = retries
        self._ends = ends

    def loop(self) -> None:
        state = self._state
        while True:
            with state.lock:
                while True:
                    if state.closing:
                        return
                    batch = self._next_batch()
                    if batch:
                        break
                    state.cond.wait(None if not state.presign_q else 0.5)
                api, config = state.api, state.config
            if len(batch) < self._want_tickets() and state.hash_q:
                time.sleep(GATHER_SECONDS)  # hashing is about to stage more: one fuller batch
                with state.lock:
                    batch += self._next_batch(limit=config.max_batch - len(batch))
            try:
                self.presign(api, config, batch)
            except Exception as exc:
                log.exception("presigning failed unexpectedly")
                for item in batch:
                    self._ends.fail(item.id, failures.unexpected(item.name, exc))
            finally:
                with state.lock:
                    for item in batch:
                        state.presigning.discard(item.id)
                    state.cond.notify_all()

    def requeue(self, item_ids: list[int]) -> None:
        """These rows need a URL again (their request went unanswered, or the URL held for
        them grew too old to trust)."""
        with self._state.lock:
            for item_id in item_ids:
                self.requeue_locked(item_id)

    def requeue_locked(self, item_id: int) -> None:
        """requeue() of one row, with the lock held."""
        heapq.heappush(self._state.presign_q, item_id)
        self._state.cond.notify_all()

    def _want_tickets(self) -> int:
        """How many single-PUT URLs to hold: at least two per slot, more while they are
        small (a batch of small photos goes in one request)."""
        return 2 * self._state.settings.concurrency

    def _next_batch(self, limit: int | None = None) -> list[QueueItem]:
        # With the lock held.
        state = self._state
        if not state.ready_to_send():
            return []
        held = len(state.tickets) + len(state.presigning)
        held_bytes = sum(state.staged.get(i, 0) for i in state.tickets)
        limit = state.config.max_batch if limit is None else limit
        batch: list[QueueItem] = []
        deferred: list[int] = []
        digests = set()
        busy = []
        while state.presign_q and len(batch) < limit:
            if held + len(batch) >= self._want_tickets() and held_bytes >= TICKET_BYTES:
                break
            item_id = heapq.heappop(state.presign_q)
            item = self._store.get(item_id)
            if (item is None or item.state is not FileState.WAITING_URL
                    or item.part_bytes is not None or item_id in state.tickets
                    or item_id in state.presigning):
                continue
            if item_id in state.claims:  # its last stage is still letting go
                busy.append(item_id)
                continue
            owner = state.digests.get(item.sha256)
            if not item.allow_duplicates and (
                    (owner is not None and owner != item_id) or item.sha256 in digests):
                deferred.append(item_id)  # same bytes on their way: ask once they're stored
                continue
            digests.add(item.sha256)
            batch.append(item)
            held_bytes += item.size
        push_back(state.presign_q, busy)
        for item_id in deferred:
            heapq.heappush(state.deferred, item_id)
        for item in batch:
            state.presigning.add(item.id)
        return batch

    def presign(self, api: ApiClient, config: ServerConfig, batch: list[QueueItem]) -> None:
        requests_ = [upload_request(item, self._state) for item in batch]
        # allow_duplicates is per request; rows that differ go in two requests.
        for allow in (False, True):
            part = [(item, req) for item, req in zip(batch, requests_)
                    if item.allow_duplicates == allow]
            if not part:
                continue
            try:
                answers = self._retries.call(lambda p=part, a=allow: api.create_uploads(
                    [req for _, req in p], allow_duplicates=a), None)
            except WentOffline:
                self.requeue([item.id for item, _ in part])
                continue
            except (ApiError, RowFailed) as error:
                for item, _ in part:
                    self._ends.fail(item.id, error.failure if isinstance(error, RowFailed)
                               else failures.api_failed(item.name, error))
                continue
            for (item, _), answer in zip(part, answers):
                self._take_answer(api, config, item, answer)

    def _take_answer(self, api: ApiClient, config: ServerConfig, item: QueueItem,
                             answer: PresignAnswer) -> None:
        if isinstance(answer, UploadTicket):
            use_by = time.monotonic() + url_lifetime(answer.expires_at, config) - URL_MARGIN
            state = self._state
            with state.lock:
                now = self._store.get(item.id)
                if now is not None and now.state is FileState.WAITING_URL:
                    state.tickets[item.id] = (answer, use_by)
                    if not item.allow_duplicates and item.sha256:
                        state.digests[item.sha256] = item.id
                state.cond.notify_all()
        elif isinstance(answer, Duplicate):
            self._ends.duplicate(item, answer.image, config.gallery_key(api.base_url),
                                 {FileState.WAITING_URL})
        elif isinstance(answer, ItemError):
            self._ends.fail(item.id, failures.api_failed(item.name, answer.failure))
