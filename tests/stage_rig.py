"""One engine stage built alone (tests/unit/test_stage_*.py): the real QueueStore, the real
local backend over HTTP, an EngineState the test drives by hand, and the hooks a stage gets
from the engine recorded instead of wired to the other stages."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import requests
from helpers import wait_until
from PIL import Image

from desktop.client.api import ApiClient, UploadRequest, UploadTicket
from desktop.client.backoff import RetryPolicy
from desktop.client.bandwidth import BandwidthLimit
from desktop.client.connectivity import Connectivity
from desktop.client.engine_state import EngineSettings, EngineState, Halt
from desktop.client.files import probe_file
from desktop.client.hashing import hash_file
from desktop.client.queue_store import QueueStore
from desktop.client.queue_types import FileState, QueueItem
from desktop.client.stage_base import Retries, RowEnds

FAST = RetryPolicy(tries=3, base=0.01, cap=0.05)
MIB = 1024 * 1024


def photo_bytes(size=(160, 120)) -> bytes:
    """A small JPEG whose bytes are this call's own (a random comment): never a duplicate of
    another test's upload on the session's backend."""
    image = Image.new("RGB", size, (200, 40, 40))
    image.paste((40, 40, 200), (0, size[1] // 2, size[0], size[1]))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, comment=uuid.uuid4().hex.encode())
    return out.getvalue()


def digest_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


class StageRig:
    def __init__(self, tmp_path: Path, backend: dict, **settings):
        self.dir = tmp_path
        self.backend = backend
        self.store = QueueStore(tmp_path / "queue.sqlite3")
        self.api = ApiClient(backend["api_url"], backend["token"])
        self.state = EngineState(self.store, self.api, EngineSettings(**settings), FAST,
                                 BandwidthLimit())
        self.watched: list[QueueItem] = []  # what RowEnds handed to the processing stage
        self.ends = RowEnds(self.state, watch=self.watched.append)
        self.connectivity = Connectivity(self.state)
        self.retries = Retries(self.state, self.connectivity)
        self._threads: list[threading.Thread] = []

    def connect(self):
        """What the network stage does first: the config of the API in use."""
        config = self.api.get_config()
        with self.state.lock:
            self.state.config, self.state.need_config = config, False
            self.state.gallery = config.gallery_key(self.api.base_url)
            self.state.cond.notify_all()
        return config

    def photo(self, name: str, data: bytes | None = None) -> Path:
        path = self.dir / name
        path.write_bytes(photo_bytes() if data is None else data)
        return path

    def big(self, name: str, mib: int) -> Path:
        """A file of `mib` MiB that the client takes as a JPEG (its bytes are noise)."""
        path = self.dir / name
        path.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(mib * MIB - 4))
        return path

    def queued(self, path: Path) -> QueueItem:
        return self.store.add([probe_file(path)]).result()[0]

    def hashed(self, path: Path, part_bytes: int | None = None) -> QueueItem:
        """A row as the hash stage leaves it: its digest (and parts) stored, waiting for a URL."""
        item = self.queued(path)
        digest, parts, _ = hash_file(path, part_bytes)
        if part_bytes is not None:
            self.store.save_parts(item.id, parts).result()
        return self.store.update(item.id, state=FileState.WAITING_URL, sha256=digest,
                                 part_bytes=part_bytes).result()

    def ticket(self, item: QueueItem) -> UploadTicket:
        [answer] = self.api.create_uploads([UploadRequest(
            item.name, item.content_type, item.size, item.sha256)], allow_duplicates=False)
        assert isinstance(answer, UploadTicket), answer
        return answer

    def stored_directly(self, path: Path) -> QueueItem:
        """A row whose bytes this test PUT itself: processing, as the upload stage leaves it."""
        item = self.hashed(path)
        ticket = self.ticket(item)
        answer = requests.put(ticket.url, data=path.read_bytes(), headers=ticket.headers,
                              timeout=30)
        assert answer.status_code == 200, answer.text
        return self.store.update(item.id, state=FileState.PROCESSING, image_id=ticket.id,
                                 endpoint=self.api.base_url, gallery=self.state.gallery,
                                 bytes_done=item.size, processing_since=time.time()).result()

    def wait_ready_on_server(self, image_id: str):
        def ready():
            found, _ = self.api.get_images([image_id])
            return found and found[0].status != "pending" and found[0]
        return wait_until(ready, timeout=60, what=f"image {image_id} to be made")

    def run(self, target: Callable[[], None], name: str) -> threading.Thread:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()
        return thread

    def wait_state(self, item_id: int, *states: FileState, timeout: float = 30) -> QueueItem:
        wait_until(lambda: self.store.get(item_id).state in states, timeout=timeout,
                   what=f"row {item_id} to be {states} (is {self.store.get(item_id).state})")
        return self.store.get(item_id)

    def close(self, *more_threads: threading.Thread) -> None:
        with self.state.lock:
            self.state.closing = True
            self.state.halt_all(Halt.QUEUE)
            self.state.cond.notify_all()
        for thread in [*self._threads, *more_threads]:
            thread.join(30)
            assert not thread.is_alive(), f"{thread.name} did not stop"
        self.store.close()
        self.api.close()
