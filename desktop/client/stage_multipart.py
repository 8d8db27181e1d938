"""The multipart stage: create (or find again after a pause or a restart, listing the stored
parts), sign parts in batches, send each part with its own checksum and retry it alone,
complete.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable

from . import failures
from .api import (
    ApiClient,
    Duplicate,
    MultipartTicket,
)
from .api_errors import ApiError
from .engine_state import Claim, EngineState, Halt
from .failures import Failure
from .hashing import hash_file
from .multipart import MultipartUpload
from .queue_types import FileState, Part, QueueItem
from .stage_base import (
    Halted,
    Retries,
    RowEnds,
    RowFailed,
    WentOffline,
    push_back,
    upload_request,
)
from .streaming import Cancelled, FileChanged, FileSnapshot
from .transfer import Forbidden, Mismatch, Refused, Stored, send_range

log = logging.getLogger(__name__)


class MultipartStage:
    """Big files in parts. It has no threads of its own: the upload slots run its work
    (`next_to_start` + `start`, then `next_part` for each part)."""

    def __init__(self, state: EngineState, retries: Retries, ends: RowEnds):
        self._state = state
        self._store = state.store
        self._retries = retries
        self._ends = ends

    def next_to_start(self) -> tuple[QueueItem, Claim] | None:
        """The next big file in line, claimed. With the lock held."""
        state = self._state
        busy = []
        try:
            while state.multipart_q:
                item = self._store.get(heapq.heappop(state.multipart_q))
                if item is None or item.part_bytes is None or \
                        item.state not in (FileState.WAITING_URL, FileState.UPLOADING):
                    continue
                claim = state.claim(item.id)
                if claim is None:  # its last stage is still letting go
                    busy.append(item.id)
                    continue
                state.staged.pop(item.id, None)
                return item, claim
            return None
        finally:
            push_back(state.multipart_q, busy)

    def next_part(self) -> Callable[[], None] | None:
        """A part of a big file under way to send, as the unit a slot runs. With the lock
        held; stopped sessions are reaped first."""
        state = self._state
        state.reap_sessions()
        for upload in list(state.sessions.values()):
            number = upload.next_part()
            if number is not None:
                return lambda u=upload, n=number: self._run_part(u, n)
        return None

    def start(self, item: QueueItem, claim: Claim) -> bool:
        """Creates the multipart upload (or finds the one a pause or restart left, and which
        parts the store holds), then registers it so every free slot can send its parts.
        True when the session took over the row's claim."""
        state = self._state
        api, config = state.api, state.config
        name = item.name
        try:
            parts = {p.number: p for p in self._store.parts(item.id).result()}
            upload_id, image_id, part_bytes = item.upload_id, item.image_id, item.part_bytes
            if upload_id is not None and item.endpoint == api.base_url:
                claim.image_id = image_id
                parts, upload_id = self._stored_parts(api, item, parts, claim)
            if upload_id is None:
                answer = self._retries.call(lambda: api.create_multipart(
                    upload_request(item, self._state), allow_duplicates=item.allow_duplicates),
                    claim)
                if isinstance(answer, Duplicate):
                    self._ends.duplicate(item, answer.image, config.gallery_key(api.base_url),
                                         {FileState.WAITING_URL, FileState.UPLOADING})
                    return False
                claim.image_id = answer.id
                image_id, upload_id, part_bytes = answer.id, answer.upload_id, answer.part_bytes
                started = self._store.update(
                    item.id, expect={FileState.WAITING_URL, FileState.UPLOADING},
                    state=FileState.UPLOADING, image_id=image_id, upload_id=upload_id,
                    part_bytes=part_bytes, endpoint=api.base_url,
                    gallery=config.gallery_key(api.base_url)).result()
                if started is None:  # paused or cancelled while it was being created
                    self._store.add_cleanup(api.base_url, "abort", image_id, upload_id)
                    return False
                parts = self._parts_for(item, answer, parts, claim)
            elif self._store.update(item.id, expect={FileState.WAITING_URL, FileState.UPLOADING},
                                    state=FileState.UPLOADING).result() is None:
                return False
        except WentOffline:
            state.enqueue([self._store.get(item.id)])
            return False
        except Halted:
            if claim.reason is Halt.QUEUE and not state.closing:
                state.enqueue([self._store.get(item.id)])
            return False
        upload = MultipartUpload(item_id=item.id, name=name, path=item.path,
                                 mtime_ns=item.mtime_ns, image_id=image_id,
                                 upload_id=upload_id, size=item.size, part_bytes=part_bytes,
                                 url_lifetime=float(config.upload_url_expires), parts=parts,
                                 stop=claim.stop)
        with state.lock:
            if claim.stop.is_set():
                if claim.reason is Halt.QUEUE and not state.closing:
                    state.enqueue_locked(self._store.get(item.id))
                return False
            state.sessions[item.id] = upload
            state.cond.notify_all()
        self._store.record_progress(item.id, done=upload.done_bytes())
        if upload.all_stored():  # every part was stored before a pause or a kill
            self._complete(upload)
        return True

    def _stored_parts(self, api: ApiClient, item: QueueItem, parts: dict[int, Part],
                      claim: Claim) -> tuple[dict[int, Part], str | None]:
        """Which parts the store holds, by number and size (ListParts gives no checksum; a
        stored part's bytes are ours because its URL signed their digest). Returns the parts
        with their ETags, and the upload id (None: the upload is gone, start another)."""
        try:
            listed = self._retries.call(lambda: api.list_parts(item.image_id, item.upload_id), claim)
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
            self._store.set_part_etags(item.id, etags).result()
        return parts, item.upload_id

    def _parts_for(self, item: QueueItem, ticket: MultipartTicket, parts: dict[int, Part],
                   claim: Claim) -> dict[int, Part]:
        """The part digests for the server's part size: the stored ones when it is the size
        they were hashed with (the usual case), else hashed again. No part is stored yet."""
        if parts and parts[1].size == min(ticket.part_bytes, item.size) \
                and len(parts) == ticket.part_count:
            fresh = {n: Part(n, p.size, p.sha256) for n, p in parts.items()}
            if any(p.etag for p in parts.values()):
                self._store.set_part_etags(item.id, {n: None for n in parts}).result()
            return fresh
        try:
            _, hashed, _ = hash_file(item.path, ticket.part_bytes,
                                     expect=FileSnapshot(item.size, item.mtime_ns),
                                     cancel=claim.stop)
        except Cancelled:
            raise Halted() from None
        except FileChanged:
            raise RowFailed(failures.changed_since_queued(item.name)) from None
        self._store.save_parts(item.id, hashed).result()
        return {p.number: p for p in hashed}

    def _run_part(self, upload: MultipartUpload, number: int) -> None:
        try:
            self._send_part(upload, number)
        except WentOffline:
            self._halt_session(upload, Halt.QUEUE)
        except Halted:
            pass
        except RowFailed as failed:
            self._fail_session(upload, failed.failure)
        except (FileChanged, OSError) as error:
            self._fail_session(upload, failures.reading_failed(upload.name, error,
                                                               uploading=True))
        except Exception as exc:
            log.exception("part %d of %s failed unexpectedly", number, upload.name)
            self._fail_session(upload, failures.unexpected(upload.name, exc))
        finally:
            upload.release(number)
            with self._state.lock:
                self._state.reap_sessions()
                self._state.cond.notify_all()

    def _send_part(self, upload: MultipartUpload, number: int) -> None:
        api, name = self._state.api, upload.name
        part = upload.parts[number]
        tries, renewed = 0, False
        while True:
            if not FileSnapshot(upload.size, upload.mtime_ns).still_matches(upload.path):
                raise RowFailed(failures.changed_since_queued(name))
            signed = upload.url_for(number) or self._sign(api, upload, number)
            tries += 1
            upload.sent(number, 0)
            sent = 0

            def on_sent(n: int) -> None:
                nonlocal sent
                sent += n
                self._store.record_progress(upload.item_id, sent=n,
                                           done=upload.sent(number, sent))
            try:
                outcome = send_range(api, signed.url, signed.headers, upload.path,
                                     upload.offset(number), part.size,
                                     cancel=upload.stop, on_sent=on_sent,
                                     throttle=self._state.bandwidth.take)
            except Cancelled:
                raise Halted() from None
            if isinstance(outcome, Stored):
                etag = outcome.etag or ""
                self._store.set_part_etags(upload.item_id, {number: etag}).result()
                last = upload.stored(number, etag)
                self._store.record_progress(upload.item_id, done=upload.done_bytes())
                if last:
                    self._complete(upload)
                return
            upload.drop_url(number)
            if isinstance(outcome, Forbidden):
                if renewed:
                    raise RowFailed(failures.storage_keeps_refusing(name,
                                                                outcome.refusal.describe()))
                renewed, tries = True, tries - 1
                continue
            if isinstance(outcome, Mismatch):
                raise RowFailed(failures.changed_while_uploading(name))
            if isinstance(outcome, Refused):
                raise RowFailed(failures.storage_refused(name, outcome.refusal.describe()))
            self._retries.before_retry(f"{name} (part {number})", tries, outcome, upload)

    def _sign(self, api: ApiClient, upload: MultipartUpload, number: int):
        with upload.signing:  # one signer at a time; the others find their URL after it
            signed = upload.url_for(number)
            if signed is not None:
                return signed
            limit = min(self._state.max_batch(), 2 * self._state.settings.concurrency)
            wanted = upload.unsigned(number, limit)
            answer = self._retries.call(lambda: api.sign_parts(
                upload.image_id, upload.upload_id, upload.size,
                [(p.number, p.sha256) for p in wanted]), upload.stop)
            upload.add_urls(answer)
            signed = upload.url_for(number)
            if signed is None:
                raise RowFailed(failures.api_failed(
                    upload.name, failures.failure("no_part_url", number=number)))
            return signed

    def _complete(self, upload: MultipartUpload) -> None:
        """Every part is stored: one request makes them the original."""
        api = self._state.api
        try:
            self._retries.call(lambda: api.complete_multipart(upload.image_id, upload.upload_id,
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
        except WentOffline:
            self._halt_session(upload, Halt.QUEUE)
            return
        except Halted:
            return
        except RowFailed as failed:
            self._fail_session(upload, failed.failure)
            return
        state = self._state
        with state.lock:
            if state.sessions.get(upload.item_id) is upload:
                del state.sessions[upload.item_id]
        self._ends.stored(upload.item_id, upload.image_id, {FileState.UPLOADING, FileState.PAUSED})
        state.release(upload.item_id)  # the session held the row's claim

    def _halt_session(self, upload: MultipartUpload, reason: Halt) -> None:
        state = self._state
        with state.lock:
            claim = state.claims.get(upload.item_id)
            if claim is not None:
                claim.halt(reason)
            upload.stop.set()
            state.reap_sessions()
            state.cond.notify_all()

    def _fail_session(self, upload: MultipartUpload, failure: Failure) -> None:
        with upload.lock:
            upload.failed = True
        self._halt_session(upload, Halt.FAILED)
        self._ends.fail(upload.item_id, failure)
