"""The CloudFront Function that checks the token at the edge (template ApiEdgeAuth), run in
QuickJS with the stack's parameters substituted as CloudFormation substitutes them. CloudFront's
`crypto` module is stood in for by hashlib's SHA-256 (the one call the function makes)."""

from __future__ import annotations

import hashlib
import json

import quickjs

from backend.common import error_codes
from tests.deploy.cfn import Resolver, translate

TOKEN, NEXT = "current-token-" + "a" * 30, "next-token-" + "b" * 30


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _edge(next_digest: str = ""):
    """The published function's handler(event), as a Python callable returning a dict."""
    resources = Resolver(translate(), {
        "ApiTokenSha256": _digest(TOKEN), "ApiTokenSha256Next": next_digest,
        "FrontDoor": "CloudFront"}).resources()
    code = resources["ApiEdgeAuth"]["Properties"]["FunctionCode"]
    context = quickjs.Context()
    context.add_callable("py_sha256_hex", lambda text: hashlib.sha256(text.encode()).hexdigest())
    context.eval("""
        function require(name) {
          if (name !== 'crypto') { throw new Error('no module ' + name); }
          return {createHash: function (algorithm) {
            if (algorithm !== 'sha256') { throw new Error('no hash ' + algorithm); }
            var text = '';
            return {update: function (s) { text += s; return this; },
                    digest: function (encoding) {
                      if (encoding !== 'hex') { throw new Error('no encoding ' + encoding); }
                      return py_sha256_hex(text); }};
          }};
        }""")
    context.eval(code)
    run = context.eval("(function (event) { return JSON.stringify(handler(JSON.parse(event))); })")
    return lambda event: json.loads(run(json.dumps(event)))


def _request(headers: dict[str, str], method: str = "GET", uri: str = "/images") -> dict:
    return {"version": "1.0", "context": {"eventType": "viewer-request"},
            "viewer": {"ip": "192.0.2.1"},
            "request": {"method": method, "uri": uri, "querystring": {}, "cookies": {},
                        "headers": {k: {"value": v} for k, v in headers.items()}}}


def _refusal(answer: dict) -> str:
    assert answer["statusCode"] == 401
    assert answer["headers"]["www-authenticate"]["value"] == 'Bearer realm="thumbdrop"'
    body = json.loads(answer["body"]["data"])
    # The API's own error, sentence for sentence (the client renders it by its code).
    assert body == error_codes.error_body("unauthorized", error_codes.reason(body["code"]))
    return body["message"]


def test_a_request_without_a_bearer_token_never_leaves_the_edge():
    edge = _edge()
    assert "no bearer token" in _refusal(edge(_request({})))
    assert "no bearer token" in _refusal(edge(_request({"authorization": "Basic dXNlcjpwdw=="})))


def test_a_wrong_token_is_refused_with_the_apis_own_error_shape():
    assert "not accepted" in _refusal(_edge()(_request({"authorization": "Bearer nope"})))


def test_the_right_token_passes_and_travels_on_in_the_header_oac_leaves_alone():
    forwarded = _edge()(_request({"authorization": f"Bearer {TOKEN}", "accept": "*/*"}))
    assert "statusCode" not in forwarded
    assert forwarded["uri"] == "/images"
    assert forwarded["headers"]["x-thumbdrop-authorization"] == {"value": f"Bearer {TOKEN}"}
    assert forwarded["headers"]["accept"] == {"value": "*/*"}


def test_during_a_rotation_both_tokens_pass_and_afterwards_only_the_new_one():
    rotating = _edge(next_digest=_digest(NEXT))
    for token in (TOKEN, NEXT):
        assert "statusCode" not in rotating(_request({"authorization": f"Bearer {token}"}))
    assert "not accepted" in _refusal(_edge()(_request({"authorization": f"Bearer {NEXT}"})))


def test_share_links_and_only_they_pass_without_a_token():
    edge = _edge()
    link = "/s/mg_lUhEB2bp8YgMpu6qWqinCVWvZpA"
    for method, uri in (("GET", link), ("GET", link + "/"), ("POST", link + "/photos"),
                        ("POST", link + "/uploads")):
        passed = edge(_request({}, method, uri))
        assert "statusCode" not in passed and passed["uri"] == uri
    for method, uri in (("POST", link), ("GET", link + "/photos"), ("DELETE", link),
                        ("GET", "/s/"), ("GET", link + "/photos/x"), ("GET", "/albums" + link),
                        ("GET", "/s/" + "a" * 101), ("POST", "/albums/x/shares"),
                        ("GET", link + "/uploads"), ("POST", link + "/uploads/x"),
                        ("PATCH", "/shares/x")):
        assert "no bearer token" in _refusal(edge(_request({}, method, uri))), (method, uri)
