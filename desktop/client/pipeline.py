"""One file's way through the stages: check, hash, presign, PUT, wait for renditions.

Runs on an engine worker thread. Every failure leaves as JobFailed carrying the
whole sentence (file name, what happened, what to do); cancellation leaves as
Cancelled, noticed between chunks and during every wait.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .api import ApiClient, ImageInfo, UploadTicket
from .api_errors import ApiError
from .backoff import PollSchedule, RetryPolicy
from .filetypes import skip_reason, sniff_content_type
from .hashing import sha256_file
from .jobs import JobState
from .presigned_put import PutFailed, put_with_retries
from .retrying import call_with_retries, wait_or_cancel
from .streaming import FileChanged, FileSnapshot

# report(state, bytes_done, bytes_total, image)
Report = Callable[[JobState, int, int, "ImageInfo | None"], None]


class JobFailed(Exception):
    """str() is the full sentence shown to the person."""


@dataclass
class Attempt:
    path: Path
    api: ApiClient
    cancel: threading.Event
    report: Report
    policy: RetryPolicy
    poll: PollSchedule
    processing_timeout: Callable[[], float]  # read when processing starts, so changes apply


def run_upload(job: Attempt) -> ImageInfo:
    """The READY image, or raises JobFailed / Cancelled."""
    name = job.path.name
    try:
        return _stages(job)
    except FileChanged:
        raise JobFailed(f"{name}: the upload was refused because the file changed while "
                        "uploading. Wait until it is saved completely, then retry.") from None
    except PutFailed as failure:
        raise JobFailed(f"{name}: {failure}") from None
    except ApiError as error:
        raise JobFailed(f"{name}: {error}") from None
    except OSError as error:
        raise JobFailed(f"{name}: the file can't be read ({error.strerror or error}). "
                        "Check that it still exists and that you may read it.") from None


def _stages(job: Attempt) -> ImageInfo:
    name = job.path.name
    reason = skip_reason(job.path)
    if reason is not None:
        raise JobFailed(f"{name}: {reason}")
    content_type = sniff_content_type(job.path)
    size = FileSnapshot.of(job.path).size

    job.report(JobState.HASHING, 0, size, None)
    digest, snapshot = sha256_file(
        job.path, cancel=job.cancel,
        on_progress=lambda done: job.report(JobState.HASHING, done, size, None))

    def fresh_ticket() -> UploadTicket:
        job.report(JobState.REQUESTING, 0, snapshot.size, None)
        return call_with_retries(
            lambda: job.api.create_upload(name, content_type, snapshot.size, digest),
            job.policy, job.cancel)

    ticket = fresh_ticket()
    ticket = put_with_retries(
        job.api, ticket, job.path, snapshot, fresh_ticket=fresh_ticket, policy=job.policy,
        cancel=job.cancel,
        on_progress=lambda sent: job.report(JobState.UPLOADING, sent, snapshot.size, None))
    return _wait_for_renditions(job, ticket.id, snapshot.size)


def _wait_for_renditions(job: Attempt, image_id: str, size: int) -> ImageInfo:
    name = job.path.name
    timeout = job.processing_timeout()
    deadline = time.monotonic() + timeout
    job.report(JobState.PROCESSING, size, size, None)
    delays = job.poll.delays()
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise JobFailed(f"{name}: processing timed out after {timeout:g} s; the backend "
                            "made no thumbnails. Retry later, or check the backend's resize "
                            "function.")
        wait_or_cancel(job.cancel, min(next(delays), remaining))
        image = call_with_retries(lambda: job.api.get_image(image_id), job.policy, job.cancel)
        if image.status == "ready":
            return image
        if image.status == "failed":
            raise JobFailed(f"{name}: the backend could not make thumbnails: "
                            f"{_as_sentence(image.error)} Check that the file opens "
                            "in an image viewer, then retry or upload another copy.")
        job.report(JobState.PROCESSING, size, size, image)


def _as_sentence(text: str | None) -> str:
    text = (text or "it gave no reason").strip()
    return text if text.endswith((".", "!", "?")) else text + "."
