"""A client killed with a PUT in flight presigns the same file again on restart; the killed
PUT may land after that second presign's dedup check, which then saw no original yet. Both
images are handed out and both originals land, in either order: against the real local
backend, exactly one ends ready (in the gallery) and the other a `duplicate` of it."""

from __future__ import annotations

import uuid

import pytest
from helpers import Api
from test_engine import photo_bytes


@pytest.fixture
def api(local_backend):
    client = Api(local_backend)
    yield client
    client.close()


def _gallery_count(api: Api, name: str) -> int:
    response = api.session.get(f"{api.base}/images", params={"q": name}, timeout=30)
    assert response.status_code == 200, response.text
    return sum(1 for item in response.json()["items"] if item["filename"] == name)


@pytest.mark.parametrize("lands_first", ["the_new_put", "the_killed_put"])
def test_a_killed_put_landing_after_its_file_was_presigned_anew_is_kept_once(api, lands_first):
    data, name = photo_bytes(), f"late-{uuid.uuid4().hex[:10]}.jpg"
    killed = api.presign(name, "image/jpeg", data, allow_duplicates=False)  # then the kill
    anew = api.presign(name, "image/jpeg", data, allow_duplicates=False)    # the restart
    assert anew["id"] != killed["id"]  # no original stored yet: nothing to call a duplicate
    first, second = (anew, killed) if lands_first == "the_new_put" else (killed, anew)
    assert api.put(first, data).status_code == 200
    assert api.wait_done(first["id"])["status"] == "ready"
    assert api.put(second, data).status_code == 200  # lands late
    late = api.wait_done(second["id"])
    assert (late["status"], late["duplicate_of"]) == ("duplicate", first["id"])
    assert (late["thumbnail_url"], late["large_url"]) == (None, None)
    assert _gallery_count(api, name) == 1
    # The next upload of these bytes is told the one that holds them.
    again = api.session.post(f"{api.base}/uploads", json={
        "filename": name, "content_type": "image/jpeg", "size": len(data),
        "sha256": killed["upload"]["headers"]["x-amz-checksum-sha256"]}, timeout=30)
    assert (again.status_code, again.json()["id"]) == (200, first["id"])


def test_both_late_puts_landing_together_leave_one_ready(api):
    data, name = photo_bytes(), f"both-{uuid.uuid4().hex[:10]}.jpg"
    tickets = [api.presign(name, "image/jpeg", data, allow_duplicates=False) for _ in range(2)]
    for ticket in tickets:
        assert api.put(ticket, data).status_code == 200
    done = sorted((api.wait_done(ticket["id"]) for ticket in tickets),
                  key=lambda image: image["status"])
    assert [image["status"] for image in done] == ["duplicate", "ready"]
    assert done[0]["duplicate_of"] == done[1]["id"]
    assert _gallery_count(api, name) == 1


def test_a_forced_copy_is_still_kept_beside_its_original(api):
    data, name = photo_bytes(), f"copy-{uuid.uuid4().hex[:10]}.jpg"
    first = api.upload(name, "image/jpeg", data)  # allow_duplicates: tests' default
    copy = api.upload(name, "image/jpeg", data)
    assert api.wait_done(first["id"])["status"] == api.wait_done(copy["id"])["status"] == "ready"
    assert _gallery_count(api, name) == 2
