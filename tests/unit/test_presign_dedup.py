"""Nothing twice: presigning content the backend already holds answers with that image,
in POST /uploads, its query form and POST /uploads/batch."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from test_presign_support import OUTPUT_BUCKET, SHA, presign_backend

from backend.common import ids, layout

HEX = base64.b64decode(SHA).hex()


@pytest.fixture
def backend(monkeypatch):
    with presign_backend(monkeypatch) as running:
        yield running


def _file(data: bytes = b"photo bytes", name: str = "photo.jpg", **extra) -> dict:
    return {"filename": name, "content_type": "image/jpeg", "size": len(data),
            "sha256": base64.b64encode(hashlib.sha256(data).digest()).decode(), **extra}


def digest_holder(backend, sha256_hex: str = HEX) -> str | None:
    try:
        body = backend.s3.get_object(Bucket=OUTPUT_BUCKET, Key=layout.digest_key(sha256_hex))
    except backend.s3.exceptions.NoSuchKey:
        return None
    return json.loads(body["Body"].read())["id"]


def test_new_content_gets_an_upload_and_its_digest_is_remembered(backend):
    reply = backend.call("POST", "/uploads", body=_file())
    assert (reply.status, reply.body["status"]) == (201, "upload")
    assert digest_holder(backend) == reply.body["id"]


def test_content_still_processing_is_a_duplicate_of_the_pending_image(backend):
    first = backend.upload()
    backend.put_original(first["id"], filename="photo.jpg", data=b"photo bytes")
    reply = backend.call("POST", "/uploads", body=_file(name="copy of photo.jpg"))
    assert reply.status == 200
    assert (reply.body["status"], reply.body["id"]) == ("duplicate", first["id"])
    image = reply.body["image"]
    assert (image["id"], image["status"], image["filename"]) == (first["id"], "pending",
                                                                 "photo.jpg")
    assert image["sha256"] == HEX


def test_content_in_the_gallery_is_a_duplicate_with_its_renditions(backend):
    first = backend.upload()
    backend.put_result(first["id"], filename="sunset.jpg", sha256_hex=HEX)
    for method, kwargs in (("POST", {"body": _file()}),
                           ("GET", {"query": {**_file(), "size": "11"}})):
        reply = backend.call(method, "/uploads", **kwargs)
        assert (reply.status, reply.body["status"], reply.body["id"]) == (
            200, "duplicate", first["id"])
        assert reply.body["image"]["status"] == "ready"
        assert reply.body["image"]["thumbnail_url"]


@pytest.mark.parametrize("holder_state", ["failed", "never_uploaded", "not_an_id", "deleted"])
def test_a_stale_digest_is_replaced_by_the_new_upload(backend, holder_state):
    holder = ids.new_id()
    if holder_state == "failed":
        backend.put_result(holder, status="failed", error="Broken file.", sha256_hex=HEX)
    if holder_state == "deleted":  # its late resize wrote `ready` after the DELETE began
        backend.put_result(holder, sha256_hex=HEX)
        backend.s3.put_object(Bucket=OUTPUT_BUCKET, Key=layout.tombstone_key(holder), Body=b"")
    backend.s3.put_object(Bucket=OUTPUT_BUCKET, Key=layout.digest_key(HEX), Body=json.dumps(
        {"id": holder if holder_state != "not_an_id" else "../x"}).encode())
    reply = backend.call("POST", "/uploads", body=_file())
    assert (reply.status, reply.body["status"]) == (201, "upload")
    assert digest_holder(backend) == reply.body["id"]


def test_allow_duplicates_uploads_anyway_without_taking_the_digest(backend):
    first = backend.upload()
    backend.put_result(first["id"], sha256_hex=HEX)
    forced = backend.call("POST", "/uploads", body=_file(allow_duplicates=True))
    assert (forced.status, forced.body["status"]) == (201, "upload")
    assert forced.body["id"] != first["id"]
    assert digest_holder(backend) == first["id"]  # the forced copy never steals it
    query = backend.call("GET", "/uploads", query={**_file(), "size": "11",
                                                   "allow_duplicates": "true"})
    assert query.body["status"] == "upload"


def test_a_forced_upload_of_new_content_is_remembered(backend):
    forced = backend.call("POST", "/uploads", body=_file(allow_duplicates=True))
    assert digest_holder(backend) == forced.body["id"]


def test_deleting_an_image_forgets_its_digest(backend):
    first = backend.upload()
    backend.put_original(first["id"], data=b"photo bytes")
    backend.put_result(first["id"], sha256_hex=HEX)
    assert backend.call("DELETE", f"/images/{first['id']}").status == 204
    assert digest_holder(backend) is None
    assert backend.call("POST", "/uploads", body=_file()).body["status"] == "upload"


def test_deleting_a_forced_copy_leaves_the_digest_of_the_original(backend):
    first = backend.upload()
    backend.put_result(first["id"], sha256_hex=HEX)
    copy = backend.call("POST", "/uploads", body=_file(allow_duplicates=True)).body
    backend.put_result(copy["id"], sha256_hex=HEX)
    assert backend.call("DELETE", f"/images/{copy['id']}").status == 204
    assert digest_holder(backend) == first["id"]


# -- POST /uploads/batch ---------------------------------------------------------------

def test_a_batch_answers_each_file_in_order(backend):
    stored = backend.upload(sha256=base64.b64encode(hashlib.sha256(b"old").digest()).decode(),
                            size=3)
    backend.put_result(stored["id"], sha256_hex=hashlib.sha256(b"old").hexdigest())
    files = [_file(b"new one", "a.jpg"), _file(b"old", "b.jpg"),
             {**_file(b"bad", "c.jpg"), "content_type": "text/plain"},
             _file(b"new two", "d\u202egpj.exe"), _file(b"new three", "e.jpg")]
    reply = backend.call("POST", "/uploads/batch", body={"files": files})
    assert reply.status == 200
    items = reply.body["items"]
    assert [item["status"] for item in items] == ["upload", "duplicate", "error", "error",
                                                  "upload"]
    assert items[1]["id"] == stored["id"]
    assert items[2]["error"] == "unsupported_type" and items[3]["error"] == "bad_request"
    assert items[3]["message"].endswith(".")
    assert items[0]["upload"]["headers"]["x-amz-meta-filename"] == "a.jpg"
    assert items[4]["status_url"].endswith(f"/images/{items[4]['id']}")
    assert len({items[0]["id"], items[4]["id"]}) == 2


def test_the_same_content_twice_in_one_batch_is_uploaded_once(backend):
    files = [_file(name="IMG_1.jpg"), _file(name="IMG_1 copy.jpg")]
    items = backend.call("POST", "/uploads/batch", body={"files": files}).body["items"]
    assert [item["status"] for item in items] == ["upload", "duplicate"]
    assert items[1]["id"] == items[0]["id"]
    assert (items[1]["image"]["status"], items[1]["image"]["filename"]) == ("pending",
                                                                            "IMG_1.jpg")
    forced = backend.call("POST", "/uploads/batch",
                          body={"files": files, "allow_duplicates": True}).body["items"]
    assert [item["status"] for item in forced] == ["upload", "upload"]


@pytest.mark.parametrize("body", [{}, {"files": []}, {"files": "a.jpg"},
                                  {"files": [_file()] * 101},
                                  {"files": [_file()], "allow_duplicates": "no"}])
def test_a_malformed_batch_is_refused_whole(backend, body):
    reply = backend.call("POST", "/uploads/batch", body=body)
    assert (reply.status, reply.body["error"]) == (400, "bad_request")


def test_a_batch_of_the_largest_size_is_answered(backend):
    files = [_file(str(n).encode(), f"{n}.jpg") for n in range(100)]
    items = backend.call("POST", "/uploads/batch", body={"files": files}).body["items"]
    assert [item["upload"]["headers"]["x-amz-meta-filename"] for item in items] == [
        f"{n}.jpg" for n in range(100)]
    # The ids keep the batch's order, so the newest-first gallery shows it as sent, reversed
    # (not shuffled by the ids' random halves, issue 18).
    assert [item["id"] for item in items] == sorted(item["id"] for item in items)


# -- POST /uploads/check ---------------------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def test_the_digest_check_names_the_images_an_upload_would_be_a_duplicate_of(backend):
    ready = backend.upload(sha256=_b64(b"ready"), size=5)
    backend.put_result(ready["id"], sha256_hex=hashlib.sha256(b"ready").hexdigest())
    pending = backend.upload(sha256=_b64(b"pending"), size=7)
    backend.put_original(pending["id"], data=b"pending")
    failed = backend.upload(sha256=_b64(b"failed"), size=6)
    backend.put_result(failed["id"], status="failed", error="Broken file.",
                       sha256_hex=hashlib.sha256(b"failed").hexdigest())
    handed_out_never_sent = backend.upload(sha256=_b64(b"unsent"), size=6)
    asked = [_b64(data) for data in (b"new", b"ready", b"pending", b"failed", b"unsent")]
    before = backend.keys(OUTPUT_BUCKET)

    reply = backend.call("POST", "/uploads/check", body={"sha256": asked})

    assert reply.status == 200
    assert reply.body == {"items": [
        {"sha256": asked[0], "id": None}, {"sha256": asked[1], "id": ready["id"]},
        {"sha256": asked[2], "id": pending["id"]}, {"sha256": asked[3], "id": None},
        {"sha256": asked[4], "id": None}]}
    assert handed_out_never_sent["id"] not in str(reply.body)
    assert backend.keys(OUTPUT_BUCKET) == before, "a check must not make an upload"


@pytest.mark.parametrize("body", [{}, {"sha256": []}, {"sha256": ["not base64!"]},
                                  {"sha256": [_b64(b"x")] * 101}, {"sha256": "abc"}])
def test_the_digest_check_refuses_what_is_not_1_to_100_digests(backend, body):
    reply = backend.call("POST", "/uploads/check", body=body)
    assert (reply.status, reply.body["error"]) == (400, "bad_request")
    assert reply.body["message"].endswith(".")
