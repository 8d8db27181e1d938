"""The local backend end to end: `thumbdrop-backend` as a process, spoken to over real HTTP.

Presign, PUT with exactly the listed headers, wait for the resize, download the renditions;
plus failures, auth, persistence across a restart, clean shutdown, and the in-process API.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading

import boto3
import pytest
import requests
from botocore.config import Config as BotoConfig
from helpers import BackendProcess, sha256_b64, wait_until
from PIL import Image, ImageDraw
from PIL.ExifTags import GPS, IFD, Base

from backend.common import ids, layout
from backend.local.moto_server import MotoServer
from backend.local.server import OUTPUT_BUCKET, UPLOAD_BUCKET, LocalBackend
from backend.local.worker import MAX_ATTEMPTS, QueueWorker

RED, BLUE = (255, 0, 0), (0, 0, 255)


def rotated_photo() -> bytes:
    """A 2400x1600 JPEG whose EXIF says 'rotate 90° clockwise', with a red top-left quarter
    (so upright, it is 1600x2400 with red top-right), and a camera make and GPS to strip."""
    image = Image.new("RGB", (2400, 1600), BLUE)
    ImageDraw.Draw(image).rectangle((0, 0, 1199, 799), fill=RED)
    exif = Image.Exif()
    exif[Base.Orientation] = 6
    exif[Base.Make] = "TestCam"
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = (52.0, 22.0, 1.5)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (0, 128, 0)).save(out, "PNG")
    return out.getvalue()


def near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour))


class Api:
    """A tiny client over requests, so each test reads as the HTTP it sends."""

    def __init__(self, info: dict):
        self.base = info["api_url"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {info['token']}"

    def upload(self, filename: str, content_type: str, data: bytes) -> dict:
        response = self.session.post(f"{self.base}/uploads", json={
            "filename": filename, "content_type": content_type,
            "size": len(data), "sha256": sha256_b64(data),
            "allow_duplicates": True}, timeout=30)  # these tests upload the same bytes again
        assert response.status_code == 201, response.text
        ticket = response.json()
        # Exactly the headers the API listed, nothing added by a session.
        put = requests.put(ticket["upload"]["url"], data=data,
                           headers=ticket["upload"]["headers"], timeout=30)
        assert put.status_code == 200, put.text
        return ticket

    def image(self, image_id: str) -> dict:
        response = self.session.get(f"{self.base}/images/{image_id}", timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def wait_done(self, image_id: str) -> dict:
        def done():
            image = self.image(image_id)
            return image if image["status"] != "pending" else None

        return wait_until(done, timeout=60, what=f"image {image_id} to leave 'pending'")

    def gallery_ids(self) -> list[str]:
        response = self.session.get(f"{self.base}/images", timeout=30)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    def close(self):
        self.session.close()


def download(url: str) -> bytes:
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, response.text
    return response.content


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    process = BackendProcess(tmp_path_factory.mktemp("e2e") / "data")
    process.start()
    # Start-up time is reported, not asserted (no wall-clock assertions in tests).
    print(f"\nthumbdrop-backend ready in {process.startup_seconds:.2f} s")
    yield process
    process.stop()


@pytest.fixture
def api(backend):
    client = Api(backend.info)
    yield client
    client.close()


def test_ready_line_names_api_s3_token_and_data_dir(backend):
    info = backend.info
    assert set(info) == {"api_url", "token", "s3_endpoint", "data_dir"}
    assert info["api_url"].startswith("http://127.0.0.1:")
    assert info["s3_endpoint"].startswith("http://127.0.0.1:")
    assert info["data_dir"] == str(backend.data_dir)
    token_file = backend.data_dir / "token"
    assert token_file.read_text().strip() == info["token"]
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert info["token"] not in backend.log_tail(10_000)


def test_photo_becomes_upright_stripped_webp_renditions(api):
    photo = rotated_photo()
    ticket = api.upload("holiday photo.jpg", "image/jpeg", photo)
    assert ticket["status_url"] == f"{api.base}/images/{ticket['id']}"

    image = api.wait_done(ticket["id"])
    assert image["status"] == "ready", image
    assert (image["width"], image["height"]) == (1600, 2400)  # after EXIF orientation
    assert image["filename"] == "holiday photo.jpg"
    assert image["bytes"] == len(photo)

    thumbnail = Image.open(io.BytesIO(download(image["thumbnail_url"])))
    assert (thumbnail.format, thumbnail.size) == ("WEBP", (256, 256))

    large = Image.open(io.BytesIO(download(image["large_url"])))
    assert large.format == "WEBP"
    assert large.height == 1600 and large.width in (1066, 1067)  # fit in 1600x1600
    large = large.convert("RGB")
    assert near(large.getpixel((large.width - 20, 20)), RED)  # upright: red at top right
    assert near(large.getpixel((20, 20)), BLUE)
    for rendition in (thumbnail, large):
        assert not rendition.getexif()
        assert not {"exif", "xmp", "icc_profile"} & set(rendition.info)


def test_text_file_named_jpg_fails_with_a_reason(api):
    ticket = api.upload("notes.jpg", "image/jpeg", b"Shopping list: eggs, milk.\n" * 20)
    image = api.wait_done(ticket["id"])
    assert image["status"] == "failed"
    assert isinstance(image["error"], str) and len(image["error"]) > 10
    assert ticket["id"] not in api.gallery_ids()


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", "Basic abc"])
def test_requests_without_the_token_are_refused(backend, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    base = backend.info["api_url"]
    for method, path in [("POST", "/uploads"), ("GET", "/images"),
                         ("GET", f"/images/{ids.new_id()}")]:
        response = requests.request(method, base + path, headers=headers, timeout=30,
                                    json={"filename": "a.jpg", "content_type": "image/jpeg",
                                          "size": 10, "sha256": sha256_b64(b"x")})
        assert response.status_code == 401, (method, path)
        assert response.json()["error"] == "unauthorized"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_the_backend_refuses_to_listen_beyond_this_machine(host, capsys):
    # moto's S3 checks no signatures, so the built-in backend must not be reachable from a LAN.
    from backend.local.__main__ import main
    with pytest.raises(SystemExit) as exit_info:
        main(["--host", host])
    assert exit_info.value.code == 2
    assert "not a loopback address" in capsys.readouterr().err


def test_oversized_request_body_is_refused_before_the_handler(backend):
    response = requests.post(f"{backend.info['api_url']}/uploads", data=b"x" * (2 << 20),
                             headers={"Authorization": f"Bearer {backend.info['token']}"},
                             timeout=30)
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def s3_client(info: dict):
    return boto3.client("s3", endpoint_url=info["s3_endpoint"], region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=BotoConfig(s3={"addressing_style": "path"}))


def test_restart_keeps_gallery_and_renditions(tmp_path):
    first = BackendProcess(tmp_path / "data")
    info = first.start()
    api = Api(info)
    original = small_png()
    ticket = api.upload("kept photo.png", "image/png", original)
    image = api.wait_done(ticket["id"])
    assert image["status"] == "ready"
    thumbnail, large = download(image["thumbnail_url"]), download(image["large_url"])
    api.close()
    assert first.stop() == 0
    assert first.trailing_stdout == b""  # stdout carried exactly one line

    second = BackendProcess(tmp_path / "data")
    info_again = second.start()
    try:
        assert info_again["token"] == info["token"]  # kept in the data dir
        api = Api(info_again)
        assert api.gallery_ids() == [ticket["id"]]
        image = api.image(ticket["id"])
        assert image["status"] == "ready" and image["filename"] == "kept photo.png"
        assert download(image["thumbnail_url"]) == thumbnail
        assert download(image["large_url"]) == large
        # Reloaded objects keep their bytes, type and metadata, as read back over S3's API.
        s3 = s3_client(info_again)
        saved = s3.get_object(Bucket=UPLOAD_BUCKET, Key=ticket["key"])
        assert saved["Body"].read() == original
        assert saved["ContentType"] == "image/png"
        assert saved["Metadata"] == {"filename": "kept%20photo.png",
                                     "sha256": hashlib.sha256(original).hexdigest()}
        rendition = s3.head_object(Bucket=OUTPUT_BUCKET, Key=layout.thumbnail_key(ticket["id"]))
        assert rendition["ContentType"] == "image/webp"
        s3.close()

        # Deleting removes it for good: the mirror follows deletions too.
        assert api.session.delete(f"{api.base}/images/{ticket['id']}", timeout=30
                                  ).status_code == 204
        api.close()
    finally:
        assert second.stop() == 0
    third = BackendProcess(tmp_path / "data")
    try:
        api = Api(third.start())
        assert api.gallery_ids() == []
        assert api.session.get(f"{api.base}/images/{ticket['id']}", timeout=30
                               ).status_code == 404
        api.close()
    finally:
        assert third.stop() == 0


def test_in_process_backend_cleans_up_after_itself(tmp_path):
    threads_before = set(threading.enumerate())
    env_before = dict(os.environ)
    with LocalBackend(data_dir=tmp_path / "data", token="in-process-token") as backend:
        assert backend.info["token"] == "in-process-token"
        assert not (tmp_path / "data" / "token").exists()  # an override is not saved
        with pytest.raises(RuntimeError, match="already running"):
            LocalBackend(data_dir=tmp_path / "other").start()
        api = Api(backend.info)
        ticket = api.upload("in-process.png", "image/png", small_png())
        assert api.wait_done(ticket["id"])["status"] == "ready"
        api.close()
    assert set(threading.enumerate()) == threads_before
    assert dict(os.environ) == env_before


def test_original_saved_without_renditions_is_resized_on_start(tmp_path):
    """A backend stopped before a resize ran still has the original on disk; the next
    start puts it back *after* notifications are on, so the resize happens then."""
    image_id = ids.new_id()
    key = layout.input_key(image_id)
    saved = tmp_path / "data" / "s3" / UPLOAD_BUCKET / key
    saved.parent.mkdir(parents=True)
    saved.write_bytes(small_png())
    sidecar = tmp_path / "data" / "s3-sidecars" / UPLOAD_BUCKET / f"{key}.json"
    sidecar.parent.mkdir(parents=True)
    sidecar.write_text(json.dumps({"content_type": "image/png",
                                   "metadata": {"filename": "left%20over.png"}}))
    with LocalBackend(data_dir=tmp_path / "data") as backend:
        api = Api(backend.info)
        image = api.wait_done(image_id)
        api.close()
    assert image["status"] == "ready"
    assert image["filename"] == "left over.png"


@pytest.fixture
def sqs_queue():
    """A real SQS queue on moto's server (in this process), for the worker on its own."""
    moto = MotoServer()
    endpoint = moto.start()
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="test")
    url = sqs.create_queue(QueueName="worker-test")["QueueUrl"]
    yield sqs, url
    sqs.close()
    moto.stop()


def _queued(sqs, url) -> int:
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    return sum(int(value) for value in attributes.values())


def test_worker_retries_a_failed_message_then_deletes_it(sqs_queue):
    sqs, url = sqs_queue
    calls = []

    def flaky(event):
        calls.append(event)
        if len(calls) == 1:
            raise ConnectionError("S3 hiccup")

    worker = QueueWorker(sqs, url, flaky, name="test-worker")
    worker.start()
    try:
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"Event": "s3:TestEvent"}))
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"Records": ["r"]}))
        wait_until(lambda: len(calls) == 2 and _queued(sqs, url) == 0, what="the retry")
    finally:
        worker.stop()
    assert calls == [{"Records": ["r"]}] * 2  # the test event never reaches the processor


def test_worker_drops_a_message_after_max_attempts_and_logs_it(sqs_queue, caplog):
    sqs, url = sqs_queue
    calls = []

    def broken(event):
        calls.append(event)
        raise ValueError("cannot handle this")

    worker = QueueWorker(sqs, url, broken, name="test-worker")
    worker.start()
    try:
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"Records": ["poison"]}))
        wait_until(lambda: _queued(sqs, url) == 0, what="the message to be dropped")
    finally:
        worker.stop()
    assert len(calls) == MAX_ATTEMPTS
    assert any("giving up" in record.getMessage() for record in caplog.records)
