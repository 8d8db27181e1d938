"""The presign stage alone, against the real local backend: one request gives every waiting
row its URL (held for the upload slots, not used here); rows with the same bytes wait for the
first; bytes the gallery holds end the row as already there; requeue puts rows back in line."""

from __future__ import annotations

import pytest
from helpers import wait_until
from stage_rig import StageRig

from desktop.client.queue_types import FileState
from desktop.client.stage_presign import PresignStage


@pytest.fixture
def rig(tmp_path, local_backend):
    rig = StageRig(tmp_path, local_backend)
    yield rig
    rig.close()


def test_waiting_rows_get_their_urls_held_for_the_slots(rig):
    rig.connect()
    items = [rig.hashed(rig.photo(f"p{n}.jpg")) for n in range(3)]
    rig.state.enqueue(items)
    rig.run(PresignStage(rig.state, rig.retries, rig.ends).loop, "presign")
    wait_until(lambda: len(rig.state.tickets) == 3, what="three URLs held")
    with rig.state.lock:
        assert not rig.state.presigning and not rig.state.presign_q
        assert {rig.state.digests[item.sha256] for item in items} == {i.id for i in items}
    assert all(rig.store.get(i.id).state is FileState.WAITING_URL for i in items)


def test_a_row_with_the_bytes_of_one_on_its_way_waits_for_it(rig):
    rig.connect()
    data = rig.photo("first.jpg").read_bytes()
    first = rig.hashed(rig.dir / "first.jpg")
    second = rig.hashed(rig.photo("second.jpg", data))
    rig.state.enqueue([first, second])
    rig.run(PresignStage(rig.state, rig.retries, rig.ends).loop, "presign")
    wait_until(lambda: first.id in rig.state.tickets, what="the first row's URL")
    with rig.state.lock:
        assert second.id in rig.state.deferred and second.id not in rig.state.tickets
    # Its turn comes when the first row's work ends (stored, failed or stopped).
    rig.state.forget_work(first.id)
    rig.state.release_deferred()
    wait_until(lambda: second.id in rig.state.tickets, what="the second row's URL")


def test_bytes_the_gallery_holds_end_the_row_as_already_there(rig):
    rig.connect()
    path = rig.photo("held.jpg")
    stored = rig.stored_directly(path)
    assert rig.wait_ready_on_server(stored.image_id).status == "ready"
    again = rig.hashed(rig.photo("again.jpg", path.read_bytes()))
    PresignStage(rig.state, rig.retries, rig.ends).presign(rig.api, rig.state.config, [again])
    row = rig.store.get(again.id)
    assert row.state is FileState.DUPLICATE and row.image.id == stored.image_id
    assert row.gallery == rig.state.gallery and again.id not in rig.state.tickets


def test_requeue_puts_rows_back_in_line_for_a_url(rig):
    presign = PresignStage(rig.state, rig.retries, rig.ends)
    presign.requeue([7, 3])
    with rig.state.lock:
        assert sorted(rig.state.presign_q) == [3, 7]
