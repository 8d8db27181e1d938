"""The image routes over what resize writes: status (one and many), the gallery with its
name filter, delete, the original and share links."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import requests
from test_presign_support import OUTPUT_BUCKET, UPLOAD_BUCKET, presign_backend

from backend.common import ids, layout, records
from backend.presign import gallery, images

T0 = 1_800_000_000_000


@pytest.fixture
def backend(monkeypatch):
    with presign_backend(monkeypatch) as running:
        yield running


def test_an_uploaded_original_without_a_record_is_pending(backend):
    image_id = ids.new_id()
    backend.put_original(image_id, filename="été 📷.jpg", data=b"x" * 321)
    reply = backend.call("GET", f"/images/{image_id}")
    assert reply.status == 200
    assert reply.body == {
        "id": image_id, "status": "pending", "error": None, "error_code": None,
        "error_params": None, "filename": "été 📷.jpg",
        "width": None, "height": None, "bytes": 321, "created_at": ids.created_at(image_id),
        "content_type": "image/jpeg", "sha256": hashlib.sha256(b"x" * 321).hexdigest(),
        "duplicate_of": None, "guest": None, "thumbnail_url": None, "large_url": None,
        "taken_at": None,
            "taken_at_source": None, "camera": None, "location": None,
    }


def test_pending_for_longer_than_the_timeout_is_reported_failed(backend, monkeypatch):
    image_id = ids.new_id()
    backend.put_original(image_id)
    backend.configure(PENDING_TIMEOUT_SECONDS="600")
    assert backend.call("GET", f"/images/{image_id}").body["status"] == "pending"
    later = datetime.now(UTC) + timedelta(seconds=601)
    monkeypatch.setattr(images, "datetime", type("Later", (), {"now": staticmethod(
        lambda tz=None: later)}))
    body = backend.call("GET", f"/images/{image_id}").body
    assert (body["status"], body["filename"]) == ("failed", "photo.jpg")
    assert body["error"] == ("The image was not processed within 10 minutes of its upload. "
                             "Delete it and upload it again; if that fails too, the backend's "
                             "log says why.")


def test_a_ready_image_has_its_facts_and_rendition_urls(backend):
    image_id = ids.new_id()
    backend.put_original(image_id)
    record = backend.put_result(image_id, filename="red flower.jpg")
    body = backend.call("GET", f"/images/{image_id}").body
    assert {k: body[k] for k in record} == record
    shard = image_id[-2:]
    assert urlsplit(body["thumbnail_url"]).path.endswith(f"/thumbnails/{shard}/{image_id}.webp")
    assert urlsplit(body["large_url"]).path.endswith(f"/large/{shard}/{image_id}.webp")
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


# Parameters are fixed ids, not new ones: every pytest-xdist worker must collect the same tests.
FIXED_ID = "01m97kxspxpxtfs3gj9axy2wd5"


@pytest.mark.parametrize("bad", ["abc", FIXED_ID.upper(), "..%2F..%2Fetc", "u" * 26,
                                 FIXED_ID + "0", "%00"])
def test_malformed_ids_are_400_on_every_image_route(backend, bad):
    for method, suffix in (("GET", ""), ("DELETE", ""), ("GET", "/original"), ("GET", "/link")):
        reply = backend.call(method, f"/images/{bad}{suffix}")
        assert (reply.status, reply.body["error"]) == (400, "bad_request")


# -- GET /images?ids= -------------------------------------------------------------------

def test_batch_status_answers_found_ids_in_order_and_names_the_missing(backend):
    ready, pending, failed, unknown = (ids.new_id() for _ in range(4))
    backend.put_result(ready)
    backend.put_original(pending)
    backend.put_result(failed, status="failed", error="Broken file.")
    reply = backend.call("GET", "/images", query={"ids": f"{failed},{unknown},{ready},"
                                                          f"{pending},{ready}"})
    assert reply.status == 200
    assert [(item["id"], item["status"]) for item in reply.body["items"]] == [
        (failed, "failed"), (ready, "ready"), (pending, "pending")]
    assert reply.body["missing"] == [unknown]


@pytest.mark.parametrize("value", ["", ",", "nope",
                                   ",".join(f"{FIXED_ID[:21]}{n:05d}" for n in range(101))])
def test_batch_status_refuses_bad_id_lists(backend, value):
    reply = backend.call("GET", "/images", query={"ids": value})
    assert (reply.status, reply.body["error"]) == (400, "bad_request")


def test_batch_status_takes_up_to_100_ids(backend):
    wanted = [ids.new_id() for _ in range(100)]
    reply = backend.call("GET", "/images", query={"ids": ",".join(wanted)})
    assert reply.body == {"items": [], "missing": wanted}


# -- GET /images (the gallery) -----------------------------------------------------------

def _ready_images(backend, count: int, start_ms: int = T0, names=None) -> list[str]:
    made = [ids.new_id(now_ms=start_ms + i) for i in range(count)]
    for n, image_id in enumerate(made):
        backend.put_result(image_id, filename=names[n] if names else "photo.jpg")
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
    assert first["next_cursor"] == layout.record_key(made[-3])
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


def test_failed_images_are_skipped_and_the_page_is_still_full(backend):
    ready = _ready_images(backend, 3)
    for n in range(4):  # newer than every ready one
        backend.put_result(ids.new_id(now_ms=T0 + 50 + n), status="failed", error="Broken.")
    page = backend.call("GET", "/images", query={"limit": "2"}).body
    assert [item["id"] for item in page["items"]] == ready[:0:-1]
    rest = backend.call("GET", "/images", query={"limit": "2", "cursor": page["next_cursor"]})
    assert [item["id"] for item in rest.body["items"]] == ready[:1]


def test_q_filters_by_filename_case_insensitively_after_nfkc(backend):
    names = ["Beach.JPG", "mountain.jpg", "ﬁeld.png", "Straße.heic", "BEACH party.jpg"]
    made = _ready_images(backend, len(names), names=names)
    def found(q):
        body = backend.call("GET", "/images", query={"q": q}).body
        return [item["filename"] for item in body["items"]]
    assert found("beach") == ["BEACH party.jpg", "Beach.JPG"]
    assert found("field") == ["ﬁeld.png"]  # the ligature is NFKC "fi"
    assert found("STRASSE") == ["Straße.heic"]  # case-folded
    assert found("nothing like it") == []
    assert len(found("  ")) == len(made)  # blank: no filter


def test_a_filtered_page_scans_a_bounded_number_of_records(backend, monkeypatch):
    monkeypatch.setattr(gallery, "SCAN_BUDGET", 5)
    monkeypatch.setattr(gallery, "FILTER_CHUNK", 2)
    names = ["match-old.jpg"] + ["other.jpg"] * 6 + ["match-new.jpg"]
    _ready_images(backend, len(names), names=names)
    first = backend.call("GET", "/images", query={"q": "match"}).body
    assert [item["filename"] for item in first["items"]] == ["match-new.jpg"]
    assert first["next_cursor"] is not None  # 5 records read: the page ends early
    second = backend.call("GET", "/images", query={"q": "match",
                                                   "cursor": first["next_cursor"]}).body
    assert [item["filename"] for item in second["items"]] == ["match-old.jpg"]
    assert second["next_cursor"] is None


@pytest.mark.parametrize("query", [
    {"limit": "0"}, {"limit": "101"}, {"limit": "-1"}, {"limit": "ten"}, {"limit": "1.5"},
    {"limit": "9" * 5000}, {"cursor": "index/../meta/x.json"}, {"cursor": "garbage"},
    {"cursor": f"meta/{ids.new_id()}.json"}, {"q": "x" * 201}, {"q": "a\x00b"},
])
def test_bad_limit_cursor_or_q_is_400(backend, query):
    reply = backend.call("GET", "/images", query=query)
    assert (reply.status, reply.body["error"]) == (400, "bad_request")


def test_limit_bounds_are_accepted(backend):
    _ready_images(backend, 3)
    assert len(backend.call("GET", "/images", query={"limit": "1"}).body["items"]) == 1
    assert len(backend.call("GET", "/images", query={"limit": "100"}).body["items"]) == 3


# -- DELETE /images/{id} -----------------------------------------------------------------

def _stored(backend) -> list[str]:
    return backend.keys(UPLOAD_BUCKET) + backend.keys(OUTPUT_BUCKET)


def test_delete_removes_everything_and_leaves_a_tombstone(backend):
    image_id, other = ids.new_id(), ids.new_id()
    written = {}
    for each in (image_id, other):
        backend.put_original(each)
        written[each] = backend.put_result(each)
    before = set(_stored(backend))
    reply = backend.call("DELETE", f"/images/{image_id}")
    assert (reply.status, reply.body) == (204, None)
    gone = before - set(_stored(backend))
    assert gone == {layout.input_key(image_id), *layout.output_keys(image_id),
                    *records.index_keys(written[image_id])}
    assert set(_stored(backend)) - before == {layout.tombstone_key(image_id)}
    assert backend.call("GET", f"/images/{image_id}").status == 404
    assert backend.call("GET", f"/images/{other}").body["status"] == "ready"
    assert backend.call("DELETE", f"/images/{image_id}").status == 404


def test_delete_of_a_pending_or_a_failed_image(backend):
    pending, failed = ids.new_id(), ids.new_id()
    backend.put_original(pending)
    backend.put_result(failed, status="failed", error="Broken file.")
    assert backend.call("DELETE", f"/images/{pending}").status == 204
    assert backend.call("DELETE", f"/images/{failed}").status == 204
    assert backend.keys(UPLOAD_BUCKET) == []
    assert sorted(backend.keys(OUTPUT_BUCKET)) == sorted(
        [layout.tombstone_key(pending), layout.tombstone_key(failed)])


def test_delete_of_an_unknown_id_is_404_but_still_bars_a_later_upload(backend):
    # A presigned upload not sent yet, then cancelled: its PUT must not bring it to life.
    image_id = ids.new_id()
    reply = backend.call("DELETE", f"/images/{image_id}")
    assert (reply.status, reply.body["error"]) == (404, "not_found")
    assert backend.keys(OUTPUT_BUCKET) == [layout.tombstone_key(image_id)]


# -- GET /images/{id}/original -----------------------------------------------------------

def test_the_original_is_a_presigned_download_under_its_own_name(backend):
    image_id = ids.new_id()
    backend.put_original(image_id, filename="Été \"best\".jpg", data=b"original bytes")
    reply = backend.call("GET", f"/images/{image_id}/original")
    assert reply.status == 200
    body = reply.body
    assert (body["filename"], body["bytes"], body["content_type"]) == (
        'Été "best".jpg', 14, "image/jpeg")
    got = requests.get(body["url"], timeout=10)
    assert got.content == b"original bytes"
    query = parse_qs(urlsplit(body["url"]).query)
    disposition = query["response-content-disposition"][0]
    assert disposition.startswith('attachment; filename="_t_ _best_.jpg"; ')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == 'Été "best".jpg'
    assert datetime.fromisoformat(body["expires_at"]) > datetime.now(UTC)


def test_an_expired_original_is_410_gone_with_a_sentence(backend):
    image_id = ids.new_id()
    backend.put_result(image_id, filename="sunset.jpg")
    backend.configure(ORIGINAL_RETENTION_DAYS="30")
    reply = backend.call("GET", f"/images/{image_id}/original")
    assert (reply.status, reply.body["error"]) == (410, "gone")
    assert reply.body["message"] == ("The original of sunset.jpg is no longer stored (this "
                                     "server keeps originals for 30 days); its thumbnail and "
                                     "large view remain.")
    assert backend.call("GET", f"/images/{ids.new_id()}/original").status == 404


# -- GET /images/{id}/link ---------------------------------------------------------------

def test_a_link_is_presigned_and_capped(backend):
    image_id = ids.new_id()
    backend.put_result(image_id)
    backend.configure(MAX_LINK_SECONDS="7200")
    for query, seconds in (({}, "3600"), ({"expires_in": "60"}, "60"),
                           ({"expires_in": "999999"}, "7200")):
        body = backend.call("GET", f"/images/{image_id}/link", query=query).body
        assert body["permanent"] is False
        assert parse_qs(urlsplit(body["url"]).query)["X-Amz-Expires"] == [seconds]
        expires = datetime.fromisoformat(body["expires_at"])
        assert abs(expires - datetime.now(UTC) - timedelta(seconds=int(seconds))) < timedelta(
            seconds=5)
    thumb = backend.call("GET", f"/images/{image_id}/link", query={"rendition": "thumbnail"})
    assert f"/thumbnails/{image_id[-2:]}/{image_id}.webp" in thumb.body["url"]


def test_a_public_output_gives_a_permanent_link(backend):
    image_id = ids.new_id()
    backend.put_result(image_id)
    backend.configure(OUTPUT_ACCESS="public", OUTPUT_PUBLIC_BASE_URL="https://cdn.example.com")
    body = backend.call("GET", f"/images/{image_id}/link").body
    assert body == {"url": f"https://cdn.example.com/large/{image_id[-2:]}/{image_id}.webp",
                    "permanent": True, "expires_at": None}


def test_a_link_needs_a_ready_image(backend):
    pending, failed = ids.new_id(), ids.new_id()
    backend.put_original(pending)
    backend.put_result(failed, status="failed", error="Broken.")
    for image_id in (pending, failed):
        reply = backend.call("GET", f"/images/{image_id}/link")
        assert (reply.status, reply.body["error"]) == (409, "conflict")
    assert backend.call("GET", f"/images/{ids.new_id()}/link").status == 404
    for query in ({"rendition": "original"}, {"expires_in": "0"}, {"expires_in": "soon"}):
        assert backend.call("GET", f"/images/{pending}/link", query=query).status == 400
