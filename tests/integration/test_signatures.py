"""The built-in backend's store checks everything it signed: SeaweedFS behind our presign API.

A PUT with exactly the listed headers is stored. Another Content-Type, another size, other
bytes of the same size, a missing checksum header, a URL moved to another image's key, made-up
or wrong credentials, an expired URL and anonymous requests are all refused by the store
itself, and nothing is stored. CORS names no foreign origin.
"""

from __future__ import annotations

import os
import secrets
import time

import pytest
import requests
from botocore.exceptions import ClientError
from helpers import Api, store_client, store_keys

UPLOAD_BUCKET = "thumbdrop-upload"


@pytest.fixture(scope="module")
def api(local_backend):
    client = Api(local_backend)
    yield client
    client.close()


@pytest.fixture(scope="module")
def s3(local_backend):
    client = store_client(local_backend["data_dir"], local_backend["s3_endpoint"])
    yield client
    client.close()


def photo_bytes(size: int = 40_000) -> bytes:
    return b"\xff\xd8\xff\xe0" + os.urandom(size - 4)


def stored(s3, key: str) -> bytes | None:
    try:
        return s3.get_object(Bucket=UPLOAD_BUCKET, Key=key)["Body"].read()
    except ClientError as err:
        assert err.response["Error"]["Code"] in ("NoSuchKey", "404")
        return None


def test_put_with_exactly_the_listed_headers_is_stored(api, s3):
    data = photo_bytes()
    ticket = api.presign("signed photo.jpg", "image/jpeg", data)
    upload = ticket["upload"]
    assert {"Content-Type", "Content-Length", "x-amz-checksum-sha256"} <= set(upload["headers"])
    response = api.put(ticket, data)
    assert response.status_code == 200, response.text
    assert stored(s3, ticket["key"]) == data
    head = s3.head_object(Bucket=UPLOAD_BUCKET, Key=ticket["key"])
    assert head["ContentType"] == "image/jpeg"
    assert head["Metadata"]["filename"] == "signed%20photo.jpg"


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
def test_put_that_differs_from_what_was_signed_is_refused(api, s3, tamper):
    data = photo_bytes()
    ticket = api.presign("tampered.jpg", "image/jpeg", data)
    body, headers = tamper(data, ticket["upload"]["headers"])
    response = requests.put(ticket["upload"]["url"], data=body, headers=headers, timeout=30)
    assert response.status_code in (400, 403), (response.status_code, response.text)
    assert stored(s3, ticket["key"]) is None


def test_a_url_moved_to_another_images_key_is_refused(api, s3):
    victim_data = photo_bytes()
    victim = api.upload("victim.jpg", "image/jpeg", victim_data)
    attacker_data = photo_bytes()
    attacker = api.presign("attacker.jpg", "image/jpeg", attacker_data)
    moved = attacker["upload"]["url"].replace(attacker["key"], victim["key"])
    assert moved != attacker["upload"]["url"]
    response = requests.put(moved, data=attacker_data, headers=attacker["upload"]["headers"],
                            timeout=30)
    assert response.status_code == 403, response.text
    assert stored(s3, victim["key"]) == victim_data


@pytest.mark.parametrize("keys", ["made-up", "wrong-secret"])
def test_made_up_credentials_can_neither_read_nor_write(local_backend, api, keys):
    ticket = api.upload("private.jpg", "image/jpeg", photo_bytes())
    if keys == "made-up":
        access_key = "AKIA" + secrets.token_hex(8).upper()
    else:
        access_key, _secret = store_keys(local_backend["data_dir"])
    intruder = store_client(local_backend["data_dir"], local_backend["s3_endpoint"],
                            aws_access_key_id=access_key,
                            aws_secret_access_key=secrets.token_urlsafe(30))
    for attempt in (lambda: intruder.list_buckets(),
                    lambda: intruder.list_objects_v2(Bucket=UPLOAD_BUCKET),
                    lambda: intruder.get_object(Bucket=UPLOAD_BUCKET, Key=ticket["key"]),
                    lambda: intruder.put_object(Bucket=UPLOAD_BUCKET, Key=ticket["key"],
                                                Body=b"overwritten")):
        with pytest.raises(ClientError) as refused:
            attempt()
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    intruder.close()


def test_anonymous_requests_are_refused(local_backend, api):
    ticket = api.upload("anonymous.jpg", "image/jpeg", photo_bytes())
    s3 = local_backend["s3_endpoint"]
    for method, path in [("GET", "/"), ("GET", f"/{UPLOAD_BUCKET}"),
                         ("GET", f"/{UPLOAD_BUCKET}/{ticket['key']}"),
                         ("PUT", f"/{UPLOAD_BUCKET}/input/planted.jpg"),
                         ("DELETE", f"/{UPLOAD_BUCKET}/{ticket['key']}")]:
        response = requests.request(method, s3 + path, data=b"x" if method == "PUT" else None,
                                    timeout=30)
        assert response.status_code == 403, (method, path, response.status_code)


def test_an_expired_url_is_refused(s3, api):
    ticket = api.upload("expiring.jpg", "image/jpeg", photo_bytes())
    url = s3.generate_presigned_url("get_object", ExpiresIn=1,
                                    Params={"Bucket": UPLOAD_BUCKET, "Key": ticket["key"]})
    time.sleep(2)  # the URL's own one-second life, not synchronisation
    assert requests.get(url, timeout=30).status_code == 403


def test_cors_names_no_foreign_origin(s3, api):
    ticket = api.upload("cors.jpg", "image/jpeg", photo_bytes())
    url = s3.generate_presigned_url("get_object",
                                    Params={"Bucket": UPLOAD_BUCKET, "Key": ticket["key"]})
    origin = {"Origin": "http://evil.example"}
    preflight = requests.options(url, timeout=30, headers={
        **origin, "Access-Control-Request-Method": "PUT"})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Origin" not in requests.get(url, headers=origin,
                                                             timeout=30).headers
