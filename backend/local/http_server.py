"""A WSGI app served by waitress in a background thread, with a clean, bounded stop.

waitress reads each request whole in its I/O thread before a worker sees it, so slow or
half-open clients cost a socket, never a worker thread, and idle connections are closed
after CHANNEL_TIMEOUT_SECONDS. Errors it answers itself (a header block or body over the
limit, a malformed request line) are plain-text 4xx; everything else reaches the app.
"""

from __future__ import annotations

import logging
import threading

from waitress import wasyncore
from waitress.server import create_server

log = logging.getLogger("thumbdrop.backend.http")

CHANNEL_TIMEOUT_SECONDS = 30  # an idle or stalled connection is closed after this
MAX_HEADER_BYTES = 64 * 1024
CONNECTION_LIMIT = 500  # beyond this waitress stops accepting; the backlog holds the rest
BACKLOG = 1024
STOP_TIMEOUT_SECONDS = 10.0


class WsgiServer:
    def __init__(self, app, host: str, port: int, *, name: str, threads: int, max_body: int,
                 channel_timeout: int = CHANNEL_TIMEOUT_SECONDS):
        self.name = name
        self._server = create_server(
            app, host=host, port=port, threads=threads, ident=None,
            backlog=BACKLOG, connection_limit=CONNECTION_LIMIT,
            channel_timeout=channel_timeout, cleanup_interval=min(5, channel_timeout),
            max_request_header_size=MAX_HEADER_BYTES, max_request_body_size=max_body + 1,
            asyncore_use_poll=True,  # select() breaks beyond 1,024 sockets
            expose_tracebacks=False, clear_untrusted_proxy_headers=True)
        self.port = int(self._server.effective_port)  # waitress gives it as a string
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.run, name=self.name)
        self._thread.start()

    def stop(self) -> None:
        """Lets requests in hand finish (bounded), then closes every socket and the thread."""
        if self._thread is None:
            return
        server = self._server
        server.task_dispatcher.shutdown(timeout=STOP_TIMEOUT_SECONDS)
        # asyncore is not thread-safe: the sockets are closed by the loop's own thread.
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        self._thread.join()
        self._thread = None
