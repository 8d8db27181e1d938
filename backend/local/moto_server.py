"""moto's S3 and SQS, served over real HTTP from a thread of this process.

This is moto's own WSGI app and request handler (what moto.server.ThreadedMotoServer runs),
on a server that can also close its keep-alive connections, so `stop()` joins every thread.
"""

from __future__ import annotations

import logging
import threading

import requests
from moto.core import DEFAULT_ACCOUNT_ID
from moto.s3.models import s3_backends
from moto.server import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import ThreadedWSGIServer

from .connections import TracksConnections

log = logging.getLogger("thumbdrop.backend.moto")

# Werkzeug logs every request at INFO, presigned query strings included: keep that out.
logging.getLogger("werkzeug").setLevel(logging.WARNING)


SHUTDOWN_POLL_SECONDS = 0.1  # how often serve_forever checks for shutdown()


class _Server(TracksConnections, ThreadedWSGIServer):
    daemon_threads = False  # joined on close


class MotoServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def endpoint(self) -> str:
        assert self._server is not None, "start() first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> str:
        """Serves on a fresh port and returns the endpoint URL, with moto's state wiped.

        moto keeps its state per process, so whatever an earlier backend (or a test using
        moto's mocks) left behind is reset first.
        """
        app = DomainDispatcherApplication(create_backend_app)
        self._server = _Server(*self._address, app, handler=MotoRequestHandler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(SHUTDOWN_POLL_SECONDS,),
            name="thumbdrop-moto", daemon=True,
        )
        self._thread.start()
        requests.post(f"{self.endpoint}/moto-api/reset", timeout=10).raise_for_status()
        log.debug("moto serving on %s", self.endpoint)
        return self.endpoint

    def preload(self, bucket: str, key: str, body: bytes, content_type: str | None,
                metadata: dict[str, str]) -> None:
        """Stores an object straight into moto's S3 model, bypassing HTTP.

        Only for reloading saved objects at start-up, where a PUT over HTTP (~4 ms each in
        moto) would make start-up grow by seconds per hundred images; this takes ~0.05 ms.
        It is moto's internal API, so the restart tests read every reloaded object back
        over HTTP: bytes, Content-Type and metadata.
        """
        stored = s3_backends[DEFAULT_ACCOUNT_ID]["aws"].put_object(bucket, key, body)
        headers = {f"x-amz-meta-{name}": value for name, value in metadata.items()}
        if content_type:
            headers["Content-Type"] = content_type
        stored.set_metadata(headers)

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        self._thread.join()
        self._server = self._thread = None
