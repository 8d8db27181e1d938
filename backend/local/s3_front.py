"""The S3 port clients and the handlers use: an HTTP/1.1 front to weed's S3 gateway that answers
a write only once it is on stable storage.

Requests pass to weed unchanged (same method, target, headers and body; the Host the client
signed reaches weed, so SigV4 holds end to end), over weed's S3 unix socket in the data dir
when it has one, else its loopback port. What the front adds:
- durability: a successful answer to a request that changes the store (PUT, POST, DELETE) is
  held until a flush of the data dir's filesystem that began after weed answered has finished
  (durability.py: grouped, one flush per round however many writes wait). A read answered
  while a write is in flight or unflushed waits for the same, so nobody reads "ready" from a
  record that an OS crash could still take back. A failed flush turns the answer into a 503:
  nothing is acknowledged that is not stored;
- a write weed fails (5xx) while the data dir's disk is full or read-only is answered 507
  InsufficientStorage with the sentence saying so (storage.py), not weed's "try again";
- the connection rules every backend server keeps (connection_guard.py, http_io.py): header
  deadline, stalled bodies closed, connections capped per address with room for newcomers;
- it listens where clients reach it (127.0.0.1, or a LAN address), while weed's own S3 port
  stays on loopback (its gRPC identity service binds wherever S3 does).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import h11

from . import http_io
from .connection_guard import ConnectionGuard, Tracked
from .durability import GroupFlush

log = logging.getLogger("thumbdrop.backend.s3_front")

BACKLOG = 1024
PER_ADDRESS = 256
UPSTREAM_SECONDS = 300.0  # how long weed may take to answer (a 5 GiB PUT is written first)
SAFE_METHODS = frozenset({b"GET", b"HEAD", b"OPTIONS"})

# Where weed's S3 gateway is now: ("unix", path) or ("tcp", port); asked per connection, so a
# restarted weed on another port is found.
Upstream = Callable[[], tuple[str, str | int]]


@dataclass
class _Weed:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    conn: h11.Connection


class S3Front:
    def __init__(self, host: str, port: int, upstream: Upstream, flush: Callable[[], None],
                 storage_problem: Callable[[], str | None] = lambda: None):
        self._listen = (host, port)
        self._upstream = upstream
        self._flush_function = flush
        self._storage_problem = storage_problem
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task] = set()
        # The handlers' S3 client alone may hold S3_POOL_CONNECTIONS from 127.0.0.1 (see
        # server.py): the per-address cap leaves room for them and the clients' PUTs besides.
        self._admission = ConnectionGuard(per_address=PER_ADDRESS)
        self._flush: GroupFlush | None = None
        self._writes_open = 0  # writes sent to weed whose answer is not yet passed on
        self._thread = threading.Thread(target=self._loop.run_forever, name="thumbdrop-s3-front")
        self.port: int | None = None

    def flush_summary(self) -> str:
        flush = self._flush
        return f"{flush.rounds} flushes, {flush.seconds:.1f} s" if flush else "no flushes"

    def start(self) -> None:
        self._flush = GroupFlush(self._flush_function)
        self._thread.start()
        try:
            self._server = asyncio.run_coroutine_threadsafe(asyncio.start_server(
                self._serve, *self._listen, backlog=BACKLOG), self._loop).result()
        except OSError:  # the port is taken: no thread left behind
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()
            self._flush.close()
            raise
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self._server is None:
            return
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()
        self._flush.close()
        self._server = None

    async def _close(self) -> None:
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    # --- one client connection -------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._tasks.add(task)
        peer = writer.get_extra_info("peername")
        tracked = Tracked(peer[0] if peer else "", close=writer.transport.abort)
        weed: _Weed | None = None
        try:
            if not self._admission.admit(tracked):
                return
            client = h11.Connection(h11.SERVER, max_incomplete_event_size=http_io.MAX_HEAD_BYTES)
            while True:
                tracked.wait()
                try:
                    request = await http_io.next_request(client, reader)
                except (http_io.Deadline, h11.RemoteProtocolError):
                    return
                if request is None:
                    return
                tracked.busy()
                if weed is None:
                    weed = await self._connect()
                    if weed is None:
                        await _say(writer, client, 503, "ServiceUnavailable",
                                   "The store is restarting; try again in a moment.")
                        return
                if not await self._exchange(request, client, reader, writer, weed):
                    return
                client.start_next_cycle()
                weed.conn.start_next_cycle()
        except (ConnectionError, OSError, h11.ProtocolError, http_io.Deadline) as error:
            log.debug("S3 connection from %s ended: %s", tracked.address, error)
        finally:
            self._admission.release(tracked)
            if weed is not None:
                weed.writer.close()
            writer.close()
            self._tasks.discard(task)

    async def _connect(self) -> _Weed | None:
        kind, where = self._upstream()
        try:
            if kind == "unix":
                reader, writer = await asyncio.open_unix_connection(where)
            else:
                reader, writer = await asyncio.open_connection("127.0.0.1", where)
        except OSError as error:
            log.warning("the S3 store is not reachable: %s", error)
            return None
        return _Weed(reader, writer, h11.Connection(h11.CLIENT))

    async def _exchange(self, request: h11.Request, client: h11.Connection,
                        reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                        weed: _Weed) -> bool:
        """Passes one request on and its answer back; True when both connections can carry
        the next request."""
        write = request.method not in SAFE_METHODS
        if write:
            self._writes_open += 1
        try:
            weed.writer.write(weed.conn.send(h11.Request(
                method=request.method, target=request.target,
                headers=list(request.headers.raw_items()), http_version=request.http_version)))
            body = asyncio.get_running_loop().create_task(self._pass_body(client, reader, weed))
            try:
                await self._pass_answer(client, writer, weed, write=write)
            finally:
                if not body.done():  # answered before the body was read (an early refusal)
                    body.cancel()
                await asyncio.gather(body, return_exceptions=True)
        finally:
            if write:
                self._writes_open -= 1
        return all(state is h11.DONE for state in (
            client.our_state, client.their_state, weed.conn.our_state, weed.conn.their_state))

    async def _pass_body(self, client: h11.Connection, reader: asyncio.StreamReader,
                         weed: _Weed) -> None:
        while True:
            event = await http_io.next_body_event(client, reader)
            weed.writer.write(weed.conn.send(event))
            await weed.writer.drain()
            if isinstance(event, h11.EndOfMessage):
                return

    async def _pass_answer(self, client: h11.Connection, writer: asyncio.StreamWriter,
                           weed: _Weed, *, write: bool) -> None:
        while True:
            event = await http_io.next_body_event(weed.conn, weed.reader, idle=UPSTREAM_SECONDS)
            if isinstance(event, h11.InformationalResponse):  # 100 Continue: pass at once
                writer.write(client.send(event))
                await writer.drain()
                continue
            if isinstance(event, h11.Response):
                if write and event.status_code >= 500 and (problem := await self._disk_full()):
                    # weed says only "InternalError, try again"; the client gets the reason.
                    await _say(writer, client, 507, "InsufficientStorage", problem)
                    raise ConnectionError("the disk is full")
                if (write and event.status_code < 400) or self._writes_open > int(write):
                    try:
                        await self._flush.durable()
                    except OSError as error:
                        log.error("the store's disk could not be flushed (%s): the answer to "
                                  "this request is withheld", error)
                        await _say(writer, client, 503, "ServiceUnavailable",
                                   f"The store could not write to its disk ({error.strerror}); "
                                   "nothing was acknowledged. Check the backend's disk.")
                        raise ConnectionError("flush failed") from error
                event = h11.Response(status_code=event.status_code, reason=event.reason,
                                     headers=list(event.headers.raw_items()),
                                     http_version=event.http_version)
            writer.write(client.send(event))
            await writer.drain()
            if isinstance(event, h11.EndOfMessage):
                return


    async def _disk_full(self) -> str | None:
        return await asyncio.get_running_loop().run_in_executor(None, self._storage_problem)


async def _say(writer: asyncio.StreamWriter, client: h11.Connection, status: int, code: str,
               message: str) -> None:
    """An S3-style XML error of our own, and the connection closes after it."""
    body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code>"
            f"<Message>{message}</Message></Error>").encode()
    try:
        writer.write(client.send(h11.Response(status_code=status, headers=[
            ("Content-Type", "application/xml"), ("Content-Length", str(len(body))),
            ("Retry-After", "1"), ("Connection", "close")])))
        writer.write(client.send(h11.Data(data=body)))
        writer.write(client.send(h11.EndOfMessage()))
        await writer.drain()
    except (h11.LocalProtocolError, ConnectionError, OSError):
        pass  # an answer was already under way, or the client left: just close
