"""Ids from the server are checked before they become a file name or a URL path segment."""

from __future__ import annotations

import socket

import pytest

from desktop.client.api import ApiClient, ImageInfo, InvalidId, UploadRequest, checked_id
from desktop.client.api_errors import ApiError
from desktop.client.thumb_cache import ThumbCache

GOOD = "01j8z3kq9n4m7c2x5v6b8t0wyr"
BAD = ["../../escaped", "..", "", "01J8Z3KQ9N4M7C2X5V6B8T0WYR", f"{GOOD}/..", f"{GOOD[:-1]}u",
       f"{GOOD}\n", "a/b", None, 42]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_only_the_servers_id_pattern_passes():
    assert checked_id(GOOD) == GOOD
    for bad in BAD:
        with pytest.raises(InvalidId):
            checked_id(bad)


def test_the_cache_never_turns_a_foreign_id_into_a_path(tmp_path):
    cache = ThumbCache(tmp_path / "cache")
    assert cache.path_for(GOOD, "large") == tmp_path / "cache" / f"{GOOD}.large.webp"
    with pytest.raises(InvalidId):
        cache.path_for("../../escaped")
    with pytest.raises(ValueError):
        cache.path_for(GOOD, "../thumbnail")
    with pytest.raises(ValueError):
        cache.named_copy(tmp_path / "x", GOOD, "../up.webp")


@pytest.mark.parametrize("call", [
    lambda api: api.get_image("../../x"),
    lambda api: api.delete_image("a/b"),
    lambda api: api.get_original("..%2Fx"),
    lambda api: api.get_link("x?y=1"),
])
def test_a_malformed_id_is_refused_before_any_request(call):
    # Nothing listens on this port: a request would fail as "unreachable", not "invalid_id".
    api = ApiClient(f"http://127.0.0.1:{_closed_port()}", "t", timeout=(2, 2))
    try:
        with pytest.raises(ApiError) as caught:
            call(api)
    finally:
        api.close()
    assert caught.value.code == "invalid_id"
    assert "not valid" in str(caught.value) and "Check that the API endpoint URL" in str(caught.value)


def test_an_image_with_a_foreign_id_is_not_an_image():
    body = {"id": "../../x", "status": "ready", "filename": "a.jpg"}
    with pytest.raises(InvalidId):
        ImageInfo.from_json(body)
    assert ImageInfo.from_json(dict(body, id=GOOD)).id == GOOD


def test_an_upload_answer_with_a_foreign_id_is_refused():
    """POST /uploads answering `../../x`: no upload ticket, a sentence instead."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Hostile(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            base = f"http://127.0.0.1:{self.server.server_port}"
            body = json.dumps({"items": [{
                "status": "upload", "id": "../../x", "key": "input/x/../../x",
                "upload": {"method": "PUT", "url": f"{base}/put", "headers": {}},
                "expires_at": "2030-01-01T00:00:00Z", "status_url": f"{base}/s",
                "thumbnail_url": f"{base}/t", "large_url": f"{base}/l"}]}).encode()
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    thread = threading.Thread(target=server.serve_forever, name="hostile-uploads")
    thread.start()
    api = ApiClient(f"http://127.0.0.1:{server.server_port}", "t", timeout=(2, 2))
    try:
        with pytest.raises(ApiError) as caught:
            api.create_uploads([UploadRequest("a.jpg", "image/jpeg", 3, "AAAA")])
    finally:
        api.close()
        server.shutdown()
        server.server_close()
        thread.join()
    assert caught.value.code == "invalid_id" and "'../../x'" in str(caught.value)
