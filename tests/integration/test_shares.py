"""Album shares against the real local backend (SeaweedFS + the same handlers over HTTP): the
owner's routes with the bearer token, and what a link opens without it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import requests
from helpers import Api, store_client
from test_albums_concurrent import new_album, photos

from backend.common import share_store

OUTPUT_BUCKET = "thumbdrop-output"


@pytest.fixture
def api(local_backend):
    client = Api(local_backend)
    yield client
    client.close()


def shared_album(api: Api, count: int = 3, **options) -> tuple[str, list[str], dict]:
    album_id = new_album(api, "Summer")
    image_ids = photos(api, count)
    added = api.session.post(f"{api.base}/albums/{album_id}/images", json={"ids": image_ids},
                             timeout=30)
    assert added.status_code == 200, added.text
    made = api.session.post(f"{api.base}/albums/{album_id}/shares", json=options, timeout=30)
    assert made.status_code == 201, made.text
    return album_id, image_ids, made.json()


def photos_of(share: dict, **body) -> requests.Response:
    # A stranger's request: no bearer token, nothing but the link.
    return requests.post(share["url"] + "/photos", json=body, timeout=30)


def test_a_link_opens_the_album_to_anyone_and_shows_only_what_the_share_allows(api):
    _, image_ids, share = shared_album(api)
    assert re.fullmatch(r".*/s/[A-Za-z0-9_-]{30}", share["url"])  # 176 random bits
    assert not share["has_password"] and not share["show_names"]

    page = requests.get(share["url"], timeout=30)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert page.headers["referrer-policy"] == "no-referrer"
    assert '<html lang="en">' in page.text and "Summer" not in page.text

    answer = photos_of(share)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["title"] == "Summer" and body["next_cursor"] is None
    assert len(body["items"]) == 3
    # Images from the store alone: the policy names its origin and no other.
    store_origin = "/".join(body["items"][0]["thumbnail_url"].split("/")[:3])
    assert f"img-src {store_origin};" in policy + ";"
    for item in body["items"]:
        assert set(item) == {"thumbnail_url", "large_url", "width", "height"}
        picture = requests.get(item["thumbnail_url"], timeout=30)
        assert picture.status_code == 200 and picture.content[8:12] == b"WEBP"
    assert all(image_id not in answer.text.split("/thumbnails/")[0] for image_id in image_ids)


def test_names_dates_and_originals_show_only_when_the_share_says_so(api):
    _, _, share = shared_album(api, 1, show_names=True, show_dates=True,
                                       allow_originals=True)
    item = photos_of(share).json()["items"][0]
    assert item["name"].startswith("album-") and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d",
                                                              item["date"])
    original = requests.get(item["original_url"], timeout=30)
    assert original.status_code == 200 and original.content[:3] == b"\xff\xd8\xff"
    assert item["name"] in original.headers["content-disposition"]

    _, _, hidden = shared_album(api, 1, allow_originals=True)
    item = photos_of(hidden).json()["items"][0]
    assert "name" not in item and "date" not in item
    disposition = requests.get(item["original_url"], timeout=30).headers["content-disposition"]
    assert "album-" not in disposition and "photo-" in disposition


def test_a_password_is_asked_for_and_a_wrong_one_refused(api, local_backend):
    _, _, share = shared_album(api, 1, password="correct horse")
    assert share["has_password"]
    assert photos_of(share).status_code == 401
    wrong = photos_of(share, password="battery staple")
    assert wrong.status_code == 403 and "password is not right" in wrong.json()["message"]
    right = photos_of(share, password="correct horse")
    assert right.status_code == 200 and len(right.json()["items"]) == 1
    store = store_client(local_backend["data_dir"], local_backend["s3_endpoint"])
    stored = store.get_object(Bucket=OUTPUT_BUCKET, Key=f"shares/{share['id']}.json")
    assert b"scrypt" in (body := stored["Body"].read()) and b"correct horse" not in body


def test_revoking_kills_the_page_at_once_and_deleting_the_album_too(api):
    album_id, _, share = shared_album(api, 1)
    listed = api.session.get(f"{api.base}/albums/{album_id}/shares", timeout=30).json()["items"]
    assert [entry["url"] for entry in listed] == [share["url"]]
    assert api.session.delete(f"{api.base}/shares/{share['id']}", timeout=30).status_code == 204
    page = requests.get(share["url"], timeout=30)
    assert page.status_code == 410 and "turned off" in page.text
    assert "Traceback" not in page.text and page.headers["content-type"].startswith("text/html")
    assert photos_of(share).status_code == 410
    assert api.session.get(f"{api.base}/albums/{album_id}/shares", timeout=30).json() == {
        "items": []}

    album_id, _, share = shared_album(api, 1)
    assert api.session.delete(f"{api.base}/albums/{album_id}", timeout=30).status_code == 204
    page = requests.get(share["url"], timeout=30)
    assert page.status_code == 410 and "deleted" in page.text


def test_an_expired_link_says_so_and_an_unknown_one_opens_nothing(api, local_backend):
    album_id, _, share = shared_album(api, 1, expires_at=(
        datetime.now(UTC) + timedelta(days=2)).isoformat())
    assert requests.get(share["url"], timeout=30).status_code == 200
    store = store_client(local_backend["data_dir"], local_backend["s3_endpoint"])
    record = share_store.get(store, OUTPUT_BUCKET, share["id"])
    record["expires_at"] = "2020-01-31T23:59:59Z"  # as if the days had passed
    store.put_object(Bucket=OUTPUT_BUCKET, Key=f"shares/{share['id']}.json",
                     Body=json.dumps(record).encode())
    page = requests.get(share["url"], timeout=30)
    assert page.status_code == 410 and "expired on 2020-01-31" in page.text

    made = api.session.post(f"{api.base}/albums/{album_id}/shares",
                            json={"expires_at": "2020-01-01T00:00:00Z"}, timeout=30)
    assert made.status_code == 400 and "already passed" in made.json()["message"]

    unknown = requests.get(share["url"][:-4] + "AAAA", timeout=30)
    assert unknown.status_code == 404 and "does not open anything" in unknown.text


def test_the_owners_routes_need_the_token(api, local_backend):
    album_id, _, share = shared_album(api, 1)
    for method, path in (("GET", f"/albums/{album_id}/shares"),
                         ("POST", f"/albums/{album_id}/shares"),
                         ("DELETE", f"/shares/{share['id']}")):
        assert requests.request(method, api.base + path, json={}, timeout=30).status_code == 401
    assert requests.get(share["url"], timeout=30).status_code == 200
