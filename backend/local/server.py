"""The built-in local backend: SeaweedFS as the S3 store, the presign handler behind a Function
URL adapter, and the resize handler fed by the store's events, all on one machine.

The handlers are the Lambda code, unchanged, configured only through the environment
variables Lambda would set; this process sets them before it imports the handlers. One
LocalBackend runs per process (the environment is process-wide) and one per data dir
(instance.py).

Data dir (folders 0700, files 0600):
    backend.lock, backend.json   who runs here (instance.py)
    token, s3.json               the API token and the store's keys (credentials.py)
    events.sqlite3               resize jobs not yet done (event_queue.py)
    weed/                        SeaweedFS: its data, config and logs (weed.py)
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import ipaddress
import logging
import os
import secrets
import threading
from pathlib import Path
from typing import Self

import boto3
from botocore.config import Config as BotoConfig

from backend.common import config, layout
from backend.common.private_files import private_dir

from . import addresses, credentials, legacy_import
from .durability import filesystem_flush
from .event_queue import EventQueue
from .function_url import MAX_REQUEST_BODY, FunctionUrlApp
from .http_server import WsgiServer
from .instance import InstanceLock
from .intake import EventIntake
from .paths import default_data_dir
from .reconcile import PeriodicReconcile, Reconciler
from .resize_pool import ResizePool, core_count
from .s3_front import S3Front
from .storage import StorageGuard
from .weed import Webhook, WeedServer

log = logging.getLogger("thumbdrop.backend")

UPLOAD_BUCKET = "thumbdrop-upload"
OUTPUT_BUCKET = "thumbdrop-output"
REGION = "us-east-1"
API_THREADS = 8  # presign requests wait on S3 more than they compute
INTAKE_THREADS = 2
RESIZE_STOP_SECONDS = 60.0  # how long a stop waits for resizes in hand
QUEUE_FILE = "events.sqlite3"

_one_per_process = threading.Lock()


def handler_environment(*, s3_endpoint: str, api_url: str, token: str,
                        keys: credentials.S3Keys, gallery_id: str,
                        public_renditions: bool = False) -> dict[str, str | None]:
    """What the handlers read from os.environ (None = unset), as Lambda would set it.
    With public renditions, links name the output bucket on the store's client-facing
    endpoint (path style), where anyone may GET thumbnails/ and large/."""
    return {
        "UPLOAD_BUCKET": UPLOAD_BUCKET,
        "OUTPUT_BUCKET": OUTPUT_BUCKET,
        "GALLERY_ID": gallery_id,  # the bucket names are the same in every data dir
        "API_TOKEN_SHA256": credentials.token_sha256(token),
        "API_TOKEN": None,  # no plain token in any environment
        "API_BASE_URL": api_url,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_ADDRESSING_STYLE": "path",
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": keys.access_key,
        "AWS_SECRET_ACCESS_KEY": keys.secret_key,
        "AWS_SESSION_TOKEN": None,
        "AWS_PROFILE": None,  # a user's ~/.aws profile must not replace the store's keys
        "AWS_ENDPOINT_URL": None,
        "AWS_ENDPOINT_URL_S3": None,
        # One S3 client serves every API thread and resize worker: enough connections for
        # all of them at once, each batch request making up to S3_CONNECTIONS calls.
        "S3_POOL_CONNECTIONS": str(API_THREADS * config.S3_CONNECTIONS + core_count() + 4),
        "OUTPUT_ACCESS": "public" if public_renditions else "presigned",
        "OUTPUT_PUBLIC_BASE_URL": f"{s3_endpoint}/{OUTPUT_BUCKET}" if public_renditions else None,
    }


def url_host(host: str) -> str:
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host  # a host name


class LocalBackend:
    def __init__(self, data_dir: Path | str | None = None, host: str = "127.0.0.1",
                 port: int = 0, *, min_free_bytes: int | None = None,
                 public_renditions: bool = False, on_fatal=lambda sentence: None):
        # Absolute once, here: weed runs in a folder of its own, where a relative path would
        # name another place, and backend.json tells other processes where we are.
        self.data_dir = (Path(data_dir).expanduser() if data_dir is not None
                         else default_data_dir()).resolve()
        self._host = host
        self._port = port
        self._public_renditions = public_renditions
        self._storage = StorageGuard(self.data_dir) if min_free_bytes is None else \
            StorageGuard(self.data_dir, min_free_bytes)
        self._on_fatal = on_fatal
        self.info: dict | None = None
        self._owns_process_slot = False
        self._lock = InstanceLock(self.data_dir)
        self._queue: EventQueue | None = None
        self._weed: WeedServer | None = None
        self._front: S3Front | None = None
        self._intake: WsgiServer | None = None
        self._api: WsgiServer | None = None
        self._pool: ResizePool | None = None
        self._reconcile: PeriodicReconcile | None = None
        self._s3 = None
        self._import_thread: threading.Thread | None = None
        self._reread_thread: threading.Thread | None = None
        self._reread_stop = threading.Event()
        self._s3_requests = RequestCounter()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def weed(self) -> WeedServer | None:
        return self._weed

    def start(self) -> dict:
        """Starts everything; returns {"api_url", "token", "s3_endpoint", "data_dir", "pid"}.
        Raises AlreadyRunning when another backend holds the data dir."""
        if not _one_per_process.acquire(blocking=False):
            raise RuntimeError("A local backend is already running in this process.")
        self._owns_process_slot = True
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> dict:
        os.umask(0o077)  # everything we and weed create: this user only
        private_dir(self.data_dir)
        self._lock.acquire()
        if self._storage.release_reserve_if_full():
            log.warning("the data dir's disk is full: starting with uploads refused; the "
                        "gallery can be browsed and photos deleted, and uploads are taken "
                        "again once there is space")
        else:
            self._storage.problem()  # makes the reserve while there is room
        token = credentials.load_or_create_token(self.data_dir)
        keys = credentials.load_or_create_s3_keys(self.data_dir)
        # As on AWS with OutputAccess: public: the renditions only, never index/ or digests/.
        credentials.set_anonymous_reads(self.data_dir, [
            f"{OUTPUT_BUCKET}/{prefix}*" for prefix in (layout.THUMBNAIL_PREFIX,
                                                        layout.LARGE_PREFIX)
        ] if self._public_renditions else [])
        self._queue = EventQueue(self.data_dir / QUEUE_FILE)

        # Sockets first: the handlers' environment names our own addresses.
        webhook_token = secrets.token_urlsafe(32)
        intake_app = _LateBoundApp()
        self._intake = WsgiServer(intake_app, "127.0.0.1", 0, name="thumbdrop-intake",
                                  threads=INTAKE_THREADS, max_body=4 * 1024 * 1024)
        api_app = _LateBoundApp()
        last_ports = addresses.remembered(self.data_dir)

        def api_on(port: int) -> WsgiServer:
            return WsgiServer(api_app, self._host, port, name="thumbdrop-api",
                              threads=API_THREADS, max_body=MAX_REQUEST_BODY)
        self._api = (api_on(self._port) if self._port else
                     addresses.bind_first(last_ports.get("api", 0), "api", api_on))
        api_url = f"http://{url_host(self._host)}:{self._api.port}"
        self._weed = WeedServer(
            self.data_dir / "weed", s3_keys=keys,
            s3_config=self.data_dir / credentials.S3_CONFIG_FILE,
            webhook=Webhook(url=f"http://127.0.0.1:{self._intake.port}/events",
                            token=webhook_token,
                            path_prefix=f"/buckets/{UPLOAD_BUCKET}/{layout.INPUT_PREFIX}"
                            .rstrip("/")),
            allowed_origin=api_url,
            volume_min_free_bytes=self._storage.min_free_bytes // 4,
            on_restart=lambda: self._reconcile and self._reconcile.request(),
            on_fatal=self._on_fatal)
        self._weed.launch()  # it boots while the handlers import

        # Clients and handlers reach S3 through the front: it answers writes once on disk.
        flush = filesystem_flush(self._weed.dir)

        def front_on(port: int) -> S3Front:
            front = S3Front(self._host, port, self._weed.s3_upstream, flush,
                            storage_problem=self._storage.problem)
            front.start()
            return front
        self._front = addresses.bind_first(last_ports.get("s3", 0), "s3", front_on)
        s3_endpoint = f"http://{url_host(self._host)}:{self._front.port}"
        addresses.remember(self.data_dir, api=self._api.port, s3=self._front.port)
        _set_environment(handler_environment(s3_endpoint=s3_endpoint, api_url=api_url,
                                             token=token, keys=keys,
                                             gallery_id=credentials.load_or_create_gallery_id(
                                                 self.data_dir),
                                             public_renditions=self._public_renditions))
        boto3.DEFAULT_SESSION.events.register("before-send.s3", self._s3_requests.count)

        # Imported once the environment is set, as on Lambda, where it is set before any import.
        from backend.presign.handler import handler as presign
        from backend.resize.handler import handler as resize
        from backend.resize.on_failure import handler as on_failure

        intake_app.target = EventIntake(self._queue, webhook_token, UPLOAD_BUCKET,
                                        layout.INPUT_PREFIX)
        api_app.target = FunctionUrlApp(
            presign, "thumbdrop-presign", domain_name=api_url.removeprefix("http://"),
            storage_problem=self._storage.problem,
            is_authorized=_bearer_check(credentials.token_sha256(token)))
        self._intake.start()
        self._weed.wait_ready()
        self._s3 = _s3_client(self._weed.s3_endpoint, keys)  # direct, never through the relay
        for bucket in (UPLOAD_BUCKET, OUTPUT_BUCKET):
            _ensure_bucket(self._s3, bucket)

        self._pool = ResizePool(self._queue, resize, on_failure, self._weed.up,
                                storage_problem=self._storage.problem)
        self._pool.start()
        self._reconcile = PeriodicReconcile(
            Reconciler(self._s3, UPLOAD_BUCKET, OUTPUT_BUCKET, self._queue), self._weed.up)
        self._reconcile.start()
        self._api.start()
        self.info = {
            "api_url": api_url,
            "token": token,
            "s3_endpoint": s3_endpoint,
            "data_dir": str(self.data_dir),
            "pid": os.getpid(),
        }
        self._lock.publish({"pid": os.getpid(), "api_url": api_url, "s3_endpoint": s3_endpoint})
        log.info("local backend ready: API %s, S3 %s, data in %s (%d resize workers)",
                 api_url, s3_endpoint, self.data_dir, self._pool.size)
        self._start_facts_reread()
        if legacy_import.wanted(self.data_dir):
            self._import_thread = threading.Thread(
                target=legacy_import.run,
                args=(self._s3, UPLOAD_BUCKET, OUTPUT_BUCKET, self.data_dir),
                name="thumbdrop-import")
            self._import_thread.start()
        return self.info

    def _start_facts_reread(self) -> None:
        """Images processed before dates were read get them, once, in the background (it
        goes on from its checkpoint after a stop; nothing to do once it says done)."""
        from backend.resize import reread  # like the handlers: once the environment is set

        checkpoint = reread.FileCheckpoint(self.data_dir / "facts-reread.json")
        if checkpoint.load().get("done"):
            return
        settings = config.load()  # the handlers' environment, set above
        self._reread_stop.clear()
        def run() -> None:
            try:
                reread.run(self._s3, settings, checkpoint, self._reread_stop)
            except Exception as exc:  # noqa: BLE001 (the store went away: the next start goes on)
                log.warning("the re-read of camera facts stopped (%s); it goes on from where it "
                            "was at the next start", exc)

        self._reread_thread = threading.Thread(target=run, name="thumbdrop-facts-reread",
                                               daemon=True)
        self._reread_thread.start()

    def stop(self) -> None:
        """Stops taking requests, lets resizes in hand finish (bounded), stops the store."""
        self._lock.unpublish()  # first: nobody attaches to a backend on its way out
        self._reread_stop.set()
        if self._reread_thread is not None:
            self._reread_thread.join()
            self._reread_thread = None
        for server in (self._api, self._intake):
            if server is not None:
                server.stop()
        self._api = self._intake = None
        if self._import_thread is not None:
            self._import_thread.join()
            self._import_thread = None
        if self._reconcile is not None:
            self._reconcile.stop()
            self._reconcile = None
        if self._pool is not None:
            if not self._pool.stop(RESIZE_STOP_SECONDS):
                log.warning("resizes still running after %.0f s are cut short; they run again "
                            "at the next start", RESIZE_STOP_SECONDS)
            self._pool = None
        if self._front is not None:
            log.info("S3 writes made durable in %s", self._front.flush_summary())
            self._front.stop()
            self._front = None
        if self._weed is not None:
            self._weed.stop()
            self._weed = None
        if config.cached.cache_info().currsize:
            config.cached().s3.close()  # the handlers' S3 client keeps sockets open
        config.cached.cache_clear()
        if self._s3 is not None:
            self._s3.close()
            self._s3 = None
        if self._queue is not None:
            self._queue.close()
            self._queue = None
        if self._s3_requests.total:
            log.info("S3 requests made by the handlers and reconcile: %s",
                     self._s3_requests.summary())
        self._lock.release()
        self.info = None
        if self._owns_process_slot:
            self._owns_process_slot = False
            _one_per_process.release()


class RequestCounter:
    """Counts the S3 requests our handlers send (the clients' own PUTs go to the store
    directly), by operation, for the log and the benchmark."""

    def __init__(self):
        self._counts: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()

    def count(self, event_name: str, **_) -> None:
        with self._lock:
            self._counts[event_name.rsplit(".", 1)[-1]] += 1

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def summary(self) -> str:
        with self._lock:
            parts = ", ".join(f"{name} {n}" for name, n in self._counts.most_common())
            return f"{sum(self._counts.values())} ({parts})"


class _LateBoundApp:
    """A WSGI app that forwards to `target`, so a server can bind (and learn its port) before
    the app exists. Nothing is served before start(), by which time target is set."""
    target = None

    def __call__(self, environ, start_response):
        return self.target(environ, start_response)


def _bearer_check(token_sha256: str):
    expected = bytes.fromhex(token_sha256)

    def is_authorized(headers: dict[str, str]) -> bool:
        scheme, _, given = headers.get("authorization", "").strip().partition(" ")
        digest = hashlib.sha256(given.strip().encode("utf-8", "surrogatepass")).digest()
        return scheme.lower() == "bearer" and hmac.compare_digest(digest, expected)

    return is_authorized


def _set_environment(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    config.cached.cache_clear()  # settings are read once per "cold start"
    # boto3's default session keeps the first credentials it resolved; start from ours.
    boto3.setup_default_session()


def _s3_client(endpoint: str, keys: credentials.S3Keys):
    return boto3.client(
        "s3", region_name=REGION, endpoint_url=endpoint,
        aws_access_key_id=keys.access_key, aws_secret_access_key=keys.secret_key,
        config=BotoConfig(s3={"addressing_style": "path"},
                          retries={"max_attempts": 3, "mode": "standard"},
                          request_checksum_calculation="when_required",
                          response_checksum_validation="when_required"))


def _ensure_bucket(s3, bucket: str) -> None:
    try:
        s3.create_bucket(Bucket=bucket)
    except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
        pass
