"""Shared pieces for the presign handler tests: real payload-2.0 events against moto's S3.

Only AWS is simulated (moto's in-process mock); the handler, routing, validation and
signing are the real code. Objects resize would write are put straight into the bucket.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import boto3
import pytest
from moto import mock_aws

from backend.common import config, ids, layout
from backend.presign.handler import handler
from backend.resize.handler import write_index_keys

TOKEN = "s3cr3t-token-for-tests"
TOKEN_SHA256 = hashlib.sha256(TOKEN.encode()).hexdigest()
DOMAIN = "abcdefghij.lambda-url.us-east-1.on.aws"
UPLOAD_BUCKET = "thumbdrop-uploads"
OUTPUT_BUCKET = "thumbdrop-output"
SHA = base64.b64encode(hashlib.sha256(b"photo bytes").digest()).decode()


def make_event(method: str, path: str, *, query: dict | str | None = None, body=None,
               token: str | None = TOKEN, headers: dict | None = None,
               base64_body: bool = False, domain: str | None = DOMAIN) -> dict:
    """A Function URL event with every field payload format 2.0 carries."""
    raw_query = query if isinstance(query, str) else urlencode(query or {})
    all_headers = {"host": DOMAIN, "user-agent": "pytest", "x-forwarded-proto": "https",
                   "x-amzn-trace-id": "Root=1-0-0", "accept": "application/json"}
    if token is not None:
        all_headers["authorization"] = f"Bearer {token}"
    if body is not None:
        all_headers["content-type"] = "application/json"
    all_headers.update(headers or {})
    if isinstance(body, dict | list):
        body = json.dumps(body)
    if isinstance(body, bytes):
        body, base64_body = base64.b64encode(body).decode(), True
    elif base64_body and body is not None:
        body = base64.b64encode(body.encode()).decode()
    event = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": raw_query,
        "cookies": [],
        "headers": all_headers,
        "requestContext": {
            "accountId": "anonymous",
            "apiId": "abcdefghij",
            "domainName": domain,
            "domainPrefix": "abcdefghij",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                     "sourceIp": "192.0.2.1", "userAgent": "pytest"},
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "routeKey": "$default",
            "stage": "$default",
            "time": "28/Nov/2026:04:13:40 +0000",
            "timeEpoch": int(time.time() * 1000),
        },
        "isBase64Encoded": base64_body,
    }
    if raw_query:
        event["queryStringParameters"] = dict(
            pair.split("=", 1) if "=" in pair else (pair, "") for pair in raw_query.split("&")
        )
    if body is not None:
        event["body"] = body
    return event


@dataclass
class Reply:
    status: int
    headers: dict
    body: dict | None


@dataclass
class Backend:
    s3: object
    monkeypatch: pytest.MonkeyPatch

    def configure(self, **env: str) -> None:
        """Changes environment variables as a fresh cold start would see them."""
        for name, value in env.items():
            self.monkeypatch.setenv(name, value)
        config.cached.cache_clear()

    def call(self, method: str, path: str, **kwargs) -> Reply:
        response = handler(make_event(method, path, **kwargs), None)
        raw = response.get("body") or ""
        return Reply(response["statusCode"], response.get("headers", {}),
                     json.loads(raw) if raw else None)

    def upload(self, filename="photo.jpg", content_type="image/jpeg", size=11, sha256=SHA):
        reply = self.call("POST", "/uploads", body={
            "filename": filename, "content_type": content_type, "size": size, "sha256": sha256})
        assert reply.status == 201, reply.body
        return reply.body

    def put_original(self, image_id: str, filename: str = "photo.jpg", data: bytes = b"jpeg",
                     content_type: str = "image/jpeg"):
        """What a presigned PUT stores."""
        self.s3.put_object(Bucket=UPLOAD_BUCKET, Key=layout.input_key(image_id), Body=data,
                           ContentType=content_type,
                           Metadata={"filename": quote(filename, safe=""),
                                     "sha256": hashlib.sha256(data).hexdigest()})

    def put_result(self, image_id: str, status: str = "ready", error: str | None = None,
                   filename: str = "photo.jpg", sha256_hex: str | None = None,
                   taken_at: str | None = None, camera: str | None = None,
                   lens: str | None = None):
        """What resize writes when it has finished with one original (the record last)."""
        record = {"id": image_id, "status": status, "error": error, "filename": filename,
                  "width": 4000 if status == "ready" else None,
                  "height": 3000 if status == "ready" else None,
                  "bytes": 1234, "created_at": ids.created_at(image_id),
                  "content_type": "image/jpeg", "sha256": sha256_hex or "ab" * 32,
                  "taken_at": taken_at or (ids.created_at(image_id)[:19] + "+00:00"),
                  "taken_at_source": "exif" if taken_at else "upload",
                  "camera": {"name": camera, "lens": lens} if camera or lens else None,
                  "location": None}
        if status == "ready":
            for key in (layout.thumbnail_key(image_id), layout.large_key(image_id)):
                self.s3.put_object(Bucket=OUTPUT_BUCKET, Key=key, Body=b"webp")
            write_index_keys(self.s3, OUTPUT_BUCKET, record)
        self.s3.put_object(Bucket=OUTPUT_BUCKET, Key=layout.record_key(image_id),
                           Body=json.dumps(record).encode())
        return record

    def keys(self, bucket: str) -> list[str]:
        listing = self.s3.list_objects_v2(Bucket=bucket)
        return [entry["Key"] for entry in listing.get("Contents", [])]


@contextmanager
def presign_backend(monkeypatch):
    """moto's S3 with both buckets, and the environment the handler reads."""
    values = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
              "AWS_SESSION_TOKEN": "testing", "AWS_REGION": "us-east-1",
              "UPLOAD_BUCKET": UPLOAD_BUCKET, "OUTPUT_BUCKET": OUTPUT_BUCKET,
              "API_TOKEN_SHA256": TOKEN_SHA256}
    for name in ("S3_ENDPOINT_URL", "OUTPUT_ACCESS", "OUTPUT_PUBLIC_BASE_URL",
                 "UPLOAD_URL_EXPIRES", "MAX_UPLOAD_BYTES", "AWS_DEFAULT_REGION", "API_BASE_URL",
                 "MULTIPART_THRESHOLD_BYTES", "MULTIPART_PART_BYTES", "DOWNLOAD_URL_EXPIRES",
                 "MAX_LINK_SECONDS", "ORIGINAL_RETENTION_DAYS", "PENDING_TIMEOUT_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    config.cached.cache_clear()
    try:
        with mock_aws():
            s3 = boto3.client("s3", region_name="us-east-1")
            s3.create_bucket(Bucket=UPLOAD_BUCKET)
            s3.create_bucket(Bucket=OUTPUT_BUCKET)
            yield Backend(s3, monkeypatch)
    finally:
        config.cached.cache_clear()
