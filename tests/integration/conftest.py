"""Fixtures for tests that need a backend of their own module (not the session's shared one):
they restart it, stress its connections or read its logs."""

from __future__ import annotations

import pytest
from helpers import Api, BackendProcess


@pytest.fixture(scope="module")
def backend(tmp_path_factory, request):
    process = BackendProcess(tmp_path_factory.mktemp(request.module.__name__) / "data")
    process.start()
    # Start-up time is reported, not asserted (no wall-clock assertions in tests).
    print(f"\nthumbdrop-backend ready in {process.startup_seconds:.2f} s")
    yield process
    assert process.stop() == 0, process.log_tail()


@pytest.fixture
def api(backend):
    client = Api(backend.info)
    yield client
    client.close()
