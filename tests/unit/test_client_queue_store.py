"""QueueStore: the persisted queue (SQLite), its in-memory copy, incremental totals and the
change batches observers get."""

from __future__ import annotations

import dataclasses
import json
import random
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest
from helpers import wait_until

from desktop.client import failures
from desktop.client.api import ImageInfo
from desktop.client.failures import from_server, plain
from desktop.client.queue_schema import MIGRATIONS, SCHEMA_VERSION
from desktop.client.queue_store import NewFile, QueueBusy, QueueError, QueueStore
from desktop.client.queue_types import FileState, QueueItem, Totals


@pytest.fixture
def store(tmp_path):
    opened = QueueStore(tmp_path / "queue.sqlite3")
    yield opened
    opened.close()


def new(name: str, size: int = 100, mtime: int = 1, reason: str | None = None) -> NewFile:
    return NewFile(Path("/photos") / name, size, mtime, "image/jpeg",
                   skip_reason=None if reason is None else plain(reason))


def recomputed(items: list[QueueItem]) -> Totals:
    """Totals the slow way, to compare with the incremental ones."""
    counted = [i for i in items if i.state not in (FileState.CANCELLED, FileState.SKIPPED)]
    return Totals(
        files_total=len(counted),
        files_done=sum(i.state in (FileState.READY, FileState.DUPLICATE) for i in items),
        files_failed=sum(i.state is FileState.FAILED for i in items),
        files_active=sum(i.state.active for i in items),
        files_processing=sum(i.state is FileState.PROCESSING or (
            i.state is FileState.UPLOADING and i.bytes_done >= i.size) for i in items),
        files_paused=sum(i.state is FileState.PAUSED for i in items),
        files_clearable=sum(i.state in (FileState.READY, FileState.DUPLICATE,
                                        FileState.CANCELLED, FileState.SKIPPED) for i in items),
        # A failed file's bytes are in no total: a finished batch with failures reads full.
        bytes_total=sum(i.size for i in counted if i.state is not FileState.FAILED),
        bytes_done=sum(i.progress_bytes for i in items),
        bytes_finished=sum(i.size for i in items
                           if i.state in (FileState.READY, FileState.DUPLICATE)),
    )


def test_rows_persist_in_order_with_the_schema_version(tmp_path):
    path = tmp_path / "queue.sqlite3"
    store = QueueStore(path)
    items = store.add([new("a.jpg"), new("b.jpg"), new("notes.jpg", reason="Not an image.")]
                      ).result()
    assert [i.state for i in items] == [FileState.QUEUED, FileState.QUEUED, FileState.SKIPPED]
    store.update(items[0].id, state=FileState.READY, sha256="abc=").result()
    store.close()
    again = QueueStore(path)
    try:
        rows = again.items()
        assert [r.path.name for r in rows] == ["a.jpg", "b.jpg", "notes.jpg"]
        assert rows[0].state is FileState.READY and rows[0].sha256 == "abc="
        assert rows[2].error == "Not an image."
        assert again.totals() == recomputed(rows)
    finally:
        again.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_failure_is_stored_as_its_code_and_a_sentence_from_before_codes_is_kept(tmp_path):
    path = tmp_path / "queue.sqlite3"
    with closing(sqlite3.connect(path)) as db:  # a queue as schema 1 wrote it: sentences
        for statement in MIGRATIONS[0].split(";"):
            db.execute(statement)
        db.execute("PRAGMA user_version=1")
        db.execute("INSERT INTO items (path, size, mtime_ns, state, error, added_at) VALUES "
                   "('/photos/a.jpg', 1, 1, 'failed', 'a.jpg: Das Bild ist beschädigt.', 0)")
        db.execute("INSERT INTO items (path, size, mtime_ns, state, added_at) VALUES "
                   "('/photos/b.jpg', 1, 1, 'queued', 0)")
        db.commit()
    store = QueueStore(path)
    try:
        old, fresh = store.items()
        assert old.failure == plain("a.jpg: Das Bild ist beschädigt.")
        assert old.error == "a.jpg: Das Bild ist beschädigt."  # shown as it was
        assert fresh.failure is None and fresh.error is None
        reason = from_server("image_damaged", {}, "The image is truncated or damaged.")
        store.update(fresh.id, state=FileState.FAILED,
                     failure=failures.processing_failed("b.jpg", reason)).result()
    finally:
        store.close()
    with closing(sqlite3.connect(path)) as db:
        stored = json.loads(db.execute("SELECT failure FROM items WHERE path LIKE '%b.jpg'"
                                       ).fetchone()[0])
    assert stored["code"] == "processing_failed"
    assert stored["params"]["reason"]["code"] == "image_damaged"
    again = QueueStore(path)
    try:
        assert again.items()[1].error.startswith(
            "b.jpg: the backend could not make thumbnails: The image is truncated or damaged.")
    finally:
        again.close()


def test_the_queue_file_and_its_journal_are_this_users_only(tmp_path):
    # The queue names the user's files and folders.
    path = tmp_path / "new" / "queue.sqlite3"
    store = QueueStore(path)
    try:
        store.add([new("a.jpg")]).result()
        for made in (path, path.with_name("queue.sqlite3-wal"), path.parent):
            assert made.stat().st_mode & 0o077 == 0, f"{made.name} is readable by others"
    finally:
        store.close()


def test_a_second_owner_is_refused_with_a_sentence(store):
    with pytest.raises(QueueBusy, match="Another Thumbdrop process is using the upload queue"):
        QueueStore(store.path)


def test_a_queue_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "queue.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version=99")
    with pytest.raises(QueueError, match="written by a newer Thumbdrop"):
        QueueStore(path)


def test_the_same_path_stays_one_row(store):
    first = store.add([new("a.jpg")]).result()[0]
    store.update(first.id, state=FileState.READY).result()
    again = store.add([new("a.jpg"), new("a.jpg")]).result()
    assert [i.id for i in again] == [first.id, first.id]
    assert again[0].state is FileState.READY  # unchanged file: nothing to do
    assert len(store) == 1


def test_a_changed_file_added_again_is_queued_anew(store):
    first = store.add([new("a.jpg")]).result()[0]
    store.update(first.id, state=FileState.READY, sha256="old=", image_id="x",
                 endpoint="http://api").result()
    again = store.add([new("a.jpg", size=200, mtime=2)]).result()[0]
    assert again.id == first.id
    assert (again.state, again.size, again.sha256, again.image_id) == (
        FileState.QUEUED, 200, None, None)


def test_failed_and_cancelled_rows_added_again_are_queued(store):
    a, b = store.add([new("a.jpg"), new("b.jpg")]).result()
    store.update(a.id, state=FileState.FAILED, failure=plain("boom")).result()
    store.update(b.id, state=FileState.CANCELLED).result()
    again = store.add([new("a.jpg"), new("b.jpg")]).result()
    assert [i.state for i in again] == [FileState.QUEUED, FileState.QUEUED]
    assert again[0].error is None


def test_a_file_refused_for_its_content_added_again_unchanged_stays_failed(store):
    a = store.add([new("a.jpg")]).result()[0]
    damaged = failures.processing_failed("a.jpg", from_server(
        "image_damaged", {}, "The image is truncated or damaged."))
    store.update(a.id, state=FileState.FAILED, failure=damaged).result()
    assert store.add([new("a.jpg")]).result()[0].state is FileState.FAILED  # same bytes
    again = store.add([new("a.jpg", size=120, mtime=2)]).result()[0]  # fixed on disk
    assert (again.state, again.failure) == (FileState.QUEUED, None)


def test_compare_and_set_leaves_a_row_another_change_moved(store):
    item = store.add([new("a.jpg")]).result()[0]
    store.update(item.id, state=FileState.CANCELLED).result()
    assert store.update(item.id, expect={FileState.UPLOADING},
                        state=FileState.PROCESSING).result() is None
    assert store.get(item.id).state is FileState.CANCELLED


def test_totals_follow_every_change_without_walking_rows(store):
    rng = random.Random(7)
    items = store.add([new(f"{n}.jpg", size=rng.randint(1, 10_000)) for n in range(300)]
                      ).result()
    for _ in range(2000):
        item = rng.choice(items)
        state = rng.choice(list(FileState))
        store.update(item.id, state=state, bytes_done=rng.randint(0, item.size))
        if rng.random() < 0.2:
            store.record_progress(item.id, sent=10, done=rng.randint(0, item.size))
    store.remove([i.id for i in items[:50]])
    store.flush().result()
    totals = store.totals()
    assert totals == dataclasses.replace(recomputed(store.items()),
                                         bytes_per_second=totals.bytes_per_second)


def test_observers_get_only_what_changed_and_progress_is_coalesced(store):
    batches = []
    store.subscribe(batches.append)
    a, b = store.add([new("a.jpg"), new("b.jpg")]).result()
    wait_until(lambda: batches, what="the added batch")
    assert [i.id for i in batches[0].added] == [a.id, b.id]
    assert batches[0].totals.files_total == 2
    store.update(a.id, state=FileState.UPLOADING).result()
    for _ in range(500):
        store.record_progress(a.id, sent=1, done=50)
    wait_until(lambda: any(c.changed and c.changed[0].bytes_done == 50 for c in batches),
               what="the progress batch")
    store.flush().result()
    assert len(batches) < 20  # 500 chunks became a handful of batches
    assert all(item.id == a.id for c in batches[1:] for item in c.changed)
    assert batches[-1].totals.bytes_done == 50
    assert store.get(a.id).bytes_sent == 500
    store.remove([b.id]).result()
    wait_until(lambda: batches[-1].removed == (b.id,), what="the removal batch")


def test_a_write_that_raises_fails_alone(store):
    item = store.add([new("a.jpg")]).result()[0]
    bad = store.update(item.id, state="no such state")
    good = store.update(item.id, state=FileState.HASHING)
    with pytest.raises(ValueError):
        bad.result()
    assert good.result().state is FileState.HASHING


def test_a_write_that_raises_halfway_leaves_memory_totals_and_observers_as_they_were(store):
    batches = []
    a, b = store.add([new("a.jpg"), new("b.jpg")]).result()
    store.flush().result()
    store.subscribe(batches.append)
    before = store.totals()

    def fields_for(item: QueueItem):
        if item.id == b.id:
            raise RuntimeError("a bug in the second row's fields")
        return {"state": FileState.FAILED, "failure": plain("no")}

    halfway = store.update_many([a.id, b.id], fields_for=fields_for)
    with pytest.raises(RuntimeError):
        halfway.result()
    store.flush().result()
    assert store.get(a.id) == a  # the first row's change went back with the rest
    assert store.totals() == before == recomputed(store.items())
    assert not any(c.changed or c.added or c.removed for c in batches)  # nothing published


def test_writes_from_many_threads_all_land(store):
    items = store.add([new(f"{n}.jpg") for n in range(40)]).result()

    def work(item):
        for state in (FileState.HASHING, FileState.WAITING_URL, FileState.UPLOADING,
                      FileState.PROCESSING, FileState.READY):
            store.update(item.id, state=state).result()
    threads = [threading.Thread(target=work, args=(i,)) for i in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.totals().files_done == 40
    store.close()
    reopened = QueueStore(store.path)
    assert all(i.state is FileState.READY for i in reopened.items())
    reopened.close()


def test_parts_meta_and_cleanups_persist(tmp_path):
    from desktop.client.queue_types import Part
    store = QueueStore(tmp_path / "q.sqlite3")
    item = store.add([new("big.tif", size=12)]).result()[0]
    store.save_parts(item.id, [Part(1, 5, "a="), Part(2, 5, "b="), Part(3, 2, "c=")])
    store.set_part_etags(item.id, {2: '"e2"'})
    store.set_meta("paused", "1")
    store.add_cleanup("http://api", "abort", "img1", "up1")
    store.close()
    store = QueueStore(tmp_path / "q.sqlite3")
    assert [(p.number, p.etag) for p in store.parts(item.id).result()] == [
        (1, None), (2, '"e2"'), (3, None)]
    assert store.get_meta("paused").result() == "1"
    [cleanup] = store.cleanups().result()
    assert (cleanup.kind, cleanup.image_id, cleanup.upload_id) == ("abort", "img1", "up1")
    store.remove([item.id]).result()
    assert store.parts(item.id).result() == []  # parts go with their row
    store.close()


LINK = "http://store/thumbnails/img1.webp?X-Amz-Signature=secret"


def image(image_id: str = "img1") -> ImageInfo:
    return ImageInfo(id=image_id, status="ready", error=None, filename="a.jpg", width=4,
                     height=3, bytes=100, created_at="2026-01-01T00:00:00Z",
                     thumbnail_url=LINK, large_url=LINK.replace("thumbnails", "large"))


def stored_images(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return [row[0] for row in db.execute("SELECT image FROM items WHERE image IS NOT NULL")]


def test_the_queue_file_keeps_image_ids_never_presigned_links(tmp_path):
    # A presigned link lets whoever holds the file read the photo until it expires: the
    # queue keeps the image's id and facts; a view asks the API for a link when it shows one.
    path = tmp_path / "queue.sqlite3"
    store = QueueStore(path)
    item = store.add([new("a.jpg")]).result()[0]
    store.update(item.id, state=FileState.READY, image=image()).result()
    store.close()
    [text] = stored_images(path)
    assert "img1" in text and "X-Amz" not in text and "store/" not in text
    again = QueueStore(path)
    try:
        kept = again.get(item.id).image
        assert (kept.id, kept.width, kept.thumbnail_url, kept.large_url) == ("img1", 4, None, None)
    finally:
        again.close()


def test_a_queue_from_schema_1_loses_its_links_and_names_no_gallery(tmp_path):
    path = tmp_path / "queue.sqlite3"
    old = dataclasses.asdict(image())
    with closing(sqlite3.connect(path)) as db:
        db.executescript(MIGRATIONS[0])
        db.execute("INSERT INTO items (path, size, mtime_ns, state, endpoint, image_id, image, "
                   "added_at) VALUES ('/photos/a.jpg', 100, 1, 'ready', 'http://api', 'img1', "
                   "?, 0)", (json.dumps(old),))
        db.execute("PRAGMA user_version=1")
        db.commit()
    store = QueueStore(path)
    try:
        [item] = store.items()
        assert (item.state, item.gallery, item.image.id, item.image.thumbnail_url) == (
            FileState.READY, None, "img1", None)
    finally:
        store.close()
    assert all("X-Amz" not in text for text in stored_images(path))


def test_rows_another_gallery_holds_are_queued_again_for_this_one(store):
    rows = store.add([new(f"{n}.jpg") for n in range(7)]).result()
    a = {"gallery": "id:A", "endpoint": "http://a", "image_id": "img1", "image": image(),
         "sha256": "abc="}
    for row, fields in zip(rows, [
            dict(a, state=FileState.READY),
            dict(a, state=FileState.DUPLICATE),
            dict(a, state=FileState.PROCESSING),
            dict(a, state=FileState.FAILED, failure=plain("boom")),  # not stored: left as it is
            dict(a, state=FileState.READY, gallery="id:B"),       # this gallery's already
            dict(a, state=FileState.READY, gallery=None, endpoint="http://b"),  # from before
            dict(a, state=FileState.READY, gallery=None)]):       # from before, elsewhere
        store.update(row.id, **fields).result()

    again = store.belong_to("id:B", "http://b").result()

    assert [item.id for item in again] == [rows[0].id, rows[1].id, rows[2].id, rows[6].id]
    for item in again:  # the digest is kept: this gallery is asked by it, nothing hashed
        assert (item.state, item.sha256, item.image_id, item.image, item.gallery,
                item.endpoint) == (FileState.QUEUED, "abc=", None, None, None, None)
    now = {item.id: item for item in store.items()}
    assert now[rows[3].id].state is FileState.FAILED
    assert (now[rows[4].id].state, now[rows[4].id].gallery) == (FileState.READY, "id:B")
    assert (now[rows[5].id].state, now[rows[5].id].gallery) == (FileState.READY, "id:B")
    assert store.belong_to("id:B", "http://b").result() == []
    assert store.totals() == recomputed(store.items())
