"""Guest uploads through a shared album's link (issue 20, "the wedding case"), against the real
local backend: a stranger with nothing but the link presigns, PUTs straight to the store, and
the photo ends in the album marked as theirs, within the share's limits, until the owner turns
uploads off."""

from __future__ import annotations

import io
import re
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from helpers import Api, sha256_b64, wait_until
from PIL import Image
from test_albums_concurrent import album_photo_ids, new_album, photos
from test_local_backend_kill import photo


@pytest.fixture
def api(local_backend):
    client = Api(local_backend)
    yield client
    client.close()


def share_of(api: Api, album_id: str, **options) -> dict:
    made = api.session.post(f"{api.base}/albums/{album_id}/shares", json=options, timeout=30)
    assert made.status_code == 201, made.text
    return made.json()


def guest_asks(share: dict, files: list[tuple[str, str, bytes]], **body) -> requests.Response:
    """A stranger's presign: no bearer token."""
    return requests.post(share["url"] + "/uploads", timeout=30, json={**body, "files": [
        {"filename": name, "content_type": kind, "size": len(data), "sha256": sha256_b64(data)}
        for name, kind, data in files]})


def guest_sends(share: dict, filename: str, data: bytes, **body) -> dict:
    answer = guest_asks(share, [(filename, "image/jpeg", data)], **body)
    assert answer.status_code == 200, answer.text
    item = answer.json()["items"][0]
    if item["status"] == "upload":
        put = Api.put(item, data)
        assert put.status_code == 200, put.text
    return item


def png(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, tuple(secrets.randbelow(256) for _ in range(3))).save(out, "PNG")
    return out.getvalue()


def test_a_guest_upload_ends_in_the_album_marked_with_the_guests_name(api):
    album_id = new_album(api, "Wedding")
    share = share_of(api, album_id, allow_uploads=True)
    assert share["allow_uploads"] and share["uploads_used"] == 0
    item = guest_sends(share, "IMG_2001.jpg", photo((900, 600)), name="  Anna   Lee ")
    # Nothing of the gallery goes back to a guest: where to PUT, and until when.
    assert set(item) == {"status", "upload", "expires_at"}
    signed = item["upload"]["headers"]
    assert signed["x-amz-meta-guest"] == "yes" and signed["x-amz-meta-guestname"] == "Anna%20Lee"
    assert "x-amz-checksum-sha256" in signed

    ids = wait_until(lambda: album_photo_ids(api, album_id), timeout=120,
                     what="the guest's photo in the album")
    image = api.wait_done(ids[0])
    assert image["status"] == "ready" and image["filename"] == "IMG_2001.jpg"
    assert image["guest"] == {"name": "Anna Lee"}
    shown = requests.post(share["url"] + "/photos", json={}, timeout=30).json()
    assert len(shown["items"]) == 1 and shown["uploads"]["max_bytes"] == 50 * 1024 * 1024
    listed = api.session.get(f"{api.base}/albums/{album_id}/shares", timeout=30).json()
    assert listed["items"][0]["uploads_used"] == 1

    # A guest who gives no name is still marked as a guest; the owner's own uploads are not.
    guest_sends(share, "IMG_2002.jpg", photo((600, 600)))
    wait_until(lambda: len(album_photo_ids(api, album_id)) == 2, timeout=120,
               what="the second guest photo")
    second = next(i for i in album_photo_ids(api, album_id) if i != ids[0])
    assert api.wait_done(second)["guest"] == {"name": None}
    (own,) = photos(api, 1)
    assert api.image(own)["guest"] is None

    # A photo a guest asked to send but never sent is never counted in the album: it joins
    # when resize makes it ready.
    asked = guest_asks(share, [("never.jpg", "image/jpeg", photo((300, 300)))]).json()
    assert asked["items"][0]["status"] == "upload"
    album = api.session.get(f"{api.base}/albums/{album_id}", timeout=30).json()
    assert album["count"] == 2 and len(album_photo_ids(api, album_id)) == 2


def test_bytes_already_in_the_gallery_join_the_album_without_a_second_copy(api):
    album_id = new_album(api)
    (existing,) = photos(api, 1)
    data = requests.get(api.session.get(f"{api.base}/images/{existing}/original",
                                        timeout=30).json()["url"], timeout=30).content
    share = share_of(api, album_id, allow_uploads=True)
    assert guest_sends(share, "same.jpg", data) == {"status": "duplicate"}
    assert album_photo_ids(api, album_id) == [existing]


def test_the_shares_limits_on_types_size_and_count_hold_for_guests_at_once(api):
    album_id = new_album(api)
    share = share_of(api, album_id, allow_uploads=True, upload_limit=3,
                     upload_types=["image/png"], upload_max_bytes=200_000)
    refused = guest_asks(share, [("a.jpg", "image/jpeg", photo((100, 100))),
                                 ("big.png", "image/png", b"\x89PNG" + b"0" * 300_000)]).json()
    assert [item["code"] for item in refused["items"]] == ["share_upload_type", "file_too_large"]
    assert "a.jpg" in refused["items"][0]["message"] and ".png" in refused["items"][0]["message"]

    # Eight guests at once for the last three places: exactly three get one.
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda n: guest_asks(share, [(f"{n}.png", "image/png", png())]),
                                range(8)))
    items = [answer.json()["items"][0] for answer in answers]
    assert sorted(item["status"] for item in items) == ["error"] * 5 + ["upload"] * 3
    assert {item["code"] for item in items if item["status"] == "error"} == {"share_upload_limit"}
    assert re.search(r"at most 3 photos", next(i for i in items if i["status"] == "error")
                     ["message"])


def test_the_owner_turns_uploads_off_and_the_next_guest_is_refused(api, local_backend):
    album_id = new_album(api)
    share = share_of(api, album_id, allow_uploads=True)
    path = f"{api.base}/shares/{share['id']}"
    assert requests.patch(path, json={"allow_uploads": False}, timeout=30).status_code == 401
    off = api.session.patch(path, json={"allow_uploads": False}, timeout=30)
    assert off.status_code == 200 and off.json()["allow_uploads"] is False
    refused = guest_asks(share, [("late.jpg", "image/jpeg", photo((100, 100)))])
    assert refused.status_code == 403 and refused.json()["code"] == "share_uploads_off"
    assert requests.post(share["url"] + "/photos", json={}, timeout=30).json()["uploads"] is None
    assert api.session.patch(path, json={"allow_uploads": True}, timeout=30).json()[
        "allow_uploads"]
    assert guest_asks(share, [("late.jpg", "image/jpeg", photo((100, 100)))]).status_code == 200

    # A share made without uploads takes none; a password share wants its password first.
    closed = share_of(api, album_id)
    assert closed["allow_uploads"] is False
    assert guest_asks(closed, [("x.jpg", "image/jpeg", photo((50, 50)))]).json()[
        "code"] == "share_uploads_off"
    locked = share_of(api, album_id, allow_uploads=True, password="rice")
    assert guest_asks(locked, [("x.jpg", "image/jpeg", photo((50, 50)))]).status_code == 401
    assert guest_asks(locked, [("x.jpg", "image/jpeg", photo((50, 50)))],
                      password="rice").status_code == 200
