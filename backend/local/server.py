"""The built-in local backend: moto's S3 + SQS, the presign handler behind a Function URL
adapter, the resize handler fed by S3 notifications, and a disk mirror so data survives.

The handlers are the Lambda code, unchanged, configured through the same environment
variables; moto and the handlers both live in this process, so one LocalBackend runs per
process at a time (moto's state and os.environ are process-wide).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path
from typing import Self

import boto3
import platformdirs
from botocore.config import Config as BotoConfig

from backend.common import config, layout

from . import api_token
from .function_url import FunctionUrlServer
from .lambda_context import LocalContext
from .mirror import DiskMirror
from .moto_server import SHUTDOWN_POLL_SECONDS, MotoServer
from .worker import QueueWorker

log = logging.getLogger("thumbdrop.backend")

UPLOAD_BUCKET = "thumbdrop-upload"
OUTPUT_BUCKET = "thumbdrop-output"
RESIZE_QUEUE = "thumbdrop-resize"
MIRROR_QUEUE = "thumbdrop-mirror"
REGION = "us-east-1"
RESIZE_WORKERS = 2  # two images resize at once: Pillow releases the GIL while it decodes
RESIZE_TIMEOUT_SECONDS = 60
# Longer than a resize can take, so a message is not redelivered while still in hand.
QUEUE_VISIBILITY_SECONDS = 2 * RESIZE_TIMEOUT_SECONDS

_one_per_process = threading.Lock()


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("thumbdrop")) / "backend"


def handler_environment(s3_endpoint: str, token: str) -> dict[str, str | None]:
    """What the handlers read from os.environ here (None = unset). Fake credentials:
    moto accepts any, and real ones must never be sent to a local server. API_BASE_URL
    is set once the API's port is known."""
    return {
        "UPLOAD_BUCKET": UPLOAD_BUCKET,
        "OUTPUT_BUCKET": OUTPUT_BUCKET,
        "API_TOKEN_SHA256": hashlib.sha256(token.encode("utf-8")).hexdigest(),
        "API_BASE_URL": None,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_ADDRESSING_STYLE": "path",
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "thumbdrop-local",
        "AWS_SECRET_ACCESS_KEY": "thumbdrop-local",
        "AWS_SESSION_TOKEN": None,
        "OUTPUT_ACCESS": "presigned",  # moto serves the private bucket through presigned GETs
        "OUTPUT_PUBLIC_BASE_URL": None,
    }


def _client(service: str, endpoint: str):
    return boto3.client(
        service,
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id="thumbdrop-local",
        aws_secret_access_key="thumbdrop-local",
        config=BotoConfig(
            s3={"addressing_style": "path"},
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        ),
    )


def _queue_rule(queue_arn: str, events: list[str], prefix: str | None = None) -> dict:
    rule = {"QueueArn": queue_arn, "Events": events}
    if prefix:
        rule["Filter"] = {"Key": {"FilterRules": [{"Name": "prefix", "Value": prefix}]}}
    return rule


class LocalBackend:
    def __init__(self, data_dir: Path | str | None = None, host: str = "127.0.0.1",
                 port: int = 0, token: str | None = None):
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self._host = host
        self._port = port
        self._token_override = token
        self.info: dict | None = None
        self._owns_process_slot = False
        self._saved_env: dict[str, str | None] = {}
        self._moto: MotoServer | None = None
        self._clients: list = []
        self._workers: list[QueueWorker] = []
        self._mirror_worker: QueueWorker | None = None
        self._api: FunctionUrlServer | None = None
        self._api_thread: threading.Thread | None = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> dict:
        """Starts everything and returns {"api_url", "token", "s3_endpoint", "data_dir"}."""
        if not _one_per_process.acquire(blocking=False):
            raise RuntimeError("A local backend is already running in this process; "
                               "stop it first or use its api_url.")
        self._owns_process_slot = True
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> dict:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        token = self._token_override or api_token.load_or_create(self.data_dir)
        self._moto = MotoServer()
        s3_endpoint = self._moto.start()
        self._set_environment(handler_environment(s3_endpoint, token))
        # Imported once the environment is set, as on Lambda, where it is set before any import.
        from backend.presign.handler import handler as presign
        from backend.resize.handler import handler as resize

        s3, sqs = _client("s3", s3_endpoint), _client("sqs", s3_endpoint)
        self._clients = [s3, sqs]
        for bucket in (UPLOAD_BUCKET, OUTPUT_BUCKET):
            s3.create_bucket(Bucket=bucket)
        resize_queue, resize_arn = self._create_queue(sqs, RESIZE_QUEUE)
        mirror_queue, mirror_arn = self._create_queue(sqs, MIRROR_QUEUE)

        mirror = DiskMirror(self.data_dir)
        mirror.prepare()
        unprocessed = self._reload(mirror)
        # Notifications only now, so putting the saved objects back triggered nothing.
        # (moto accepts two queues for one event; on AWS this fan-out would go through SNS.)
        changes = ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]
        s3.put_bucket_notification_configuration(Bucket=UPLOAD_BUCKET, NotificationConfiguration={
            "QueueConfigurations": [
                _queue_rule(resize_arn, ["s3:ObjectCreated:*"], prefix="input/"),
                _queue_rule(mirror_arn, changes),
            ]})
        s3.put_bucket_notification_configuration(Bucket=OUTPUT_BUCKET, NotificationConfiguration={
            "QueueConfigurations": [_queue_rule(mirror_arn, changes)]})
        # Originals whose resize never finished (the backend stopped first) get it now.
        for key in unprocessed:
            mirror.restore(s3, UPLOAD_BUCKET, key)

        # Bound first: the handlers' absolute URLs (API_BASE_URL) need the port. No handler
        # has read its settings yet, so every one sees the final environment.
        self._api = FunctionUrlServer((self._host, self._port), presign, "thumbdrop-presign")
        api_url = f"http://{self._host}:{self._api.server_address[1]}"
        self._set_environment({"API_BASE_URL": api_url})
        self._api_thread = threading.Thread(target=self._api.serve_forever, name="thumbdrop-api",
                                            args=(SHUTDOWN_POLL_SECONDS,))
        self._api_thread.start()

        def run_resize(event: dict) -> None:
            resize(event, LocalContext("thumbdrop-resize", RESIZE_TIMEOUT_SECONDS))

        self._workers = [QueueWorker(sqs, resize_queue, run_resize, name=f"thumbdrop-resize-{n}")
                         for n in range(RESIZE_WORKERS)]
        self._mirror_worker = QueueWorker(sqs, mirror_queue, lambda event: mirror.apply_event(
            s3, event), name="thumbdrop-mirror")
        for worker in (*self._workers, self._mirror_worker):
            worker.start()

        self.info = {
            "api_url": api_url,
            "token": token,
            "s3_endpoint": s3_endpoint,
            "data_dir": str(self.data_dir),
        }
        log.info("local backend ready: API %s, S3 %s, data in %s",
                 self.info["api_url"], s3_endpoint, self.data_dir)
        return self.info

    def _create_queue(self, sqs, name: str) -> tuple[str, str]:
        url = sqs.create_queue(QueueName=name, Attributes={
            "VisibilityTimeout": str(QUEUE_VISIBILITY_SECONDS)})["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
        return url, arn["Attributes"]["QueueArn"]

    def _reload(self, mirror: DiskMirror) -> list[str]:
        """Puts the saved objects back into moto; returns the originals never resized."""
        unprocessed = []
        for bucket in (UPLOAD_BUCKET, OUTPUT_BUCKET):
            for key in mirror.stored_keys(bucket):
                image_id = layout.id_from_input_key(key) if bucket == UPLOAD_BUCKET else None
                if image_id and not mirror.has(OUTPUT_BUCKET, layout.record_key(image_id)):
                    unprocessed.append(key)
                    continue
                saved = mirror.saved(bucket, key)
                self._moto.preload(bucket, key, saved.path.read_bytes(), saved.content_type,
                                   saved.metadata)
        return unprocessed

    def _set_environment(self, values: dict[str, str | None]) -> None:
        for name, value in values.items():
            self._saved_env.setdefault(name, os.environ.get(name))
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        config.cached.cache_clear()  # settings are read once per "cold start"
        # boto3's default session keeps the first credentials it resolved; start from ours.
        boto3.setup_default_session()

    def stop(self) -> None:
        """Stops serving, lets work in hand finish, saves what is queued, joins every thread."""
        if self._api is not None:
            self._api.shutdown()
            self._api.close_connections()
            self._api.server_close()
            self._api_thread.join()
            self._api = self._api_thread = None
        # All asked at once, so their last polls overlap instead of adding up.
        for worker in (*self._workers, *filter(None, [self._mirror_worker])):
            worker.request_stop()
        for worker in self._workers:
            worker.stop()
        self._workers = []
        if self._mirror_worker is not None:
            self._mirror_worker.stop()
            try:
                self._mirror_worker.drain()  # the resizes just finished wrote objects to save
            except Exception:
                log.exception("could not save the last changes to %s", self.data_dir)
            self._mirror_worker = None
        if config.cached.cache_info().currsize:
            config.cached()[1].close()  # the handlers' S3 client keeps sockets open to moto
        for client in self._clients:
            client.close()
        self._clients = []
        if self._moto is not None:
            self._moto.stop()
            self._moto = None
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_env = {}
        config.cached.cache_clear()
        self.info = None
        if self._owns_process_slot:
            self._owns_process_slot = False
            _one_per_process.release()
