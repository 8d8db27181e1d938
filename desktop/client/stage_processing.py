"""The processing stage: what the one StatusPoller hears about each image whose bytes are
stored (ready, failed, gone, or pending too long).
"""

from __future__ import annotations

import logging
import time

from . import failures
from .api import (
    ImageInfo,
)
from .api_errors import ApiError
from .queue_types import FileState, QueueItem
from .stage_base import (
    StageBase,
)

log = logging.getLogger(__name__)

# How long a stored file may take its thumbnails before its row fails: the one default of the
# app's setting, the CLI's --processing-timeout and the engine.
PROCESSING_TIMEOUT = 120


class ProcessingStage(StageBase):
    """Answers from the status poller."""

    def _watch(self, item: QueueItem) -> None:
        if self._poller is None or item.image_id is None:
            return
        stored_ago = time.time() - (item.processing_since or time.time())
        self._poller.watch(item.id, item.image_id, stored_ago)

    def _can_poll(self) -> bool:
        with self._lock:
            # Not before the config: until then the queue's rows may belong to another gallery.
            return (self._online and self._api is not None and self._config is not None
                    and not self._closing)

    def _max_batch(self) -> int:
        config = self._config
        return config.max_batch if config is not None else 1

    def _poll_fetch(self, image_ids: list[str]) -> tuple[list[ImageInfo], list[str]]:
        api = self._api
        if api is None:
            raise ApiError(failures.failure("no_endpoint"), code="unreachable")
        return api.get_images(image_ids)

    def _poll_trouble(self, error: ApiError) -> None:
        if error.code in ("unreachable", "timeout"):
            self._suspect(str(error))

    def _poll_pending(self, item_id: int, image: ImageInfo) -> None:
        item = self.store.get(item_id)
        if item is None or item.processing_since is None:
            return
        waited = time.time() - item.processing_since
        if waited > self._processing_timeout:
            self._poller.forget(item_id)
            self._fail(item_id, failures.processing_timed_out(item.name,
                                                              self._processing_timeout),
                       expect={FileState.PROCESSING})

    def _holder(self, duplicate: ImageInfo) -> ImageInfo:
        """The image a `duplicate` stands for (the same bytes, ready first: an earlier try
        of this row whose PUT landed after it presigned anew, or another file's); the
        duplicate itself when that can't be asked now (it names the holder)."""
        try:
            found, _ = self._poll_fetch([duplicate.duplicate_of])
        except ApiError:
            return duplicate
        return found[0] if found else duplicate

    def _poll_answer(self, item_id: int, image: ImageInfo | None) -> None:
        item = self.store.get(item_id)
        if item is None:
            return
        if image is None:
            self._fail(item_id, failures.no_longer_on_server(item.name),
                       expect={FileState.PROCESSING})
        elif image.status == "ready":
            self.store.update(item_id, expect={FileState.PROCESSING}, state=FileState.READY,
                              image=image, finished_at=time.time()).result()
            self._forget_work(item_id)
        elif image.status == "duplicate":
            self.store.update(item_id, expect={FileState.PROCESSING},
                              state=FileState.DUPLICATE, image=self._holder(image),
                              finished_at=time.time()).result()
            self._forget_work(item_id)
        else:
            self._fail(item_id, failures.processing_failed(item.name, image.failure),
                       expect={FileState.PROCESSING})

