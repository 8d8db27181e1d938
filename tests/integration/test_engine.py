"""The transfer engine against the real local backend over HTTP, through FaultProxy.

For each fault a batch ends with every file ready with the exact bytes (the stored
original's SHA-256 compared with the file's) or failed with a reason: none lost, none twice
(each file is in the gallery once), none stuck (the queue ends with nothing active).
Every test uploads photos with bytes of its own and filenames with a prefix of its own, so
no test depends on another's uploads or on running first.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import threading
import time
import uuid
from pathlib import Path

import pytest
from fault_proxy import FaultProxy, Rule, api_route, storage_put
from helpers import wait_until
from PIL import Image

from desktop.client.api import ApiClient, UploadRequest
from desktop.client.backoff import RetryPolicy
from desktop.client.engine import TransferEngine
from desktop.client.queue_store import QueueStore
from desktop.client.queue_types import FileState, RunState

FAST = RetryPolicy(tries=4, base=0.05, cap=0.5)
TIMEOUT = (3.0, 3.0)  # short, so "stalled past the timeout" is quick to see


def photo_bytes(size=(320, 240), fmt="JPEG") -> bytes:
    """A small photo whose bytes are this test's own (a random comment/description)."""
    image = Image.new("RGB", size, (200, 40, 40))
    image.paste((40, 40, 200), (0, size[1] // 2, size[0], size[1]))
    out = io.BytesIO()
    tag = uuid.uuid4().hex
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=90, comment=tag.encode())
    else:
        image.save(out, fmt, tiffinfo={270: tag})
    return out.getvalue()


def big_tiff(path: Path, size=(6000, 4000)) -> Path:
    """A ~72 MB TIFF of noise (above the 64 MiB multipart threshold), unique bytes."""
    Image.effect_noise(size, 60).convert("RGB").save(path, "TIFF",
                                                     tiffinfo={270: uuid.uuid4().hex})
    return path


def sha256_file(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class Rig:
    def __init__(self, tmp_path: Path, backend: dict, proxy: FaultProxy):
        self.dir = tmp_path
        self.backend = backend
        self.proxy = proxy
        self.prefix = f"t{uuid.uuid4().hex[:10]}-"
        self.api = ApiClient(backend["api_url"], backend["token"], timeout=TIMEOUT,
                             proxy=proxy.url)
        self.direct = ApiClient(backend["api_url"], backend["token"])
        self.store = QueueStore(tmp_path / "queue.sqlite3")
        self.engine: TransferEngine | None = None
        self.statuses: list[RunState] = []
        self.store.subscribe(lambda changes: self.statuses.append(changes.status.state))

    def start(self, **options) -> TransferEngine:
        options.setdefault("retry_policy", FAST)
        options.setdefault("concurrency", 3)
        self.engine = TransferEngine(self.store, self.api, **options)
        self.engine.start()
        return self.engine

    def restart(self, **options) -> TransferEngine:
        self.engine.close()
        self.store.close()
        self.store = QueueStore(self.dir / "queue.sqlite3")
        return self.start(**options)

    def photos(self, count: int) -> list[Path]:
        paths = []
        for n in range(count):
            path = self.dir / f"{self.prefix}{n:02d}.jpg"
            path.write_bytes(photo_bytes((320 + n, 240)))
            paths.append(path)
        return paths

    def wait_idle(self, timeout: float = 120):
        wait_until(lambda: self.store.totals().files_active == 0, timeout=timeout,
                   what=f"the queue to finish ({self.store.totals()})")

    def in_gallery(self) -> dict[str, int]:
        """How many ready images of this test the gallery lists, by filename."""
        counts: dict[str, int] = {}
        cursor = None
        while True:
            images, cursor = self.direct.list_images(limit=100, cursor=cursor,
                                                     query=self.prefix)
            for image in images:
                counts[image.filename] = counts.get(image.filename, 0) + 1
            if not cursor:
                return counts

    def stored_sha256(self, image_id: str) -> str:
        original = self.direct.get_original(image_id)
        dest = self.dir / f"stored-{image_id}"
        self.direct.download(original.url, dest)
        try:
            return sha256_file(dest)
        finally:
            dest.unlink()

    def check_outcome(self, paths: list[Path]) -> None:
        """Each file ready with the exact bytes, or failed with a sentence; each ready file
        in the gallery exactly once; nothing left active."""
        assert self.store.totals().files_active == 0
        gallery = self.in_gallery()
        for path in paths:
            item = self.store.find(path)
            assert item is not None, f"{path.name} was lost from the queue"
            if item.state is FileState.READY:
                assert self.stored_sha256(item.image_id) == sha256_file(path), path.name
                assert gallery.get(path.name) == 1, f"{path.name} in the gallery {gallery}"
            else:
                assert item.state is FileState.FAILED, (path.name, item.state)
                assert item.error and item.error.startswith(path.name), item.error
                assert path.name not in gallery

    def close(self):
        if self.engine is not None:
            self.engine.close()
        self.store.close()
        self.api.close()
        self.direct.close()


@pytest.fixture
def proxy():
    made = FaultProxy()
    yield made
    made.close()


@pytest.fixture
def rig(tmp_path, local_backend, proxy):
    made = Rig(tmp_path, local_backend, proxy)
    yield made
    made.close()


BUSY = json.dumps({"error": "rate_limited", "message": "Slow down."}).encode()

FAULTS = {
    "reset mid-body on PUT": Rule(storage_put, "reset", times=3),
    "503 burst on PUT": Rule(storage_put, "status", times=3, status=503,
                             headers={"Retry-After": "1"}),
    "429 with Retry-After on presign": Rule(api_route(r"^/uploads/batch$", "POST"), "status",
                                            times=2, status=429, headers={"Retry-After": "1"},
                                            body=BUSY),
    "503 on the status poll": Rule(api_route(r"^/images$", "GET"), "status", times=3,
                                   status=503),
    "stall past the timeout on PUT": Rule(storage_put, "stall", times=2),
    "expired URL on PUT": Rule(storage_put, "expired", times=2),
    "reset on presign": Rule(api_route(r"^/uploads/batch$", "POST"), "reset", times=2),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_batch_survives(fault, rig):
    paths = rig.photos(6)
    rig.proxy.add(FAULTS[fault])
    rig.start()
    rig.engine.add_files(paths).result()
    rig.wait_idle()
    assert rig.proxy.faults_left() == 0, "the fault never happened"
    rig.check_outcome(paths)
    # These faults are all brief: every file gets through.
    assert rig.store.totals().files_done == len(paths), [
        (i.name, i.error) for i in rig.store.items() if i.state is FileState.FAILED]


def test_losing_the_network_waits_then_finishes(rig):
    paths = rig.photos(4)
    rig.start()
    wait_until(lambda: rig.engine.config is not None, what="the server's config")
    # The network goes away after the engine started: every request is cut off.
    rig.proxy.add(Rule(lambda method, url: True, "reset", times=10_000))
    rig.engine.add_files(paths).result()
    wait_until(lambda: rig.store.status().state is RunState.OFFLINE, what="the offline state")
    assert rig.store.status().message.startswith("Waiting for the network…")
    assert rig.store.totals().files_failed == 0  # network loss is a state, not a failure
    rig.proxy.clear()
    rig.wait_idle()
    rig.check_outcome(paths)
    assert rig.store.totals().files_done == 4
    assert rig.store.status().state is RunState.RUNNING


def test_a_store_that_keeps_refusing_ends_failed_not_looping(rig):
    [path] = rig.photos(1)
    rig.proxy.add(Rule(storage_put, "expired", times=100))
    rig.start()
    item = rig.engine.add_files([path]).result()[0]
    rig.wait_idle()
    failed = rig.store.get(item.id)
    assert failed.state is FileState.FAILED
    assert "refused the upload link again right after it was renewed" in failed.error
    assert len(rig.proxy.requests(storage_put)) == 2  # the first URL and one fresh one
    rig.check_outcome([path])


def test_a_retry_after_above_the_cap_fails_cleanly(rig):
    [path] = rig.photos(1)
    rig.proxy.add(Rule(storage_put, "status", times=1, status=503,
                       headers={"Retry-After": "3600"}))
    rig.start()
    item = rig.engine.add_files([path]).result()[0]
    rig.wait_idle()
    failed = rig.store.get(item.id)
    assert "asked to wait 3600 s before trying again" in failed.error
    rig.check_outcome([path])


def test_duplicates_are_answered_by_the_server_without_bytes(rig):
    [path] = rig.photos(1)
    copy = rig.dir / f"{rig.prefix}copy.jpg"
    copy.write_bytes(path.read_bytes())
    rig.start()
    first = rig.engine.add_files([path]).result()[0]
    rig.wait_idle()
    sent = rig.proxy.body_bytes(storage_put)
    second = rig.engine.add_files([copy]).result()[0]
    rig.wait_idle()
    dup = rig.store.get(second.id)
    assert dup.state is FileState.DUPLICATE
    assert dup.image.id == rig.store.get(first.id).image_id
    assert dup.image.thumbnail_url
    assert rig.proxy.body_bytes(storage_put) == sent  # no bytes sent
    forced = rig.engine.add_files([rig.dir / "x"]).result()  # (a missing file: skipped)
    assert forced[0].state is FileState.SKIPPED
    rig.engine.upload_anyway([second.id]).result()
    rig.wait_idle()
    assert rig.store.get(second.id).state is FileState.READY
    assert rig.in_gallery() == {path.name: 1, copy.name: 1}


def test_cancel_during_processing_leaves_nothing_in_the_gallery(rig):
    [path] = rig.photos(1)
    rig.proxy.add(Rule(api_route(r"^/images$", "GET"), "stall", times=1))
    rig.start()
    item = rig.engine.add_files([path]).result()[0]
    wait_until(lambda: rig.store.get(item.id).state is FileState.PROCESSING,
               what="the bytes to be stored")
    image_id = rig.store.get(item.id).image_id
    rig.engine.cancel([item.id]).result()
    assert rig.store.get(item.id).state is FileState.CANCELLED

    def gone():
        try:
            rig.direct.get_image(image_id)
        except Exception as error:  # noqa: BLE001 - the 404 is what we wait for
            return getattr(error, "status", None) == 404
        return False
    wait_until(gone, timeout=60, what="the cancelled upload to be deleted")
    rig.engine.retry([item.id]).result()
    rig.wait_idle()
    rig.check_outcome([path])


def test_a_multipart_upload_retries_one_part_alone(rig, tmp_path):
    big = big_tiff(tmp_path / f"{rig.prefix}big.tif")
    part_3 = api_route(r".", "PUT")
    rig.proxy.add(Rule(lambda m, url: part_3(m, url) and "partNumber=3&" in url + "&",
                       "reset", times=1))
    rig.start(concurrency=4)
    item = rig.engine.add_files([big]).result()[0]
    rig.wait_idle(timeout=240)
    ready = rig.store.get(item.id)
    assert ready.state is FileState.READY, ready.error
    assert ready.upload_id and ready.part_bytes
    resent = rig.proxy.body_bytes(storage_put) - big.stat().st_size
    assert 0 < resent <= ready.part_bytes // 2 + 1  # half of part 3 went twice, nothing else
    rig.check_outcome([big])


def test_a_multipart_upload_continues_after_a_restart_from_the_stored_parts(rig, tmp_path):
    big = big_tiff(tmp_path / f"{rig.prefix}big.tif")
    hang = Rule(lambda m, url: m == "PUT" and "partNumber=4&" in url + "&", "stall", times=1)
    rig.proxy.add(hang)
    rig.start(concurrency=2)
    item = rig.engine.add_files([big]).result()[0]
    wait_until(lambda: hang.times == 0, timeout=120, what="part 4 to be on its way")
    rig.restart(concurrency=2)  # stored parts stay; part 4 (and its neighbour) go again
    rig.wait_idle(timeout=240)
    ready = rig.store.get(item.id)
    assert ready.state is FileState.READY, ready.error
    resent = rig.proxy.body_bytes(storage_put) - big.stat().st_size
    assert resent <= 2 * ready.part_bytes  # at most the parts that were in flight
    rig.check_outcome([big])


def test_pause_resume_and_the_pool_size(rig):
    paths = rig.photos(8)
    rig.start(concurrency=4)
    assert len([t for t in threading.enumerate() if t.name == "thumbdrop-upload"]) == 4
    rig.engine.set_concurrency(1)
    wait_until(lambda: len([t for t in threading.enumerate()
                            if t.name == "thumbdrop-upload"]) == 1, what="the pool to shrink")
    rig.engine.pause_all().result()
    rig.engine.add_files(paths).result()
    time.sleep(0.3)
    assert rig.proxy.body_bytes(storage_put) == 0
    assert rig.store.status().state is RunState.PAUSED
    rig.engine.resume_all().result()
    rig.wait_idle()
    rig.check_outcome(paths)
    assert rig.store.totals().files_done == 8


def test_a_changed_file_is_reported_and_never_uploaded_half_old(rig):
    [path] = rig.photos(1)
    rig.start()
    rig.engine.pause_all().result()
    item = rig.engine.add_files([path]).result()[0]
    path.write_bytes(photo_bytes((500, 400)))
    os.utime(path, ns=(10**9, 10**9))
    rig.engine.resume_all().result()
    rig.wait_idle()
    failed = rig.store.get(item.id)
    assert failed.error.startswith(f"{path.name} changed since it was queued")
    assert rig.proxy.body_bytes(storage_put) == 0
    rig.engine.retry([item.id]).result()
    rig.wait_idle()
    rig.check_outcome([path])


@pytest.mark.parametrize("status", [404, 501])
def test_an_endpoint_that_is_not_thumbdrop(status):
    """A web server that answers HTTP but is not our API: an HTML 404 for every path, or
    501 for a method it doesn't implement (what a plain file server says to the API's GET)."""
    import http.server

    class Website(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

    class NotFound(Website):
        def do_GET(self):
            body = b"<html><body>Not Found</body></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             NotFound if status == 404 else Website)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    client = ApiClient(f"http://127.0.0.1:{server.server_address[1]}", "t")
    try:
        check = client.check_connection()
    finally:
        client.close()
        server.shutdown()
        server.server_close()
        thread.join()
    assert check.kind == "not_thumbdrop"
    assert check.message.startswith(f"{client.base_url} answered (HTTP {status}), but it is not "
                                    "a Thumbdrop API")
    assert "Settings" not in check.message  # the settings dialog shows it


def test_an_earlier_try_whose_put_lands_late_leaves_the_file_in_the_gallery_once(rig):
    # A try killed mid-PUT left image `late` handed out with no original; this run's
    # presign can't call that a duplicate and hands out another id. The killed PUT then
    # lands (and is processed) before this run's own: the row ends a duplicate of it.
    [path] = rig.photos(1)
    data = path.read_bytes()
    digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
    [late] = rig.direct.create_uploads([UploadRequest(path.name, "image/jpeg", len(data), digest)])
    real_presign = rig.api.create_uploads
    landed = []

    def presign_then_the_killed_put_lands(files, **options):
        answers = real_presign(files, **options)
        if not landed:
            landed.append(rig.direct.send(late.method, late.url, late.headers,
                                          data).status_code)
            wait_until(lambda: rig.direct.get_image(late.id).status == "ready",
                       what="the late original to be processed")
        return answers

    rig.api.create_uploads = presign_then_the_killed_put_lands
    rig.start()
    item = rig.engine.add_files([path]).result()[0]
    rig.wait_idle()
    assert landed == [200]
    row = rig.store.get(item.id)
    assert row.state is FileState.DUPLICATE
    assert row.image.id == late.id and row.image.thumbnail_url
    assert rig.in_gallery() == {path.name: 1}
