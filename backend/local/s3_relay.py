"""Carries a LAN address's S3 port to weed's S3 gateway on 127.0.0.1, byte for byte.

weed binds its S3 gateway's gRPC service (unauthenticated; it adds S3 identities) to the same
address as S3 itself, so weed's S3 never listens beyond loopback. When the backend serves a
LAN, this relay listens on --host and copies each connection to weed unchanged: requests keep
the Host header the client signed, so SigV4 checks still hold end to end.
"""

from __future__ import annotations

import asyncio
import logging
import threading

log = logging.getLogger("thumbdrop.backend.s3_relay")

CHUNK = 256 * 1024
BACKLOG = 1024


class TcpRelay:
    def __init__(self, listen_host: str, listen_port: int, target_port: int):
        self._listen = (listen_host, listen_port)
        self._target_port = target_port
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task] = set()
        self._thread = threading.Thread(target=self._loop.run_forever, name="thumbdrop-s3-relay")
        self.port: int | None = None

    def start(self) -> None:
        self._thread.start()
        try:
            self._server = asyncio.run_coroutine_threadsafe(asyncio.start_server(
                self._serve, *self._listen, backlog=BACKLOG), self._loop).result()
        except OSError:  # the port is taken: no thread left behind
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()
            raise
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self._server is None:
            return
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()
        self._server = None

    async def _close(self) -> None:
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, client_reader, client_writer) -> None:
        task = asyncio.current_task()
        self._connections.add(task)
        try:
            try:
                weed_reader, weed_writer = await asyncio.open_connection(
                    "127.0.0.1", self._target_port)
            except OSError as error:
                log.warning("the S3 store is not reachable: %s", error)
                return
            try:
                pipes = {asyncio.create_task(_pipe(client_reader, weed_writer)),
                         asyncio.create_task(_pipe(weed_reader, client_writer))}
                try:
                    done, pending = await asyncio.wait(pipes,
                                                       return_when=asyncio.FIRST_COMPLETED)
                    if not all(task.result() for task in done):
                        for task in pending:  # a reset on one side ends both
                            task.cancel()
                    await asyncio.gather(*pending, return_exceptions=True)
                finally:
                    for task in pipes:
                        task.cancel()
            finally:
                weed_writer.close()
        finally:
            client_writer.close()
            self._connections.discard(task)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
    """Copies until end of file, which it passes on as a half-close (True), or a reset (False)."""
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
        return True
    except (ConnectionError, OSError):
        return False
