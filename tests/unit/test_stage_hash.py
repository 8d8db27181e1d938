"""The hash stage alone: a queued row is read once, its digest stored, and it goes in line
for its URL; a file that changed since it was queued fails with a sentence; nothing is
hashed before the API's config says what it takes."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from stage_rig import StageRig, digest_b64

from desktop.client.queue_types import FileState
from desktop.client.stage_hash import HashStage


@pytest.fixture
def rig(tmp_path, local_backend):
    rig = StageRig(tmp_path, local_backend)
    yield rig
    rig.close()


def test_a_queued_file_is_hashed_once_and_goes_in_line_for_its_url(rig):
    rig.connect()
    path = rig.photo("a.jpg")
    item = rig.queued(path)
    rig.state.enqueue([item])
    rig.run(HashStage(rig.state, rig.ends).loop, "hash")
    done = rig.wait_state(item.id, FileState.WAITING_URL)
    assert done.sha256 == digest_b64(path.read_bytes())
    assert done.part_bytes is None  # small: one PUT
    with rig.state.lock:
        assert item.id in rig.state.presign_q and rig.state.staged[item.id] == item.size
        assert not rig.state.claims


def test_a_file_changed_since_it_was_queued_fails_with_its_name(rig):
    rig.connect()
    path = rig.photo("changed.jpg")
    item = rig.queued(path)
    path.write_bytes(path.read_bytes() + b"more")
    rig.state.enqueue([item])
    rig.run(HashStage(rig.state, rig.ends).loop, "hash")
    failed = rig.wait_state(item.id, FileState.FAILED)
    assert "changed.jpg" in failed.error and failed.sha256 is None


def test_nothing_is_hashed_before_the_config_is_known(rig):
    path = rig.photo("early.jpg")
    item = rig.queued(path)
    rig.state.enqueue([item])
    rig.run(HashStage(rig.state, rig.ends).loop, "hash")
    threading.Event().wait(0.3)  # an observation window, not a synchronisation
    assert rig.store.get(item.id).state is FileState.QUEUED
    rig.connect()
    assert rig.wait_state(item.id, FileState.WAITING_URL).sha256 == digest_b64(
        path.read_bytes())


def test_a_big_file_gets_its_part_digests_and_goes_to_the_multipart_line(rig):
    config = rig.connect()
    path = rig.big("big.jpg", 1)
    item = rig.queued(path)
    # The server's threshold is far above a test's file: a rule that makes it multipart.
    with rig.state.lock:
        rig.state.config = dataclasses.replace(config, multipart_threshold=1)
    rig.state.enqueue([item])
    rig.run(HashStage(rig.state, rig.ends).loop, "hash")
    done = rig.wait_state(item.id, FileState.WAITING_URL)
    assert done.part_bytes == config.part_bytes
    assert done.sha256 == digest_b64(path.read_bytes())
    # One part (the file is smaller than a part): its digest is the file's.
    assert [p.sha256 for p in rig.store.parts(item.id).result()] == [done.sha256]
    with rig.state.lock:
        assert item.id in rig.state.multipart_q and item.id not in rig.state.presign_q
