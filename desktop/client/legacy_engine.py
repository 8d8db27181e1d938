"""The first TransferEngine (in memory, one job per slot until its thumbnails exist), kept
only while the Qt side moves to `engine.TransferEngine` over the persisted queue; then deleted.

submit() only appends to a deque under a lock (no I/O, no thread per job), so
queueing 10,000 files is cheap; at most `concurrency` workers pull from it.
Workers are started when there is work and leave when the pool shrinks or the
engine shuts down. on_update is called from worker threads (and from the
caller of cancel()/shutdown() for jobs that had not started yet).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .api import ApiClient, ImageInfo
from .backoff import PollSchedule, RetryPolicy
from .jobs import JobState, JobUpdate
from .pipeline import Attempt, JobFailed, run_upload
from .streaming import Cancelled

__all__ = ["JobState", "JobUpdate", "TransferEngine"]

log = logging.getLogger(__name__)


@dataclass
class _Job:
    id: int
    path: Path
    state: JobState = JobState.QUEUED
    cancel: threading.Event = field(default_factory=threading.Event)


class TransferEngine:
    def __init__(self, api: ApiClient, on_update: Callable[[JobUpdate], None], *,
                 concurrency: int = 4, processing_timeout: float = 120.0,
                 retry_policy: RetryPolicy | None = None,
                 poll_schedule: PollSchedule | None = None):
        self._api = api
        self._on_update = on_update
        self._concurrency = max(1, concurrency)
        self._processing_timeout = processing_timeout
        self._policy = retry_policy or RetryPolicy()
        self._poll = poll_schedule or PollSchedule()
        self._lock = threading.Lock()
        self._work = threading.Condition(self._lock)
        self._pending: deque[_Job] = deque()
        self._jobs: dict[int, _Job] = {}
        self._workers: set[threading.Thread] = set()
        self._ids = itertools.count(1)
        self._closed = False

    # -- public interface ---------------------------------------------------------------

    def submit(self, path: Path) -> int:
        """Queues one file and returns its job id; the job is QUEUED on return."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the transfer engine has been shut down")
            job = _Job(next(self._ids), Path(path))
            self._jobs[job.id] = job
            self._enqueue(job)
            return job.id

    def cancel(self, job_id: int) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.state.finished:
                return
            job.cancel.set()
            if job.state is not JobState.QUEUED:
                return  # its worker notices between chunks or during a wait
            job.state = JobState.CANCELLED  # the worker skips it when it reaches the deque
        self._send(JobUpdate(job.id, job.path, JobState.CANCELLED, 0, 0))

    def retry(self, job_id: int) -> bool:
        """FAILED/CANCELLED -> QUEUED again; False if the job is in another state."""
        with self._lock:
            job = self._jobs.get(job_id)
            if self._closed or job is None or job.state not in (JobState.FAILED,
                                                                JobState.CANCELLED):
                return False
            job.state = JobState.QUEUED
            job.cancel = threading.Event()
            self._enqueue(job)
            return True

    def set_api(self, api: ApiClient) -> None:
        """Jobs that start from now on use `api`; the engine never closes an ApiClient."""
        with self._lock:
            self._api = api

    def set_concurrency(self, n: int) -> None:
        with self._lock:
            self._concurrency = max(1, n)
            self._start_workers()
            self._work.notify_all()  # surplus idle workers leave

    def set_processing_timeout(self, seconds: float) -> None:
        with self._lock:
            self._processing_timeout = seconds

    def shutdown(self, wait: bool = True) -> None:
        """Cancels every job that has not finished and stops the workers."""
        with self._lock:
            self._closed = True
            unstarted = []
            for job in self._jobs.values():
                if job.state.finished:
                    continue
                job.cancel.set()
                if job.state is JobState.QUEUED:
                    job.state = JobState.CANCELLED
                    unstarted.append(job)
            self._pending.clear()
            self._work.notify_all()
            workers = list(self._workers)
        for job in unstarted:
            self._send(JobUpdate(job.id, job.path, JobState.CANCELLED, 0, 0))
        if wait:
            for worker in workers:
                worker.join()

    # -- workers --------------------------------------------------------------------------

    def _enqueue(self, job: _Job) -> None:
        # Called with the lock held.
        self._pending.append(job)
        self._start_workers()
        self._work.notify()

    def _start_workers(self) -> None:
        # Called with the lock held; never more threads than queued jobs need.
        wanted = min(self._concurrency, len(self._workers) + len(self._pending))
        while len(self._workers) < wanted:
            worker = threading.Thread(target=self._work_loop, name="thumbdrop-upload",
                                      daemon=True)
            self._workers.add(worker)
            worker.start()

    def _next_job(self) -> tuple[_Job, Attempt] | None:
        me = threading.current_thread()
        with self._lock:
            while True:
                if self._closed or len(self._workers) > self._concurrency:
                    self._workers.discard(me)
                    return None
                while self._pending:
                    job = self._pending.popleft()
                    if job.state is JobState.QUEUED:  # cancelled ones are skipped
                        job.state = JobState.HASHING
                        return job, self._attempt(job)
                self._work.wait()

    def _attempt(self, job: _Job) -> Attempt:
        def report(state: JobState, done: int, total: int, image: ImageInfo | None) -> None:
            self._set_state(job, state)
            self._send(JobUpdate(job.id, job.path, state, min(done, total), total, image=image))
        return Attempt(path=job.path, api=self._api, cancel=job.cancel, report=report,
                       policy=self._policy, poll=self._poll,
                       processing_timeout=lambda: self._processing_timeout)

    def _work_loop(self) -> None:
        while (taken := self._next_job()) is not None:
            job, attempt = taken
            self._run(job, attempt)

    def _run(self, job: _Job, attempt: Attempt) -> None:
        total = _size_or_zero(job.path)
        try:
            image = run_upload(attempt)
        except Cancelled:
            self._finish(job, JobUpdate(job.id, job.path, JobState.CANCELLED, 0, total))
        except JobFailed as failure:
            self._finish(job, JobUpdate(job.id, job.path, JobState.FAILED, 0, total,
                                        error=str(failure)))
        except Exception as exc:  # a bug must not kill the worker or reach the user raw
            log.exception("upload of %s failed unexpectedly", job.path)
            self._finish(job, JobUpdate(
                job.id, job.path, JobState.FAILED, 0, total,
                error=f"{job.path.name}: the upload stopped on an unexpected error "
                      f"({type(exc).__name__}). Retry it; if it happens again, please "
                      "report it."))
        else:
            self._finish(job, JobUpdate(job.id, job.path, JobState.READY, total, total,
                                        image=image))

    def _set_state(self, job: _Job, state: JobState) -> None:
        with self._lock:
            job.state = state

    def _finish(self, job: _Job, update: JobUpdate) -> None:
        # Failed and cancelled jobs report 0 bytes done, so no bar shows 100 % for them.
        self._set_state(job, update.state)
        self._send(update)

    def _send(self, update: JobUpdate) -> None:
        try:
            self._on_update(update)
        except Exception:  # the listener's bug must not stop uploads
            log.exception("on_update raised for job %d", update.job_id)


def _size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the pipeline explains a missing or unreadable file
