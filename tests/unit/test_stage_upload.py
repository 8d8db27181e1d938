"""The upload stage alone (with the presign and multipart stages it hands work to), against
the real local backend: a small file whose URL is held is sent by a slot and handed to the
processing stage; a URL too old to trust goes back to the presign stage; surplus slots
leave when concurrency shrinks."""

from __future__ import annotations

import time

import pytest
from helpers import wait_until
from stage_rig import StageRig

from desktop.client.queue_types import FileState
from desktop.client.stage_multipart import MultipartStage
from desktop.client.stage_presign import PresignStage
from desktop.client.stage_upload import UploadStage


@pytest.fixture
def rig(tmp_path, local_backend):
    made = []

    def make(**settings):
        made.append(StageRig(tmp_path, local_backend, **settings))
        return made[-1]
    yield make
    for rig in made:
        upload = getattr(rig, "upload", None)
        with rig.state.lock:
            slots = list(upload.threads) if upload else []
        rig.close(*slots)


def build(rig) -> UploadStage:
    presign = PresignStage(rig.state, rig.retries, rig.ends)
    multipart = MultipartStage(rig.state, rig.retries, rig.ends)
    rig.upload = UploadStage(rig.state, rig.retries, rig.ends, presign, multipart)
    return rig.upload


def test_a_small_file_with_its_url_is_sent_and_handed_to_processing(rig):
    r = rig(concurrency=2)
    r.connect()
    path = r.photo("small.jpg")
    item = r.hashed(path)
    ticket = r.ticket(item)
    with r.state.lock:
        r.state.tickets[item.id] = (ticket, time.monotonic() + 600)
    upload = build(r)
    with r.state.lock:
        upload.start_slots()
    stored = r.wait_state(item.id, FileState.PROCESSING)
    assert stored.image_id == ticket.id and stored.bytes_done == item.size
    assert stored.endpoint == r.api.base_url and stored.gallery == r.state.gallery
    wait_until(lambda: [i.id for i in r.watched] == [item.id], what="the row watched")
    with r.state.lock:
        assert not r.state.claims and not r.state.tickets
    image = r.wait_ready_on_server(ticket.id)
    assert image.status == "ready" and image.bytes == item.size


def test_a_url_too_old_to_trust_goes_back_for_a_new_one(rig):
    r = rig()
    r.connect()
    item = r.hashed(r.photo("stale.jpg"))
    ticket = r.ticket(item)
    with r.state.lock:
        r.state.tickets[item.id] = (ticket, time.monotonic() - 1)
    upload = build(r)
    with r.state.lock:
        upload.start_slots()
    wait_until(lambda: item.id in r.state.presign_q, what="the row back in the presign line")
    assert item.id not in r.state.tickets
    assert r.store.get(item.id).state is FileState.WAITING_URL


def test_surplus_slots_leave_when_concurrency_shrinks(rig):
    r = rig(concurrency=4)
    upload = build(r)
    with r.state.lock:
        upload.start_slots()
    assert len(upload.threads) == 4
    r.state.configure(concurrency=1)
    wait_until(lambda: len(upload.threads) == 1, what="three slots to leave")
