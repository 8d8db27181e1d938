"""The upload view's old job interface (submit/cancel/retry, JobUpdate callbacks) over the new
Qt-free TransferEngine and its queue.

Temporary: the Qt model is being rewritten as a thin adapter over QueueStore's changes
(issue 8, the Qt half); it then talks to the engine directly and this file goes. Until then
the queue lives in memory for the app (as before), so no row comes back that the model
doesn't know.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from desktop.client.api import ApiClient, ImageInfo
from desktop.client.engine import TransferEngine
from desktop.client.queue_store import QueueStore
from desktop.client.queue_types import FileState, QueueChanges, QueueItem

log = logging.getLogger(__name__)


class JobState(str, Enum):
    QUEUED = "queued"
    HASHING = "hashing"
    REQUESTING = "requesting"
    UPLOADING = "uploading"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.READY, JobState.FAILED, JobState.CANCELLED)


@dataclass(frozen=True)
class JobUpdate:
    job_id: int
    path: Path
    state: JobState
    bytes_done: int
    bytes_total: int
    error: str | None = None
    image: ImageInfo | None = None


_STATES = {
    FileState.QUEUED: JobState.QUEUED,
    FileState.HASHING: JobState.HASHING,
    FileState.WAITING_URL: JobState.REQUESTING,
    FileState.UPLOADING: JobState.UPLOADING,
    FileState.PAUSED: JobState.QUEUED,
    FileState.PROCESSING: JobState.PROCESSING,
    FileState.READY: JobState.READY,
    FileState.DUPLICATE: JobState.READY,  # shown with the image already in the gallery
    FileState.FAILED: JobState.FAILED,
    FileState.CANCELLED: JobState.CANCELLED,
    FileState.SKIPPED: JobState.FAILED,
}


def job_update(item: QueueItem) -> JobUpdate:
    state = _STATES[item.state]
    done = item.size if item.state in (FileState.PROCESSING, FileState.READY) \
        else item.bytes_done
    return JobUpdate(item.id, item.path, state, min(done, item.size), item.size,
                     error=item.error if state is JobState.FAILED else None, image=item.image)


class EngineShim:
    """submit/cancel/retry as the upload view calls them; updates as JobUpdates."""

    def __init__(self, api: ApiClient, on_update: Callable[[JobUpdate], None], *,
                 concurrency: int, processing_timeout: float):
        self._on_update = on_update
        self.store = QueueStore(":memory:")
        self.store.subscribe(self._changes)
        self.engine = TransferEngine(self.store, api, concurrency=concurrency,
                                     processing_timeout=processing_timeout)
        self.engine.start()

    def submit(self, path: Path) -> int:
        """Queues one file (off the UI thread: it waits for the queue's write)."""
        return self.engine.add_files([path], allow_duplicates=True).result()[0].id

    def cancel(self, job_id: int) -> None:
        self.engine.cancel([job_id])

    def retry(self, job_id: int) -> bool:
        item = self.store.get(job_id)
        if item is None or item.state not in (FileState.FAILED, FileState.CANCELLED):
            return False
        self.engine.retry([job_id])
        return True

    def set_api(self, api: ApiClient) -> None:
        self.engine.set_api(api)

    def set_concurrency(self, n: int) -> None:
        self.engine.set_concurrency(n)

    def set_processing_timeout(self, seconds: float) -> None:
        self.engine.set_processing_timeout(seconds)

    def shutdown(self, wait: bool = True) -> None:
        self.engine.close()
        self.store.close()

    def _changes(self, changes: QueueChanges) -> None:
        for item in (*changes.added, *changes.changed):
            try:
                self._on_update(job_update(item))
            except Exception:  # the listener's bug must not stop the queue
                log.exception("job update listener raised")
