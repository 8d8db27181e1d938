"""The processing stage: the one StatusPoller (poller.py) for every image whose bytes are
stored, and what its answers mean for each row (ready, already there, failed, gone, or
pending too long).
"""

from __future__ import annotations

import logging
import threading
import time

from . import failures
from .api import ImageInfo
from .api_errors import ApiError
from .connectivity import Connectivity
from .engine_state import PROCESSING_TIMEOUT, EngineState
from .poller import StatusPoller
from .queue_types import FileState, QueueItem
from .stage_base import RowEnds

log = logging.getLogger(__name__)

__all__ = ["PROCESSING_TIMEOUT", "ProcessingStage"]


class ProcessingStage:
    """Watches stored rows until their renditions are made (`watch`, `forget`, `wake`)."""

    def __init__(self, state: EngineState, connectivity: Connectivity, ends: RowEnds):
        self._state = state
        self._store = state.store
        self._connectivity = connectivity
        self._ends = ends
        self._poller: StatusPoller | None = None
        # Row -> when this engine began waiting for it (time.time()). The timeout counts from
        # the later of this and the row's processing_since: rows restored after the app was
        # killed or quit (stamped before it) timed out at their first "pending" answer, then
        # appeared in the gallery. A wake (resume, the API answering again) starts it anew.
        self._waiting_since: dict[int, float] = {}
        self._waiting_lock = threading.Lock()

    def start(self) -> None:
        """Starts the poller and watches every row the queue holds as processing."""
        self._poller = StatusPoller(self._fetch, self._answer, self._pending, self._trouble,
                                    max_batch=self._state.max_batch, can_poll=self._can_poll)
        for item in self._store.where(lambda i: i.state is FileState.PROCESSING):
            self.watch(item)

    def close(self) -> None:
        if self._poller is not None:
            self._poller.close()

    def watch(self, item: QueueItem) -> None:
        """The row's bytes are stored: poll its image until it is made."""
        if self._poller is None or item.image_id is None:
            return
        now = time.time()
        with self._waiting_lock:
            self._waiting_since[item.id] = now
        stored_ago = now - (item.processing_since or now)
        self._poller.watch(item.id, item.image_id, stored_ago)

    def forget(self, item_ids: list[int]) -> None:
        """Stop watching these rows (stopped, or queued again for another gallery)."""
        if self._poller is not None:
            for item_id in item_ids:
                self._poller.forget(item_id)
        with self._waiting_lock:
            for item_id in item_ids:
                self._waiting_since.pop(item_id, None)

    def wake(self) -> None:
        """Poll now (the queue was resumed, or the API answers again); the time paused or
        unreachable does not count toward the processing timeout."""
        now = time.time()
        with self._waiting_lock:
            for item_id in self._waiting_since:
                self._waiting_since[item_id] = now
        if self._poller is not None:
            self._poller.wake()

    def _can_poll(self) -> bool:
        state = self._state
        with state.lock:
            # Not before the config: until then the queue's rows may belong to another gallery.
            return (state.online and state.api is not None and state.config is not None
                    and not state.closing)

    def _fetch(self, image_ids: list[str]) -> tuple[list[ImageInfo], list[str]]:
        api = self._state.api
        if api is None:
            raise ApiError(failures.failure("no_endpoint"), code="unreachable")
        return api.get_images(image_ids)

    def _trouble(self, error: ApiError) -> None:
        if error.code in ("unreachable", "timeout"):
            self._connectivity.api_still_answers(str(error))

    def _pending(self, item_id: int, image: ImageInfo) -> None:
        item = self._store.get(item_id)
        if item is None or item.processing_since is None:
            return
        with self._waiting_lock:
            since = max(item.processing_since, self._waiting_since.get(item_id, 0.0))
        waited = time.time() - since
        timeout = self._state.settings.processing_timeout
        if waited > timeout:
            self.forget([item_id])
            self._ends.fail(item_id, failures.processing_timed_out(item.name, timeout),
                            expect={FileState.PROCESSING})

    def _holder(self, duplicate: ImageInfo) -> ImageInfo:
        """The image a `duplicate` stands for (the same bytes, ready first: an earlier try
        of this row whose PUT landed after it presigned anew, or another file's); the
        duplicate itself when that can't be asked now (it names the holder)."""
        try:
            found, _ = self._fetch([duplicate.duplicate_of])
        except ApiError:
            return duplicate
        return found[0] if found else duplicate

    def _answer(self, item_id: int, image: ImageInfo | None) -> None:
        item = self._store.get(item_id)
        if item is None:
            return
        if image is None:
            self._ends.fail(item_id, failures.no_longer_on_server(item.name),
                            expect={FileState.PROCESSING})
        elif image.status == "ready":
            self._store.update(item_id, expect={FileState.PROCESSING}, state=FileState.READY,
                               image=image, finished_at=time.time()).result()
            self._state.forget_work(item_id)
        elif image.status == "duplicate":
            self._store.update(item_id, expect={FileState.PROCESSING},
                               state=FileState.DUPLICATE, image=self._holder(image),
                               finished_at=time.time()).result()
            self._state.forget_work(item_id)
        else:
            self._ends.fail(item_id, failures.processing_failed(item.name, image.failure),
                            expect={FileState.PROCESSING})
