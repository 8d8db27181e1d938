"""Every route needs the bearer token; routing refusals and server faults are JSON sentences."""

from __future__ import annotations

import hashlib
import json
import logging

import pytest
from test_presign_support import SHA, TOKEN, UPLOAD_BUCKET, make_event, presign_backend

from backend.common import ids
from backend.presign import auth
from backend.presign.handler import handler

FILE = {"filename": "a.jpg", "content_type": "image/jpeg", "size": 1, "sha256": SHA}
# A fixed, well-formed id: parametrized test ids must be the same in every pytest-xdist worker.
ID = "01m97kxspxpxtfs3gj9axy2wd5"
ROUTES = [
    ("GET", "/config", {}),
    ("POST", "/uploads", {"body": FILE}),
    ("GET", "/uploads", {"query": {**FILE, "size": "1"}}),
    ("POST", "/uploads/batch", {"body": {"files": [FILE]}}),
    ("POST", "/uploads/multipart", {"body": FILE}),
    ("POST", f"/uploads/multipart/{ID}/parts", {"body": {"upload_id": "u", "size": 1,
                                                         "parts": [{"number": 1, "sha256": SHA}]}}),
    ("GET", f"/uploads/multipart/{ID}/parts", {"query": {"upload_id": "u"}}),
    ("POST", f"/uploads/multipart/{ID}/complete", {"body": {"upload_id": "u", "parts": []}}),
    ("DELETE", f"/uploads/multipart/{ID}", {"query": {"upload_id": "u"}}),
    ("GET", "/images", {}),
    ("GET", "/images", {"query": {"ids": ID}}),
    ("GET", f"/images/{ID}", {}),
    ("DELETE", f"/images/{ID}", {}),
    ("GET", f"/images/{ID}/original", {}),
    ("GET", f"/images/{ID}/link", {}),
    ("GET", "/no/such/route", {}),
]


@pytest.fixture
def backend(monkeypatch):
    with presign_backend(monkeypatch) as running:
        yield running


REFUSED = [None, "", "Bearer", "Bearer ", "Bearer wrong-token", f"Basic {TOKEN}",
           f"Bearer {TOKEN}x", f"{TOKEN}", "Bearer tökén", "Bearer \ud800"]


@pytest.mark.parametrize(("method", "path", "kwargs"), ROUTES)
def test_every_route_refuses_a_missing_or_wrong_token(backend, method, path, kwargs):
    for authorization in REFUSED:
        headers = {} if authorization is None else {"authorization": authorization}
        reply = backend.call(method, path, token=None, headers=headers, **kwargs)
        assert (reply.status, reply.body["error"]) == (401, "unauthorized"), authorization
        assert "token" in reply.body["message"]
        assert reply.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("authorization", [f"Bearer {TOKEN}", f"bearer {TOKEN}",
                                           f"  BEARER   {TOKEN}  "])
def test_the_right_token_is_accepted_whatever_the_scheme_case(backend, authorization):
    reply = backend.call("GET", "/images", token=None, headers={"authorization": authorization})
    assert reply.status == 200


CLOUDFRONT_SIGNATURE = ("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260101/us-east-1/lambda/"
                        "aws4_request, SignedHeaders=host;x-amz-date, Signature=abc")


def test_behind_cloudfront_the_token_comes_in_the_edges_copy(backend):
    """Origin access control puts CloudFront's signature in Authorization; the edge function
    passes the bearer token on in X-Thumbdrop-Authorization."""
    ok = backend.call("GET", "/images", token=None, headers={
        "authorization": CLOUDFRONT_SIGNATURE, "x-thumbdrop-authorization": f"Bearer {TOKEN}"})
    assert ok.status == 200
    for copy in (None, "Bearer wrong-token", TOKEN):
        headers = {"authorization": CLOUDFRONT_SIGNATURE}
        if copy is not None:
            headers["x-thumbdrop-authorization"] = copy
        assert backend.call("GET", "/images", token=None, headers=headers).status == 401


def test_a_bearer_authorization_header_wins_over_the_copy(backend):
    reply = backend.call("GET", "/images", token=None, headers={
        "authorization": "Bearer wrong-token", "x-thumbdrop-authorization": f"Bearer {TOKEN}"})
    assert reply.status == 401


@pytest.mark.parametrize("configured", ["", " , ", "not-a-digest", hashlib.sha256(
    TOKEN.encode()).hexdigest()[:-1], TOKEN])
def test_no_or_a_malformed_configured_digest_refuses_everything(backend, configured):
    backend.configure(API_TOKEN_SHA256=configured)
    for authorization in ("Bearer ", "Bearer x", f"Bearer {TOKEN}"):
        reply = backend.call("GET", "/images", token=None,
                             headers={"authorization": authorization})
        assert reply.status == 401
    assert "API_TOKEN_SHA256" in reply.body["message"]


def test_two_digests_accept_both_tokens_during_a_rotation(backend):
    old, new = "the-old-token", "the-new-token"
    digests = [hashlib.sha256(token.encode()).hexdigest() for token in (old, new)]
    backend.configure(API_TOKEN_SHA256=f"{digests[0]}, {digests[1].upper()}")
    assert backend.call("GET", "/images", token=old).status == 200
    assert backend.call("GET", "/images", token=new).status == 200
    assert backend.call("GET", "/images", token=TOKEN).status == 401


def test_only_digests_are_compared_each_in_constant_time(backend, monkeypatch):
    seen = []
    real = auth.hmac.compare_digest

    def spy(a, b):
        seen.append((a, b))
        return real(a, b)

    other = hashlib.sha256(b"other").hexdigest()
    backend.configure(API_TOKEN_SHA256=f"{hashlib.sha256(TOKEN.encode()).hexdigest()},{other}")
    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert backend.call("GET", "/images").status == 200
    assert backend.call("GET", "/images", token="nope").status == 401
    mine, theirs = hashlib.sha256(TOKEN.encode()).digest(), bytes.fromhex(other)
    nope = hashlib.sha256(b"nope").digest()
    # Every digest is compared, also after a match: the timing tells nothing.
    assert seen == [(mine, mine), (mine, theirs), (nope, mine), (nope, theirs)]


def test_auth_is_checked_before_the_body_is_read(backend):
    reply = backend.call("POST", "/uploads", body="{not json", token="wrong")
    assert reply.status == 401


@pytest.mark.parametrize("path", ["/", "/upload", "/uploads/", "/images/", "/images/a/b",
                                  "/%2e%2e/uploads", "/UPLOADS"])
def test_unknown_routes_are_404(backend, path):
    reply = backend.call("GET", path)
    assert (reply.status, reply.body["error"]) == (404, "not_found")


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("PUT", "/uploads", "POST, GET"),
    ("GET", "/uploads/batch", "POST"),
    ("GET", "/uploads/multipart", "POST"),
    ("GET", f"/uploads/multipart/{ID}", "DELETE"),
    ("GET", f"/uploads/multipart/{ID}/complete", "POST"),
    ("DELETE", f"/images/{ID}/original", "GET"),
    ("POST", "/config", "GET"),
    ("DELETE", "/images", "GET"),
    ("POST", f"/images/{ID}", "GET, DELETE"),
    ("PATCH", "/images", "GET"),
])
def test_wrong_methods_are_405_with_allow(backend, method, path, allowed):
    reply = backend.call(method, path)
    assert (reply.status, reply.body["error"]) == (405, "method_not_allowed")
    assert reply.headers["allow"] == allowed


def test_a_server_fault_is_a_json_sentence_and_the_log_has_no_token(backend, caplog):
    backend.s3.delete_bucket(Bucket=UPLOAD_BUCKET)
    caplog.set_level(logging.ERROR)
    reply = backend.call("GET", f"/images/{ids.new_id()}")
    assert (reply.status, reply.body["error"]) == (500, "internal")
    assert "Traceback" not in reply.body["message"]
    assert "NoSuchBucket" in caplog.text
    assert TOKEN not in caplog.text


def test_a_response_is_a_complete_function_url_result(backend):
    response = handler(make_event("GET", "/images"), None)
    assert response["statusCode"] == 200
    assert response["isBase64Encoded"] is False
    assert response["headers"]["cache-control"] == "no-store"
    assert json.loads(response["body"]) == {"items": [], "next_cursor": None}
