"""Fixtures shared by every test suite."""

from __future__ import annotations

import os
import threading

# Before anything imports Qt: tests never open real windows.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from helpers import BackendProcess, wait_until


@pytest.fixture(scope="session", autouse=True)
def no_threads_outlive_the_session():
    """Every thread a test (or the code under test) starts must have ended by the close."""
    before = set(threading.enumerate())
    yield

    def leftover():
        # Dummy threads are foreign (Qt) threads Python merely saw; they never "end" for Python.
        return [t for t in threading.enumerate() if t not in before and t.is_alive()
                and not isinstance(t, threading._DummyThread)]

    try:
        wait_until(lambda: not leftover(), timeout=10, what="threads to end")
    except AssertionError:
        names = ", ".join(sorted(t.name for t in leftover()))
        pytest.fail(f"threads still running after the test session: {names}")


@pytest.fixture(scope="session")
def local_backend(tmp_path_factory):
    """The real local backend (SeaweedFS + our handlers), `{"api_url", "token", "s3_endpoint",
    "data_dir", "pid"}`, for the session.

    It runs as its own process (`thumbdrop-backend`), as the app runs it: the handlers'
    settings are process-wide, and unit tests in this process set the same variables for
    moto's in-process mock. A clean SIGTERM exit is checked at the end.
    """
    backend = BackendProcess(tmp_path_factory.mktemp("local-backend") / "data")
    info = backend.start()
    yield info
    code = backend.stop()
    assert code == 0, f"the local backend exited with {code}; log:\n{backend.log_tail()}"
