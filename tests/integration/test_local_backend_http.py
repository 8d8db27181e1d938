"""Slow and broken HTTP clients against the running backend's API: they get the API's JSON
errors or a timeout, never hold a worker thread, and never cost anyone else an answer.
"""

from __future__ import annotations

import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from helpers import sha256_b64, wait_until


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


def _closed_by_the_server(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(4096) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True  # reset


def test_hundreds_of_connections_dripping_their_headers_lock_nobody_out(backend):
    """Slowloris: 520 connections each dripping a header byte every 2 s (never idle, so an
    idle timeout never ends them) are more than the server holds; a normal client must still
    get its answer, and a drip must be cut off."""
    sockets = [socket.create_connection(address(backend), timeout=10) for _ in range(520)]
    stop = threading.Event()

    def drip():
        while not stop.wait(2):
            for sock in sockets:
                try:
                    sock.send(b"X")
                except OSError:
                    pass

    for sock in sockets:
        sock.sendall(b"GET /images HTTP/1.1\r\nHost: x\r\nX-Drip: ")
    dripper = threading.Thread(target=drip, name="test-drip")
    dripper.start()
    try:
        fresh = requests.get(f"{backend.info['api_url']}/images", timeout=20,
                             headers={"Authorization": f"Bearer {backend.info['token']}"})
        assert fresh.status_code == 200
        last = sockets[-1]  # the newest drip: it outlives evictions, not the head deadline
        wait_until(lambda: _closed_by_the_server(last), timeout=60, what="a drip to be cut off")
    finally:
        stop.set()
        dripper.join()
        for sock in sockets:
            sock.close()


def test_wrong_tokens_beyond_a_burst_are_held_and_the_right_one_is_answered_at_once(backend):
    """Per-address back-off (last but one in this module: it holds this address's wrong-token
    answers for a few seconds)."""
    from backend.local.http_server import BACKOFF_BURST

    url = f"{backend.info['api_url']}/images"
    wrong = [requests.get(url, headers={"Authorization": "Bearer guess"}, timeout=30)
             for _ in range(BACKOFF_BURST + 3)]
    assert [answer.status_code for answer in wrong] == [401] * len(wrong)
    assert all(answer.json()["error"] == "unauthorized" for answer in wrong)
    assert "Retry-After" not in wrong[0].headers  # the burst: at once
    assert int(wrong[-1].headers["Retry-After"]) >= 1  # then held, and told so
    right = requests.get(url, headers={"Authorization": f"Bearer {backend.info['token']}"},
                         timeout=30)
    assert right.status_code == 200 and "Retry-After" not in right.headers
    missing = requests.get(url, timeout=30)  # no token: no guess, never held
    assert missing.status_code == 401 and "Retry-After" not in missing.headers


def test_twenty_clients_asking_batch_statuses_fit_the_handlers_connection_pool(backend):
    """Each batch status query makes up to 16 S3 calls at once from one of the API's threads;
    the handlers' one S3 client must have connections for all of them (no "pool is full")."""
    from backend.common import ids

    info = backend.info
    batch = ",".join(ids.new_id() for _ in range(40))

    def client(_):
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {info['token']}"
            return [session.get(f"{info['api_url']}/images", params={"ids": batch},
                                timeout=60).status_code for _ in range(3)]

    with ThreadPoolExecutor(20) as pool:
        answers = [code for codes in pool.map(client, range(20)) for code in codes]
    assert answers == [200] * 60
    assert "Connection pool is full" not in backend.log_tail(100_000)
