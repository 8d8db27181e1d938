"""What each route costs in S3 requests, counted on the handler's own client.

On AWS every request is billed (a LIST at the PUT rate), and a poll runs for every
pending image: these pin the counts so a regression (say, a LIST per poll) fails here.
"""

from __future__ import annotations

import base64
import hashlib

import pytest
from helpers import s3_calls
from test_presign_support import presign_backend

from backend.common import config, ids

DATA = b"photo bytes"
FILE = {"filename": "a.jpg", "content_type": "image/jpeg", "size": len(DATA),
        "sha256": base64.b64encode(hashlib.sha256(DATA).digest()).decode()}


@pytest.fixture
def backend(monkeypatch):
    with presign_backend(monkeypatch) as running:
        yield running


@pytest.fixture
def calls(backend) -> list[str]:
    return s3_calls(config.cached().s3)


def test_status_of_a_pending_image_is_two_get_class_requests(backend, calls):
    image_id = ids.new_id()
    backend.put_original(image_id)
    assert backend.call("GET", f"/images/{image_id}").body["status"] == "pending"
    assert calls == ["GetObject", "HeadObject"]  # no record yet; the original is there


@pytest.mark.parametrize("state", ["ready", "failed"])
def test_status_of_a_processed_image_is_one_request(backend, calls, state):
    image_id = ids.new_id()
    backend.put_result(image_id, status=state, error=None if state == "ready" else "Broken.")
    assert backend.call("GET", f"/images/{image_id}").body["status"] == state
    assert calls == ["GetObject"]


def test_batch_status_costs_the_same_per_image_and_never_lists(backend, calls):
    ready, pending, unknown = ids.new_id(), ids.new_id(), ids.new_id()
    backend.put_result(ready)
    backend.put_original(pending)
    backend.call("GET", "/images", query={"ids": f"{ready},{pending},{unknown}"})
    assert sorted(calls) == sorted(["GetObject", "GetObject", "HeadObject",
                                    "GetObject", "HeadObject"])


def test_presigning_new_content_is_one_get_and_one_put(backend, calls):
    assert backend.call("POST", "/uploads", body=FILE).status == 201
    assert calls == ["GetObject", "PutObject"]  # the digest: looked up, then remembered


def test_presigning_content_in_the_gallery_is_two_gets_and_a_head(backend, calls):
    first = backend.call("POST", "/uploads", body=FILE).body
    backend.put_result(first["id"], sha256_hex=hashlib.sha256(DATA).hexdigest())
    calls.clear()
    assert backend.call("POST", "/uploads", body=FILE).body["status"] == "duplicate"
    # the digest, the holder's tombstone (a deleted holder frees the bytes), its record
    assert calls == ["GetObject", "HeadObject", "GetObject"]


def test_config_costs_no_request(backend, calls):
    assert backend.call("GET", "/config").status == 200
    assert calls == []


def test_a_gallery_page_is_one_list_and_a_read_per_record(backend, calls):
    for _ in range(3):
        backend.put_result(ids.new_id())
    assert len(backend.call("GET", "/images").body["items"]) == 3
    assert calls == ["ListObjectsV2", "GetObject", "GetObject", "GetObject"]


def test_delete_of_a_ready_image(backend, calls):
    image_id = ids.new_id()
    backend.put_original(image_id, data=DATA)
    backend.put_result(image_id, sha256_hex=hashlib.sha256(DATA).hexdigest())
    assert backend.call("DELETE", f"/images/{image_id}").status == 204
    assert calls == ["PutObject",  # the tombstone
                     "GetObject",  # the record, for the digest
                     "DeleteObject", "DeleteObjects",  # the original; outputs and record
                     "ListObjectsV2",  # its albums (albums/by-image/…: none)
                     "GetObject",  # the digest record (names another image: kept)
                     "GetObject"]  # the ready claim (none: nothing to release)
