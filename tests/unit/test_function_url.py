"""The Function URL adapter: payload 2.0 events in, the Lambda response rules out.

The HTTP tests run the real server on a free port with handlers defined here, so the
adapter is tested on its own, without the presign handler.
"""

from __future__ import annotations

import base64
import http.client
import json
import threading

import pytest

from backend.local.function_url import (
    MAX_REQUEST_BODY,
    FunctionUrlServer,
    build_event,
    translate_response,
)


def event_for(method="GET", target="/", headers=(), body=b""):
    return build_event(method, target, list(headers), body, source_ip="127.0.0.1",
                       local_port=8123, now=1_700_000_000.5)


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
    """Runs FunctionUrlServer around a handler; yields a connection factory."""
    servers = []

    def start(handler):
        server = FunctionUrlServer(("127.0.0.1", 0), handler, "test-function")
        thread = threading.Thread(target=server.serve_forever)
        thread.start()
        servers.append((server, thread))
        return lambda: http.client.HTTPConnection("127.0.0.1", server.server_address[1],
                                                  timeout=10)

    yield start
    for server, thread in servers:
        server.shutdown()
        server.close_connections()
        server.server_close()
        thread.join()


def test_a_request_round_trips_through_the_handler(serve):
    seen = []

    def echo(event, context):
        seen.append((event, context))
        return {"statusCode": 202, "headers": {"content-type": "application/json"},
                "body": json.dumps({"path": event["rawPath"], "body": event.get("body")})}

    connect = serve(echo)
    conn = connect()
    conn.request("POST", "/uploads?x=1", body=b'{"a": 1}',
                 headers={"Content-Type": "application/json", "Authorization": "Bearer t"})
    response = conn.getresponse()
    assert response.status == 202
    assert json.loads(response.read()) == {"path": "/uploads", "body": '{"a": 1}'}
    # Keep-alive: a second request on the same connection works too.
    conn.request("GET", "/second")
    response = conn.getresponse()
    assert response.status == 202 and json.loads(response.read())["path"] == "/second"
    conn.close()

    event, context = seen[0]
    assert event["headers"]["authorization"] == "Bearer t"
    assert event["headers"]["host"] == f"127.0.0.1:{conn.port}"
    assert event["requestContext"]["domainName"] == f"127.0.0.1:{conn.port}"
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
    assert json.loads(response.read())["error"] == "too_large"
    assert response.getheader("Connection") == "close"
    assert calls == []
    conn.close()


def test_a_crashing_handler_is_a_502_with_a_sentence(serve):
    def crash(event, context):
        raise RuntimeError("boom: secret detail")

    conn = serve(crash)()
    conn.request("GET", "/images")
    response = conn.getresponse()
    assert response.status == 502
    body = json.loads(response.read())
    assert body["error"] == "internal_error"
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


def test_stopping_the_server_ends_idle_keep_alive_connections():
    server = FunctionUrlServer(("127.0.0.1", 0), lambda event, context: {"ok": True}, "f")
    serving = threading.Thread(target=server.serve_forever)
    serving.start()
    threads_before = set(threading.enumerate())
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    conn.request("GET", "/")
    assert conn.getresponse().read() == b'{"ok": true}'
    connection_threads = set(threading.enumerate()) - threads_before
    assert connection_threads  # one thread waits on the idle keep-alive connection

    server.shutdown()
    server.close_connections()
    server.server_close()  # joins the connection threads
    serving.join(10)
    assert not serving.is_alive()
    assert not any(thread.is_alive() for thread in connection_threads)
    conn.close()
