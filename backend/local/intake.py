"""The event intake: the store's filer webhook posts here (loopback only, its own token).

Each object created under the upload bucket's input/ is committed to the event queue before
the answer, so a 200 means the event is on disk; anything else makes the filer retry.
Directory entries, other prefixes and other buckets are acknowledged and dropped.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
import time

from .event_queue import EventQueue, Job
from .s3_events import COMPLETE_MULTIPART, PUT

log = logging.getLogger("thumbdrop.backend.intake")

MAX_EVENT_BYTES = 4 * 1024 * 1024  # one filer event; a multipart entry lists its chunks
BUCKETS_DIR = "/buckets/"


class EventIntake:
    """WSGI app: POST <any path> with `Authorization: Bearer <token>` and one filer event."""

    def __init__(self, queue: EventQueue, token: str, upload_bucket: str, input_prefix: str):
        self._queue = queue
        self._token = token.encode()
        self._bucket = upload_bucket
        self._prefix = input_prefix

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] != "POST":
            return _answer(start_response, "405 Method Not Allowed", "POST events here.")
        given = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").encode()
        if not hmac.compare_digest(given, self._token):
            return _answer(start_response, "401 Unauthorized", "Wrong or missing token.")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_EVENT_BYTES:
            return _answer(start_response, "400 Bad Request", "Send one JSON event.")
        try:
            event = json.loads(environ["wsgi.input"].read(length))
            job = self.job_for(event)
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
            log.warning("the store sent an event we cannot read; ignored")
            return _answer(start_response, "400 Bad Request", "Not a filer event.")
        if job is not None:
            try:
                self._queue.add(job)
            except Exception:
                # Not stored, so not acknowledged: the filer retries, and reconcile is the net.
                log.exception("could not store the event for %s", job.key)
                return _answer(start_response, "503 Service Unavailable", "Not stored; retry.")
            log.debug("queued %s (%s)", job.key, job.event_name)
        return _answer(start_response, "200 OK", "")

    def job_for(self, event: dict) -> Job | None:
        """The resize job an event asks for, or None for events we do not act on."""
        if event.get("event_type") not in ("create", "update"):
            return None
        entry = event["message"].get("new_entry") or {}
        if entry.get("is_directory"):
            return None
        path = event["key"]
        if not path.startswith(BUCKETS_DIR):
            return None
        bucket, _, key = path[len(BUCKETS_DIR):].partition("/")
        if bucket != self._bucket or not key.startswith(self._prefix):
            return None
        extended = {name.lower(): value for name, value in (entry.get("extended") or {}).items()}
        attributes = entry.get("attributes") or {}
        multipart = "x-seaweedfs-upload-id" in extended
        return Job(key=key, bucket=bucket, event_name=COMPLETE_MULTIPART if multipart else PUT,
                   size=int(attributes.get("file_size", 0)), etag=_etag(extended, attributes),
                   received_at=time.time())


def _etag(extended: dict, attributes: dict) -> str:
    stored = extended.get("seaweed-x-amz-etag")
    if stored:
        return base64.b64decode(stored).decode("ascii", "replace")
    md5 = attributes.get("md5")
    return base64.b64decode(md5).hex() if md5 else ""


def _answer(start_response, status: str, text: str) -> list[bytes]:
    body = text.encode()
    start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
