"""The engine's queue and pool, with files that fail before any network call."""

from __future__ import annotations

import threading

from desktop.client.api import ApiClient
from desktop.client.legacy_engine import JobState, TransferEngine


def _upload_threads():
    return [t for t in threading.enumerate() if t.name == "thumbdrop-upload"]


class Recorder:
    def __init__(self, expected: int):
        self.lock = threading.Lock()
        self.updates = []
        self.finished = {}
        self.done = threading.Event()
        self.expected = expected
        self.most_threads = 0

    def __call__(self, update):
        with self.lock:
            self.updates.append(update)
            self.most_threads = max(self.most_threads, len(_upload_threads()))
            if update.state.finished:
                self.finished[update.job_id] = update
                if len(self.finished) == self.expected:
                    self.done.set()


def test_ten_thousand_submits_use_a_bounded_pool_and_leave_no_threads(tmp_path):
    # Files that don't exist fail in the worker without touching the network.
    api = ApiClient("http://127.0.0.1:9", "t")
    recorder = Recorder(10_000)
    engine = TransferEngine(api, recorder, concurrency=3)
    ids = [engine.submit(tmp_path / f"missing-{n}.jpg") for n in range(10_000)]
    assert len(set(ids)) == 10_000
    assert len(_upload_threads()) <= 3
    assert recorder.done.wait(60)
    engine.shutdown()
    api.close()
    assert recorder.most_threads <= 3
    assert _upload_threads() == []
    failed = recorder.finished[ids[0]]
    assert failed.state is JobState.FAILED
    assert failed.error == "missing-0.jpg: The file no longer exists."
    assert failed.bytes_done == 0


def test_a_text_file_renamed_jpg_fails_with_a_sentence_and_can_be_retried(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("not a picture")
    api = ApiClient("http://127.0.0.1:9", "t")
    recorder = Recorder(1)
    engine = TransferEngine(api, recorder)
    job = engine.submit(path)
    assert recorder.done.wait(10)
    assert recorder.finished[job].error.startswith("notes.jpg: Not an image (plain text).")
    recorder.finished.clear()
    recorder.done.clear()
    assert engine.retry(job) is True
    assert recorder.done.wait(10)
    assert recorder.finished[job].state is JobState.FAILED  # ran again, failed again
    assert engine.retry(12345) is False
    engine.shutdown()
    api.close()


def test_cancelling_queued_jobs_and_shutdown(tmp_path):
    gate, busy = threading.Event(), threading.Event()
    api = ApiClient("http://127.0.0.1:9", "t")
    states = {}

    def on_update(update):
        states[update.job_id] = update.state
        if threading.current_thread().name == "thumbdrop-upload":
            busy.set()
            gate.wait(5)  # keeps the single worker busy on the first job

    engine = TransferEngine(api, on_update, concurrency=1)
    first = engine.submit(tmp_path / "a.jpg")
    assert busy.wait(5)
    second = engine.submit(tmp_path / "b.jpg")
    engine.cancel(second)
    assert states[second] is JobState.CANCELLED  # a queued job is cancelled at once
    third = engine.submit(tmp_path / "c.jpg")
    assert engine.retry(third) is False  # only failed or cancelled jobs go again
    engine.shutdown(wait=False)  # before the worker is free, so `third` never starts
    gate.set()
    engine.shutdown()
    assert states[first] is JobState.FAILED
    assert states[third] is JobState.CANCELLED  # shutdown cancels what had not started
    assert _upload_threads() == []
    api.close()


def test_set_concurrency_grows_and_shrinks_the_pool(tmp_path):
    release = threading.Event()
    api = ApiClient("http://127.0.0.1:9", "t")
    busy = Recorder(12)

    def on_update(update):
        busy(update)
        release.wait(5)

    engine = TransferEngine(api, on_update, concurrency=1)
    for n in range(12):
        engine.submit(tmp_path / f"{n}.jpg")
    engine.set_concurrency(4)
    assert len(_upload_threads()) == 4
    engine.set_concurrency(2)
    release.set()
    assert busy.done.wait(30)
    engine.shutdown()
    api.close()
    assert busy.most_threads <= 4
    assert _upload_threads() == []
