"""The transfer engine against the real local backend (moto S3 + our handlers) over HTTP.

Behaviour only AWS shows (503, 429, an expired URL's 403) comes from `Gateway`, a tiny
HTTP server in front of the real backend that answers a scripted failure first and then
forwards: a stand-in for AWS, not a mock of our code.
"""

from __future__ import annotations

import hashlib
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import imagegen
import pytest
import requests
from PIL import Image

from desktop.client.api import ApiClient
from desktop.client.api_errors import ApiError
from desktop.client.backoff import RetryPolicy
from desktop.client.legacy_engine import JobState, TransferEngine

FAST = RetryPolicy(tries=4, base=0.01, cap=0.05)
EXPIRED = ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code>"
           "<Message>Request has expired</Message></Error>")


# -- helpers ------------------------------------------------------------------------------

class Updates:
    """Collects JobUpdates from worker threads; waits for jobs to finish."""

    def __init__(self):
        self.lock = threading.Lock()
        self.all = []
        self.changed = threading.Condition(self.lock)
        self.hooks = []

    def __call__(self, update):
        for hook in self.hooks:
            hook(update)
        with self.lock:
            self.all.append(update)
            self.changed.notify_all()

    def of(self, job_id):
        with self.lock:
            return [u for u in self.all if u.job_id == job_id]

    def final(self, job_id, timeout=30.0):
        def finished():
            return [u for u in self.all if u.job_id == job_id and u.state.finished]
        with self.lock:
            assert self.changed.wait_for(finished, timeout), f"job {job_id} did not finish"
            return finished()[-1]


@pytest.fixture
def updates():
    return Updates()


@pytest.fixture
def api(local_backend):
    client = ApiClient(local_backend["api_url"], local_backend["token"])
    yield client
    client.close()


@pytest.fixture
def engines():
    """Makes engines and checks that shutdown() leaves no worker thread behind."""
    made = []

    def make(api, on_update, **options):
        options.setdefault("retry_policy", FAST)
        engine = TransferEngine(api, on_update, **options)
        made.append(engine)
        return engine
    yield make
    for engine in made:
        engine.shutdown()
    assert not [t for t in threading.enumerate() if t.name == "thumbdrop-upload"]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


class Gateway:
    """Forwards to `upstream`, except for scripted answers given first.

    script: list of [method, path regex, status, headers, body, times]; a matching
    entry answers instead of the upstream and counts down `times` (None: forever).
    rewrite: (old, new) replaced in upstream response bodies, to route the client's
    presigned URLs through a second gateway. Every request is recorded in `seen`.
    """

    def __init__(self, upstream: str, rewrite: tuple[str, str] | None = None):
        self.upstream = upstream.rstrip("/")
        self.rewrite = rewrite
        self.script = []
        self.seen = []
        self.lock = threading.Lock()
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def _any(self):
                gateway.handle(self)
            do_GET = do_PUT = do_POST = do_DELETE = _any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def fail(self, method, pattern, status, body="", headers=None, times=1):
        self.script.append([method, re.compile(pattern), status, headers or {}, body, times])

    def count(self, method, pattern):
        return sum(1 for s in self.seen if s["method"] == method and re.search(pattern, s["path"]))

    def _scripted(self, method, path):
        with self.lock:
            for entry in self.script:
                if entry[0] == method and entry[1].search(path) and entry[5] != 0:
                    if entry[5] is not None:
                        entry[5] -= 1
                    return entry
        return None

    def handle(self, request):
        headers = {k: v for k, v in request.headers.items()}
        length = int(headers.get("Content-Length", 0))
        body = request.rfile.read(length) if length else b""
        self.seen.append({"method": request.command, "path": request.path, "headers": headers,
                          "sha256": hashlib.sha256(body).hexdigest(), "length": len(body)})
        entry = self._scripted(request.command, request.path)
        if entry is not None:
            status, extra, text = entry[2], entry[3], entry[4].encode()
        else:
            forwarded = {k: v for k, v in headers.items()
                         if k.lower() not in ("host", "content-length", "connection")}
            answer = requests.request(request.command, self.upstream + request.path,
                                      headers=forwarded, data=body, timeout=30)
            status, text = answer.status_code, answer.content
            extra = {k: v for k, v in answer.headers.items() if k.lower() == "content-type"}
            if self.rewrite:
                text = text.replace(self.rewrite[0].encode(), self.rewrite[1].encode())
        request.send_response(status)
        for name, value in extra.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(text)))
        request.end_headers()
        request.wfile.write(text)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _s3(local_backend):
    """A boto3 client on the local backend's moto server (any credentials do)."""
    return boto3.client("s3", endpoint_url=local_backend["s3_endpoint"], region_name="us-east-1",
                        aws_access_key_id="x", aws_secret_access_key="x")


@pytest.fixture
def gateways(local_backend):
    """(api gateway, s3 gateway): presigned URLs in API answers point at the s3 gateway."""
    s3 = Gateway(local_backend["s3_endpoint"])
    api = Gateway(local_backend["api_url"], rewrite=(local_backend["s3_endpoint"], s3.url))
    yield api, s3
    api.close()
    s3.close()


@pytest.fixture
def gateway_api(gateways, local_backend):
    client = ApiClient(gateways[0].url, local_backend["token"])
    yield client
    client.close()


# -- the happy path -------------------------------------------------------------------------

def test_images_reach_ready_with_thumbnail_info(tmp_path, api, engines, updates):
    files = [write(tmp_path, "beach.jpg", imagegen.jpeg((800, 600))),
             write(tmp_path, "logo.png", imagegen.png((300, 500))),
             write(tmp_path, "rötter & grüße.jpg", imagegen.jpeg((200, 200)))]
    engine = engines(api, updates)
    jobs = [engine.submit(path) for path in files]
    finals = [updates.final(job) for job in jobs]
    assert [f.state for f in finals] == [JobState.READY] * 3, [f.error for f in finals]
    assert [(f.image.width, f.image.height) for f in finals] == [(800, 600), (300, 500),
                                                                 (200, 200)]
    assert finals[2].image.filename == "rötter & grüße.jpg"
    for job, path, final in zip(jobs, files, finals, strict=True):
        size = path.stat().st_size
        assert (final.bytes_done, final.bytes_total, final.image.bytes) == (size, size, size)
        states = [u.state for u in updates.of(job)]
        order = [JobState.HASHING, JobState.REQUESTING, JobState.UPLOADING,
                 JobState.PROCESSING, JobState.READY]
        assert [s for i, s in enumerate(states) if i == 0 or states[i - 1] != s] == order
        uploading = [u.bytes_done for u in updates.of(job) if u.state is JobState.UPLOADING]
        assert uploading == sorted(uploading) and uploading[-1] == size
        assert all(u.bytes_done <= u.bytes_total for u in updates.of(job))
    # The thumbnail it promised is really there: a 256x256 WebP, fetched without the token.
    thumb = tmp_path / "thumb.webp"
    api.download(finals[0].image.thumbnail_url, thumb)
    with Image.open(thumb) as im:
        assert (im.format, im.size) == ("WEBP", (256, 256))
    assert not list(tmp_path.glob(".part-*"))


def test_s3_receives_the_exact_bytes_with_the_signed_headers(tmp_path, gateways, gateway_api,
                                                            engines, updates, local_backend):
    _, s3 = gateways
    data = imagegen.jpeg((1200, 900)) + bytes(700_000)  # > 2 chunks; JPEG ignores the tail
    path = write(tmp_path, "photo.jpg", data)
    final = updates.final(engines(gateway_api, updates).submit(path))
    assert final.state is JobState.READY, final.error
    [put] = [s for s in s3.seen if s["method"] == "PUT"]
    sent = {k.lower(): v for k, v in put["headers"].items()}
    assert "transfer-encoding" not in sent
    assert sent["content-length"] == str(len(data))
    assert sent["content-type"] == "image/jpeg"
    assert "x-amz-checksum-sha256" in sent and "authorization" not in sent
    assert put["sha256"] == hashlib.sha256(data).hexdigest()
    # What S3 stored is byte for byte the file.
    bucket, key = urlsplit(put["path"]).path.lstrip("/").split("/", 1)
    stored = _s3(local_backend).get_object(Bucket=bucket, Key=key)["Body"].read()
    assert hashlib.sha256(stored).digest() == hashlib.sha256(data).digest()


# -- refusals -----------------------------------------------------------------------------

def test_text_renamed_jpg_fails_with_a_reason(tmp_path, api, engines, updates):
    path = write(tmp_path, "notes.jpg", b"remember the milk\n")
    final = updates.final(engines(api, updates).submit(path))
    assert final.state is JobState.FAILED
    assert final.error.startswith("notes.jpg: Not an image (plain text).")


def test_a_corrupt_image_fails_with_the_backends_reason(tmp_path, api, engines, updates):
    path = write(tmp_path, "broken.jpg", imagegen.jpeg()[:200])  # JPEG header, then nothing
    final = updates.final(engines(api, updates).submit(path))
    assert final.state is JobState.FAILED and final.bytes_done == 0
    assert final.error.startswith("broken.jpg: the backend could not make thumbnails: ")
    assert final.error.endswith("then retry or upload another copy.")
    reason = final.error.split("thumbnails: ", 1)[1]
    assert len(reason) > len(" Check that the file opens in an image viewer, then retry or "
                             "upload another copy.") + 5  # the backend's own words are there


def test_wrong_token_fails_with_the_401_sentence(tmp_path, local_backend, engines, updates):
    wrong = ApiClient(local_backend["api_url"], "not-the-token")
    path = write(tmp_path, "cat.jpg", imagegen.jpeg())
    final = updates.final(engines(wrong, updates).submit(path))
    wrong.close()
    assert final.state is JobState.FAILED
    assert final.error == ("cat.jpg: The API refused the token (401). "
                           "Paste the right token in Settings.")
    assert "not-the-token" not in final.error


def test_unreachable_endpoint_fails_with_a_sentence(tmp_path, engines, updates):
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    nowhere = ApiClient(f"http://127.0.0.1:{port}", "t")
    final = updates.final(engines(nowhere, updates).submit(write(tmp_path, "a.jpg",
                                                                 imagegen.jpeg())))
    nowhere.close()
    assert final.error == (f"a.jpg: Can't reach the Thumbdrop API at http://127.0.0.1:{port}: "
                           "connection refused. Check the endpoint in Settings or your network.")


def test_retry_after_a_failure_works(tmp_path, local_backend, api, engines, updates):
    wrong = ApiClient(local_backend["api_url"], "wrong")
    engine = engines(wrong, updates)
    job = engine.submit(write(tmp_path, "again.png", imagegen.png()))
    assert updates.final(job).state is JobState.FAILED
    engine.set_api(api)  # the person pasted the right token
    assert engine.retry(job)
    with updates.lock:
        updates.all.clear()
    final = updates.final(job)
    wrong.close()
    assert final.state is JobState.READY, final.error


# -- AWS behaviour through the gateway ----------------------------------------------------------

def test_503_and_429_are_retried_and_progress_restarts(tmp_path, gateways, gateway_api,
                                                       engines, updates):
    api_gw, s3 = gateways
    api_gw.fail("POST", r"^/uploads", 503, "<html>unavailable</html>")
    s3.fail("PUT", r"^/", 503, "<Error><Code>SlowDown</Code><Message>Reduce</Message></Error>")
    s3.fail("PUT", r"^/", 429, "", headers={"Retry-After": "0"})
    path = write(tmp_path, "retry.jpg", imagegen.jpeg((900, 900)))
    job = engines(gateway_api, updates).submit(path)
    final = updates.final(job)
    assert final.state is JobState.READY, final.error
    assert api_gw.count("POST", r"^/uploads") == 2
    assert s3.count("PUT", "") == 3
    size = path.stat().st_size
    sent = [u.bytes_done for u in updates.of(job) if u.state is JobState.UPLOADING]
    assert sent.count(0) == 3 and max(sent) == size  # each try restarts the bar at zero


def test_expired_url_gets_a_fresh_one(tmp_path, gateways, gateway_api, engines, updates):
    api_gw, s3 = gateways
    s3.fail("PUT", r"^/", 403, EXPIRED)
    job = engines(gateway_api, updates).submit(write(tmp_path, "late.jpg", imagegen.jpeg()))
    final = updates.final(job)
    assert final.state is JobState.READY, final.error
    assert api_gw.count("POST", r"^/uploads") == 2
    puts = [s["path"] for s in s3.seen if s["method"] == "PUT"]
    assert len(puts) == 2 and puts[0] != puts[1]  # the second PUT used the new URL
    assert final.image.id in puts[1]


def test_a_storage_that_keeps_failing_ends_failed_with_the_reason(tmp_path, gateways,
                                                                  gateway_api, engines, updates):
    _, s3 = gateways
    s3.fail("PUT", r"^/", 503, "<Error><Code>ServiceUnavailable</Code>"
            "<Message>Please try again</Message></Error>", times=None)
    final = updates.final(engines(gateway_api, updates).submit(
        write(tmp_path, "doomed.jpg", imagegen.jpeg())))
    assert final.state is JobState.FAILED and final.bytes_done == 0
    assert final.error == ("doomed.jpg: the upload failed after 4 tries; last: the storage "
                           "answered 503 ServiceUnavailable: Please try again. Check your "
                           "network, then retry.")
    assert s3.count("PUT", "") == 4


def test_other_4xx_fail_at_once(tmp_path, gateways, gateway_api, engines, updates):
    _, s3 = gateways
    s3.fail("PUT", r"^/", 400, "<Error><Code>EntityTooLarge</Code>"
            "<Message>Your proposed upload exceeds the maximum allowed size</Message></Error>")
    final = updates.final(engines(gateway_api, updates).submit(
        write(tmp_path, "big.jpg", imagegen.jpeg())))
    assert final.state is JobState.FAILED
    assert "(400 EntityTooLarge: Your proposed upload exceeds the maximum allowed size)" in \
        final.error
    assert s3.count("PUT", "") == 1


def test_a_file_changed_after_hashing_is_not_uploaded(tmp_path, api, engines, updates):
    path = write(tmp_path, "editing.jpg", imagegen.jpeg())

    def edit_while_requesting(update):
        if update.state is JobState.REQUESTING:
            with open(path, "ab") as handle:
                handle.write(b"more")
    updates.hooks.append(edit_while_requesting)
    final = updates.final(engines(api, updates).submit(path))
    assert final.state is JobState.FAILED
    assert final.error == ("editing.jpg: the upload was refused because the file changed while "
                           "uploading. Wait until it is saved completely, then retry.")


def test_processing_timeout_says_so(tmp_path, gateways, gateway_api, engines, updates):
    api_gw, _ = gateways
    pending = '{"id": "x", "status": "pending", "error": null, "filename": "slow.jpg", ' \
              '"width": null, "height": null, "bytes": 1, "created_at": "", ' \
              '"thumbnail_url": null, "large_url": null}'
    api_gw.fail("GET", r"^/images/", 200, pending, {"Content-Type": "application/json"},
                times=None)  # a resize that never finishes
    engine = engines(gateway_api, updates, processing_timeout=0.5)
    final = updates.final(engine.submit(write(tmp_path, "slow.jpg", imagegen.jpeg())))
    assert final.state is JobState.FAILED
    assert final.error.startswith("slow.jpg: processing timed out after 0.5 s;")
    processing = [u for u in updates.all if u.state is JobState.PROCESSING]
    assert processing[0].image is None and processing[-1].image.status == "pending"


# -- cancel -------------------------------------------------------------------------------------

def _object_sizes(local_backend) -> list[int]:
    s3 = _s3(local_backend)
    sizes = []
    for bucket in s3.list_buckets()["Buckets"]:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket["Name"]):
            sizes += [item["Size"] for item in page.get("Contents", [])]
    return sizes


def test_cancel_mid_upload_stops_the_put(tmp_path, api, engines, updates, local_backend):
    size = 40 * 1024 * 1024 + 123
    path = tmp_path / "huge.jpg"
    with open(path, "wb") as handle:
        handle.write(imagegen.jpeg()[:64])
        handle.truncate(size)
    engine = engines(api, updates)

    def cancel_once_bytes_flow(update):
        if update.state is JobState.UPLOADING and update.bytes_done > 0:
            engine.cancel(update.job_id)
    updates.hooks.append(cancel_once_bytes_flow)
    job = engine.submit(path)
    final = updates.final(job)
    assert final.state is JobState.CANCELLED and final.bytes_done == 0
    sent = [u.bytes_done for u in updates.of(job) if u.state is JobState.UPLOADING]
    assert max(sent) < size // 10  # it stopped within a chunk or two, not at the end
    assert size not in _object_sizes(local_backend)
    assert engine.retry(job)  # a cancelled job can go again
    engine.cancel(job)


# -- the client's other routes ------------------------------------------------------------------

def test_list_delete_and_check_connection(tmp_path, api, engines, updates, local_backend):
    final = updates.final(engines(api, updates).submit(
        write(tmp_path, "listed.png", imagegen.png())))
    assert final.state is JobState.READY, final.error
    items, _cursor = api.list_images(limit=100)
    assert final.image.id in [item.id for item in items]
    api.delete_image(final.image.id)
    with pytest.raises(ApiError) as gone:
        api.get_image(final.image.id)
    assert (gone.value.status, gone.value.code) == (404, "not_found")
    assert api.check_connection().kind == "ok"
    wrong = ApiClient(local_backend["api_url"], "nope")
    check = wrong.check_connection()
    wrong.close()
    assert check.kind == "unauthorized" and "(401)" in check.message


def test_an_endpoint_that_is_not_thumbdrop(local_backend):
    # moto's S3 endpoint answers HTTP, but it is not our API.
    client = ApiClient(local_backend["s3_endpoint"], "t")
    check = client.check_connection()
    client.close()
    assert check.kind == "not_thumbdrop"
    assert check.message.startswith("The endpoint answered, but it is not a Thumbdrop API")


def test_downloading_an_expired_link_says_what_to_do(tmp_path, api, local_backend):
    with pytest.raises(ApiError) as caught:
        api.download(local_backend["s3_endpoint"] + "/no-such-bucket/none.webp",
                     tmp_path / "x.webp")
    assert "Refresh the gallery" in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_cancel_during_a_backoff_wait(tmp_path, gateways, gateway_api, engines, updates):
    _, s3 = gateways
    s3.fail("PUT", r"^/", 503, "", headers={"Retry-After": "50"}, times=None)
    path = write(tmp_path, "waiting.jpg", imagegen.jpeg())
    size = path.stat().st_size
    engine = engines(gateway_api, updates, retry_policy=RetryPolicy(tries=4, base=60, cap=60))

    def cancel_when_sent(update):
        if update.state is JobState.UPLOADING and update.bytes_done == size:
            engine.cancel(update.job_id)  # the 503 then starts a 50 s backoff
    updates.hooks.append(cancel_when_sent)
    final = updates.final(engine.submit(path), timeout=10)  # far less than the backoff
    assert final.state is JobState.CANCELLED
    assert s3.count("PUT", "") == 1
