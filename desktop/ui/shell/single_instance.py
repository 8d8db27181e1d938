"""One Thumbdrop per user: `thumbdrop FILES` while it runs hands FILES to the running window
(as "Open with" from a file manager does) instead of starting a second app and backend.

The running app listens on a QLocalServer named after its data dir (so a test or a second
profile with another data dir is another instance), reachable by this user only. A new
start connects to it, sends the paths as one JSON line, waits for "ok", and exits.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

HAND_OVER_TIMEOUT_MS = 3000  # a running app answers in milliseconds; a hung one is left alone
MAX_MESSAGE_BYTES = 1024 * 1024


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(f"{getpass.getuser()}\0{Path(data_dir).resolve()}".encode())
    return f"thumbdrop-{digest.hexdigest()[:16]}"


class SingleInstance(QObject):
    paths_received = Signal(list)  # list[Path] another start handed over (maybe empty)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self._name = name
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}

    def hand_over_or_listen(self, paths: list[Path]) -> bool:
        """True when a running instance took `paths` (this start should exit); otherwise this
        process becomes the running instance and gets later starts' paths as signals."""
        if self.hand_over(paths):
            return True
        if self._listen():
            return False
        # The name is taken: by an instance that started a moment ago (hand over to it), or
        # left by one that crashed (nobody answers: take the name over).
        if self.hand_over(paths):
            return True
        QLocalServer.removeServer(self._name)
        if not self._listen():
            log.warning("cannot listen for other starts of Thumbdrop: %s", self._name)
        return False

    def hand_over(self, paths: list[Path]) -> bool:
        """Sends `paths` to a running instance; True when it took them."""
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(HAND_OVER_TIMEOUT_MS):
            return False
        message = json.dumps([str(Path(p).absolute()) for p in paths]).encode() + b"\n"
        socket.write(message)
        taken = socket.waitForBytesWritten(HAND_OVER_TIMEOUT_MS) and \
            socket.waitForReadyRead(HAND_OVER_TIMEOUT_MS) and \
            bytes(socket.readAll().data()).startswith(b"ok")
        socket.disconnectFromServer()
        return taken

    def _listen(self) -> bool:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._name):
            server.deleteLater()
            return False
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _accept(self) -> None:
        while self._server is not None and (socket := self._server.nextPendingConnection()):
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if b"\n" not in data:
            if len(data) > MAX_MESSAGE_BYTES:
                socket.abort()
            else:
                self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        try:
            paths = [Path(p) for p in json.loads(line) if isinstance(p, str)]
        except (ValueError, TypeError):
            log.warning("ignored a malformed message from another start of Thumbdrop")
            socket.abort()
            return
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        self.paths_received.emit(paths)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()
