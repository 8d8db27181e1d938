"""Reading HTTP/1.1 messages off an asyncio stream with h11, under the deadlines that keep slow
or stalled clients from holding a server's sockets: the backend's API (http_server.py) and its
S3 front (s3_front.py) both read requests this way.

- Limits.idle: how long a connection may sit between requests (or before its first);
- Limits.head: once a request's first byte is in, its whole head must be in within this;
- a body must keep arriving: the API gives a whole body Limits.body, the S3 front (bodies of
  gigabytes) a pause of at most Limits.body_idle between reads.
A peer that misses a deadline gets `Deadline`; the server closes the connection.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import h11

READ_CHUNK = 256 * 1024
MAX_HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Limits:
    idle: float = 30.0  # between requests (and before the first)
    head: float = 10.0  # from a request's first byte to the end of its head
    body: float = 30.0  # a whole body, where bodies are small (the API's are at most 1 MiB)
    body_idle: float = 60.0  # the longest pause inside a body


DEFAULT = Limits()


class Deadline(Exception):
    """The peer did not send in time."""


async def _read(reader: asyncio.StreamReader, timeout: float) -> bytes:
    if timeout <= 0:
        raise Deadline
    try:
        return await asyncio.wait_for(reader.read(READ_CHUNK), timeout)
    except TimeoutError:
        raise Deadline from None
    except (ConnectionError, OSError):
        return b""  # a reset is an end of file here


async def next_request(conn: h11.Connection, reader: asyncio.StreamReader,
                       limits: Limits = DEFAULT):
    """The next h11.Request, or None when the peer closed the connection between requests.
    Raises Deadline, or h11.RemoteProtocolError for a malformed (or oversized) head."""
    deadline = time.monotonic() + limits.idle
    begun = False
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            data = await _read(reader, deadline - time.monotonic())
            if data and not begun:
                begun = True
                deadline = min(deadline, time.monotonic() + limits.head)
            conn.receive_data(data)
        elif isinstance(event, h11.Request):
            # h11 bounds only a head still arriving; one that came in a single read is
            # measured here.
            size = len(event.target) + sum(len(n) + len(v) + 4 for n, v in event.headers)
            if size > MAX_HEAD_BYTES:
                raise h11.RemoteProtocolError("request head too large", error_status_hint=431)
            return event
        elif isinstance(event, h11.ConnectionClosed):
            return None
        else:  # e.g. PAUSED after a response whose request was never read whole
            return None


async def next_body_event(conn: h11.Connection, reader: asyncio.StreamReader, *,
                          deadline: float | None = None,
                          idle: float = DEFAULT.body_idle):
    """The next h11.Data or h11.EndOfMessage of the peer's message. Raises Deadline when the
    body stalls for `idle` seconds or runs past `deadline` (monotonic), and
    h11.RemoteProtocolError when the peer hangs up in the middle."""
    while True:
        event = conn.next_event()
        if event is not h11.NEED_DATA:
            return event
        timeout = idle if deadline is None else min(idle, deadline - time.monotonic())
        conn.receive_data(await _read(reader, timeout))
