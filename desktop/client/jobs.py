"""What the engine reports about a job: its state and a snapshot update.

Kept apart from engine.py so the pipeline can report without importing the
pool; engine.py re-exports both names, which is where callers import them from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .api import ImageInfo


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
    error: str | None = None          # sentence for FAILED: which file, what happened, what to do
    image: ImageInfo | None = None    # set when READY (and while PROCESSING once the id is known)
