"""Fixtures shared by every test suite."""

from __future__ import annotations

import os

# Before anything imports Qt: tests never open real windows.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from helpers import BackendProcess


@pytest.fixture(scope="session")
def local_backend(tmp_path_factory):
    """The real local backend, `{"api_url", "token", "s3_endpoint", "data_dir"}`, for the session.

    It runs as its own process (`thumbdrop-backend`), because moto's state and the handlers'
    settings are process-wide: in this process, tests that use moto's mocks reset moto and
    set the same environment variables. A clean SIGTERM exit is checked at the end.
    """
    backend = BackendProcess(tmp_path_factory.mktemp("local-backend") / "data")
    info = backend.start()
    yield info
    code = backend.stop()
    assert code == 0, f"the local backend exited with {code}; log:\n{backend.log_tail()}"
