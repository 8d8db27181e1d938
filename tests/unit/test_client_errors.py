"""Error sentences: every failure of an API call reads as something a person can act on."""

from __future__ import annotations

import json
import socket

import pytest
import requests

from backend.common import error_codes
from backend.local.paths import default_data_dir
from desktop.client import failures
from desktop.client.api import ApiClient
from desktop.client.api_errors import ApiError, from_response
from desktop.client.transfer import parse_s3_error

BASE = "http://api.example.test"


def _response(status: int, body: bytes | str, headers: dict | None = None) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body.encode() if isinstance(body, str) else body
    response.headers.update(headers or {})
    return response


def test_401_says_where_the_token_comes_from():
    error = from_response(_response(401, '{"error":"unauthorized","message":"x"}'), BASE)
    sentence = str(error)
    assert sentence.startswith(f"The API at {BASE} refused the token (401).")
    # The three places a token comes from: the backend's data dir, its ready line, the stack.
    assert f"the file named token in its data folder ({default_data_dir()}" in sentence
    assert "the line it prints when it is ready" in sentence
    assert "the token you chose when deploying it" in sentence
    assert "Settings" not in sentence  # also read inside the settings dialog
    assert (error.status, error.code, error.transient) == (401, "unauthorized", False)


@pytest.mark.parametrize("status, code", [(413, "too_large"), (415, "unsupported_type"),
                                          (400, "bad_request")])
def test_api_errors_without_a_code_carry_the_servers_sentence(status, code):
    message = "The file is 60 MiB; the limit is 50 MiB."  # a server from before codes
    error = from_response(_response(status, json.dumps({"error": code, "message": message})),
                          BASE)
    assert str(error) == message
    assert (error.status, error.code, error.transient) == (status, code, False)


def test_a_known_code_is_rendered_by_the_client_and_an_unknown_one_falls_back():
    body = {"error": "bad_request", "code": "filename_too_long", "params": {"limit": 255},
            "message": "(the server's English)"}
    error = from_response(_response(400, json.dumps(body)), BASE)
    assert str(error) == "The filename is longer than 255 bytes; rename the file and retry."
    assert error.failure.code == "filename_too_long" and error.code == "bad_request"
    newer = {**body, "code": "filename_rhymes", "message": "The filename rhymes."}
    assert str(from_response(_response(400, json.dumps(newer)), BASE)) == "The filename rhymes."
    wrong = {**body, "params": {"maximum": 255}}  # params a newer server renamed
    assert str(from_response(_response(400, json.dumps(wrong)), BASE)) == "(the server's English)"


def test_client_and_server_codes_never_share_a_name():
    # One namespace is rendered from two tables: a server code must not pick a client template.
    assert not set(failures.TEMPLATES) & error_codes.CODES


@pytest.mark.parametrize("status, body", [
    (200, "<html>hello</html>"), (404, "<html>Not Found</html>"),
    (403, '{"detail": "forbidden"}'), (400, "[1, 2]"), (501, "Not Implemented"),
])
def test_anything_else_is_not_thumbdrop_and_says_what_to_check(status, body):
    error = from_response(_response(status, body), BASE)
    assert error.code == "not_thumbdrop" and not error.transient
    assert str(error).startswith(f"{BASE} answered (HTTP {status}), but it is not a Thumbdrop "
                                 "API")
    assert "the api_url that thumbdrop-backend prints" in str(error)
    assert "Settings" not in str(error)


def test_server_errors_and_429_are_transient_and_keep_retry_after():
    busy = from_response(_response(429, "slow down", {"Retry-After": "7"}), BASE)
    assert busy.transient and busy.retry_after == 7.0 and "busy (429)" in str(busy)
    broken = from_response(_response(502, "<html>bad gateway</html>"), BASE)
    assert broken.transient and "server error (502)" in str(broken)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_endpoint_sentence():
    url = f"http://127.0.0.1:{_closed_port()}"
    api = ApiClient(url, "secret-token", timeout=(2, 2))
    with pytest.raises(ApiError) as caught:
        api.get_image("01j0000000000000000000000a")  # a well-formed id: a request is made
    api.close()
    assert str(caught.value) == (f"Can't reach the Thumbdrop API at {url}: connection refused. "
                                 "Check the API endpoint URL and your network.")
    assert caught.value.status is None and caught.value.transient
    assert "secret-token" not in str(caught.value)


def test_check_connection_reports_unreachable():
    api = ApiClient(f"http://127.0.0.1:{_closed_port()}", "t", timeout=(2, 2))
    check = api.check_connection()
    api.close()
    assert check.kind == "unreachable" and "connection refused" in check.message


def test_unknown_host_sentence():
    api = ApiClient("http://no-such-host.invalid", "t", timeout=(2, 2))
    with pytest.raises(ApiError) as caught:
        api.list_images()
    api.close()
    assert caught.value.code == "unreachable"
    assert "http://no-such-host.invalid" in str(caught.value)


def test_s3_error_xml_is_parsed():
    xml = ("<?xml version='1.0' encoding='UTF-8'?>\n<Error><Code>AccessDenied</Code>"
           "<Message>Request has expired</Message><RequestId>1</RequestId></Error>")
    refusal = parse_s3_error(403, xml)
    assert refusal.expired and refusal.code == "AccessDenied"
    assert refusal.describe() == "403 AccessDenied: Request has expired"
    assert not parse_s3_error(403, "<Error><Code>AccessDenied</Code></Error>").expired


def test_download_into_a_missing_folder_is_a_sentence(tmp_path):
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "3")
            self.end_headers()
            self.wfile.write(b"abc")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api = ApiClient("http://unused.test", "t")
    url = f"http://127.0.0.1:{server.server_address[1]}/thumb.webp"
    try:
        api.download(url, tmp_path / "saved.webp")
        assert (tmp_path / "saved.webp").read_bytes() == b"abc"
        with pytest.raises(ApiError) as caught:
            api.download(url, tmp_path / "missing" / "x.webp")
        assert caught.value.code == "save_failed"
        assert "Check that the folder exists" in str(caught.value)
    finally:
        api.close()
        server.shutdown()
        server.server_close()
