"""Attaching to the built-in backend (the app, `thumbdrop-cli --local`): only to one that is alive
and staying. A backend whose owner died is stopping (its stdin closed); a rerun right then must
start a backend of its own, not attach to the one on its way out and wait on it forever."""

from __future__ import annotations

import socket

import requests
from helpers import wait_until

from desktop.client.local_backend import LocalBackendProcess


def _refuses(api_url: str) -> bool:
    host, port = api_url.removeprefix("http://").rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
    except OSError:
        return True
    return False


def test_a_rerun_while_the_last_runs_backend_stops_starts_a_new_one(tmp_path):
    data_dir = tmp_path / "data"
    first = LocalBackendProcess(data_dir)
    old = first.start()
    owner_pipe = first._process
    owner_pipe.stdin.close()  # what the owner's death does: the backend begins to stop
    wait_until(lambda: _refuses(old.api_url), timeout=30, what="the old API to close")

    second = LocalBackendProcess(data_dir)
    try:
        new = second.start()
        owner_pipe.wait(60)  # the old one has gone for good
        assert second.owned and new.pid != old.pid
        answer = requests.get(f"{new.api_url}/config", timeout=10,
                              headers={"Authorization": f"Bearer {new.token}"})
        assert answer.status_code == 200
    finally:
        second.stop()
        first.stop()
