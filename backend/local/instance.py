"""One backend per data dir: a lock held for the backend's life, and a note saying where it is.

`<data_dir>/backend.lock` is locked (flock/LockFileEx) by the running backend; the OS drops the
lock when that process dies, however it dies, so a stale lock cannot exist.
`<data_dir>/backend.json` `{pid, api_url, s3_endpoint}` tells others how to reach it;
`running(data_dir)` is how the app and the CLI attach to it instead of starting a second; a
backend removes backend.json as its stop begins, so a stopping one is never attached to.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from backend.common.private_files import write_private

from .credentials import TOKEN_FILE

LOCK_FILE = "backend.lock"
INFO_FILE = "backend.json"
# thumbdrop-backend's exit code when another backend holds the data dir, so a parent that
# raced another parent to start one knows to attach instead.
EXIT_ALREADY_RUNNING = 4
# running() takes the lock for an instant to see whether anyone holds it; a backend starting
# at that instant tries again for this long before concluding another backend holds it.
PROBE_GRACE_SECONDS = 1.0


class AlreadyRunning(RuntimeError):
    """Another backend holds this data dir."""


class InstanceLock:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self._file = None

    def acquire(self) -> None:
        """Takes the lock, or raises AlreadyRunning with a sentence naming the holder."""
        handle = open(self.data_dir / LOCK_FILE, "a+b")  # noqa: SIM115 (held while running)
        os.chmod(handle.name, 0o600)
        deadline = time.monotonic() + PROBE_GRACE_SECONDS
        while not (locked := _try_lock(handle)) and time.monotonic() < deadline:
            time.sleep(0.02)
        if not locked:
            handle.close()
            holder = _read_info(self.data_dir)
            who = f"process {holder['pid']} ({holder.get('api_url')})" if holder else \
                "another process"
            raise AlreadyRunning(
                f"Another Thumbdrop backend, {who}, already uses {self.data_dir}. "
                "Use that one, stop it first, or pass a different --data-dir.")
        self._file = handle

    def publish(self, info: dict) -> None:
        """Writes backend.json once the backend is ready (only the lock holder does)."""
        write_private(self.data_dir / INFO_FILE, json.dumps(info) + "\n")

    def unpublish(self) -> None:
        """Removes backend.json as a stop begins, so nobody attaches to a backend that is
        going away (it holds the lock until it has stopped)."""
        if self._file is not None:
            (self.data_dir / INFO_FILE).unlink(missing_ok=True)

    def release(self) -> None:
        if self._file is None:
            return
        self.unpublish()
        self._file.close()  # closing drops the lock
        self._file = None


def running(data_dir: Path | str) -> dict | None:
    """{"pid", "api_url", "s3_endpoint", "token", "data_dir"} of the backend running on this
    data dir, or None when none is (or it is still starting)."""
    data_dir = Path(data_dir)
    try:
        handle = open(data_dir / LOCK_FILE, "rb")  # noqa: SIM115
    except FileNotFoundError:
        return None
    with handle:
        if _try_lock(handle):  # nobody holds it: no backend
            _unlock(handle)
            return None
    info = _read_info(data_dir)
    if info is None or not _alive(info["pid"]):
        return None  # locked but not ready yet, or stopping
    try:
        token = (data_dir / TOKEN_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return {**info, "token": token, "data_dir": str(data_dir)}


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    if sys.platform == "win32":
        return True  # the lock is held, and nothing cheaper says more
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_info(data_dir: Path) -> dict | None:
    try:
        info = json.loads((data_dir / INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or not {"pid", "api_url", "s3_endpoint"} <= set(info):
        return None
    return info


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(handle) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
