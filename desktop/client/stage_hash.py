"""The hash stage: one read per file, its SHA-256 (and each multipart part's) stored in the
queue, a bounded distance ahead of the uploads so their read comes from the page cache.
"""

from __future__ import annotations

import heapq
import logging

from . import failures, precheck
from .engine_state import Claim, EngineState, Halt
from .hashing import hash_file
from .queue_types import FileState, QueueItem, forget_upload
from .stage_base import LOOKAHEAD_BYTES, LOOKAHEAD_FILES, RowEnds, push_back
from .streaming import Cancelled, FileChanged, FileSnapshot

log = logging.getLogger(__name__)


class HashStage:
    """Hashes queued files, one read each; runs as many `loop` threads as hashers are wanted.
    A hashed row goes in line for its URL (state.enqueue)."""

    def __init__(self, state: EngineState, ends: RowEnds):
        self._state = state
        self._store = state.store
        self._ends = ends

    def loop(self) -> None:
        state = self._state
        while True:
            with state.lock:
                while True:
                    if state.closing:
                        return
                    taken = self._next_to_hash()
                    if taken is not None:
                        break
                    state.cond.wait()
            item, claim = taken
            try:
                self._hash(item, claim)
            except Exception as exc:  # a bug must not kill the stage or reach the user raw
                log.exception("hashing %s failed unexpectedly", item.path)
                self._ends.fail(item.id, failures.unexpected(item.name, exc))
            finally:
                state.release(item.id, claim)

    def _next_to_hash(self) -> tuple[QueueItem, Claim] | None:
        # With the lock held. Not before the config (its limits decide), nor far ahead of
        # the uploads (the look-ahead keeps their read in the page cache).
        state = self._state
        if state.api is None or state.paused_all or (
                state.config is None and state.config_error is None):
            return None
        staged_bytes = sum(state.staged.values())
        if state.staged and (len(state.staged) >= LOOKAHEAD_FILES
                             or staged_bytes >= LOOKAHEAD_BYTES):
            return None
        busy = []
        try:
            while state.hash_q:
                item = self._store.get(heapq.heappop(state.hash_q))
                if item is None or item.state not in (FileState.QUEUED, FileState.HASHING):
                    continue
                claim = state.claim(item.id)
                if claim is not None:
                    return item, claim
                busy.append(item.id)
            return None
        finally:
            push_back(state.hash_q, busy)

    def _hash(self, item: QueueItem, claim: Claim) -> None:
        name = item.name
        config, config_error = self._state.config, self._state.config_error
        if config_error is not None:
            self._ends.fail(item.id, failures.api_failed(name, config_error))
            return
        try:
            snapshot = FileSnapshot.of(item.path)
        except OSError as error:
            self._ends.fail(item.id, failures.reading_failed(name, error, uploading=False))
            return
        if (snapshot.size, snapshot.mtime_ns) != (item.size, item.mtime_ns):
            self._ends.fail(item.id, failures.changed_since_queued(name))
            return
        if config.too_large(item.size):
            self._ends.fail(item.id, failures.too_large(name, item.size, config.max_upload_bytes))
            return
        if config.content_types and item.content_type not in config.content_types:
            self._ends.fail(item.id, failures.type_refused(name, item.content_type or "unknown",
                                                      config.content_types))
            return
        try:
            refused = precheck.refusal(item.path, name, item.content_type,
                                       config.max_image_pixels)
        except OSError as error:
            self._ends.fail(item.id, failures.reading_failed(name, error, uploading=False))
            return
        if refused is not None:  # the backend would refuse it: not a byte is sent
            self._ends.fail(item.id, refused)
            return
        part_bytes = config.part_size_for(item.size) if config.uses_multipart(item.size) else None
        fields: dict = {"state": FileState.WAITING_URL, "part_bytes": part_bytes}
        api = self._state.api
        if item.endpoint is not None and (api is None or item.endpoint != api.base_url):
            fields.update(forget_upload(), part_bytes=part_bytes)
        digest = item.sha256
        if digest is not None and part_bytes is not None:
            parts = self._store.parts(item.id).result()
            if not parts or parts[0].size != min(part_bytes, item.size):
                digest = None  # hashed for a single PUT, or with another part size
        if digest is None:
            if self._store.update(item.id, expect={FileState.QUEUED, FileState.HASHING},
                                 state=FileState.HASHING).result() is None:
                return
            try:
                digest, parts, _ = hash_file(item.path, part_bytes, expect=snapshot,
                                             cancel=claim.stop)
            except Cancelled:
                if claim.reason is Halt.QUEUE:
                    self._state.enqueue([self._store.update(
                        item.id, expect={FileState.HASHING}, state=FileState.QUEUED).result()])
                return
            except (FileChanged, OSError) as error:
                self._ends.fail(item.id, failures.reading_failed(name, error, uploading=False))
                return
            if part_bytes is not None:
                self._store.save_parts(item.id, parts)
            fields.update(sha256=digest)
        done = self._store.update(item.id, expect={FileState.QUEUED, FileState.HASHING},
                                  **fields).result()
        self._state.enqueue([done])  # to the presign stage, or the multipart stage

