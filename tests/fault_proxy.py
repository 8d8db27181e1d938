"""FaultProxy: an HTTP forward proxy between the client and the real backend that misbehaves
on cue, the way networks and AWS do: resets a connection mid-body, answers bursts of 503/429
(with Retry-After), stalls past the client's timeout, hands out "Request has expired" for a
URL. Everything else is forwarded byte for byte, and the body bytes of every request are
counted (so a test can say how much was sent twice).

Why our own: toxiproxy works at the TCP level only (no 503 with Retry-After, no S3 error
bodies) and mitmproxy buffers request bodies, so neither can cut a PUT mid-body and answer
per route. A forward proxy keeps the Host header, so presigned signatures stay valid.
"""

from __future__ import annotations

import asyncio
import re
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

EXPIRED = (b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code>"
           b"<Message>Request has expired</Message></Error>")


@dataclass
class Seen:
    method: str
    url: str
    body_bytes: int           # request body bytes that reached the backend (or the proxy)
    fault: str | None


@dataclass
class Rule:
    """Applies `fault` to the next `times` requests `match` accepts."""

    match: Callable[[str, str], bool]     # (method, url) -> bool
    fault: str                            # reset | status | stall | expired
    times: int = 1
    status: int = 503
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def storage_put(method: str, url: str) -> bool:
    """A presigned PUT of a file or a part (not an API call)."""
    return method == "PUT"


def api_route(pattern: str, method: str | None = None) -> Callable[[str, str], bool]:
    regex = re.compile(pattern)
    return lambda m, url: (method is None or m == method) and bool(
        regex.search(urlsplit(url).path))


class FaultProxy:
    def __init__(self):
        self._rules: list[Rule] = []
        self._lock = threading.Lock()
        self.seen: list[Seen] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._connections: set[asyncio.Task] = set()
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        self.url = f"http://127.0.0.1:{self.port}"

    # -- scripting -----------------------------------------------------------------------------

    def add(self, rule: Rule) -> None:
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def faults_left(self) -> int:
        with self._lock:
            return sum(r.times for r in self._rules)

    def body_bytes(self, match: Callable[[str, str], bool] = storage_put) -> int:
        with self._lock:
            return sum(s.body_bytes for s in self.seen if match(s.method, s.url))

    def requests(self, match: Callable[[str, str], bool]) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if match(s.method, s.url)]

    def _take(self, method: str, url: str) -> Rule | None:
        with self._lock:
            for rule in self._rules:
                if rule.times > 0 and rule.match(method, url):
                    rule.times -= 1
                    return rule
        return None

    # -- the server ----------------------------------------------------------------------------

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())
        # Connections accepted while closing: end them too before the loop goes.
        left = asyncio.all_tasks(self._loop)
        for task in left:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
        self._loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._client, "127.0.0.1", 0, backlog=256)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        async with server:
            await self._stop.wait()
            server.close()
            # Stalled requests sleep "forever": end them so the loop closes clean.
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        task = asyncio.current_task()
        self._connections.add(task)  # a strong reference: the loop keeps only weak ones
        task.add_done_callback(self._connections.discard)
        try:
            while await self._one_request(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                OSError, ValueError):
            pass
        finally:
            writer.transport.abort() if writer.transport.is_closing() else writer.close()

    async def _one_request(self, reader, writer) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, url, _ = lines[0].split(" ", 2)
        headers = [line.split(":", 1) for line in lines[1:] if line]
        length = next((int(v) for k, v in headers if k.strip().lower() == "content-length"), 0)
        rule = self._take(method, url)
        seen = Seen(method, url, 0, rule.fault if rule else None)
        with self._lock:
            self.seen.append(seen)
        if rule is not None and rule.fault == "reset":
            half = max(1, length // 2) if length else 0
            if half:
                seen.body_bytes = len(await reader.readexactly(half))
            _reset(writer)
            return False
        if rule is not None:
            body = await reader.readexactly(length) if length else b""
            seen.body_bytes = len(body)
            if rule.fault == "stall":
                await asyncio.sleep(3600)  # past any client timeout; the test ends first
                return False
            status, extra, payload = rule.status, rule.headers, rule.body
            if rule.fault == "expired":
                status, payload = 403, EXPIRED
            reason = {403: "Forbidden", 429: "Too Many Requests", 500: "Internal Server Error",
                      503: "Service Unavailable"}.get(status, "Error")
            response = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(payload)}",
                        "Content-Type: application/xml"]
            response += [f"{k}: {v}" for k, v in extra.items()]
            writer.write(("\r\n".join(response) + "\r\n\r\n").encode() + payload)
            await writer.drain()
            return True
        return await self._forward(method, url, headers, length, reader, writer, seen)

    async def _forward(self, method, url, headers, length, reader, writer, seen) -> bool:
        target = urlsplit(url)
        upstream_reader, upstream = await asyncio.open_connection(target.hostname, target.port)
        try:
            path = target.path + (f"?{target.query}" if target.query else "")
            kept = [(k, v) for k, v in headers
                    if k.strip().lower() not in ("proxy-connection", "connection", "keep-alive")]
            request = [f"{method} {path} HTTP/1.1", *(f"{k}:{v}" for k, v in kept),
                       "Connection: close"]
            upstream.write(("\r\n".join(request) + "\r\n\r\n").encode("latin-1"))
            left = length
            while left:
                chunk = await reader.read(min(65536, left))
                if not chunk:
                    raise ConnectionError("the client went away mid-body")
                left -= len(chunk)
                seen.body_bytes += len(chunk)
                upstream.write(chunk)
                await upstream.drain()
            # Relay the answer until the backend closes; the client sees Connection: close
            # there too and opens a new connection for its next request.
            while chunk := await upstream_reader.read(65536):
                writer.write(chunk)
                await writer.drain()
        finally:
            upstream.close()
        return False


def _reset(writer: asyncio.StreamWriter) -> None:
    """Closes with RST instead of FIN: the client sees 'connection reset by peer'."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
