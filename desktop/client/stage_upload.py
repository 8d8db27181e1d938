"""The upload stage: `concurrency` threads, each taking the next transfer (a part of a big file
under way, a small file with its URL, or the next big file); a file frees its slot the
moment its bytes are stored.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from . import failures
from .api import (
    ApiClient,
    Duplicate,
    UploadRequest,
    UploadTicket,
)
from .engine_state import Claim, EngineState, Halt
from .multipart import URL_MARGIN
from .queue_types import FileState, QueueItem
from .stage_base import (
    Halted,
    Retries,
    RowEnds,
    RowFailed,
    WentOffline,
    url_lifetime,
)
from .stage_multipart import MultipartStage
from .stage_presign import PresignStage
from .streaming import Cancelled, FileChanged, FileSnapshot
from .transfer import Forbidden, Mismatch, Refused, Stored, send_range

log = logging.getLogger(__name__)


class UploadStage:
    """The upload slots (`settings.concurrency` threads) and single-PUT transfers. A slot
    takes a part of a big file from the multipart stage first, else a small file whose URL
    the presign stage holds, else it starts the next big file (`multipart.start`)."""

    def __init__(self, state: EngineState, retries: Retries, ends: RowEnds,
                 presign: PresignStage, multipart: MultipartStage):
        self._state = state
        self._store = state.store
        self._retries = retries
        self._ends = ends
        self._presign = presign
        self._multipart = multipart
        self.threads: set[threading.Thread] = set()  # the slots' threads (with the lock)

    def start_slots(self) -> None:
        """One thread per slot; surplus ones leave once idle. With the lock held."""
        while len(self.threads) < self._state.settings.concurrency:
            thread = threading.Thread(target=self._slot, name="thumbdrop-upload",
                                      daemon=True)
            self.threads.add(thread)
            thread.start()

    def _slot(self) -> None:
        state = self._state
        me = threading.current_thread()
        while True:
            with state.lock:
                while True:
                    if state.closing or len(self.threads) > state.settings.concurrency:
                        self.threads.discard(me)
                        state.cond.notify_all()
                        return
                    unit = self._next_unit() if state.ready_to_send() else None
                    if unit is not None:
                        break
                    state.cond.wait()
            try:
                unit()
            finally:
                with state.lock:
                    state.cond.notify_all()  # a slot is free, and what it did may wake others

    def _next_unit(self) -> Callable[[], None] | None:
        """The next transfer for a free slot: a part of a big file under way, else a small
        file with its URL, else the next big file. With the lock held."""
        state = self._state
        part = self._multipart.next_part()
        if part is not None:
            return part
        now = time.monotonic()
        for item_id, (ticket, use_by) in list(state.tickets.items()):
            item = self._store.get(item_id)
            if item is None or item.state is not FileState.WAITING_URL or \
                    item_id in state.claims:
                continue
            del state.tickets[item_id]
            if now > use_by:  # too old to trust: ask for a new one
                self._presign.requeue_locked(item_id)
                continue
            claim = state.claim(item_id)
            claim.image_id = ticket.id
            state.staged.pop(item_id, None)
            return lambda i=item, t=ticket, u=use_by, c=claim: self._run_claimed(
                i, c, lambda: self._send_file(i, t, u, c))
        taken = self._multipart.next_to_start()
        if taken is None:
            return None
        item, claim = taken
        return lambda: self._run_claimed(item, claim, lambda: self._multipart.start(item, claim))

    def _run_claimed(self, item: QueueItem, claim: Claim, work: Callable[[], bool | None]
                     ) -> None:
        """Runs a unit that holds the row's claim; the claim is released after it unless
        the unit handed it to a multipart session (work returned True)."""
        kept = False
        try:
            kept = bool(self._failing_on_escape(item.id, item.name, work))
        finally:
            if not kept:
                self._state.release(item.id, claim)

    def _failing_on_escape(self, item_id: int, name: str,
                           work: Callable[[], bool | None]) -> bool | None:
        """Runs one unit; whatever escapes it ends the row with a sentence."""
        try:
            return work()
        except RowFailed as failed:
            self._ends.fail(item_id, failed.failure)
        except (FileChanged, OSError) as error:
            self._ends.fail(item_id, failures.reading_failed(name, error, uploading=True))
        except Exception as exc:
            log.exception("upload of %s failed unexpectedly", name)
            self._ends.fail(item_id, failures.unexpected(name, exc))

    def _send_file(self, item: QueueItem, ticket: UploadTicket, use_by: float,
                   claim: Claim) -> None:
        api, gallery = self._state.api, self._state.gallery
        uploading = self._store.update(
            item.id, expect={FileState.WAITING_URL}, state=FileState.UPLOADING,
            image_id=ticket.id, endpoint=api.base_url, gallery=gallery, bytes_done=0).result()
        if uploading is None:
            return
        name, tries, renewed = item.name, 0, False
        while True:
            if not FileSnapshot(item.size, item.mtime_ns).still_matches(item.path):
                raise RowFailed(failures.changed_since_queued(name))
            tries += 1
            self._store.record_progress(item.id, done=0)  # a retry starts from zero
            sent = 0

            def on_sent(n: int) -> None:
                nonlocal sent
                sent += n
                self._store.record_progress(item.id, sent=n, done=sent)
            try:
                outcome = send_range(api, ticket.url, ticket.headers, item.path, 0, item.size,
                                     cancel=claim.stop, on_sent=on_sent,
                                     throttle=self._state.bandwidth.take)
            except Cancelled:
                self._interrupted_put(item, ticket, use_by, claim)
                return
            if isinstance(outcome, Stored):
                self._ends.stored(item.id, ticket.id, {FileState.UPLOADING, FileState.PAUSED})
                return
            if isinstance(outcome, Forbidden):
                if renewed:
                    raise RowFailed(failures.storage_keeps_refusing(name, outcome.refusal.describe()))
                renewed, tries = True, tries - 1  # a new URL is not a retry of the old one
                fresh = self._fresh_ticket(api, uploading, claim)
                if fresh is None:
                    return
                ticket, claim.image_id = fresh, fresh.id
                use_by = time.monotonic() + url_lifetime(fresh.expires_at,
                                                         self._state.config) - URL_MARGIN
                continue
            if isinstance(outcome, Mismatch):
                raise RowFailed(failures.changed_while_uploading(name))
            if isinstance(outcome, Refused):
                raise RowFailed(failures.storage_refused(name, outcome.refusal.describe()))
            try:
                self._retries.before_retry(name, tries, outcome, claim)
            except WentOffline:
                self._interrupted_put(item, ticket, use_by, claim, offline=True)
                return
            except Halted:
                self._interrupted_put(item, ticket, use_by, claim)
                return

    def _interrupted_put(self, item: QueueItem, ticket: UploadTicket, use_by: float,
                         claim: Claim, *, offline: bool = False) -> None:
        """A single PUT stopped before the store held the file. Paused or cancelled rows were
        written by the command; otherwise the row waits for its turn again, keeping its URL."""
        if claim.reason not in (None, Halt.QUEUE) and not offline:
            return
        back = self._store.update(item.id, expect={FileState.UPLOADING},
                                  state=FileState.WAITING_URL, bytes_done=0).result()
        if back is not None:
            state = self._state
            with state.lock:
                if not state.closing:
                    state.tickets[item.id] = (ticket, use_by)
                    state.staged[item.id] = item.size
                state.cond.notify_all()

    def _fresh_ticket(self, api: ApiClient, item: QueueItem,
                      claim: Claim) -> UploadTicket | None:
        """A new URL for a row whose URL the store refused (403: expired, or its signing
        session did). A duplicate answer ends the row here (it may be our own upload)."""
        answer = self._retries.call(lambda: api.create_uploads(
            [UploadRequest(item.name, item.content_type or "application/octet-stream",
                           item.size, item.sha256 or "")],
            allow_duplicates=item.allow_duplicates)[0], claim)
        if isinstance(answer, UploadTicket):
            self._store.update(item.id, expect={FileState.UPLOADING},
                               image_id=answer.id).result()
            return answer
        if isinstance(answer, Duplicate):
            self._ends.duplicate(item, answer.image, item.gallery, {FileState.UPLOADING})
            return None
        raise RowFailed(failures.api_failed(item.name, answer.failure))
