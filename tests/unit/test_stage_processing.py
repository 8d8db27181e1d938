"""The processing stage alone, against the real local backend: a row whose bytes are stored
is watched until its image is made; an image the server no longer has fails the row; a row
forgotten (stopped) is no longer asked about."""

from __future__ import annotations

import pytest
from stage_rig import StageRig

from desktop.client.api import ImageInfo
from desktop.client.queue_types import FileState
from desktop.client.stage_processing import ProcessingStage

UNKNOWN_ID = "0" * 26  # well-formed, never made


@pytest.fixture
def rig(tmp_path, local_backend):
    rig = StageRig(tmp_path, local_backend)
    stages = []
    yield rig, stages
    for stage in stages:
        stage.close()
    rig.close()


def test_a_stored_row_is_watched_until_its_image_is_ready(rig):
    r, stages = rig
    r.connect()
    path = r.photo("made.jpg")
    item = r.stored_directly(path)
    processing = ProcessingStage(r.state, r.connectivity, r.ends)
    stages.append(processing)
    processing.start()  # watches the queue's processing rows
    ready = r.wait_state(item.id, FileState.READY)
    assert ready.image.id == item.image_id and ready.image.status == "ready"
    assert ready.finished_at is not None


def test_an_image_the_server_no_longer_has_fails_the_row(rig):
    r, stages = rig
    r.connect()
    item = r.hashed(r.photo("gone.jpg"))
    item = r.store.update(item.id, state=FileState.PROCESSING, image_id=UNKNOWN_ID,
                          processing_since=item.added_at).result()
    processing = ProcessingStage(r.state, r.connectivity, r.ends)
    stages.append(processing)
    processing.start()
    failed = r.wait_state(item.id, FileState.FAILED)
    assert "gone.jpg" in failed.error


def test_nothing_is_asked_before_the_config_is_known(rig):
    r, stages = rig
    processing = ProcessingStage(r.state, r.connectivity, r.ends)
    stages.append(processing)
    # Until the config: the queue's rows may belong to another gallery.
    assert not processing._can_poll()
    r.connect()
    assert processing._can_poll()


def test_a_row_restored_after_a_long_stop_gets_its_full_wait_again(rig):
    """Rows stored before the app was killed (or quit) and restored long after: the time it
    was not running does not count, so a first "pending" answer (the backend still resizing
    what it took before) does not fail a photo that then appears in the gallery."""
    r, stages = rig
    r.connect()
    item = r.stored_directly(r.photo("restored.jpg"))
    timeout = r.state.settings.processing_timeout
    item = r.store.update(item.id, processing_since=item.processing_since - 10 * timeout).result()
    with r.state.lock:
        r.state.config = None  # no polling yet: the answer below is the first one
    processing = ProcessingStage(r.state, r.connectivity, r.ends)
    stages.append(processing)
    processing.start()
    pending = ImageInfo(id=item.image_id, status="pending", error=None, filename="restored.jpg",
                        width=None, height=None, bytes=None, created_at="", thumbnail_url=None,
                        large_url=None)
    processing._pending(item.id, pending)  # what the poller calls on a "pending" answer
    assert r.store.get(item.id).state is FileState.PROCESSING, r.store.get(item.id).error
    r.connect()
    processing.wake()
    assert r.wait_state(item.id, FileState.READY, FileState.FAILED).state is FileState.READY


def test_a_row_pending_longer_than_the_timeout_in_this_run_fails_with_a_sentence(rig):
    r, stages = rig
    r.connect()
    item = r.stored_directly(r.photo("slow.jpg"))
    with r.state.lock:
        r.state.config = None
    processing = ProcessingStage(r.state, r.connectivity, r.ends)
    stages.append(processing)
    processing.start()
    timeout = r.state.settings.processing_timeout
    with processing._waiting_lock:  # as if this run had waited longer than the timeout
        processing._waiting_since[item.id] -= 2 * timeout
    r.store.update(item.id, processing_since=item.processing_since - 2 * timeout).result()
    pending = ImageInfo(id=item.image_id, status="pending", error=None, filename="slow.jpg",
                        width=None, height=None, bytes=None, created_at="", thumbnail_url=None,
                        large_url=None)
    processing._pending(item.id, pending)
    failed = r.wait_state(item.id, FileState.FAILED)
    assert "slow.jpg" in failed.error and str(int(timeout)) in failed.error
