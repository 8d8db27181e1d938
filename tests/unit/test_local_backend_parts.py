"""The local backend's own parts on their own: the durable queue, the event intake, the S3
event shapes, the resize pool's retries and the storage guard. (The whole backend, with
SeaweedFS, is tested end to end in tests/integration.)"""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from urllib.parse import unquote_plus

import pytest
from helpers import fill_disk, wait_until

from backend.local.event_queue import EventQueue, Job
from backend.local.intake import EventIntake
from backend.local.resize_pool import MAX_ATTEMPTS, ResizePool
from backend.local.s3_events import COMPLETE_MULTIPART, PUT, object_created, retries_exhausted
from backend.local.storage import StorageGuard

BUCKET = "thumbdrop-upload"


def job(key="input/ab/one", **changes) -> Job:
    fields = {"key": key, "bucket": BUCKET, "event_name": PUT, "size": 3, "etag": "e",
              "received_at": 1_700_000_000.0}
    return Job(**{**fields, **changes})


@pytest.fixture
def queue(tmp_path):
    q = EventQueue(tmp_path / "events.sqlite3")
    yield q
    q.close()


# -- the queue --------------------------------------------------------------------------------

def test_a_job_is_handed_out_once_and_gone_when_done(queue):
    queue.add(job("input/a"))
    queue.add(job("input/b", received_at=1_700_000_001.0))
    first = queue.take(0)
    assert first.key == "input/a"
    assert queue.take(0).key == "input/b"  # a is in hand: not handed out twice
    assert queue.take(0) is None
    queue.done(first)
    assert queue.keys() == {"input/b"}


def test_a_new_event_for_a_job_in_hand_runs_it_again(queue):
    queue.add(job())
    in_hand = queue.take(0)
    queue.add(job(size=4))  # the object was written again meanwhile
    queue.done(in_hand)
    again = queue.take(0)
    assert (again.key, again.size) == ("input/ab/one", 4)


def test_reconcile_adds_leave_a_queued_job_as_it_is(queue):
    queue.add(job())
    in_hand = queue.take(0)
    queue.add(job(size=99), replace=False)
    queue.done(in_hand)
    assert queue.take(0) is None and len(queue) == 0


def test_a_retry_waits_its_delay(queue):
    queue.add(job())
    queue.retry_later(queue.take(0), 60, attempts=1)
    assert queue.take(0) is None  # not due yet
    queue.retry_later(job(), 0, attempts=1)  # (a later retry of the same generation)
    assert queue.take(0).attempts == 1


def test_jobs_survive_a_crash_of_the_process(tmp_path):
    path = tmp_path / "events.sqlite3"
    script = (f"from backend.local.event_queue import EventQueue, Job\n"
              f"q = EventQueue({str(path)!r})\n"
              f"q.add(Job('input/x', 'b', 'ObjectCreated:Put', 1, 'e', 1.0))\n"
              f"q.take(0)\n"  # in hand when the process dies
              f"import os; os._exit(9)\n")
    assert subprocess.run([os.sys.executable, "-c", script], check=False).returncode == 9
    reopened = EventQueue(path)
    try:
        assert reopened.take(0).key == "input/x"
    finally:
        reopened.close()


def test_close_wakes_a_waiting_take(queue):
    taken = []
    waiter = threading.Thread(target=lambda: taken.append(queue.take(60)))
    waiter.start()
    queue.close()
    waiter.join(10)
    assert not waiter.is_alive() and taken == [None]


# -- the intake -------------------------------------------------------------------------------

def filer_event(path: str, event_type="create", *, directory=False, multipart=False) -> dict:
    extended = {"Seaweed-X-Amz-ETag": base64.b64encode(b"abc123").decode()}
    if multipart:
        extended["X-Seaweedfs-Upload-Id"] = base64.b64encode(b"upload-1").decode()
    entry = {"name": path.rsplit("/", 1)[1], "attributes": {"file_size": 1234},
             "extended": extended}
    if directory:
        entry = {"name": entry["name"], "is_directory": True, "attributes": {}}
    return {"event_type": event_type, "key": path,
            "message": {"new_entry": entry, "new_parent_path": path.rsplit("/", 1)[0]}}


@pytest.fixture
def intake(queue):
    return EventIntake(queue, "hook-token", BUCKET, "input/")


def test_the_intake_turns_filer_events_into_jobs(intake):
    made = intake.job_for(filer_event(f"/buckets/{BUCKET}/input/ab/red flower.jpg"))
    assert (made.bucket, made.key, made.event_name, made.size, made.etag) == (
        BUCKET, "input/ab/red flower.jpg", PUT, 1234, "abc123")
    multipart = intake.job_for(filer_event(f"/buckets/{BUCKET}/input/cd/x", multipart=True))
    assert multipart.event_name == COMPLETE_MULTIPART
    assert intake.job_for(filer_event(f"/buckets/{BUCKET}/input/ab/y", "update")) is not None


@pytest.mark.parametrize("event", [
    filer_event(f"/buckets/{BUCKET}/input/ab", directory=True),
    filer_event(f"/buckets/{BUCKET}/input/ab/x", "delete"),
    filer_event(f"/buckets/{BUCKET}/other/x"),
    filer_event("/buckets/thumbdrop-output/input/x"),
    filer_event("/etc/iam/identity.json"),
], ids=["directory", "delete", "other-prefix", "other-bucket", "not-a-bucket"])
def test_the_intake_ignores_what_is_not_a_new_original(intake, event):
    assert intake.job_for(event) is None


def call(app, body: bytes, token="hook-token", method="POST"):
    answer = {}

    def start_response(status, headers):
        answer["status"] = status

    environ = {"REQUEST_METHOD": method, "CONTENT_LENGTH": str(len(body)),
               "wsgi.input": io.BytesIO(body), "HTTP_AUTHORIZATION": f"Bearer {token}"}
    b"".join(app(environ, start_response))
    return int(answer["status"].split()[0])


def test_the_intake_stores_before_it_answers_and_checks_its_token(intake, queue):
    body = json.dumps(filer_event(f"/buckets/{BUCKET}/input/ab/x")).encode()
    assert call(intake, body, token="wrong") == 401
    assert len(queue) == 0
    assert call(intake, b"{not json") == 400
    assert call(intake, body, method="GET") == 405
    assert call(intake, body) == 200
    assert queue.keys() == {"input/ab/x"}


def test_an_event_the_queue_cannot_store_is_not_acknowledged(intake, queue):
    queue.close()  # a queue that cannot write, like a full disk
    body = json.dumps(filer_event(f"/buckets/{BUCKET}/input/ab/x")).encode()
    assert call(intake, body) == 503


# -- event shapes -----------------------------------------------------------------------------

def test_the_s3_event_has_lambdas_shape_and_a_url_encoded_key():
    event = object_created(job("input/ab/red flower+1 ü.jpg"))
    (record,) = event["Records"]
    assert record["eventSource"] == "aws:s3" and record["eventName"] == "ObjectCreated:Put"
    assert record["s3"]["bucket"]["name"] == BUCKET
    key = record["s3"]["object"]["key"]
    assert key == "input/ab/red+flower%2B1+%C3%BC.jpg"
    assert unquote_plus(key) == "input/ab/red flower+1 ü.jpg"
    assert record["eventTime"] == "2023-11-14T22:13:20.000Z"


def test_the_failure_event_has_the_on_failure_destination_shape():
    request = object_created(job())
    event = retries_exhausted(request, TimeoutError("S3 timed out"), 3, "thumbdrop-resize")
    assert event["requestContext"]["condition"] == "RetriesExhausted"
    assert event["requestContext"]["approximateInvokeCount"] == 3
    assert event["requestPayload"] == request
    assert event["responsePayload"]["errorMessage"] == "S3 timed out"
    assert event["responsePayload"]["errorType"] == "TimeoutError"


# -- the resize pool --------------------------------------------------------------------------

def run_pool(queue, resize, on_failure, store_up=None):
    up = store_up or threading.Event()
    if store_up is None:
        up.set()
    pool = ResizePool(queue, resize, on_failure, up, workers=2)
    pool.start()
    return pool


def test_infrastructure_failures_are_retried_then_go_to_the_failure_handler(queue, monkeypatch):
    monkeypatch.setattr("backend.local.resize_pool.RETRY_DELAYS", (0.01, 0.01))
    calls, failures = [], []

    def resize(event, context):
        calls.append(event)
        raise ConnectionError("the store hung up")

    queue.add(job())
    pool = run_pool(queue, resize, lambda event, context: failures.append(event))
    try:
        wait_until(lambda: failures and len(queue) == 0, what="the failure handler")
    finally:
        assert pool.stop(10)
    assert len(calls) == MAX_ATTEMPTS
    assert failures[0]["requestPayload"] == calls[0]
    assert failures[0]["responsePayload"]["errorMessage"] == "the store hung up"


def test_a_success_removes_the_job_and_nothing_runs_while_the_store_is_down(queue):
    calls = []
    store_up = threading.Event()
    queue.add(job())
    pool = run_pool(queue, lambda event, context: calls.append(event), None, store_up)
    try:
        assert not wait_for_calls(calls, 0.5)  # the store is down: nothing taken
        store_up.set()
        wait_until(lambda: calls and len(queue) == 0, what="the resize")
    finally:
        assert pool.stop(10)
    assert calls[0]["Records"][0]["s3"]["object"]["key"] == "input/ab/one"


def wait_for_calls(calls, seconds) -> bool:
    try:
        wait_until(lambda: calls, timeout=seconds)
        return True
    except AssertionError:
        return False


# -- the storage guard ------------------------------------------------------------------------

def test_plenty_of_room_is_no_problem_and_too_little_is_a_sentence(tmp_path):
    assert StorageGuard(tmp_path, min_free_bytes=1, reserve_bytes=0).problem() is None
    sentence = StorageGuard(tmp_path, min_free_bytes=1 << 60).problem()
    assert sentence.startswith("The backend's disk is full") and sentence.endswith(".")


@pytest.fixture
def tmpfs(tmp_path):
    point = tmp_path / "tmpfs"
    point.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
                                            str(point)], check=False).returncode:
        pytest.skip("mounting a tmpfs needs root")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=False)


def test_a_read_only_disk_is_a_sentence(tmpfs):
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    assert "read-only" in StorageGuard(tmpfs, min_free_bytes=0).problem()


def test_a_disk_that_refuses_writes_is_found_by_the_write_probe(tmpfs):
    fill_disk(tmpfs)
    sentence = StorageGuard(tmpfs, min_free_bytes=0, reserve_bytes=0).problem()
    assert sentence.startswith("The backend cannot write to its disk (No space left")


def test_the_reserve_is_made_while_there_is_room_and_freed_by_a_start_on_a_full_disk(tmp_path):
    guard = StorageGuard(tmp_path, min_free_bytes=1, reserve_bytes=2 << 20)
    assert guard.problem() is None
    reserve = tmp_path / "space-reserve"
    assert reserve.stat().st_size == 2 << 20  # real blocks, there to be freed
    assert not guard.release_reserve_if_full() and reserve.exists()
    full = StorageGuard(tmp_path, min_free_bytes=1 << 60, reserve_bytes=2 << 20)
    assert full.release_reserve_if_full() and not reserve.exists()
    assert full.problem().startswith("The backend's disk is full")


def test_a_failure_on_a_full_disk_uses_up_no_attempt_and_never_fails_the_image(queue,
                                                                             monkeypatch):
    monkeypatch.setattr("backend.local.resize_pool.DISK_FULL_RETRY_SECONDS", 0.05)
    calls, failures, full = [], [], threading.Event()
    full.set()

    def resize(event, context):
        calls.append(event)
        if full.is_set():
            raise OSError("the store could not write the renditions")

    queue.add(job())
    up = threading.Event()
    up.set()
    pool = ResizePool(queue, resize, lambda event, context: failures.append(event), up,
                      workers=1, storage_problem=lambda: "full" if full.is_set() else None)
    pool.start()
    try:
        wait_until(lambda: len(calls) > MAX_ATTEMPTS, what="more tries than attempts")
        full.clear()  # space returns; the job runs again when its pause is over
        wait_until(lambda: len(queue) == 0, timeout=60, what="the resize to succeed")
    finally:
        assert pool.stop(10)
    assert failures == []


def test_each_job_ends_with_the_heap_trimmed(queue, monkeypatch):
    trims = []
    monkeypatch.setattr("backend.local.resize_pool.release_memory", lambda: trims.append(1))
    queue.add(job())
    pool = run_pool(queue, lambda event, context: None, None)
    try:
        wait_until(lambda: len(queue) == 0 and trims, what="the job and the trim")
    finally:
        assert pool.stop(10)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_release_memory_hands_a_worker_threads_freed_heap_back():
    """A resize thread's freed memory stays in its malloc arena (holes between live blocks)
    until trimmed: release_memory gives it back to the OS."""
    program = textwrap.dedent("""
        import threading
        from backend.local.resize_pool import release_memory

        def rss():
            return int(open("/proc/self/statm").read().split()[1]) * 4096

        def churn():
            blocks = [bytearray(100_000) for _ in range(3000)]  # ~300 MB in this arena
            keep = blocks[::10]  # what survives the job: holes between live blocks
            del blocks
            held.append(keep)

        held = []
        worker = threading.Thread(target=churn)
        worker.start()
        worker.join()
        before = rss()
        release_memory()
        print(before, rss())
    """)
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            check=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    before, after = map(int, result.stdout.split())
    print(f"RSS after the churn {before >> 20} MB, trimmed {after >> 20} MB")
    assert after < before - (150 << 20)
