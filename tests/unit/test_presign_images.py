"""GET /images/{id}, GET /images (paging), DELETE /images/{id} over what resize writes."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from test_presign_support import OUTPUT_BUCKET, UPLOAD_BUCKET, presign_backend

from backend.common import ids, layout

T0 = 1_800_000_000_000


@pytest.fixture
def backend(monkeypatch):
    with presign_backend(monkeypatch) as running:
        yield running


def test_an_uploaded_original_without_meta_is_pending(backend):
    image_id = ids.new_id()
    backend.put_original(image_id, filename="été 📷.jpg", data=b"x" * 321)
    reply = backend.call("GET", f"/images/{image_id}")
    assert reply.status == 200
    assert reply.body == {
        "id": image_id, "status": "pending", "error": None, "filename": "été 📷.jpg",
        "width": None, "height": None, "bytes": 321, "created_at": ids.created_at(image_id),
        "thumbnail_url": None, "large_url": None,
    }


def test_a_ready_image_has_its_facts_and_rendition_urls(backend):
    image_id = ids.new_id()
    backend.put_original(image_id)
    backend.put_result(image_id, filename="red flower.jpg")
    body = backend.call("GET", f"/images/{image_id}").body
    assert (body["status"], body["filename"], body["width"], body["height"]) == (
        "ready", "red flower.jpg", 4000, 3000)
    assert urlsplit(body["thumbnail_url"]).path.endswith(f"/thumbnails/{image_id}.webp")
    assert urlsplit(body["large_url"]).path.endswith(f"/large/{image_id}.webp")
    assert "X-Amz-Signature" in parse_qs(urlsplit(body["large_url"]).query)


def test_a_failed_image_carries_its_reason_and_no_urls(backend):
    image_id = ids.new_id()
    backend.put_result(image_id, status="failed", error="notes.jpg is not an image.")
    body = backend.call("GET", f"/images/{image_id}").body
    assert (body["status"], body["error"]) == ("failed", "notes.jpg is not an image.")
    assert body["thumbnail_url"] is None and body["large_url"] is None


def test_an_unknown_id_is_404(backend):
    reply = backend.call("GET", f"/images/{ids.new_id()}")
    assert (reply.status, reply.body["error"]) == (404, "not_found")


@pytest.mark.parametrize("bad", ["abc", ids.new_id().upper(), "..%2F..%2Fetc", "u" * 26,
                                 ids.new_id() + "0", "%00"])
def test_malformed_ids_are_400_on_get_and_delete(backend, bad):
    for method in ("GET", "DELETE"):
        reply = backend.call(method, f"/images/{bad}")
        assert (reply.status, reply.body["error"]) == (400, "bad_request")


def _ready_images(backend, count: int, start_ms: int = T0) -> list[str]:
    made = [ids.new_id(now_ms=start_ms + i) for i in range(count)]
    for image_id in made:
        backend.put_result(image_id)
    return made


def test_the_gallery_lists_ready_images_newest_first(backend):
    made = _ready_images(backend, 5)
    pending = ids.new_id(now_ms=T0 + 100)
    backend.put_original(pending)
    backend.put_result(ids.new_id(now_ms=T0 + 101), status="failed", error="Broken file.")
    reply = backend.call("GET", "/images")
    assert reply.status == 200
    assert [item["id"] for item in reply.body["items"]] == made[::-1]
    assert reply.body["next_cursor"] is None
    assert all(item["status"] == "ready" and item["thumbnail_url"]
               for item in reply.body["items"])


def test_paging_is_stable_while_uploads_continue(backend):
    made = _ready_images(backend, 7)
    first = backend.call("GET", "/images", query={"limit": "3"}).body
    assert [item["id"] for item in first["items"]] == made[:-4:-1]
    assert first["next_cursor"] == layout.index_key(made[-3])
    newer = _ready_images(backend, 2, start_ms=T0 + 1000)  # arrive between pages
    seen = [item["id"] for item in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = backend.call("GET", "/images", query={"limit": "3", "cursor": cursor}).body
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert seen == made[::-1]
    fresh = backend.call("GET", "/images", query={"limit": "2"}).body
    assert [item["id"] for item in fresh["items"]] == newer[::-1]


def test_an_exact_last_page_ends_with_a_null_cursor(backend):
    made = _ready_images(backend, 4)
    first = backend.call("GET", "/images", query={"limit": "2"}).body
    second = backend.call("GET", "/images",
                          query={"limit": "2", "cursor": first["next_cursor"]}).body
    assert [item["id"] for item in second["items"]] == made[1::-1]
    assert second["next_cursor"] is None


@pytest.mark.parametrize("query", [
    {"limit": "0"}, {"limit": "101"}, {"limit": "-1"}, {"limit": "ten"}, {"limit": "1.5"},
    {"limit": "9" * 5000}, {"cursor": "index/../meta/x.json"}, {"cursor": "garbage"},
    {"cursor": f"meta/{ids.new_id()}.json"},
])
def test_bad_limit_or_cursor_is_400(backend, query):
    reply = backend.call("GET", "/images", query=query)
    assert (reply.status, reply.body["error"]) == (400, "bad_request")


def test_limit_bounds_are_accepted(backend):
    _ready_images(backend, 3)
    assert len(backend.call("GET", "/images", query={"limit": "1"}).body["items"]) == 1
    assert len(backend.call("GET", "/images", query={"limit": "100"}).body["items"]) == 3


def test_delete_removes_the_original_and_every_output(backend):
    image_id, other = ids.new_id(), ids.new_id()
    for each in (image_id, other):
        backend.put_original(each)
        backend.put_result(each)
    reply = backend.call("DELETE", f"/images/{image_id}")
    assert (reply.status, reply.body) == (204, None)
    assert not [key for key in backend.keys(UPLOAD_BUCKET) + backend.keys(OUTPUT_BUCKET)
                if image_id in key or ids.invert(image_id) in key]
    assert len(backend.keys(OUTPUT_BUCKET)) == 4  # the other image is untouched
    assert backend.call("GET", f"/images/{image_id}").status == 404
    assert backend.call("DELETE", f"/images/{image_id}").status == 404


def test_delete_of_a_pending_or_a_failed_image(backend):
    pending, failed = ids.new_id(), ids.new_id()
    backend.put_original(pending)
    backend.put_result(failed, status="failed", error="Broken file.")
    assert backend.call("DELETE", f"/images/{pending}").status == 204
    assert backend.call("DELETE", f"/images/{failed}").status == 204
    assert backend.keys(UPLOAD_BUCKET) == [] and backend.keys(OUTPUT_BUCKET) == []


def test_delete_of_an_unknown_id_is_404(backend):
    reply = backend.call("DELETE", f"/images/{ids.new_id()}")
    assert (reply.status, reply.body["error"]) == (404, "not_found")
