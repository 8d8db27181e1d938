"""The network stage alone (with Connectivity and Cleanups), against the real local
backend: the config is fetched, and rows another gallery holds are queued again for this
one; an API that doesn't answer makes the queue wait offline; owed cleanups are done."""

from __future__ import annotations

import socket

import pytest
from stage_rig import StageRig

from desktop.client.api import ApiClient
from desktop.client.cleanups import Cleanups
from desktop.client.queue_types import FileState, RunState
from desktop.client.stage_network import NetworkStage


@pytest.fixture
def rig(tmp_path, local_backend):
    rig = StageRig(tmp_path, local_backend)
    yield rig
    rig.close()


def build(rig):
    heard = {"regallery": [], "back_online": 0}
    cleanups = Cleanups(rig.state)

    def back_online():
        heard["back_online"] += 1
    network = NetworkStage(rig.state, rig.connectivity, cleanups,
                           regallery=lambda items: heard["regallery"].extend(items),
                           back_online=back_online)
    return network, cleanups, heard


def test_the_config_is_fetched_and_rows_of_another_gallery_come_back(rig):
    network, _, heard = build(rig)
    item = rig.hashed(rig.photo("elsewhere.jpg"))
    rig.store.update(item.id, state=FileState.READY, gallery="id:another",
                     image_id="0" * 26, endpoint="http://elsewhere.invalid").result()
    network.fetch_config(rig.api)
    state = rig.state
    assert state.config is not None and not state.need_config and state.online
    assert state.gallery == state.config.gallery_key(rig.api.base_url)
    again = rig.store.get(item.id)
    assert again.state is FileState.QUEUED and again.sha256 == item.sha256  # digest kept
    assert again.image_id is None and item.id in state.hash_q
    assert [i.id for i in heard["regallery"]] == [item.id]
    assert network.requeued_for_gallery == 1


def test_an_api_that_does_not_answer_makes_the_queue_wait(rig):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    silent = ApiClient(f"http://127.0.0.1:{port}", "token", timeout=(1, 1))
    try:
        rig.state.api = silent
        # A request got no answer; the probe gets none either: the queue waits.
        assert rig.connectivity.api_still_answers("no answer") is False
        assert not rig.state.online
        assert rig.store.status().state is RunState.OFFLINE
        network, _, _ = build(rig)
        network.fetch_config(silent)  # the offline probe: still no answer
        assert not rig.state.online
        # The API answers again: the probe brings the queue back.
        rig.state.api = rig.api
        network, _, heard = build(rig)
        network.fetch_config(rig.api)
        assert rig.state.online and heard["back_online"] == 1
        assert rig.store.status().state is RunState.RUNNING
    finally:
        silent.close()


def test_owed_cleanups_are_done_and_crossed_off(rig):
    rig.connect()
    stored = rig.stored_directly(rig.photo("cancelled.jpg"))
    rig.wait_ready_on_server(stored.image_id)
    _, cleanups, _ = build(rig)
    cleanups.owe(rig.api.base_url, "delete", stored.image_id)
    cleanups.owe(rig.api.base_url, "delete", "0" * 26)  # already gone: crossed off too
    with rig.state.lock:
        assert cleanups.due()
    cleanups.run()
    assert rig.store.cleanups().result() == []
    _, missing = rig.api.get_images([stored.image_id])
    assert missing == [stored.image_id]
