"""The built-in backend as the app and `thumbdrop-cli --local` use it: attach to the one that
already runs on the data dir, or start `thumbdrop-backend` as a child process and read its
ready line. Qt-free, so the CLI and plain tests use it too.

The child gets `--exit-with-stdin` and a pipe as stdin: when this process ends, however it
ends, the pipe closes and the backend stops (and its store with it). `stop()` ends only a
backend this object started; an attached one belongs to whoever started it.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from backend.common.programs import own_command
from backend.local.instance import EXIT_ALREADY_RUNNING, running

from .i18n import translate

log = logging.getLogger(__name__)

START_TIMEOUT_SECONDS = 90.0  # a safety net: the backend is usually ready in ~2-3 s
LOG_FILE = "backend.log"  # in the data dir; the previous one is kept as backend.log.1
LOG_ROTATE_BYTES = 5 * 1024 * 1024
STOP_TIMEOUT_SECONDS = 45.0
ATTACH_CHECK_SECONDS = 5.0  # a running backend answers GET /config in milliseconds  # it lets running resizes finish first (bounded on its side)


@dataclass(frozen=True)
class BackendInfo:
    """What a ready backend publishes (its ready line, or instance.running for one already
    there): where its API and store answer, the API's token, its data dir and process."""

    api_url: str
    token: str
    s3_endpoint: str
    data_dir: Path
    pid: int

    @classmethod
    def from_json(cls, info: dict) -> BackendInfo:
        return cls(api_url=str(info["api_url"]), token=str(info["token"]),
                   s3_endpoint=str(info["s3_endpoint"]), data_dir=Path(info["data_dir"]),
                   pid=int(info["pid"]))


class LocalBackendError(RuntimeError):
    """The backend could not be started or reached; the message is a sentence for people."""


class LocalBackendProcess:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.log_path = self.data_dir / LOG_FILE
        self.info: BackendInfo | None = None
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._stopped = False

    @property
    def owned(self) -> bool:
        """True when this object started the backend (and stop() will end it)."""
        return self._process is not None

    def start(self, timeout: float = START_TIMEOUT_SECONDS) -> BackendInfo:
        """What the ready backend published (attached to, or started here)."""
        deadline = time.monotonic() + timeout
        while True:
            published = running(self.data_dir)
            if published is not None and _answers(info := BackendInfo.from_json(published)):
                log.info("attached to the built-in backend already running (pid %s)", info.pid)
                self.info = info
                return info
            if published is not None:  # published but not answering: it is going away
                time.sleep(0.2)
                continue
            process = self._spawn()
            line = _first_line(process, max(0.0, deadline - time.monotonic()))
            process.stdout.close()  # the backend prints nothing after its ready line
            if line:
                self.info = BackendInfo.from_json(json.loads(line))
                log.info("started the built-in backend (pid %s)", process.pid)
                return self.info
            code = process.wait()
            process.stdin.close()
            with self._lock:
                self._process = None
                if self._stopped:
                    raise LocalBackendError(_stopped_while_starting())
            # Another app or CLI started one on this data dir a moment ago: attach to it.
            if code == EXIT_ALREADY_RUNNING and time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            raise LocalBackendError(self._failure_sentence(code))

    def _spawn(self) -> subprocess.Popen:
        with self._lock:
            if self._stopped:
                raise LocalBackendError(_stopped_while_starting())
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            _rotate(self.log_path)
            fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "wb") as log_file:  # the child keeps its own copy
                self._process = subprocess.Popen(
                    [*own_command("thumbdrop-backend", "backend.local"),
                     "--data-dir", str(self.data_dir), "--exit-with-stdin"],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log_file,
                    env=_environment())
            return self._process

    def gone(self) -> str | None:
        """A sentence when the backend this object started has ended on its own (killed, or
        crashed) before stop(); None while it runs, or when it isn't ours to watch."""
        with self._lock:
            process = self._process
        if process is None or self._stopped or (code := process.poll()) is None:
            return None
        how = (translate("LocalBackend", "it was killed (signal {signal})").format(
            signal=-code) if code < 0 else
            translate("LocalBackend", "it exited with code {code}").format(code=code))
        return translate("LocalBackend", "The built-in backend stopped: {how} (its log: {log})."
                         ).format(how=how, log=self.log_path)

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        """Stops the backend if this object started it (also while it is still starting)."""
        with self._lock:
            self._stopped = True
            process, self._process = self._process, None
        if process is None:
            return
        process.stdin.close()  # --exit-with-stdin: the backend starts its clean stop
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("the built-in backend did not stop within %.0f s; killing it", timeout)
            process.kill()
            process.wait()
        log.info("built-in local backend stopped")

    def _log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _failure_sentence(self, code: int | None) -> str:
        last = [line for line in self._log_tail().splitlines() if line.strip()]
        reason = last[-1].removeprefix("thumbdrop-backend").lstrip(": ") if last else \
            translate("LocalBackend", "it exited with code {code}").format(code=code)
        return translate("LocalBackend", "The built-in backend could not start: {reason} (its "
                                         "log: {log}).").format(reason=reason, log=self.log_path)


def _answers(info: BackendInfo) -> bool:
    """Whether a published backend serves its API now (one that is stopping does not)."""
    request = urllib.request.Request(f"{info.api_url}/config",
                                     headers={"Authorization": f"Bearer {info.token}"})
    try:
        with urllib.request.urlopen(request, timeout=ATTACH_CHECK_SECONDS) as answer:
            return answer.status == 200
    except (OSError, ValueError):
        return False


def _stopped_while_starting() -> str:
    return translate("LocalBackend", "The built-in backend was stopped while starting.")


def _rotate(path: Path) -> None:
    try:
        if path.stat().st_size > LOG_ROTATE_BYTES:
            os.replace(path, path.with_name(path.name + ".1"))
    except FileNotFoundError:
        pass


def _first_line(process: subprocess.Popen, timeout: float) -> str | None:
    """The backend's ready line, or None when it exits (or the wait runs out) first."""
    lines: queue.Queue[bytes] = queue.Queue()
    reader = threading.Thread(target=lambda: lines.put(process.stdout.readline()),
                              name="thumbdrop-backend-ready")
    reader.start()
    try:
        line = lines.get(timeout=timeout)
    except queue.Empty:
        process.kill()  # unblocks the reader: the pipe closes
        line = b""
    reader.join()
    return line.decode("utf-8").strip() or None


def _environment() -> dict[str, str]:
    """Ours, minus settings meant for handlers elsewhere (the backend sets its own)."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("AWS_", "S3_", "UPLOAD_", "OUTPUT_", "API_TOKEN"))}
