"""POST /uploads and GET /uploads: the presigned PUT, its headers, and every refusal."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
import requests
from test_presign_support import (
    DOMAIN,
    OUTPUT_BUCKET,
    SHA,
    UPLOAD_BUCKET,
    make_event,
    presign_backend,
)

from backend.common import error_codes, ids, layout
from backend.presign.handler import handler


@pytest.fixture
def backend(monkeypatch):
    with presign_backend(monkeypatch) as running:
        yield running


def _valid(**overrides) -> dict:
    fields = {"filename": "photo.jpg", "content_type": "image/jpeg", "size": 11, "sha256": SHA}
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not ...}


def _signed(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query)["X-Amz-SignedHeaders"][0].split(";")


def test_post_returns_a_ticket_for_a_server_made_key(backend):
    reply = backend.call("POST", "/uploads", body=_valid())
    assert reply.status == 201
    body = reply.body
    assert body["status"] == "upload"
    assert ids.is_valid(body["id"])
    assert body["key"] == f"input/{body['id'][-2:]}/{body['id']}"
    assert body["status_url"] == f"https://{DOMAIN}/images/{body['id']}"
    upload = body["upload"]
    assert upload["method"] == "PUT"
    assert urlsplit(upload["url"]).path.endswith(f"/{body['key']}")
    assert upload["headers"] == {"Content-Type": "image/jpeg", "Content-Length": "11",
                                 "x-amz-checksum-sha256": SHA,
                                 "x-amz-meta-filename": "photo.jpg",
                                 "x-amz-meta-sha256": base64.b64decode(SHA).hex()}
    assert reply.headers["content-type"] == "application/json"


def test_the_listed_headers_are_exactly_the_signed_ones(backend):
    upload = backend.upload()["upload"]
    assert sorted(_signed(upload["url"])) == sorted(
        [name.lower() for name in upload["headers"]] + ["host"])
    assert set(_signed(upload["url"])) >= {"content-type", "content-length",
                                           "x-amz-checksum-sha256", "x-amz-meta-sha256"}


def test_a_put_with_the_listed_headers_stores_the_original_with_its_name(backend):
    data = b"photo bytes"
    ticket = backend.upload(filename="été 📷.jpg", size=len(data),
                            sha256=base64.b64encode(hashlib.sha256(data).digest()).decode())
    put = requests.put(ticket["upload"]["url"], data=data, headers=ticket["upload"]["headers"],
                       timeout=10)
    assert put.status_code == 200, put.text
    head = backend.s3.head_object(Bucket=UPLOAD_BUCKET, Key=ticket["key"])
    assert head["ContentType"] == "image/jpeg"
    assert unquote(head["Metadata"]["filename"]) == "été 📷.jpg"
    assert head["Metadata"]["sha256"] == hashlib.sha256(data).hexdigest()


def test_expiry_comes_from_the_signed_url_and_is_configurable(backend):
    backend.configure(UPLOAD_URL_EXPIRES="60")
    body = backend.upload()
    assert parse_qs(urlsplit(body["upload"]["url"]).query)["X-Amz-Expires"] == ["60"]
    expires = datetime.fromisoformat(body["expires_at"])
    assert abs(expires - datetime.now(UTC) - timedelta(seconds=60)) < timedelta(seconds=5)


def test_expiry_is_capped_at_15_minutes(backend):
    backend.configure(UPLOAD_URL_EXPIRES="86400")
    body = backend.upload()
    assert parse_qs(urlsplit(body["upload"]["url"]).query)["X-Amz-Expires"] == ["900"]


@pytest.mark.parametrize("name", ["red flower.jpg", "été 📷.jpg", "../../etc/passwd",
                                  "a/b\\c%2F.jpg", "x" * 255])
def test_odd_filenames_stay_data_and_never_reach_the_key(backend, name):
    body = backend.upload(filename=name)
    assert body["key"] == f"input/{body['id'][-2:]}/{body['id']}"
    encoded = body["upload"]["headers"]["x-amz-meta-filename"]
    assert encoded == quote(name, safe="") and encoded.isascii()
    assert unquote(encoded) == name
    assert "passwd" not in urlsplit(body["upload"]["url"]).path


def test_content_type_is_normalised(backend):
    body = backend.upload(content_type="IMAGE/PNG; charset=binary")
    assert body["upload"]["headers"]["Content-Type"] == "image/png"


def test_sha256_is_signed_in_canonical_base64(backend):
    digest = hashlib.sha256(b"x").digest()
    body = backend.upload(sha256=base64.b64encode(digest).decode())
    assert body["upload"]["headers"]["x-amz-checksum-sha256"] == base64.b64encode(digest).decode()


def test_the_query_string_form_gives_the_same_ticket(backend):
    reply = backend.call("GET", "/uploads", query={
        "filename": "red flower+1.jpg", "content_type": "image/webp", "size": "2048",
        "sha256": SHA})
    assert reply.status == 201, reply.body
    assert reply.body["upload"]["headers"]["Content-Type"] == "image/webp"
    assert reply.body["upload"]["headers"]["Content-Length"] == "2048"
    assert reply.body["upload"]["headers"]["x-amz-meta-filename"] == quote(
        "red flower+1.jpg", safe="")
    assert reply.body["upload"]["headers"]["x-amz-checksum-sha256"] == SHA


def test_the_classroom_query_without_a_checksum_is_told_what_to_add(backend):
    # The checksum is signed so S3 refuses corrupted bytes; the old three-field form must say so.
    reply = backend.call("GET", "/uploads", query={
        "filename": "a.jpg", "content_type": "image/jpeg", "size": "100"})
    assert (reply.status, reply.body["error"]) == (400, "bad_request")
    assert "SHA-256 checksum is missing" in reply.body["message"]
    assert "'sha256'" in reply.body["message"]


def test_status_url_comes_from_api_base_url_else_the_function_url_domain(backend):
    hostile = {"host": "evil.example", "x-forwarded-proto": "http",
               "x-forwarded-host": "evil.example"}
    reply = backend.call("POST", "/uploads", body=_valid(), headers=hostile)
    assert reply.body["status_url"] == f"https://{DOMAIN}/images/{reply.body['id']}"
    backend.configure(API_BASE_URL="http://127.0.0.1:8123/")
    reply = backend.call("POST", "/uploads", body=_valid(), headers=hostile)
    assert reply.body["status_url"] == f"http://127.0.0.1:8123/images/{reply.body['id']}"


def test_without_api_base_url_or_domain_name_the_host_header_is_not_trusted(backend):
    reply = backend.call("POST", "/uploads", body=_valid(), domain=None,
                         headers={"host": "evil.example"})
    assert (reply.status, reply.body["error"]) == (500, "internal")


def test_base64_encoded_bodies_are_decoded(backend):
    reply = backend.call("POST", "/uploads", body='{"filename": "a.jpg", "content_type": '
                         f'"image/jpeg", "size": 5, "sha256": "{SHA}"}}', base64_body=True)
    assert reply.status == 201


def test_presigned_rendition_urls_point_at_the_output_keys(backend):
    body = backend.upload()
    for field, prefix in (("thumbnail_url", "thumbnails"), ("large_url", "large")):
        url = urlsplit(body[field])
        assert url.path.endswith(f"{OUTPUT_BUCKET}/{prefix}/{body['id'][-2:]}/{body['id']}.webp")
        assert parse_qs(url.query)["X-Amz-Expires"] == ["3600"]


def test_public_rendition_urls(backend):
    backend.configure(OUTPUT_ACCESS="public")
    body = backend.upload()
    shard = body["id"][-2:]
    assert body["thumbnail_url"] == (
        f"https://{OUTPUT_BUCKET}.s3.us-east-1.amazonaws.com/thumbnails/{shard}/{body['id']}.webp")
    backend.configure(OUTPUT_PUBLIC_BASE_URL="https://cdn.example.com/")
    body = backend.upload()
    assert body["large_url"] == (
        f"https://cdn.example.com/large/{body['id'][-2:]}/{body['id']}.webp")


REFUSALS = [
    # (fields, status, code)
    (_valid(size=...), 413, "too_large"),
    (_valid(size=0), 413, "too_large"),
    (_valid(size=-5), 413, "too_large"),
    (_valid(size=1024 ** 3 + 1), 413, "too_large"),
    (_valid(size=10**40), 413, "too_large"),
    (_valid(size="11"), 400, "bad_request"),
    (_valid(size=1.5), 400, "bad_request"),
    (_valid(size=True), 400, "bad_request"),
    (_valid(size=None), 413, "too_large"),
    (_valid(content_type="text/plain"), 415, "unsupported_type"),
    (_valid(content_type="image/svg+xml"), 415, "unsupported_type"),
    (_valid(content_type=...), 400, "bad_request"),
    (_valid(content_type=7), 400, "bad_request"),
    (_valid(filename=...), 400, "bad_request"),
    (_valid(filename=""), 400, "bad_request"),
    (_valid(filename="   "), 400, "bad_request"),
    (_valid(filename=["a.jpg"]), 400, "bad_request"),
    (_valid(filename="é" * 128), 400, "bad_request"),
    (_valid(filename="a\x00b.jpg"), 400, "bad_request"),
    (_valid(filename="a\nb.jpg"), 400, "bad_request"),
    (_valid(filename="a\x7fb.jpg"), 400, "bad_request"),
    *[(_valid(filename=f"photo{char}gpj.exe"), 400, "bad_request")
      for char in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"],
    (_valid(allow_duplicates="yes"), 400, "bad_request"),
    (_valid(sha256=...), 400, "bad_request"),
    (_valid(sha256="not base64!"), 400, "bad_request"),
    (_valid(sha256=base64.b64encode(b"short").decode()), 400, "bad_request"),
    (_valid(sha256=SHA.rstrip("=")), 400, "bad_request"),
    (_valid(sha256="é" * 44), 400, "bad_request"),
]


@pytest.mark.parametrize(("fields", "status", "code"), REFUSALS)
def test_refusals_are_json_errors_with_a_sentence(backend, fields, status, code):
    reply = backend.call("POST", "/uploads", body=fields)
    assert (reply.status, reply.body["error"]) == (status, code)
    assert reply.body["message"].endswith(".") and len(reply.body["message"]) > 20
    assert reply.body["code"] in error_codes.CODES and isinstance(reply.body["params"], dict)


@pytest.mark.parametrize(("fields", "code", "params"), [
    (_valid(filename="é" * 128), "filename_too_long", {"limit": 255}),
    (_valid(filename="a\nb.jpg"), "filename_control_characters", {}),
    (_valid(filename="photo\u202egpj.exe"), "filename_direction_controls", {}),
    (_valid(content_type="text/plain"), "type_not_accepted",
     {"type": "'text/plain'", "accepted": ", ".join(sorted(layout.EXTENSIONS))}),
    (_valid(size=0), "file_empty", {"limit": 1024**3}),  # the test backend's MAX_UPLOAD_BYTES
])
def test_what_a_person_can_meet_has_a_code_and_the_values_its_sentence_names(
        backend, fields, code, params):
    reply = backend.call("POST", "/uploads", body=fields)
    assert (reply.body["code"], reply.body["params"]) == (code, params)
    assert reply.body["message"] == error_codes.reason(code, **params).message


def test_a_filename_of_255_utf8_bytes_is_accepted(backend):
    assert backend.upload(filename="é" * 127 + "a")["id"]


def test_the_size_limit_is_configurable(backend):
    backend.configure(MAX_UPLOAD_BYTES="100")
    assert backend.call("POST", "/uploads", body=_valid(size=100)).status == 201
    reply = backend.call("POST", "/uploads", body=_valid(size=101))
    assert reply.status == 413 and "100 bytes" in reply.body["message"]


@pytest.mark.parametrize("raw", [
    "not json", "[1, 2]", "", "   ", '"text"', "1" * 5000, "[" * 100_000,
    '{"filename": "\\ud800.jpg", "content_type": "image/jpeg", "size": 1, "sha256": "SHA"}',
    '{"size": NaN, "filename": "a.jpg", "content_type": "image/jpeg", "sha256": "SHA"}',
    '{"size": 1e999, "filename": "a.jpg", "content_type": "image/jpeg", "sha256": "SHA"}',
])
def test_malformed_bodies_are_400_not_500(backend, raw):
    reply = backend.call("POST", "/uploads", body=raw.replace('"SHA"', f'"{SHA}"'))
    assert reply.status == 400, reply.body
    assert reply.body["error"] == "bad_request"


def test_non_utf8_and_bad_base64_bodies_are_400(backend):
    assert backend.call("POST", "/uploads", body=b"\xff\xfe{}").status == 400
    event = make_event("POST", "/uploads", body="@@not-base64@@")
    event["isBase64Encoded"] = True
    response = handler(event, None)
    assert response["statusCode"] == 400
    assert json.loads(response["body"])["error"] == "bad_request"


@pytest.mark.parametrize("query", [
    "filename=a.jpg&content_type=image%2Fjpeg&size=abc&sha256=" + quote(SHA, safe=""),
    "filename=a.jpg&content_type=image%2Fjpeg&size=1.5&sha256=" + quote(SHA, safe=""),
    "filename=%FF.jpg&content_type=image%2Fjpeg&size=1&sha256=" + quote(SHA, safe=""),
    "filename=a.jpg&content_type=image%2Fjpeg&size=1&sha256=" + SHA,  # '+' unescaped
    "content_type=image%2Fjpeg&size=1&sha256=" + quote(SHA, safe=""),
])
def test_query_form_refusals_are_400(backend, query):
    reply = backend.call("GET", "/uploads", query=query)
    assert reply.status == 400, reply.body


def test_query_form_missing_or_huge_size_is_413(backend):
    base = "filename=a.jpg&content_type=image%2Fjpeg&sha256=" + quote(SHA, safe="")
    assert backend.call("GET", "/uploads", query=base).status == 413
    assert backend.call("GET", "/uploads", query=base + "&size=").status == 413
    assert backend.call("GET", "/uploads", query=base + "&size=" + "9" * 30).status == 413
