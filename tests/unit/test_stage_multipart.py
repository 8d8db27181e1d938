"""The multipart stage alone, against the real local backend: a big file is created, its
parts signed and sent (here by the test's own thread, as an upload slot would), completed and
handed to the processing stage; one halted by the queue goes back in line and continues from
the parts the store holds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image
from stage_rig import StageRig

from desktop.client.engine_state import Halt
from desktop.client.queue_types import FileState
from desktop.client.stage_multipart import MultipartStage


@pytest.fixture
def rig(tmp_path, local_backend):
    rig = StageRig(tmp_path, local_backend)
    yield rig
    rig.close()


def send_parts(rig, multipart, limit=None) -> int:
    """Runs the parts an upload slot would take, one at a time; returns how many ran."""
    ran = 0
    while limit is None or ran < limit:
        with rig.state.lock:
            unit = multipart.next_part()
        if unit is None:
            return ran
        unit()
        ran += 1
    return ran


def noise_png(path: Path) -> Path:
    """A photo of noise a little over one part (8 MiB): two parts, and resize can read it."""
    width, height = 2048, 1440
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(path, "PNG")
    return path


def big_row(rig):
    config = rig.connect()
    path = noise_png(rig.dir / "big.png")
    assert path.stat().st_size > config.part_bytes
    item = rig.hashed(path, config.part_size_for(path.stat().st_size))
    rig.state.enqueue([item])
    return config, item


def test_a_big_file_goes_up_in_parts_and_is_handed_to_processing(rig):
    config, item = big_row(rig)
    multipart = MultipartStage(rig.state, rig.retries, rig.ends)
    with rig.state.lock:
        taken = multipart.next_to_start()
    assert taken is not None and taken[0].id == item.id
    assert multipart.start(*taken) is True  # the session holds the row's claim now
    assert item.id in rig.state.sessions
    assert send_parts(rig, multipart) == -(-item.size // config.part_bytes)
    row = rig.store.get(item.id)
    assert row.state is FileState.PROCESSING and row.bytes_done == item.size
    assert [i.id for i in rig.watched] == [item.id]
    with rig.state.lock:
        assert not rig.state.sessions and not rig.state.claims
    image = rig.wait_ready_on_server(row.image_id)
    assert image.status == "ready" and image.bytes == item.size


def test_a_halted_upload_continues_from_the_parts_the_store_holds(rig):
    config, item = big_row(rig)
    multipart = MultipartStage(rig.state, rig.retries, rig.ends)
    with rig.state.lock:
        taken = multipart.next_to_start()
    assert multipart.start(*taken)
    assert send_parts(rig, multipart, limit=1) == 1
    with rig.state.lock:  # Pause all, a hold or a new API: the queue halts the work
        rig.state.halt_all(Halt.QUEUE)
        rig.state.reap_sessions()
        assert not rig.state.sessions and item.id in rig.state.multipart_q
    stored = [p for p in rig.store.parts(item.id).result() if p.etag]
    assert [p.number for p in stored] == [1]
    with rig.state.lock:
        again = multipart.next_to_start()
    assert again is not None and multipart.start(*again)
    assert rig.state.sessions[item.id].done_bytes() == config.part_bytes
    assert send_parts(rig, multipart) == 1  # only the part not stored yet
    assert rig.store.get(item.id).state is FileState.PROCESSING
