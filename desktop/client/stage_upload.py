"""The upload stage: `concurrency` threads, each taking the next transfer (a part of a big file
under way, a small file with its URL, or the next big file); a file frees its slot the
moment its bytes are stored.
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from collections.abc import Callable

from . import failures
from .api import (
    ApiClient,
    Duplicate,
    ImageInfo,
    UploadRequest,
    UploadTicket,
)
from .multipart import URL_MARGIN, MultipartUpload
from .queue_types import FileState, QueueItem
from .stage_base import (
    Claim,
    Halted,
    RowFailed,
    StageBase,
    WentOffline,
    push_back,
    url_lifetime,
)
from .streaming import Cancelled, FileChanged, FileSnapshot
from .transfer import Busy, Forbidden, Mismatch, NoAnswer, Refused, Stored, send_range

log = logging.getLogger(__name__)


class UploadStage(StageBase):
    """The upload slots and single-PUT transfers."""

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
            push_back(self._multipart_q, busy)

    def _run_claimed(self, item: QueueItem, claim: Claim, work: Callable[[], bool | None]
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
        except RowFailed as failed:
            self._fail(item_id, failed.failure)
        except (FileChanged, OSError) as error:
            self._fail(item_id, failures.reading_failed(name, error, uploading=True))
        except Exception as exc:
            log.exception("upload of %s failed unexpectedly", name)
            self._fail(item_id, failures.unexpected(name, exc))

    def _send_file(self, item: QueueItem, ticket: UploadTicket, use_by: float,
                   claim: Claim) -> None:
        api, gallery = self._api, self._gallery
        uploading = self.store.update(
            item.id, expect={FileState.WAITING_URL}, state=FileState.UPLOADING,
            image_id=ticket.id, endpoint=api.base_url, gallery=gallery, bytes_done=0).result()
        if uploading is None:
            return
        name, tries, renewed = item.name, 0, False
        while True:
            if not FileSnapshot(item.size, item.mtime_ns).still_matches(item.path):
                raise RowFailed(failures.changed_since_queued(name))
            tries += 1
            self.store.record_progress(item.id, done=0)  # a retry starts from zero
            sent = 0

            def on_sent(n: int) -> None:
                nonlocal sent
                sent += n
                self.store.record_progress(item.id, sent=n, done=sent)
            try:
                outcome = send_range(api, ticket.url, ticket.headers, item.path, 0, item.size,
                                     cancel=claim.stop, on_sent=on_sent,
                                     throttle=self.bandwidth.take)
            except Cancelled:
                self._interrupted_put(item, ticket, use_by, claim)
                return
            if isinstance(outcome, Stored):
                self._stored(item.id, ticket.id, {FileState.UPLOADING, FileState.PAUSED})
                return
            if isinstance(outcome, Forbidden):
                if renewed:
                    raise RowFailed(failures.storage_keeps_refusing(name, outcome.refusal.describe()))
                renewed, tries = True, tries - 1  # a new URL is not a retry of the old one
                fresh = self._fresh_ticket(api, uploading, claim)
                if fresh is None:
                    return
                ticket, claim.image_id = fresh, fresh.id
                use_by = time.monotonic() + url_lifetime(fresh.expires_at, self._config) - URL_MARGIN
                continue
            if isinstance(outcome, Mismatch):
                raise RowFailed(failures.changed_while_uploading(name))
            if isinstance(outcome, Refused):
                raise RowFailed(failures.storage_refused(name, outcome.refusal.describe()))
            try:
                self._before_retry(name, tries, outcome, claim)
            except WentOffline:
                self._interrupted_put(item, ticket, use_by, claim, offline=True)
                return
            except Halted:
                self._interrupted_put(item, ticket, use_by, claim)
                return

    def _before_retry(self, name: str, tries: int, outcome: Busy | NoAnswer,
                      claim: Claim | MultipartUpload) -> None:
        """After a try that got no answer or a busy one: raises RowFailed when it's time to give
        up, WentOffline when the network is gone, Halted when the claim was halted; else
        waits the backoff delay."""
        retry_after = None
        if isinstance(outcome, NoAnswer):
            reason = outcome.reason
            if not self._suspect(reason):
                raise WentOffline(reason)
        else:
            reason, retry_after = outcome.reason, outcome.retry_after
            if retry_after is not None and retry_after > self._policy.max_retry_after:
                raise RowFailed(failures.wait_too_long(name, retry_after,
                                                   self._policy.max_retry_after))
        if self._policy.gives_up_after(tries):
            raise RowFailed(failures.gave_up(name, tries, reason))
        if claim.stop.wait(self._policy.delay(tries, retry_after)):
            raise Halted()

    def _interrupted_put(self, item: QueueItem, ticket: UploadTicket, use_by: float,
                         claim: Claim, *, offline: bool = False) -> None:
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
                      claim: Claim) -> UploadTicket | None:
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
            self._duplicate(item, answer.image, item.gallery, {FileState.UPLOADING})
            return None
        raise RowFailed(failures.api_failed(item.name, answer.failure))

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

