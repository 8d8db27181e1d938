"""Runs the resize handler on queued objects, one thread per core, the way Lambda's async
invocation would: up to MAX_ATTEMPTS tries with growing delays, then the on-failure
destination (backend.resize.on_failure) with the event Lambda would send it.

Workers take nothing while the store is down (a restart of weed is not a failure of the
image), a resize that fails on a full disk waits for room without using up an attempt, and a job leaves the queue only once the handler (or the failure handler) returned.
Resizes release the GIL in Pillow's decode, resample and encode, so threads use every core.
After each job the heap is trimmed (release_memory), so memory goes back between jobs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sqlite3
import sys
import threading
from collections.abc import Callable

from .event_queue import EventQueue, Job
from .lambda_context import LocalContext
from .s3_events import object_created, retries_exhausted

log = logging.getLogger("thumbdrop.backend.resize")

MAX_ATTEMPTS = 3  # Lambda's asynchronous invocation: the first try and two retries
RETRY_DELAYS = (2.0, 8.0)  # seconds before the 2nd and 3rd attempt
FAILURE_RETRY_SECONDS = 60.0  # when even the failure handler could not run
RESIZE_TIMEOUT_SECONDS = 120
TAKE_POLL_SECONDS = 0.5  # how long a worker waits for a job before checking for stop
FUNCTION_NAME = "thumbdrop-resize"
QUEUE_TROUBLE_PAUSE_SECONDS = 5.0  # when the queue itself cannot be written (a full disk)
DISK_FULL_RETRY_SECONDS = 10.0  # a resize that failed on a full disk tries again after this

Handler = Callable[[dict, object], object]


_MALLOC_TRIM = None
if sys.platform.startswith("linux"):
    try:
        _MALLOC_TRIM = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        _MALLOC_TRIM = None


def release_memory() -> None:
    """Hands the heap a resize left behind back to the OS. A near-cap image takes hundreds of
    MB in the worker thread's malloc arena; freed, glibc keeps it for the next allocation, so
    an idle backend would go on holding the peak of its largest image. (Pillow's large buffers
    are mmap()ed and return by themselves; the rest is what this trims.)"""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def core_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ResizePool:
    def __init__(self, queue: EventQueue, resize: Handler, on_failure: Handler | None,
                 store_up: threading.Event, workers: int | None = None,
                 storage_problem: Callable[[], str | None] = lambda: None):
        self._storage_problem = storage_problem
        self._queue = queue
        self._resize = resize
        self._on_failure = on_failure
        self._store_up = store_up
        self._stopping = threading.Event()
        self._threads = [threading.Thread(target=self._run, name=f"thumbdrop-resize-{n}")
                         for n in range(workers or core_count())]

    @property
    def size(self) -> int:
        return len(self._threads)

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float) -> bool:
        """Lets running resizes finish (up to `timeout` s in all); True if they all did."""
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout)
        return not any(thread.is_alive() for thread in self._threads)

    def _run(self) -> None:
        while not self._stopping.is_set():
            if not self._store_up.wait(TAKE_POLL_SECONDS):
                continue
            job = self._queue.take(TAKE_POLL_SECONDS)
            if job is None:
                continue
            try:
                self._process(job)
            except sqlite3.Error as error:
                # Not the image's trouble but the queue's; the job stays queued, and the pause
                # keeps a full disk from turning into a loop of failing resizes.
                log.error("the resize queue could not be updated (%s); pausing %.0f s",
                          error, QUEUE_TROUBLE_PAUSE_SECONDS)
                self._stopping.wait(QUEUE_TROUBLE_PAUSE_SECONDS)
            finally:
                release_memory()

    def _process(self, job: Job) -> None:
        event = object_created(job)
        log.debug("resizing %s (attempt %d)", job.key, job.attempts + 1)
        try:
            self._resize(event, LocalContext(FUNCTION_NAME, RESIZE_TIMEOUT_SECONDS))
        except Exception as error:  # noqa: BLE001 (any failure is retried, as on Lambda)
            attempt = job.attempts + 1
            if not self._store_up.is_set():
                # The store went away under the resize: not the image's fault, try again later.
                self._queue.retry_later(job, RETRY_DELAYS[0], attempts=job.attempts)
            elif problem := self._storage_problem():
                # A full disk is not the image's fault either: no attempt is used up, and the
                # image waits, pending, until there is room (never "failed" for it).
                log.warning("resize of %s waits for disk space: %s", job.key, problem)
                self._queue.retry_later(job, DISK_FULL_RETRY_SECONDS, attempts=job.attempts)
            elif attempt < MAX_ATTEMPTS:
                delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
                log.warning("resize of %s failed (attempt %d of %d): %s; retrying in %.0f s",
                            job.key, attempt, MAX_ATTEMPTS, error, delay)
                self._queue.retry_later(job, delay, attempts=attempt)
            else:
                self._give_up(job, event, error, attempt)
            return
        self._queue.done(job)

    def _give_up(self, job: Job, event: dict, error: Exception, attempts: int) -> None:
        log.error("resize of %s failed %d times; the last error: %s", job.key, attempts, error)
        if self._on_failure is None:
            # No failure handler in this build: reconcile queues the original again later.
            self._queue.done(job)
            return
        try:
            self._on_failure(retries_exhausted(event, error, attempts, FUNCTION_NAME),
                             LocalContext(f"{FUNCTION_NAME}-failures", RESIZE_TIMEOUT_SECONDS))
        except Exception:
            log.exception("the failure handler could not record %s; trying again in %.0f s",
                          job.key, FAILURE_RETRY_SECONDS)
            self._queue.retry_later(job, FAILURE_RETRY_SECONDS, attempts=0)
            return
        self._queue.done(job)
