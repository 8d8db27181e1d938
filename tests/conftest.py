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


def _backend_for_the_session(tmp_path_factory, name: str, *args: str):
    backend = BackendProcess(tmp_path_factory.mktemp(name) / "data", *args)
    info = backend.start()
    yield info
    code = backend.stop()
    assert code == 0, f"the local backend exited with {code}; log:\n{backend.log_tail()}"


@pytest.fixture(scope="session")
def local_backend(tmp_path_factory):
    """The real local backend (SeaweedFS + our handlers), `{"api_url", "token", "s3_endpoint",
    "data_dir", "pid"}`, for the session.

    It runs as its own process (`thumbdrop-backend`), as the app runs it: the handlers'
    settings are process-wide, and unit tests in this process set the same variables for
    moto's in-process mock. A clean SIGTERM exit is checked at the end.
    """
    yield from _backend_for_the_session(tmp_path_factory, "local-backend")


@pytest.fixture(scope="session")
def public_backend(tmp_path_factory):
    """A second local backend, started with `--public-renditions` (OUTPUT_ACCESS=public: anyone
    may GET thumbnails/ and large/ from its store), for the session, like `local_backend`."""
    yield from _backend_for_the_session(tmp_path_factory, "public-backend", "--public-renditions")
