"""Reading HTTP/1.1 messages off an asyncio stream with h11, under the deadlines that keep slow
or stalled clients from holding a server's sockets: the backend's API (http_server.py) and its
S3 front (s3_front.py) both read requests this way.

- IDLE_SECONDS: how long a connection may sit between requests (or before its first);
- HEAD_SECONDS: once a request's first byte is in, its whole head must be in within this;
- a body must keep arriving: the API gives a whole body BODY_SECONDS, the S3 front (bodies of
  gigabytes) a pause of at most BODY_IDLE_SECONDS between reads.
A peer that misses a deadline gets `Deadline`; the server closes the connection.
"""

from __future__ import annotations

import asyncio
import time

import h11

IDLE_SECONDS = 30.0
HEAD_SECONDS = 10.0
BODY_SECONDS = 30.0
BODY_IDLE_SECONDS = 60.0
READ_CHUNK = 256 * 1024
MAX_HEAD_BYTES = 64 * 1024


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


async def next_request(conn: h11.Connection, reader: asyncio.StreamReader):
    """The next h11.Request, or None when the peer closed the connection between requests.
    Raises Deadline, or h11.RemoteProtocolError for a malformed (or oversized) head."""
    deadline = time.monotonic() + IDLE_SECONDS
    begun = False
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            data = await _read(reader, deadline - time.monotonic())
            if data and not begun:
                begun = True
                deadline = min(deadline, time.monotonic() + HEAD_SECONDS)
            conn.receive_data(data)
        elif isinstance(event, h11.Request):
            return event
        elif isinstance(event, h11.ConnectionClosed):
            return None
        else:  # e.g. PAUSED after a response whose request was never read whole
            return None


async def next_body_event(conn: h11.Connection, reader: asyncio.StreamReader, *,
                          deadline: float | None = None,
                          idle: float = BODY_IDLE_SECONDS):
    """The next h11.Data or h11.EndOfMessage of the peer's message. Raises Deadline when the
    body stalls for `idle` seconds or runs past `deadline` (monotonic), and
    h11.RemoteProtocolError when the peer hangs up in the middle."""
    while True:
        event = conn.next_event()
        if event is not h11.NEED_DATA:
            return event
        timeout = idle if deadline is None else min(idle, deadline - time.monotonic())
        conn.receive_data(await _read(reader, timeout))
