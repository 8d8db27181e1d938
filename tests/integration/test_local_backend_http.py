"""Slow and broken HTTP clients against the running backend's API: they get the API's JSON
errors or a timeout, never hold a worker thread, and never cost anyone else an answer.
"""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from helpers import sha256_b64


def address(backend) -> tuple[str, int]:
    host, port = backend.info["api_url"].removeprefix("http://").rsplit(":", 1)
    return host, int(port)


def threads_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError("no thread count")


def test_hundreds_of_half_open_and_stalled_connections_hold_no_thread(backend, api):
    before = threads_of(backend.process.pid)
    sockets = []
    try:
        for n in range(300):
            sock = socket.create_connection(address(backend), timeout=10)
            if n % 2:  # half of them start a request and stall; the rest never say a word
                sock.sendall(b"POST /uploads HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
                             b"0123456789")
            sockets.append(sock)
        # Everyone else is still served, promptly, by the same few threads.
        assert api.session.get(f"{api.base}/images", timeout=10).status_code == 200
        assert threads_of(backend.process.pid) <= before + 2
    finally:
        for sock in sockets:
            sock.close()
    assert api.session.get(f"{api.base}/images", timeout=10).status_code == 200


def test_an_unknown_method_gets_the_apis_json_405(api):
    response = api.session.request("BREW", f"{api.base}/images", timeout=10)
    assert response.status_code == 405
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["error"] == "method_not_allowed"


def test_a_huge_header_is_refused_and_the_server_goes_on(api):
    response = requests.get(f"{api.base}/images", timeout=10, headers={
        "Authorization": api.session.headers["Authorization"], "X-Padding": "x" * 200_000})
    assert response.status_code == 431
    assert api.session.get(f"{api.base}/images", timeout=10).status_code == 200


def test_clients_that_hang_up_leave_no_traceback(backend, api):
    data = b"x" * 100
    body = (f'{{"filename": "a.jpg", "content_type": "image/jpeg", "size": {len(data)}, '
            f'"sha256": "{sha256_b64(data)}"}}').encode()
    request = (f"POST /uploads HTTP/1.1\r\nHost: x\r\n"
               f"Authorization: {api.session.headers['Authorization']}\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
               ).encode() + body
    for _ in range(20):  # each hangs up before reading the answer
        with socket.create_connection(address(backend), timeout=10) as sock:
            sock.sendall(request)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")  # RST
    assert api.session.get(f"{api.base}/images", timeout=10).status_code == 200
    assert "Traceback" not in backend.log_tail(10_000)


def test_many_clients_at_once_are_all_answered(backend):
    info = backend.info
    data = b"\xff\xd8\xff" + b"x" * 1000

    def client(_):
        with requests.Session() as session:  # a fresh connection per client
            session.headers["Authorization"] = f"Bearer {info['token']}"
            return [session.post(f"{info['api_url']}/uploads", timeout=30, json={
                "filename": "burst.jpg", "content_type": "image/jpeg", "size": len(data),
                "sha256": sha256_b64(data)}).status_code for _ in range(6)]

    with ThreadPoolExecutor(20) as pool:
        answers = [code for codes in pool.map(client, range(20)) for code in codes]
    assert answers == [201] * 120
