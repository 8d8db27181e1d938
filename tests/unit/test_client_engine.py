"""The transfer engine's rules against FakeApi (tests/fake_api.py): states, duplicates,
restarts, pause and cancel at awkward moments, retries and their limits, the pool size.
The same engine runs against the real local backend in tests/integration/test_engine.py."""

from __future__ import annotations

import os
import threading
import time

import imagegen
import pytest
from fake_api import MIB, FakeApi, FakeResponse, s3_error
from helpers import wait_until

from desktop.client.api_errors import ApiError
from desktop.client.backoff import RetryPolicy
from desktop.client.engine import TransferEngine
from desktop.client.queue_store import QueueStore
from desktop.client.queue_types import FileState, RunState

FAST = RetryPolicy(tries=4, base=0.01, cap=0.05)


class Rig:
    """A store, a fake API and engines over them; closes all at the end."""

    def __init__(self, tmp_path, **api_options):
        self.dir = tmp_path
        self.api = FakeApi(**api_options)
        self.store = QueueStore(tmp_path / "queue.sqlite3")
        self.engine: TransferEngine | None = None

    def start(self, **options) -> TransferEngine:
        options.setdefault("retry_policy", FAST)
        self.engine = TransferEngine(self.store, self.api, **options)
        self.engine.start()
        return self.engine

    def restart(self, **options) -> TransferEngine:
        """Like a new process: a fresh store object on the same file, a fresh engine."""
        self.engine.close()
        self.store.close()
        self.store = QueueStore(self.dir / "queue.sqlite3")
        return self.start(**options)

    def photo(self, name: str, size=(64, 48), data: bytes | None = None):
        path = self.dir / name
        path.write_bytes(data if data is not None else imagegen.jpeg(size))
        return path

    def big(self, name: str, mib: int):
        path = self.dir / name
        with open(path, "wb") as handle:
            handle.write(b"\xff\xd8\xff\xe0")
            handle.write(os.urandom(mib * MIB - 4))
        return path

    def state(self, item_id: int) -> FileState:
        return self.store.get(item_id).state

    def wait_state(self, item_id: int, *states: FileState, timeout: float = 20):
        wait_until(lambda: self.store.get(item_id).state in states, timeout=timeout,
                   what=f"row {item_id} to be {states} (is {self.state(item_id)})")
        return self.store.get(item_id)

    def wait_idle(self, timeout: float = 20):
        wait_until(lambda: self.store.totals().files_active == 0, timeout=timeout,
                   what="the queue to finish")

    def close(self):
        if self.engine is not None:
            self.engine.close()
        self.store.close()


@pytest.fixture
def rig(tmp_path):
    made = []

    def make(**options) -> Rig:
        made.append(Rig(tmp_path, **options))
        return made[-1]
    yield make
    for one in made:
        one.close()


def upload_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "thumbdrop-upload"]


def test_a_batch_ends_ready_with_the_exact_bytes_in_few_requests(rig):
    r = rig()
    paths = [r.photo(f"p{n}.jpg", size=(40 + n, 30)) for n in range(30)]
    r.start(concurrency=4)
    items = r.engine.add_files(paths).result()
    r.wait_idle()
    assert all(r.state(i.id) is FileState.READY for i in items)
    assert sorted(r.api.stored().values()) == sorted(p.read_bytes() for p in paths)
    assert r.api.calls.count("create_uploads") < 10  # batched, not one per file
    assert r.api.calls.count("get_images") < 30      # polled together
    totals = r.store.totals()
    assert (totals.files_done, totals.bytes_done) == (30, totals.bytes_total)


def test_the_same_bytes_twice_are_uploaded_once(rig):
    r = rig()
    data = imagegen.jpeg((50, 50))
    a, b = r.photo("a.jpg", data=data), r.photo("copy of a.jpg", data=data)
    r.start()
    first, second = r.engine.add_files([a, b]).result()
    r.wait_idle()
    states = {r.state(first.id), r.state(second.id)}
    assert states == {FileState.READY, FileState.DUPLICATE}
    dup = next(i for i in r.store.items() if i.state is FileState.DUPLICATE)
    ready = next(i for i in r.store.items() if i.state is FileState.READY)
    assert dup.image.id == ready.image_id      # "already in the gallery": which image
    assert dup.state.label == "Already in the gallery"
    assert dup.bytes_sent == 0
    assert len(r.api.stored()) == 1


def test_allow_duplicates_uploads_a_copy_and_upload_anyway_does_too(rig):
    r = rig()
    data = imagegen.jpeg((50, 50))
    a, b, c = (r.photo(n, data=data) for n in ("a.jpg", "b.jpg", "c.jpg"))
    r.start()
    r.engine.add_files([a]).result()
    r.wait_idle()
    copy = r.engine.add_files([b], allow_duplicates=True).result()[0]
    dup = r.engine.add_files([c]).result()[0]
    r.wait_idle()
    assert r.state(copy.id) is FileState.READY
    assert r.state(dup.id) is FileState.DUPLICATE
    r.engine.upload_anyway([dup.id]).result()
    r.wait_state(dup.id, FileState.READY)
    assert len(r.api.stored()) == 3


def test_a_second_run_over_the_same_queue_sends_nothing(rig):
    r = rig()
    paths = [r.photo(f"p{n}.jpg", size=(40 + n, 30)) for n in range(5)]
    r.start()
    r.engine.add_files(paths).result()
    r.wait_idle()
    received = r.api.bytes_received
    r.restart()
    again = r.engine.add_files(paths).result()
    r.wait_idle()
    assert all(i.state is FileState.READY for i in again)
    assert r.api.bytes_received == received
    assert len(r.store) == 5


def test_a_restart_mid_upload_continues_without_hashing_again(rig, monkeypatch):
    from desktop.client import stage_hash
    hashed = []
    real = stage_hash.hash_file
    monkeypatch.setattr(stage_hash, "hash_file",
                        lambda path, *a, **k: hashed.append(path) or real(path, *a, **k))
    r = rig()
    paths = [r.photo(f"p{n}.jpg", size=(40 + n, 30)) for n in range(6)]
    hold = threading.Event()
    r.api.put_hook = lambda url, chunk: hold.wait(10)  # every PUT hangs mid-body
    r.start(concurrency=2)
    items = r.engine.add_files(paths).result()
    wait_until(lambda: sum(r.state(i.id) is FileState.UPLOADING for i in items) == 2,
               what="two uploads under way")
    digests = {i.id: r.store.get(i.id).sha256 for i in items}
    assert all(digests.values())
    r.api.put_hook = None
    hold.set()
    assert sorted(hashed) == sorted(paths)  # each file read once to hash it
    r.restart(concurrency=2)
    r.wait_idle()
    assert all(r.state(i.id) is FileState.READY for i in items)
    assert {i.id: r.store.get(i.id).sha256 for i in items} == digests
    assert sorted(hashed) == sorted(paths)  # and not again after the restart
    assert sorted(r.api.stored().values()) == sorted(p.read_bytes() for p in paths)


def test_a_file_changed_or_deleted_since_queued_is_reported_not_uploaded(rig):
    r = rig()
    changed, deleted = r.photo("changed.jpg"), r.photo("deleted.jpg")
    r.start()
    r.engine.pause_all().result()
    a, b = r.engine.add_files([changed, deleted]).result()
    changed.write_bytes(imagegen.jpeg((99, 99)))
    os.utime(changed, ns=(1, 1))
    deleted.unlink()
    r.engine.resume_all().result()
    assert "changed.jpg changed since it was queued" in r.wait_state(a.id, FileState.FAILED).error
    assert r.wait_state(b.id, FileState.FAILED).error.startswith("deleted.jpg was deleted or moved")
    assert r.api.bytes_received == 0
    r.engine.retry([a.id]).result()  # retry takes the file as it is now
    assert r.wait_state(a.id, FileState.READY).size == changed.stat().st_size


def test_bad_digest_becomes_the_file_changed_sentence(rig):
    r = rig()
    photo = r.photo("a.jpg")
    r.api.fail_next("send", s3_error(400, "BadDigest", "The SHA256 did not match."))
    r.start()
    item = r.engine.add_files([photo]).result()[0]
    failed = r.wait_state(item.id, FileState.FAILED)
    assert failed.error == ("a.jpg: the upload was refused because the file changed while "
                            "uploading. Wait until it is saved completely, then retry.")


def test_signature_mismatch_says_the_same(rig):
    r = rig()
    r.api.fail_next("send", s3_error(400, "SignatureDoesNotMatch", "no"))
    r.start()
    item = r.engine.add_files([r.photo("a.jpg")]).result()[0]
    assert "changed while uploading" in r.wait_state(item.id, FileState.FAILED).error


def test_an_expired_url_is_renewed_once_and_a_store_that_keeps_refusing_fails(rig):
    r = rig()
    expired = s3_error(403, "AccessDenied", "Request has expired")
    r.api.fail_next("send", expired)
    r.start()
    item = r.engine.add_files([r.photo("a.jpg")]).result()[0]
    r.wait_state(item.id, FileState.READY)
    r.api.fail_next("send", *[expired] * 10)
    second = r.engine.add_files([r.photo("b.jpg", size=(70, 70))]).result()[0]
    failed = r.wait_state(second.id, FileState.FAILED)
    assert "refused the upload link again right after it was renewed" in failed.error
    assert r.api.calls.count("send") == 2 + 2  # one renewal each, not a loop of fresh URLs


def test_503_and_429_are_retried_and_a_retry_after_above_the_cap_fails_cleanly(rig):
    r = rig()
    r.api.fail_next("send", s3_error(503, "SlowDown"), s3_error(429, "TooMany",
                                                                headers={"Retry-After": "0"}))
    r.start()
    item = r.engine.add_files([r.photo("a.jpg")]).result()[0]
    assert r.wait_state(item.id, FileState.READY).bytes_sent == 3 * item.size
    r.api.fail_next("send", s3_error(503, "SlowDown", headers={"Retry-After": "3600"}))
    other = r.engine.add_files([r.photo("b.jpg", size=(70, 70))]).result()[0]
    failed = r.wait_state(other.id, FileState.FAILED)
    assert "asked to wait 3600 s before trying again, longer than Thumbdrop waits" in failed.error


def test_a_storage_that_keeps_failing_ends_failed_with_the_reason(rig):
    r = rig()
    r.api.fail_next("send", *[s3_error(500, "InternalError", "boom")] * 10)
    r.start()
    item = r.engine.add_files([r.photo("a.jpg")]).result()[0]
    failed = r.wait_state(item.id, FileState.FAILED)
    assert failed.error.startswith("a.jpg: the upload failed after 4 tries; last: the storage "
                                   "answered 500 InternalError: boom.")
    assert failed.bytes_done == 0  # a failed row never shows a full bar


def test_cancel_during_a_backoff_wait_ends_at_once(rig):
    r = rig()
    r.api.fail_next("send", s3_error(503, "SlowDown", headers={"Retry-After": "50"}))
    r.start(concurrency=1)
    item = r.engine.add_files([r.photo("a.jpg")]).result()[0]
    wait_until(lambda: r.api.calls.count("send") == 1, what="the first try")
    r.engine.cancel([item.id]).result()
    assert r.state(item.id) is FileState.CANCELLED
    # The only slot is free again long before the 50 s Retry-After: the next file goes.
    other = r.engine.add_files([r.photo("b.jpg", size=(70, 70))]).result()[0]
    r.wait_state(other.id, FileState.READY, timeout=20)
    assert r.state(item.id) is FileState.CANCELLED
    assert r.api.calls.count("send") == 2


def test_cancel_during_processing_deletes_what_was_stored_and_retry_runs_again(rig):
    r = rig(resize_seconds=3600)
    r.start()
    item = r.engine.add_files([r.photo("a.jpg")]).result()[0]
    processing = r.wait_state(item.id, FileState.PROCESSING)
    r.engine.cancel([item.id]).result()
    assert r.state(item.id) is FileState.CANCELLED
    wait_until(lambda: f"deleted {processing.image_id}" in r.api.calls,
               what="the stored bytes to be deleted")
    r.api.resize_seconds = 0
    r.engine.retry([item.id]).result()
    ready = r.wait_state(item.id, FileState.READY)
    assert ready.image_id != processing.image_id
    assert list(r.api.stored()) == [ready.image_id]


def test_a_switch_to_another_gallery_sends_it_the_files_the_first_one_holds(rig):
    # Another gallery behind the same URL (its image ids even collide with the first's): a
    # file still processing there and one ready there are sent to the new one, never
    # reported gone because the new API doesn't know the first one's ids.
    r = rig(resize_seconds=3600, gallery_id="A")
    r.start()
    ready, processing = r.engine.add_files([r.photo("ready.jpg", size=(64, 48)),
                                            r.photo("late.jpg", size=(66, 48))]).result()
    # Both stored in the first gallery before one is called ready there (on a busy machine
    # the second could still be uploading to it when its row was forced ready).
    for item in (ready, processing):
        r.wait_state(item.id, FileState.PROCESSING)
    r.store.update(ready.id, state=FileState.READY).result()
    first = r.api
    second = r.api = FakeApi(gallery_id="B")
    asked, answer = threading.Event(), threading.Event()
    config = second.get_config
    second.get_config = lambda: (asked.set(), answer.wait(10)) and config()
    r.engine.set_api(second)
    assert asked.wait(10), "the new API was not asked its config"
    # Until it has answered, the first gallery's ids are asked nowhere (the new one would
    # call them gone).
    assert not r.engine._processing._can_poll()
    answer.set()
    for item in (ready, processing):
        assert r.wait_state(item.id, FileState.READY, FileState.FAILED).state is FileState.READY
    assert sorted(second.stored().values()) == sorted(first.stored().values())
    assert r.engine.requeued_for_gallery == 2


def test_pause_and_resume_one_file_and_the_whole_queue(rig):
    r = rig()
    hold = threading.Event()
    r.api.put_hook = lambda url, chunk: hold.wait(10)
    r.start(concurrency=1)
    # 2 MiB: several chunks, so the pause lands mid-body (a PUT that already sent its last
    # byte is stored, pause or not)
    a = r.engine.add_files([r.big("a.jpg", 2)]).result()[0]
    r.wait_state(a.id, FileState.UPLOADING)
    r.engine.pause([a.id]).result()
    assert r.state(a.id) is FileState.PAUSED
    r.api.put_hook = None
    hold.set()
    b = r.engine.add_files([r.photo("b.jpg", size=(70, 70))]).result()[0]
    r.wait_state(b.id, FileState.READY)
    assert r.state(a.id) is FileState.PAUSED
    r.engine.resume([a.id]).result()
    r.wait_state(a.id, FileState.READY)
    r.engine.pause_all().result()
    assert r.store.status().state is RunState.PAUSED
    c = r.engine.add_files([r.photo("c.jpg", size=(80, 80))]).result()[0]
    r.restart()  # the queue's pause survives a restart
    assert r.store.status().state is RunState.PAUSED
    time.sleep(0.2)
    assert r.state(c.id) is FileState.QUEUED
    r.engine.resume_all().result()
    r.wait_state(c.id, FileState.READY)


def test_losing_the_network_waits_and_goes_on_by_itself(rig):
    r = rig()
    r.start()
    r.api.offline.set()
    item = r.engine.add_files([r.photo("a.jpg")]).result()[0]
    wait_until(lambda: r.store.status().state is RunState.OFFLINE, what="the offline status")
    assert r.store.status().message.startswith("Waiting for the network…")
    assert r.state(item.id) is not FileState.FAILED
    r.api.offline.clear()
    r.wait_state(item.id, FileState.READY, timeout=30)
    assert r.store.status().state is RunState.RUNNING


def test_a_wrong_token_fails_each_file_with_the_sentence(rig):
    r = rig()
    r.api.fail_next("get_config", ApiError("The API refused the token (401). Paste the right "
                                           "token in Settings.", code="unauthorized",
                                           status=401))
    r.start()
    item = r.engine.add_files([r.photo("a.jpg")]).result()[0]
    assert r.wait_state(item.id, FileState.FAILED).error == (
        "a.jpg: The API refused the token (401). Paste the right token in Settings.")


def test_files_above_the_servers_limit_fail_with_both_sizes(rig):
    r = rig(max_upload=1 * MIB)
    r.start()
    item = r.engine.add_files([r.big("huge.jpg", 2)]).result()[0]
    assert r.wait_state(item.id, FileState.FAILED).error.startswith(
        "huge.jpg is 2.0 MiB; this server takes files up to 1 MiB.")


def test_files_the_backend_would_refuse_are_failed_before_a_byte_is_sent(rig):
    r = rig(max_image_pixels=100_000)
    r.start()
    large = r.photo("large.jpg", size=(800, 600))  # 0.48 MP: above the limit
    cut = r.photo("cut.jpg", data=imagegen.jpeg((300, 200))[:-2000])  # the scan runs out
    items = r.engine.add_files([large, cut]).result()
    assert r.wait_state(items[0].id, FileState.FAILED).error == (
        "large.jpg was not uploaded: the image is too large (0.5 megapixels; this server takes "
        "up to 0.1). Upload a smaller copy, or ask its owner to raise MAX_IMAGE_PIXELS.")
    assert r.wait_state(items[1].id, FileState.FAILED).error.startswith(
        "cut.jpg was not uploaded: the image is truncated or damaged")
    assert r.api.stored() == {}
    assert "create_uploads" not in r.api.calls


def test_processing_that_never_ends_times_out(rig):
    r = rig(resize_seconds=3600)
    r.start(processing_timeout=0.3)
    item = r.engine.add_files([r.photo("a.jpg")]).result()[0]
    assert "processing timed out after 0.3 s" in r.wait_state(item.id, FileState.FAILED).error


def test_the_pool_shrinks_when_concurrency_goes_down(rig):
    r = rig()
    r.start(concurrency=6)
    assert len(upload_threads()) == 6
    r.engine.set_concurrency(2)
    wait_until(lambda: len(upload_threads()) == 2, what="the pool to shrink")
    r.engine.set_concurrency(3)
    assert len(upload_threads()) == 3


def test_multipart_sends_parts_in_parallel_and_retries_one_alone(rig):
    r = rig(threshold=8 * MIB, part_bytes=5 * MIB)
    big = r.big("big.jpg", 23)  # 5 parts, the last 3 MiB
    r.api.fail_next("send", FakeResponse(500, "<Error><Code>InternalError</Code></Error>"))
    r.start(concurrency=3)
    item = r.engine.add_files([big]).result()[0]
    ready = r.wait_state(item.id, FileState.READY)
    assert list(r.api.stored().values()) == [big.read_bytes()]
    assert ready.upload_id is not None and ready.part_bytes == 5 * MIB
    # one part went twice (the 500), every other part once
    assert r.api.bytes_received - big.stat().st_size == 5 * MIB


def test_a_multipart_upload_resumes_from_the_stored_parts_after_a_restart(rig):
    r = rig(threshold=8 * MIB, part_bytes=5 * MIB)
    big = r.big("big.jpg", 23)
    release, hung = threading.Event(), threading.Event()
    seen = []

    def hook(url, chunk):
        seen.append(url)
        if url.startswith("fake://part/") and url.split("/")[4] == "3" and not hung.is_set():
            hung.set()
            release.wait(10)  # part 3 stuck mid-body when the "process" goes

    r.api.put_hook = hook
    r.start(concurrency=1)
    item = r.engine.add_files([big]).result()[0]
    assert hung.wait(10)
    assert [p.etag is not None for p in r.store.parts(item.id).result()] == [
        True, True, False, False, False]
    threading.Timer(0.3, release.set).start()
    r.restart(concurrency=2)
    r.wait_state(item.id, FileState.READY)
    assert list(r.api.stored().values()) == [big.read_bytes()]
    assert "list_parts" in r.api.calls
    resent = r.api.bytes_received - big.stat().st_size
    assert 0 < resent <= 5 * MIB  # only what part 3 had sent went twice


def test_cancelling_a_multipart_upload_aborts_it(rig):
    r = rig(threshold=8 * MIB, part_bytes=5 * MIB)
    hold = threading.Event()
    r.api.put_hook = lambda url, chunk: hold.wait(10) if "/2/" in url else None
    r.start(concurrency=2)
    item = r.engine.add_files([r.big("big.jpg", 12)]).result()[0]
    uploading = r.wait_state(item.id, FileState.UPLOADING)
    wait_until(lambda: r.store.get(item.id).upload_id, what="the multipart upload")
    upload_id = r.store.get(item.id).upload_id
    r.engine.cancel([item.id]).result()
    hold.set()
    wait_until(lambda: f"aborted {upload_id}" in r.api.calls, what="the abort")
    assert r.state(item.id) is FileState.CANCELLED
    assert r.api.stored() == {}
    del uploading


def test_removing_rows_stops_them_and_aborts_what_they_left(rig):
    r = rig(threshold=8 * MIB, part_bytes=5 * MIB)
    hold = threading.Event()
    r.api.put_hook = lambda url, chunk: hold.wait(10)
    r.start(concurrency=2)
    big, small = r.engine.add_files([r.big("big.jpg", 12), r.photo("a.jpg")]).result()
    wait_until(lambda: r.store.get(big.id).upload_id, what="the multipart upload")
    upload_id = r.store.get(big.id).upload_id
    removed = r.engine.remove([big.id, small.id]).result(timeout=10)
    assert {i.id for i in removed} == {big.id, small.id}
    assert len(r.store) == 0
    hold.set()
    wait_until(lambda: f"aborted {upload_id}" in r.api.calls, what="the abort")
    # The small file's last byte was on its way: stored, then deleted as owed.
    wait_until(lambda: r.api.stored() == {}, what="nothing left stored")


def test_ten_thousand_files_queue_quickly_with_bounded_threads(rig, tmp_path):
    r = rig()
    r.start(concurrency=3)
    paths = [tmp_path / f"missing-{n}.jpg" for n in range(10_000)]
    items = r.engine.add_files(paths).result()
    assert len({i.id for i in items}) == 10_000
    assert all(i.state is FileState.SKIPPED for i in items[:3])
    assert items[0].error == "The file no longer exists."
    assert r.store.totals().files_clearable == 10_000
    assert len(upload_threads()) <= 3
    r.engine.clear_finished().result()
    assert len(r.store) == 0


def test_idle_upload_slots_wait_without_waking_each_other(rig):
    # Every idle slot looks for work, then waits; a wake-up on every look kept 8 idle slots
    # waking each other in a loop, a core taken from the backend resizing the uploads.
    r = rig()
    engine = TransferEngine(r.store, r.api, concurrency=8, retry_policy=FAST)
    r.engine = engine
    looks = []
    look = engine._upload._next_unit
    engine._upload._next_unit = lambda: looks.append(1) or look()
    engine.start()
    r.wait_idle()
    wait_until(lambda: len(engine._upload.threads) == 8, what="eight upload slots")
    before = len(looks)
    threading.Event().wait(0.3)  # an observation window, not a synchronisation
    assert len(looks) - before < 10, f"{len(looks) - before} looks for work while idle"
