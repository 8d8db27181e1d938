"""Helpers shared by the test suites (imported as `helpers`; tests/ is on sys.path via conftest)."""

from __future__ import annotations

import base64
import ctypes
import hashlib
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from keyring.backend import KeyringBackend

T = TypeVar("T")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def wait_until(predicate: Callable[[], T], timeout: float = 30.0, interval: float = 0.05,
               what: str = "the condition") -> T:
    """Polls until predicate() returns something truthy and returns it.

    The deadline is a generous safety net against hanging, not a performance assertion.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def fill_disk(folder: Path) -> Path:
    """Fills the filesystem holding `folder` to its last byte with a file there (as another
    program would); returns the file, whose removal gives the space back."""
    path = Path(folder) / "filler"
    with open(path, "wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass
    return path


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def s3_calls(client) -> list[str]:
    """The S3 operations `client` makes from now on, by name and in order.

    botocore's own before-call event fires once per API call (retries are not counted;
    presigning a URL makes no call at all), so a test can pin how many requests, and
    which kinds, a route costs.
    """
    names: list[str] = []
    client.meta.events.register("before-call.s3.*",
                                lambda model, **_: names.append(model.name))
    return names


def child_environment() -> dict[str, str]:
    """os.environ for a child process of ours (backend or app) that imports the project."""
    # The child must not inherit handler settings a test process may have set.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "S3_", "UPLOAD_", "OUTPUT_", "API_"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return env


def store_keys(data_dir: Path) -> tuple[str, str]:
    """(access key, secret key) of a local backend's store, from its data dir."""
    identity = json.loads((Path(data_dir) / "s3.json").read_text())["identities"][0]
    credential = identity["credentials"][0]
    return credential["accessKey"], credential["secretKey"]


def store_client(data_dir: Path, endpoint: str, **keys):
    """boto3 S3 on a local backend's store, with its credentials unless others are given."""
    import boto3
    from botocore.config import Config

    if not keys:
        access, secret = store_keys(data_dir)
        keys = {"aws_access_key_id": access, "aws_secret_access_key": secret}
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"},
                                      retries={"max_attempts": 1}), **keys)


def process_exists(pid: int) -> bool:
    """True while `pid` runs (a zombie, already dead but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps secrets in a dict (the OS keyring is not ours to touch)."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


def lone_store(data_dir: Path):
    """A WeedServer on `data_dir` with no backend around it (its webhook goes nowhere), for
    tests of the store's own start-up; `data_dir` must exist."""
    from backend.local.credentials import S3_CONFIG_FILE, load_or_create_s3_keys
    from backend.local.weed import Webhook, WeedServer

    return WeedServer(data_dir / "weed", s3_keys=load_or_create_s3_keys(data_dir),
                      s3_config=data_dir / S3_CONFIG_FILE,
                      webhook=Webhook("http://127.0.0.1:9/events", "unused",
                                      "/buckets/thumbdrop-upload/input"),
                      allowed_origin="http://127.0.0.1:9", volume_min_free_bytes=1 << 20)


def deselect_unless(config, items, variable: str, belongs: Callable[[object], bool]) -> None:
    """Deselects the tests `belongs` picks unless the environment sets `variable` to 1 (the
    make target that runs them does; `make test` stays fast)."""
    if os.environ.get(variable) == "1":
        return
    kept = [item for item in items if not belongs(item)]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


# Loaded here, not in the forked child, where loading could wait on a lock another thread held.
_LIBC = ctypes.CDLL(None) if sys.platform.startswith("linux") else None


def _die_with_parent() -> None:
    """On Linux, the child gets SIGTERM when the test process dies (even by SIGKILL),
    so an interrupted test run leaves no backend behind."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG; one syscall, no locks


class BackendProcess:
    """`thumbdrop-backend` as a child process: started, its JSON line read, stopped by SIGTERM
    (or SIGKILLed by a kill test)."""

    def __init__(self, data_dir: Path, *extra_args: str, cwd: Path = PROJECT_ROOT):
        self.data_dir = Path(data_dir)
        self._cwd = cwd
        self.stderr_path = (cwd / self.data_dir).parent / f"{self.data_dir.name}-backend.log"
        self._args = [sys.executable, "-m", "backend.local", "--port", "0",
                      "--data-dir", str(self.data_dir), *extra_args]
        self.process: subprocess.Popen | None = None
        self.info: dict | None = None
        self.startup_seconds: float | None = None
        self.trailing_stdout = b""

    def start(self, timeout: float = 60.0) -> dict:
        started = time.perf_counter()
        with open(self.stderr_path, "ab") as stderr:
            self.process = subprocess.Popen(self._args, stdout=subprocess.PIPE, stderr=stderr,
                                            cwd=self._cwd, env=child_environment(),
                                            preexec_fn=_die_with_parent)  # noqa: PLW1509
        line = self._read_line(timeout)
        self.startup_seconds = time.perf_counter() - started
        self.info = json.loads(line)
        return self.info

    def _read_line(self, timeout: float) -> str:
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"the backend printed nothing in {timeout} s; "
                                     f"log:\n{self.log_tail()}")
        line = self.process.stdout.readline().decode("utf-8")
        if not line:
            self.process.wait()
            raise AssertionError(f"the backend exited with {self.process.returncode} before "
                                 f"it was ready; log:\n{self.log_tail()}")
        return line

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, wait, and return the exit code (killing it if it hangs).

        What it printed after the JSON line is left in `trailing_stdout`.
        """
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"the backend ignored SIGTERM for {timeout} s; "
                                 f"log:\n{self.log_tail()}") from None
        self.trailing_stdout = self.process.stdout.read()
        self.process.stdout.close()
        return code

    def kill(self) -> None:
        """SIGKILL, the way a crash or the OOM killer ends it: no cleanup of any kind."""
        self.process.kill()
        self.process.wait()
        self.process.stdout.close()

    def weed_pid(self) -> int:
        return int((self.data_dir / "weed" / "weed.pid").read_text())

    def s3(self):
        """A boto3 S3 client with the store's own credentials (from the data dir)."""
        return store_client(self.data_dir, self.info["s3_endpoint"])

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.stderr_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"


class Api:
    """A tiny client of the API over requests, so tests read as the HTTP they send."""

    def __init__(self, info: dict):
        import requests

        self.base = info["api_url"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {info['token']}"

    def presign(self, filename: str, content_type: str, data: bytes, *,
                allow_duplicates: bool = True) -> dict:
        """A new upload for `data` (tests upload the same bytes again on purpose)."""
        response = self.session.post(f"{self.base}/uploads", json={
            "filename": filename, "content_type": content_type, "size": len(data),
            "sha256": sha256_b64(data), "allow_duplicates": allow_duplicates}, timeout=30)
        assert response.status_code == 201, response.text
        return response.json()

    @staticmethod
    def put(ticket: dict, data: bytes):
        """PUTs with exactly the headers the API listed, nothing added by a session."""
        import requests

        return requests.put(ticket["upload"]["url"], data=data,
                            headers=ticket["upload"]["headers"], timeout=30)

    def upload(self, filename: str, content_type: str, data: bytes) -> dict:
        ticket = self.presign(filename, content_type, data)
        put = self.put(ticket, data)
        assert put.status_code == 200, put.text
        return ticket

    def image(self, image_id: str) -> dict:
        response = self.session.get(f"{self.base}/images/{image_id}", timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def wait_done(self, image_id: str, timeout: float = 120) -> dict:
        def done():
            image = self.image(image_id)
            return image if image["status"] != "pending" else None

        return wait_until(done, timeout=timeout, what=f"image {image_id} to leave 'pending'")

    def gallery_ids(self) -> list[str]:
        response = self.session.get(f"{self.base}/images", timeout=30)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    def delete(self, image_id: str) -> int:
        return self.session.delete(f"{self.base}/images/{image_id}", timeout=30).status_code

    def close(self):
        self.session.close()
