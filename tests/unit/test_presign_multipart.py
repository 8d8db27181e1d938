"""Multipart uploads through the API (moto's S3): create, sign parts, list, complete, abort.

SeaweedFS, which checks the signatures and part checksums, runs the same flow in
tests/integration/test_signatures.py.
"""

from __future__ import annotations

import base64
import hashlib
import os
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import requests
from test_presign_support import OUTPUT_BUCKET, UPLOAD_BUCKET, presign_backend

from backend.common import ids, layout

MiB = 1024 * 1024


@pytest.fixture
def backend(monkeypatch):
    with presign_backend(monkeypatch) as running:
        running.configure(MULTIPART_PART_BYTES=str(5 * MiB))
        yield running


def b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def start(backend, data: bytes, name: str = "panorama.tif", **extra) -> dict:
    reply = backend.call("POST", "/uploads/multipart", body={
        "filename": name, "content_type": "image/tiff", "size": len(data), "sha256": b64(data),
        **extra})
    assert reply.status in (200, 201), reply.body
    return reply.body


def parts_of(data: bytes, part_bytes: int) -> list[bytes]:
    return [data[at:at + part_bytes] for at in range(0, len(data), part_bytes)]


def sign(backend, created: dict, data: bytes, numbers) -> list[dict]:
    chunks = parts_of(data, created["part_bytes"])
    reply = backend.call("POST", f"/uploads/multipart/{created['id']}/parts", body={
        "upload_id": created["upload_id"], "size": len(data),
        "parts": [{"number": n, "sha256": b64(chunks[n - 1])} for n in numbers]})
    assert reply.status == 200, reply.body
    return reply.body["parts"]


def send(backend, created: dict, data: bytes) -> list[dict]:
    """Uploads every part with exactly its signed headers; returns the completion list."""
    chunks = parts_of(data, created["part_bytes"])
    done = []
    for part in sign(backend, created, data, range(1, len(chunks) + 1)):
        body = chunks[part["number"] - 1]
        put = requests.put(part["url"], data=body, headers=part["headers"], timeout=30)
        assert put.status_code == 200, put.text
        done.append({"number": part["number"], "etag": put.headers["ETag"],
                     "sha256": part["headers"]["x-amz-checksum-sha256"]})
    return done


def complete(backend, created: dict, parts: list[dict]):
    return backend.call("POST", f"/uploads/multipart/{created['id']}/complete",
                        body={"upload_id": created["upload_id"], "parts": parts})


def test_create_answers_the_part_layout_and_starts_a_checksummed_upload(backend):
    data_size = 12 * MiB + 3
    reply = backend.call("POST", "/uploads/multipart", body={
        "filename": "été.tif", "content_type": "image/tiff", "size": data_size,
        "sha256": b64(b"x")})
    assert reply.status == 201
    body = reply.body
    assert body["status"] == "multipart" and ids.is_valid(body["id"])
    assert body["key"] == layout.input_key(body["id"])
    assert (body["part_bytes"], body["part_count"]) == (5 * MiB, 3)
    assert body["status_url"].endswith(f"/images/{body['id']}")
    uploads = backend.s3.list_multipart_uploads(Bucket=UPLOAD_BUCKET)["Uploads"]
    assert [(u["Key"], u["UploadId"]) for u in uploads] == [(body["key"], body["upload_id"])]
    assert uploads[0].get("ChecksumAlgorithm", "SHA256") == "SHA256"


def test_huge_files_get_bigger_parts_to_fit_in_10000(backend):
    backend.configure(MAX_UPLOAD_BYTES=str(200 * 1024 * MiB))
    body = backend.call("POST", "/uploads/multipart", body={
        "filename": "big.tif", "content_type": "image/tiff", "size": 100 * 1024 * MiB,
        "sha256": b64(b"x")}).body
    assert body["part_bytes"] == 11 * MiB  # ceil(100 GiB / 10,000) rounded up to whole MiB
    assert body["part_count"] <= 10_000


def test_a_whole_upload_goes_through_and_carries_name_and_digest(backend):
    data = os.urandom(5 * MiB + 1000)
    created = start(backend, data, "Straße panorama.tif")
    parts = send(backend, created, data)
    listed = backend.call("GET", f"/uploads/multipart/{created['id']}/parts",
                          query={"upload_id": created["upload_id"]}).body["parts"]
    assert [(p["number"], p["size"]) for p in listed] == [(1, 5 * MiB), (2, 1000)]
    assert [p["etag"] for p in listed] == [p["etag"] for p in parts]
    reply = complete(backend, created, parts[::-1])  # any order: the API sorts them
    assert reply.status == 200, reply.body
    assert reply.body == {"id": created["id"], "status": "pending",
                          "status_url": created["status_url"]}
    stored = backend.s3.get_object(Bucket=UPLOAD_BUCKET, Key=created["key"])
    assert stored["Body"].read() == data
    assert stored["ContentType"] == "image/tiff"
    assert unquote(stored["Metadata"]["filename"]) == "Straße panorama.tif"
    assert stored["Metadata"]["sha256"] == hashlib.sha256(data).hexdigest()
    # Retried after a lost answer: the upload is done, so it says so again.
    assert complete(backend, created, parts).status == 200
    image = backend.call("GET", f"/images/{created['id']}").body
    assert (image["status"], image["bytes"]) == ("pending", len(data))


def test_each_part_url_signs_its_length_and_checksum(backend):
    data = b"\x00" * (11 * MiB)
    created = start(backend, data)
    signed = sign(backend, created, data, [3, 1])
    assert [p["number"] for p in signed] == [3, 1]
    assert signed[0]["headers"] == {"Content-Length": str(MiB),
                                    "x-amz-checksum-sha256": b64(b"\x00" * MiB)}
    assert signed[1]["headers"]["Content-Length"] == str(5 * MiB)
    for part in signed:
        query = parse_qs(urlsplit(part["url"]).query)
        assert sorted(query["X-Amz-SignedHeaders"][0].split(";")) == [
            "content-length", "host", "x-amz-checksum-sha256"]
        assert query["partNumber"] == [str(part["number"])]
        assert query["uploadId"] == [created["upload_id"]]
        assert part["expires_at"].endswith("Z")


def test_the_part_size_answered_at_creation_is_kept_when_sent_back(backend):
    data = b"\x01" * (11 * MiB)
    created = start(backend, data)
    backend.configure(MULTIPART_PART_BYTES=str(8 * MiB))  # changed mid-upload
    reply = backend.call("POST", f"/uploads/multipart/{created['id']}/parts", body={
        "upload_id": created["upload_id"], "size": len(data), "part_bytes": created["part_bytes"],
        "parts": [{"number": 3, "sha256": b64(b"\x01" * MiB)}]})
    assert reply.body["parts"][0]["headers"]["Content-Length"] == str(MiB)


@pytest.mark.parametrize("change", [
    {"parts": [{"number": 4, "sha256": b64(b"x")}]},  # beyond the last part
    {"parts": [{"number": 0, "sha256": b64(b"x")}]},
    {"parts": [{"number": 1, "sha256": "nope"}]},
    {"parts": [{"number": 1, "sha256": b64(b"x")}] * 101},
    {"parts": []}, {"parts": [1]}, {"upload_id": ""}, {"upload_id": "a\nb"},
    {"size": 0}, {"part_bytes": MiB}, {"part_bytes": "big"},
])
def test_bad_part_requests_are_400(backend, change):
    body = {"upload_id": "u", "size": 11 * MiB, "parts": [{"number": 1, "sha256": b64(b"x")}],
            **change}
    reply = backend.call("POST", f"/uploads/multipart/{ids.new_id()}/parts", body=body)
    assert reply.status in (400, 413), reply.body
    assert reply.body["message"].endswith(".")


def test_completing_with_a_part_never_stored_is_refused(backend):
    data = os.urandom(5 * MiB + 10)
    created = start(backend, data)
    parts = send(backend, created, data)
    reply = complete(backend, created, [*parts, {"number": 3, "etag": '"abc"',
                                                 "sha256": b64(b"x")}])
    assert (reply.status, reply.body["error"]) == (400, "bad_request")
    assert reply.body["message"].startswith("Part 3 was never stored")


def test_a_completion_with_a_gap_in_the_parts_is_refused_before_s3_joins_them(backend):
    data = os.urandom(10 * MiB + 10)
    created = start(backend, data)
    parts = send(backend, created, data)
    reply = complete(backend, created, [parts[0], parts[2]])  # part 2 left out
    assert (reply.status, reply.body["error"]) == (400, "bad_request")
    assert reply.body["message"].startswith("Part 2 is missing")
    assert backend.keys(UPLOAD_BUCKET) == []  # nothing was joined
    assert complete(backend, created, parts).status == 200  # the whole list still works


def test_the_size_declared_at_creation_is_binding(backend):
    """Declared 6 MiB, then parts signed and sent for 11 MiB (with its digest): refused at
    completion, and nothing of it stays."""
    declared = os.urandom(6 * MiB)
    bigger = declared + os.urandom(5 * MiB)
    created = start(backend, declared, sha256=b64(bigger))
    parts = send(backend, created, bigger)
    reply = complete(backend, created, parts)
    assert (reply.status, reply.body["error"]) == (400, "bad_request"), reply.body
    assert f"created for a file of {len(declared)} bytes" in reply.body["message"]
    assert backend.keys(UPLOAD_BUCKET) == []
    assert backend.call("GET", f"/images/{created['id']}").status == 404
    assert complete(backend, created, parts).status in (400, 404)  # a retry gets no further


def test_parts_adding_up_to_more_than_the_limit_are_refused_and_aborted(backend):
    data = os.urandom(5 * MiB + 10)
    created = start(backend, data)
    parts = send(backend, created, data)
    backend.configure(MAX_UPLOAD_BYTES=str(5 * MiB))
    reply = complete(backend, created, parts)
    assert (reply.status, reply.body["error"]) == (400, "bad_request")
    assert "cancelled" in reply.body["message"]
    listed = backend.call("GET", f"/uploads/multipart/{created['id']}/parts",
                          query={"upload_id": created["upload_id"]})
    assert listed.status == 404
    assert backend.keys(UPLOAD_BUCKET) == []


def test_abort_is_idempotent_and_frees_the_upload(backend):
    created = start(backend, b"\x02" * (6 * MiB))
    path = f"/uploads/multipart/{created['id']}"
    for _ in range(2):
        reply = backend.call("DELETE", path, query={"upload_id": created["upload_id"]})
        assert (reply.status, reply.body) == (204, None)
    assert backend.s3.list_multipart_uploads(Bucket=UPLOAD_BUCKET).get("Uploads", []) == []
    gone = backend.call("GET", f"{path}/parts", query={"upload_id": created["upload_id"]})
    assert (gone.status, gone.body["error"]) == (404, "not_found")
    finish = complete(backend, created, [{"number": 1, "etag": '"x"', "sha256": b64(b"x")}])
    assert finish.status == 404


def test_multipart_create_dedups_like_a_single_upload(backend):
    data = b"\x03" * (6 * MiB)
    first = start(backend, data)
    backend.put_result(first["id"], sha256_hex=hashlib.sha256(data).hexdigest())
    again = start(backend, data, "copy.tif")
    assert (again["status"], again["id"]) == ("duplicate", first["id"])
    forced = start(backend, data, "copy.tif", allow_duplicates=True)
    assert forced["status"] == "multipart" and forced["id"] != first["id"]
    holder = backend.s3.get_object(Bucket=OUTPUT_BUCKET,
                                   Key=layout.digest_key(hashlib.sha256(data).hexdigest()))
    assert b'"' + first["id"].encode() + b'"' in holder["Body"].read()


def test_multipart_takes_sizes_up_to_the_upload_limit_only(backend):
    backend.configure(MAX_UPLOAD_BYTES=str(10 * MiB))
    reply = backend.call("POST", "/uploads/multipart", body={
        "filename": "a.tif", "content_type": "image/tiff", "size": 10 * MiB + 1,
        "sha256": b64(b"x")})
    assert (reply.status, reply.body["error"]) == (413, "too_large")
