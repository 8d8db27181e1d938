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
    ImageInfo,
    ItemError,
    PresignAnswer,
    UploadTicket,
)
from .api_errors import ApiError
from .multipart import URL_MARGIN
from .queue_types import FileState, QueueItem
from .server_config import ServerConfig
from .stage_base import (
    GATHER_SECONDS,
    TICKET_BYTES,
    RowFailed,
    StageBase,
    WentOffline,
    push_back,
    url_lifetime,
)

log = logging.getLogger(__name__)


class PresignStage(StageBase):
    """Upload URLs in batches."""

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
        push_back(self._presign_q, busy)
        for item_id in deferred:
            heapq.heappush(self._deferred, item_id)
        for item in batch:
            self._presigning.add(item.id)
        return batch

    def _presign(self, api: ApiClient, config: ServerConfig, batch: list[QueueItem]) -> None:
        requests_ = [self._upload_request(item) for item in batch]
        # allow_duplicates is per request; rows that differ go in two requests.
        for allow in (False, True):
            part = [(item, req) for item, req in zip(batch, requests_)
                    if item.allow_duplicates == allow]
            if not part:
                continue
            try:
                answers = self._call(lambda p=part, a=allow: api.create_uploads(
                    [req for _, req in p], allow_duplicates=a), None)
            except WentOffline:
                self._requeue_presign([item for item, _ in part])
                continue
            except (ApiError, RowFailed) as error:
                for item, _ in part:
                    self._fail(item.id, error.failure if isinstance(error, RowFailed)
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
            use_by = time.monotonic() + url_lifetime(answer.expires_at, config) - URL_MARGIN
            with self._lock:
                if self.store.get(item.id) is not None and \
                        self.store.get(item.id).state is FileState.WAITING_URL:
                    self._tickets[item.id] = (answer, use_by)
                    if not item.allow_duplicates and item.sha256:
                        self._digests[item.sha256] = item.id
                self._cond.notify_all()
        elif isinstance(answer, Duplicate):
            self._duplicate(item, answer.image, config.gallery_key(api.base_url),
                            {FileState.WAITING_URL})
        elif isinstance(answer, ItemError):
            self._fail(item.id, failures.api_failed(item.name, answer.failure))

    def _duplicate(self, item: QueueItem, image: ImageInfo, gallery: str | None,
                   expect: set[FileState]) -> None:
        """The server (of `gallery`) holds these bytes already. Its image is ours when an
        earlier try of this row stored them (the answer was lost to a reset or a kill): carry
        on there."""
        if item.image_id is not None and image.id == item.image_id:
            self._stored(item.id, image.id, expect, image)
            return
        self.store.update(item.id, expect=expect, state=FileState.DUPLICATE, image=image,
                          gallery=gallery, finished_at=time.time(), bytes_done=0).result()
        self._forget_work(item.id)
        self._release_deferred()

