"""A WSGI app served over HTTP/1.1 (asyncio + h11) in a background thread, built so that no
client can lock others out and every refusal is the API's JSON error.

One event loop thread reads every request whole before a worker thread sees it, so slow or
half-open clients cost a socket, never a worker. What waitress could not do and this does:
- deadlines on the request itself (http_io.Limits): the head within 10 s of its first byte,
  the body within 30 s, 30 s idle between requests. Dripping a byte now and then no longer
  keeps a connection alive;
- connections capped per client address, with room kept for newcomers
  (connection_guard.py): the longest-waiting connection gives way to a new one;
- a per-address back-off for wrong tokens: past a burst, an address's 401s to requests that
  carried a token are held so that it gets at most BACKOFF_RATE a second (with Retry-After),
  while the same address's requests with the right token are answered at once. The wait
  holds a socket, not a worker;
- errors it answers itself (a head or body over the limit, a malformed request, a deadline
  missed, no room) are the API's JSON `{"error", "code", "message", "params"}`, as openapi.yaml
  promises.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import math
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote, urlsplit

import h11

from backend.common import error_codes

from . import http_io
from .connection_guard import ConnectionGuard, Tracked

log = logging.getLogger("thumbdrop.backend.http")

BACKLOG = 1024
STOP_TIMEOUT_SECONDS = 10.0
BACKOFF_BURST = 20  # wrong tokens an address may send at once before answers are held
BACKOFF_RATE = 5.0  # then this many answered per second and address, however many it sends
BACKOFF_MAX_SECONDS = 30.0


class Backoff:
    """A leaky bucket per address for wrong tokens: the first BACKOFF_BURST are answered at
    once, beyond that each waits its turn, so an address gets at most BACKOFF_RATE wrong-token
    answers a second (a guesser with 64 connections as much as one with one). Quiet addresses
    drain at the same rate and are forgotten."""

    def __init__(self):
        self._buckets: dict[str, tuple[float, float]] = {}  # address: (level, when)

    def failed(self, address: str, now: float | None = None) -> float:
        """Records a wrong token from `address`; returns how long to hold its answer."""
        now = time.monotonic() if now is None else now
        level, when = self._buckets.get(address, (0.0, now))
        level = max(0.0, level - (now - when) * BACKOFF_RATE) + 1
        self._buckets[address] = (level, now)
        if len(self._buckets) > 10_000:  # forget the drained ones
            self._buckets = {a: (lv, t) for a, (lv, t) in self._buckets.items()
                             if lv - (now - t) * BACKOFF_RATE > 0}
        return min(BACKOFF_MAX_SECONDS, max(0.0, (level - BACKOFF_BURST) / BACKOFF_RATE))


def _json_error(status: int, code: str, message: str) -> tuple[int, list, bytes]:
    """The API's JSON error (backend/common/error_codes.py) for a refusal made here."""
    body = json.dumps(error_codes.error_body(code, error_codes.plain(code, message))).encode()
    return status, [("Content-Type", "application/json")], body


class WsgiServer:
    def __init__(self, app, host: str, port: int, *, name: str, threads: int, max_body: int,
                 limits: http_io.Limits = http_io.DEFAULT):
        self.name = name
        self._app = app
        self._max_body = max_body
        self._limits = limits
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._socket = socket.create_server((host, port), family=family, backlog=BACKLOG)
        self.port = self._socket.getsockname()[1]
        self._host = host
        self._workers = ThreadPoolExecutor(threads, thread_name_prefix=f"{name}-worker")
        self._admission = ConnectionGuard()
        self._backoff = Backoff()
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._tasks: dict[asyncio.Task, Tracked] = {}
        self._stopping = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop.run_forever, name=self.name)
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(asyncio.start_server(
            self._serve, sock=self._socket, backlog=BACKLOG), self._loop).result()

    def stop(self) -> None:
        """Lets requests in hand finish (bounded), then closes every socket and the thread."""
        if self._thread is None:
            self._socket.close()
            self._workers.shutdown(wait=False)
            self._loop.close()
            return
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._thread = None
        self._loop.close()
        self._workers.shutdown(wait=True)

    async def _close(self) -> None:
        self._stopping = True
        self._server.close()
        # Connections waiting for a request end now; those in a request get a little time.
        for task, tracked in list(self._tasks.items()):
            if tracked.waiting:
                task.cancel()
        if self._tasks:
            _, running = await asyncio.wait(list(self._tasks), timeout=STOP_TIMEOUT_SECONDS)
            for task in running:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    # --- one connection ------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        peer = writer.get_extra_info("peername")
        tracked = Tracked(peer[0] if peer else "", close=writer.transport.abort)
        self._tasks[task] = tracked
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=http_io.MAX_HEAD_BYTES)
        try:
            if not self._admission.admit(tracked):
                await self._answer(conn, writer, *_json_error(
                    503, "internal", "The backend has too many connections open right now; "
                    "try again in a moment."), close=True)
                return
            while await self._one_request(conn, reader, writer, tracked):
                conn.start_next_cycle()
        except (ConnectionError, OSError, h11.ProtocolError) as error:
            log.debug("connection from %s ended: %s", tracked.address, error)
        except asyncio.CancelledError:
            pass
        finally:
            self._admission.release(tracked)
            writer.close()
            self._tasks.pop(task, None)

    async def _one_request(self, conn: h11.Connection, reader: asyncio.StreamReader,
                           writer: asyncio.StreamWriter, tracked: Tracked) -> bool:
        """Reads, runs and answers one request; True when the connection can carry another."""
        tracked.wait()
        try:
            request = await http_io.next_request(conn, reader, self._limits)
        except http_io.Deadline:
            if conn.their_state is h11.IDLE and not conn.trailing_data[0]:
                return False  # an idle keep-alive connection: just close it
            await self._refuse(conn, writer, 400, "bad_request",
                               "The request's headers did not arrive in time.")
            return False
        except h11.RemoteProtocolError as error:
            if error.error_status_hint == 431:
                await self._refuse(conn, writer, 431, "too_large",
                                   "The request's headers are too large.")
            else:
                await self._refuse(conn, writer, 400, "bad_request",
                                   f"The request is not valid HTTP ({error}).")
            return False
        if request is None:
            return False
        tracked.busy()
        body = await self._body(conn, reader, writer, request)
        if body is None:
            return False
        environ = self._environ(request, body, tracked.address, writer)
        status, headers, payload = await asyncio.get_running_loop().run_in_executor(
            self._workers, _call, self._app, environ)
        if status == 401 and _guessed(environ) and \
                (delay := self._backoff.failed(tracked.address)):
            headers = [*headers, ("Retry-After", str(math.ceil(delay)))]
            tracked.wait()  # a wrong token waits evictable: it holds a socket, not a slot
            await asyncio.sleep(delay)
            tracked.busy()
        await self._answer(conn, writer, status, headers, payload,
                           head_only=request.method == b"HEAD")
        return (conn.our_state is h11.DONE and conn.their_state is h11.DONE
                and not self._stopping)

    async def _body(self, conn, reader, writer, request: h11.Request) -> bytes | None:
        length = _content_length(request)
        if length is not None and length > self._max_body:
            await self._refuse(conn, writer, 413, "too_large",
                               f"The request body is over {self._max_body} bytes; API requests "
                               "are small JSON documents and file bytes go to the upload URL.")
            return None
        if conn.they_are_waiting_for_100_continue:
            writer.write(conn.send(h11.InformationalResponse(status_code=100, headers=[])))
        deadline = time.monotonic() + self._limits.body
        chunks, size = [], 0
        while True:
            try:
                event = await http_io.next_body_event(conn, reader, deadline=deadline,
                                                      idle=self._limits.body)
            except http_io.Deadline:
                await self._refuse(conn, writer, 400, "bad_request",
                                   "The request's body did not arrive in time.")
                return None
            except h11.RemoteProtocolError:
                return None  # the client hung up halfway: nobody to answer
            if isinstance(event, h11.EndOfMessage):
                return b"".join(chunks)
            size += len(event.data)
            if size > self._max_body:
                await self._refuse(conn, writer, 413, "too_large",
                                   f"The request body is over {self._max_body} bytes.")
                return None
            chunks.append(event.data)

    def _environ(self, request: h11.Request, body: bytes, address: str, writer) -> dict:
        target = request.target.decode("latin-1")
        url = urlsplit(target)
        environ = {
            "REQUEST_METHOD": request.method.decode("ascii"),
            "REQUEST_URI": target,
            "PATH_INFO": unquote(url.path, encoding="latin-1"),
            "QUERY_STRING": url.query,
            "SERVER_NAME": self._host,
            "SERVER_PORT": str(self.port),
            "SERVER_PROTOCOL": f"HTTP/{request.http_version.decode('ascii')}",
            "REMOTE_ADDR": address,
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": io.StringIO(),
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in request.headers:
            key = name.decode("latin-1").upper().replace("-", "_")
            value = value.decode("latin-1")
            if key == "CONTENT_TYPE":
                environ["CONTENT_TYPE"] = value
            elif key == "CONTENT_LENGTH":
                continue  # the body we read is what counts
            else:
                key = f"HTTP_{key}"
                environ[key] = f"{environ[key]},{value}" if key in environ else value
        return environ

    async def _refuse(self, conn, writer, status: int, code: str, message: str) -> None:
        await self._answer(conn, writer, *_json_error(status, code, message), close=True)

    @staticmethod
    async def _answer(conn: h11.Connection, writer: asyncio.StreamWriter, status: int,
                      headers: list, body: bytes, *, close: bool = False,
                      head_only: bool = False) -> None:
        framing = ("connection", "transfer-encoding") if head_only else \
            ("content-length", "connection", "transfer-encoding")
        headers = [(n, v) for n, v in headers if n.lower() not in framing]
        if status not in (204, 304) and not head_only:
            headers.append(("Content-Length", str(len(body))))
        if close:
            headers.append(("Connection", "close"))
        try:
            writer.write(conn.send(h11.Response(status_code=status, headers=headers)))
            if body and not head_only and status not in (204, 304):
                writer.write(conn.send(h11.Data(data=body)))
            writer.write(conn.send(h11.EndOfMessage()))
            await writer.drain()
        except h11.LocalProtocolError:
            pass  # the connection cannot carry an answer any more (the client left)


def _guessed(environ: dict) -> bool:
    """Whether a refused request carried a credential (a guess): a request with none guesses
    nothing and costs no back-off."""
    return bool(environ.get("HTTP_AUTHORIZATION") or environ.get("HTTP_X_THUMBDROP_AUTHORIZATION"))


def _content_length(request: h11.Request) -> int | None:
    for name, value in request.headers:
        if name == b"content-length":
            return int(value)  # h11 has checked it is a number
    return None


def _call(app, environ: dict) -> tuple[int, list, bytes]:
    """Runs the WSGI app in a worker thread; returns (status, headers, body)."""
    answer: dict = {}

    def start_response(status: str, headers: list, exc_info=None):
        answer["status"], answer["headers"] = int(status.split(" ", 1)[0]), list(headers)
        return lambda data: None

    try:
        chunks = app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
    except Exception:
        log.exception("the app failed on %s %s", environ["REQUEST_METHOD"],
                      environ["PATH_INFO"])
        return _json_error(500, "internal", "The backend failed while handling this request; "
                                            "its log has the details. Try again.")
    return answer["status"], answer["headers"], body
