"""GET /images by date taken, its date/camera/lens filters, GET /images/facets, and what a
page costs in S3 requests."""

from __future__ import annotations

import pytest
from helpers import s3_calls
from test_presign_support import OUTPUT_BUCKET, presign_backend

from backend.common import config, ids

T0 = 1_800_000_000_000

# (filename, taken_at, camera, lens), uploaded in this order.
PHOTOS = [
    ("a.jpg", "2024-07-01T18:30:05+02:00", "Canon EOS R5", "RF24-70mm"),
    ("b.jpg", "2023-01-15T09:00:00", "NIKON Z 6", "NIKKOR Z 50mm"),
    ("c.jpg", "2024-07-02T08:00:00-07:00", "Canon EOS R5", "RF100mm Macro"),
    ("d.jpg", "2024-06-30T23:59:59", None, None),
    ("e.jpg", "2024-07-01T00:00:00", "Apple iPhone 15", None),
]


@pytest.fixture
def backend(monkeypatch):
    with presign_backend(monkeypatch) as running:
        for n, (name, taken, camera, lens) in enumerate(PHOTOS):
            running.put_result(ids.new_id(now_ms=T0 + n), filename=name, taken_at=taken,
                               camera=camera, lens=lens)
        yield running


def names(backend, **query) -> list[str]:
    reply = backend.call("GET", "/images", query={"order": "taken", **query})
    assert reply.status == 200, reply.body
    return [item["filename"] for item in reply.body["items"]]


def test_by_date_taken_newest_first_by_the_local_clock(backend):
    assert names(backend) == ["c.jpg", "a.jpg", "e.jpg", "d.jpg", "b.jpg"]
    reply = backend.call("GET", "/images", query={"order": "taken", "limit": "1"}).body
    assert reply["items"][0]["taken_at"] == "2024-07-02T08:00:00-07:00"
    assert reply["items"][0]["camera"]["name"] == "Canon EOS R5"


def test_upload_order_stays_the_default(backend):
    reply = backend.call("GET", "/images").body
    assert [item["filename"] for item in reply["items"]] == ["e.jpg", "d.jpg", "c.jpg", "b.jpg",
                                                             "a.jpg"]


def test_paging_by_date_taken(backend):
    first = backend.call("GET", "/images", query={"order": "taken", "limit": "2"}).body
    second = backend.call("GET", "/images", query={"order": "taken", "limit": "3",
                                                   "cursor": first["next_cursor"]}).body
    assert [item["filename"] for item in first["items"] + second["items"]] == [
        "c.jpg", "a.jpg", "e.jpg", "d.jpg", "b.jpg"]
    assert second["next_cursor"] is None


def test_date_range_includes_both_days(backend):
    assert names(backend, **{"from": "2024-07-01", "to": "2024-07-01"}) == ["a.jpg", "e.jpg"]
    assert names(backend, **{"from": "2024-06-30"}) == ["c.jpg", "a.jpg", "e.jpg", "d.jpg"]
    assert names(backend, to="2024-06-30") == ["d.jpg", "b.jpg"]
    assert names(backend, **{"from": "2025-01-01"}) == []


def test_camera_and_lens_filters(backend):
    assert names(backend, camera="Canon EOS R5") == ["c.jpg", "a.jpg"]
    assert names(backend, lens="NIKKOR Z 50mm") == ["b.jpg"]
    assert names(backend, camera="Canon EOS R5", lens="RF24-70mm") == ["a.jpg"]
    assert names(backend, camera="Canon EOS R5", **{"from": "2024-07-02"}) == ["c.jpg"]
    assert names(backend, camera="Leica M11") == []
    assert names(backend, camera="Canon EOS R5", q="c.") == ["c.jpg"]


def test_filters_in_upload_order_too(backend):
    reply = backend.call("GET", "/images", query={"camera": "Canon EOS R5",
                                                  "from": "2024-07-01"}).body
    assert [item["filename"] for item in reply["items"]] == ["c.jpg", "a.jpg"]


def test_facets_name_every_camera_and_lens(backend):
    reply = backend.call("GET", "/images/facets")
    assert reply.status == 200
    assert reply.body == {"cameras": ["Apple iPhone 15", "Canon EOS R5", "NIKON Z 6"],
                          "lenses": ["NIKKOR Z 50mm", "RF100mm Macro", "RF24-70mm"]}


def test_a_deleted_photo_leaves_the_index_and_the_facets(backend):
    only_nikon = backend.call("GET", "/images", query={"order": "taken",
                                                       "camera": "NIKON Z 6"}).body["items"]
    assert backend.call("DELETE", f"/images/{only_nikon[0]['id']}").status == 204
    assert names(backend) == ["c.jpg", "a.jpg", "e.jpg", "d.jpg"]
    assert "NIKON Z 6" not in backend.call("GET", "/images/facets").body["cameras"]
    assert not [key for key in backend.keys(OUTPUT_BUCKET) if "taken/" in key
                and only_nikon[0]["id"] in key]


def test_a_page_by_date_is_one_list_and_one_get_per_photo(backend):
    calls = s3_calls(config.cached()[1])
    assert len(names(backend, limit="3")) == 3
    assert calls == ["ListObjectsV2"] + ["GetObject"] * 3
    del calls[:]
    assert names(backend, camera="Canon EOS R5", limit="1") == ["c.jpg"]
    assert calls == ["ListObjectsV2", "GetObject"]


@pytest.mark.parametrize("query", [
    {"order": "random"}, {"from": "2024-13-01"}, {"to": "yesterday"},
    {"from": "2024-07-02", "to": "2024-07-01"}, {"camera": "x" * 65}, {"lens": "a\x00b"},
    {"order": "taken", "cursor": "index/" + "0" * 26 + ".json"},
    {"cursor": "taken/all/../x"},
])
def test_bad_order_dates_or_facets_are_400(backend, query):
    reply = backend.call("GET", "/images", query=query)
    assert (reply.status, reply.body["error"]) == (400, "bad_request"), query
