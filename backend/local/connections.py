"""Lets a socketserver-based server end its open keep-alive connections when it stops.

A thread serving an idle keep-alive connection waits for the next request forever;
shutting the socket down wakes it, so stopping the backend can join every thread.
"""

from __future__ import annotations

import socket
import threading


class TracksConnections:
    """Mixin for socketserver servers (put it before the server class in the bases)."""

    def __init__(self, *args, **kwargs):
        self._open_connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        with self._connections_lock:
            self._open_connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._connections_lock:
            self._open_connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            open_now = list(self._open_connections)
        for sock in open_now:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the peer
