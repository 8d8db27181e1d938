"""The Function URL adapter: payload 2.0 events in, the Lambda response rules out.

The HTTP tests run the real server (backend/local/http_server.py) on a free port with handlers defined here, so
the adapter is tested on its own, without the presign handler.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import threading
import time

import pytest

from backend.local.function_url import (
    MAX_REQUEST_BODY,
    FunctionUrlApp,
    build_event,
    translate_response,
)
from backend.local.http_io import Limits
from backend.local.http_server import WsgiServer


def event_for(method="GET", target="/", headers=(), body=b""):
    return build_event(method, target, list(headers), body, source_ip="127.0.0.1",
                       local_port=8123, domain_name="127.0.0.1:8123", now=1_700_000_000.5)


def test_event_has_the_payload_2_0_shape():
    event = event_for("POST", "/uploads?a=1&b=x%20y",
                      [("Host", "127.0.0.1:8123"), ("Content-Type", "application/json"),
                       ("User-Agent", "tests/1.0")], b'{"k": "v"}')
    assert event["version"] == "2.0" and event["routeKey"] == "$default"
    assert event["rawPath"] == "/uploads"
    assert event["rawQueryString"] == "a=1&b=x%20y"
    assert event["queryStringParameters"] == {"a": "1", "b": "x y"}
    assert event["body"] == '{"k": "v"}' and event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["domainName"] == "127.0.0.1:8123"
    assert context["http"] == {"method": "POST", "path": "/uploads", "protocol": "HTTP/1.1",
                               "sourceIp": "127.0.0.1", "userAgent": "tests/1.0"}
    assert context["routeKey"] == "$default" and context["stage"] == "$default"
    assert context["timeEpoch"] == 1_700_000_000_500
    assert context["time"] == "14/Nov/2023:22:13:20 +0000"
    assert {"accountId", "apiId", "domainPrefix", "requestId"} <= set(context)


def test_headers_are_lower_case_with_repeats_joined_and_forwarding_added():
    event = event_for(headers=[("X-Tag", "a"), ("x-tag", "b"), ("Authorization", "Bearer t")])
    headers = event["headers"]
    assert headers["x-tag"] == "a,b"
    assert headers["authorization"] == "Bearer t"
    assert headers["x-forwarded-proto"] == "http"
    assert headers["x-forwarded-port"] == "8123"
    assert headers["x-forwarded-for"] == "127.0.0.1"
    assert all(name == name.lower() for name in headers)


def test_cookies_move_out_of_the_headers():
    event = event_for(headers=[("Cookie", "a=1; b=2")])
    assert event["cookies"] == ["a=1", "b=2"]
    assert "cookie" not in event["headers"]


def test_absent_parts_are_left_out_as_on_aws():
    event = event_for()
    assert "body" not in event and "cookies" not in event
    assert "queryStringParameters" not in event
    assert event["rawQueryString"] == "" and event["isBase64Encoded"] is False


def test_repeated_query_parameters_are_comma_joined():
    event = event_for(target="/images?limit=1&limit=2&empty=")
    assert event["queryStringParameters"] == {"limit": "1,2", "empty": ""}


def test_binary_and_non_utf8_bodies_arrive_base64_encoded():
    png = b"\x89PNG\r\n\x1a\n\x00\xff"
    for content_type, body in [("image/png", png), ("application/json", b"\xff\xfe")]:
        event = event_for("PUT", headers=[("Content-Type", content_type)], body=body)
        assert event["isBase64Encoded"] is True
        assert base64.b64decode(event["body"]) == body


def test_full_response_is_translated():
    status, headers, body = translate_response({
        "statusCode": 201, "headers": {"Content-Type": "application/json", "X-A": "1"},
        "body": '{"ok": true}', "cookies": ["s=1; HttpOnly", "t=2"]})
    assert status == 201
    assert ("X-A", "1") in headers
    assert [v for k, v in headers if k == "Set-Cookie"] == ["s=1; HttpOnly", "t=2"]
    assert body == b'{"ok": true}'


def test_base64_response_body_is_decoded():
    _, _, body = translate_response({"statusCode": 200, "isBase64Encoded": True,
                                     "headers": {"Content-Type": "image/webp"},
                                     "body": base64.b64encode(b"\x00\x01").decode()})
    assert body == b"\x00\x01"


@pytest.mark.parametrize("returned", [{"id": "x"}, ["a", 1], "text", None])
def test_anything_without_status_code_is_a_200_json_body(returned):
    status, headers, body = translate_response(returned)
    assert status == 200
    assert ("Content-Type", "application/json") in headers
    assert json.loads(body) == returned


def test_body_without_content_type_defaults_to_json():
    _, headers, _ = translate_response({"statusCode": 400, "body": "{}"})
    assert ("Content-Type", "application/json") in headers


@pytest.fixture
def serve():
    """Runs FunctionUrlApp around a handler on our server; yields a connection factory."""
    servers = []

    def start(handler, *, limits=None, **app_options):
        app = FunctionUrlApp(handler, "test-function", domain_name="api.test:1", **app_options)
        options = {} if limits is None else {"limits": limits}
        server = WsgiServer(app, "127.0.0.1", 0, name="test-api", threads=2,
                            max_body=MAX_REQUEST_BODY, **options)
        server.start()
        servers.append(server)
        return lambda: http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)

    yield start
    for server in servers:
        server.stop()


def test_a_request_round_trips_through_the_handler(serve):
    seen = []

    def echo(event, context):
        seen.append((event, context))
        return {"statusCode": 202, "headers": {"content-type": "application/json"},
                "body": json.dumps({"path": event["rawPath"], "body": event.get("body")})}

    connect = serve(echo)
    conn = connect()
    conn.request("POST", "/uploads?x=1", body=b'{"a": 1}',
                 headers={"Content-Type": "application/json", "Authorization": "Bearer t",
                          "Host": "evil.example"})
    response = conn.getresponse()
    assert response.status == 202
    assert json.loads(response.read()) == {"path": "/uploads", "body": '{"a": 1}'}
    # Keep-alive: a second request on the same connection works too.
    conn.request("GET", "/second%20part")
    response = conn.getresponse()
    assert response.status == 202 and json.loads(response.read())["path"] == "/second%20part"
    conn.close()

    event, context = seen[0]
    assert event["headers"]["authorization"] == "Bearer t"
    assert event["headers"]["content-type"] == "application/json"
    assert event["headers"]["host"] == "evil.example"  # passed on, as AWS does...
    assert event["requestContext"]["domainName"] == "api.test:1"  # ...but never trusted
    assert event["rawQueryString"] == "x=1"
    assert context.function_name == "test-function"
    assert 0 < context.get_remaining_time_in_millis() <= 30_000


def test_oversized_body_is_refused_without_calling_the_handler(serve):
    calls = []
    connect = serve(lambda event, context: calls.append(event))
    conn = connect()
    conn.putrequest("POST", "/uploads")
    conn.putheader("Content-Length", str(MAX_REQUEST_BODY + 1))
    conn.endheaders()  # the body is never sent: the answer must not wait for it
    response = conn.getresponse()
    assert response.status == 413
    assert response.getheader("Connection") == "close"
    assert calls == []
    conn.close()


def test_an_unknown_method_reaches_the_handler(serve):
    conn = serve(lambda event, context: {"statusCode": 405, "body": json.dumps(
        {"error": "method_not_allowed", "method": event["requestContext"]["http"]["method"]})})()
    conn.request("BREW", "/images")
    response = conn.getresponse()
    assert response.status == 405
    assert response.getheader("Content-Type") == "application/json"
    assert json.loads(response.read()) == {"error": "method_not_allowed", "method": "BREW"}
    conn.close()


def test_a_crashing_handler_is_a_502_with_a_sentence(serve):
    def crash(event, context):
        raise RuntimeError("boom: secret detail")

    conn = serve(crash)()
    conn.request("GET", "/images")
    response = conn.getresponse()
    assert response.status == 502
    body = json.loads(response.read())
    assert body["error"] == "internal"  # openapi.yaml's code for a server fault
    assert "boom" not in body["message"] and body["message"].endswith(".")
    conn.close()


def test_204_and_head_carry_no_body(serve):
    conn = serve(lambda event, context: {"statusCode": 204 if event["rawPath"] == "/gone"
                                         else 200, "body": "{}"})()
    conn.request("DELETE", "/gone")
    response = conn.getresponse()
    assert response.status == 204 and response.read() == b""
    assert response.getheader("Content-Length") is None
    conn.request("HEAD", "/here")
    response = conn.getresponse()
    assert response.status == 200 and response.read() == b""
    assert response.getheader("Content-Length") == "2"
    conn.close()


@pytest.mark.parametrize(("method", "path", "guarded"), [
    ("POST", "/uploads", True), ("GET", "/uploads", True), ("POST", "/uploads/batch", True),
    ("POST", "/uploads/multipart", True), ("POST", "/uploads/multipart/x/parts", True),
    ("POST", "/uploads/multipart/x/complete", False), ("GET", "/images", False),
    ("DELETE", "/images/x", False), ("GET", "/uploads/multipart/x/parts", False)])
def test_a_full_disk_refuses_new_uploads_with_a_507_sentence(serve, method, path, guarded):
    handled = []

    def handler(event, context):
        handled.append(event["rawPath"])
        return {"statusCode": 200, "body": "{}"}

    conn = serve(handler, storage_problem=lambda: "The backend's disk is full.",
                 is_authorized=lambda headers: headers.get("authorization") == "Bearer ok")()
    conn.request(method, path, headers={"Authorization": "Bearer ok"})
    response = conn.getresponse()
    body = response.read()
    if guarded:
        assert response.status == 507
        assert json.loads(body) == {"error": "insufficient_storage",
                                    "code": "insufficient_storage", "params": {},
                                    "message": "The backend's disk is full."}
        assert handled == []
    else:
        assert response.status == 200 and handled == [path]
    conn.close()


def test_without_the_token_the_disk_state_is_not_revealed(serve):
    conn = serve(lambda event, context: {"statusCode": 401, "body": "{}"},
                 storage_problem=lambda: "The backend's disk is full.",
                 is_authorized=lambda headers: False)()
    conn.request("POST", "/uploads", headers={"Authorization": "Bearer guess"})
    assert conn.getresponse().status == 401
    conn.close()


def test_stopping_the_server_ends_idle_keep_alive_connections(serve):
    threads_before = set(threading.enumerate())
    server = WsgiServer(FunctionUrlApp(lambda event, context: {"ok": True}, "f",
                                       domain_name="d"), "127.0.0.1", 0, name="test-api",
                        threads=2, max_body=MAX_REQUEST_BODY)
    server.start()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/")
    assert conn.getresponse().read() == b'{"ok": true}'
    server.stop()
    assert set(threading.enumerate()) == threads_before
    conn.request("GET", "/")  # the idle connection was closed by the stop
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        conn.getresponse()
    conn.close()


def test_a_stalled_body_is_answered_with_the_apis_json_and_closed(serve):
    calls = []
    connect = serve(lambda event, context: calls.append(event),
                    limits=Limits(idle=5, head=5, body=1))
    port = connect().port
    with socket.create_connection(("127.0.0.1", port), timeout=30) as stalled:
        # Headers promise 100 bytes; 10 come, then nothing: a short body.
        stalled.sendall(b"POST /uploads HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
                        + b"0123456789")
        started = time.monotonic()
        answer = _read_all(stalled)
    print(f"stalled request closed after {time.monotonic() - started:.1f} s")
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"] == "bad_request"
    assert calls == []


def test_headers_dripped_a_byte_at_a_time_are_cut_off_at_the_head_deadline(serve):
    connect = serve(lambda event, context: {"ok": True}, limits=Limits(idle=30, head=1, body=5))
    port = connect().port
    with socket.create_connection(("127.0.0.1", port), timeout=30) as slow:
        closed = None
        for byte in b"GET /images HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200:
            try:
                slow.sendall(bytes([byte]))
            except OSError:
                closed = b""
                break
            slow.settimeout(0.2)
            try:
                closed = slow.recv(4096)
            except TimeoutError:
                continue
            # Answered (and closing) before the head was done: the answer's head and body may
            # come in separate segments, so read it to the end before looking at it.
            slow.settimeout(30)
            try:
                while closed and (chunk := slow.recv(65536)):
                    closed += chunk
            except ConnectionResetError:
                pass  # closed with our unread drip in its buffer: what came before stands
            break
        assert closed is not None, "a dripping head was never cut off"
        if closed:
            assert closed.startswith(b"HTTP/1.1 400 ") and b'"bad_request"' in closed


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


@pytest.mark.parametrize("request_head, status, code", [
    (b"POST /uploads HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", 400, "bad_request"),
    (b"POST /uploads HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n", 413,
     "too_large"),
    (b"GET /images HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"x" * 100_000 + b"\r\n\r\n", 431,
     "too_large"),
    (b"NOT HTTP AT ALL\r\n\r\n", 400, "bad_request"),
], ids=["negative length", "10 MB body", "100 KB header", "not HTTP"])
def test_the_servers_own_refusals_are_the_apis_json(serve, request_head, status, code):
    connect = serve(lambda event, context: {"ok": True})
    with socket.create_connection(("127.0.0.1", connect().port), timeout=30) as sock:
        sock.sendall(request_head)
        answer = _read_all(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status} ".encode()), head
    assert b"content-type: application/json" in head.lower()
    assert json.loads(body)["error"] == code
