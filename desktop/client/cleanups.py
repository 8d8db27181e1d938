"""Cleanups owed to the server: a cancelled or removed row may have left a multipart upload
(aborted) or stored bytes (the image deleted). They are recorded in the queue first, so a
restart still owes them, and done by the network stage's thread when the API is there.
"""

from __future__ import annotations

import logging

from .api_errors import ApiError
from .engine_state import EngineState
from .queue_types import FileState, QueueItem

log = logging.getLogger(__name__)


class Cleanups:
    def __init__(self, state: EngineState):
        self._state = state
        self._store = state.store

    def owe(self, endpoint: str, kind: str, image_id: str, upload_id: str | None = None) -> None:
        """Records one cleanup ("abort" with its upload id, or "delete") and wakes the runner."""
        self._store.add_cleanup(endpoint, kind, image_id, upload_id)
        with self._state.lock:
            self._state.cleanup_due = True
            self._state.cond.notify_all()

    def owe_for_cancelled(self, item: QueueItem) -> None:
        """What the server may hold for a cancelled row (as it was before the cancel)."""
        if item.endpoint is None or item.image_id is None:
            return
        if item.upload_id is not None:
            self.owe(item.endpoint, "abort", item.image_id, item.upload_id)
        if item.state in (FileState.UPLOADING, FileState.PROCESSING, FileState.PAUSED):
            self.owe(item.endpoint, "delete", item.image_id)

    def due(self) -> bool:
        """With the lock held: should the network thread run them now?"""
        state = self._state
        return state.cleanup_due and state.online and state.config is not None \
            and state.api is not None

    def run(self) -> None:
        """Does what is owed to the API in use. One whose image a transfer still works on, or
        that met a passing fault, waits for the next round."""
        state = self._state
        with state.lock:
            state.cleanup_due = False
            api = state.api
        if api is None:
            return
        for cleanup in self._store.cleanups().result():
            if cleanup.endpoint != api.base_url:
                continue
            with state.lock:
                busy = any(c.image_id == cleanup.image_id for c in state.claims.values())
                if busy:
                    state.cleanup_due = True  # its transfer is still ending: later
            if busy:
                continue
            try:
                if cleanup.kind == "abort":
                    api.abort_multipart(cleanup.image_id, cleanup.upload_id or "")
                else:
                    api.delete_image(cleanup.image_id)
            except ApiError as error:
                if error.status not in (404, 410):
                    if error.transient:
                        with state.lock:
                            state.cleanup_due = True
                        return
                    log.warning("cleanup %s of %s refused: %s", cleanup.kind,
                                cleanup.image_id, error)
            self._store.cleanup_done(cleanup.id).result()
