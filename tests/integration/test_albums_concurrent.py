"""Albums against the real local backend (SeaweedFS + the same handlers over HTTP), with
several writers at once: nobody's change is lost."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

import pytest
from helpers import Api, store_client
from test_engine import photo_bytes

from backend.common import album_store, layout, objects

OUTPUT_BUCKET = "thumbdrop-output"


@pytest.fixture
def api(local_backend):
    client = Api(local_backend)
    yield client
    client.close()


@pytest.fixture
def store(local_backend):
    """boto3 on the backend's own store: the storage layer's functions run against it."""
    return store_client(local_backend["data_dir"], local_backend["s3_endpoint"])


def new_album(api: Api, name: str = "Trip") -> str:
    response = api.session.post(f"{api.base}/albums", json={"name": name}, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def photos(api: Api, count: int) -> list[str]:
    tickets = [api.upload(f"album-{uuid.uuid4().hex[:8]}.jpg", "image/jpeg", photo_bytes())
               for _ in range(count)]
    for ticket in tickets:
        assert api.wait_done(ticket["id"])["status"] == "ready"
    return [ticket["id"] for ticket in tickets]


def album_photo_ids(api: Api, album_id: str) -> list[str]:
    response = api.session.get(f"{api.base}/albums/{album_id}/images", timeout=30)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_the_store_honours_if_match(store):
    """The premise of album_store.update: a write with a stale ETag is refused."""
    key = layout.album_key(album_store.new_album("x")["id"])
    assert objects.put_json(store, OUTPUT_BUCKET, key, {"v": 1}, only_if_absent=True)
    _, first = objects.read_json_tagged(store, OUTPUT_BUCKET, key)
    assert objects.put_json(store, OUTPUT_BUCKET, key, {"v": 2}, if_match=first)
    assert not objects.put_json(store, OUTPUT_BUCKET, key, {"v": 3}, if_match=first)
    assert objects.read_json(store, OUTPUT_BUCKET, key) == {"v": 2}
    store.delete_object(Bucket=OUTPUT_BUCKET, Key=key)


def test_people_adding_and_removing_at_once_lose_nothing(api, local_backend):
    album_id = new_album(api)
    kept, dropped = photos(api, 8), photos(api, 4)
    api.session.post(f"{api.base}/albums/{album_id}/images", json={"ids": dropped}, timeout=30)
    start = threading.Barrier(len(kept) + len(dropped), timeout=60)

    def add(image_id: str) -> int:
        with closing(Api(local_backend)) as person:  # one session each: separate people
            start.wait()
            return person.session.post(f"{person.base}/albums/{album_id}/images",
                                       json={"ids": [image_id]}, timeout=30).status_code

    def remove(image_id: str) -> int:
        with closing(Api(local_backend)) as person:
            start.wait()
            return person.session.delete(f"{person.base}/albums/{album_id}/images",
                                         params={"ids": image_id}, timeout=30).status_code

    with ThreadPoolExecutor(len(kept) + len(dropped)) as pool:
        futures = ([pool.submit(add, image_id) for image_id in kept]
                   + [pool.submit(remove, image_id) for image_id in dropped])
        codes = [future.result() for future in futures]
    assert codes == [200] * len(kept) + [204] * len(dropped)
    assert sorted(album_photo_ids(api, album_id)) == sorted(kept)
    album = api.session.get(f"{api.base}/albums/{album_id}", timeout=30).json()
    assert album["count"] == len(kept)


def test_concurrent_metadata_writers_each_keep_their_change(store):
    """Eight writers change the same album's metadata at once, each its own field: with
    If-Match and re-reading, every field ends in the stored album (a plain PUT loses some)."""
    album = album_store.create(store, OUTPUT_BUCKET, "Shared")
    writers = 8
    start = threading.Barrier(writers, timeout=60)

    def write(number: int) -> None:
        start.wait()
        album_store.update(store, OUTPUT_BUCKET, album["id"],
                           lambda current: {**current, f"writer{number}": True})

    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(write, range(writers)))
    stored = album_store.get(store, OUTPUT_BUCKET, album["id"])
    assert {f"writer{n}" for n in range(writers)} <= set(stored)
    album_store.delete(store, OUTPUT_BUCKET, album["id"])


def test_concurrent_renames_and_cover_changes_both_stick(api, local_backend):
    album_id = new_album(api, "Before")
    cover = photos(api, 2)
    api.session.post(f"{api.base}/albums/{album_id}/images", json={"ids": cover}, timeout=30)
    start = threading.Barrier(2, timeout=60)

    def patch(body: dict) -> int:
        with closing(Api(local_backend)) as person:
            start.wait()
            return person.session.patch(f"{person.base}/albums/{album_id}", json=body,
                                         timeout=30).status_code

    with ThreadPoolExecutor(2) as pool:
        codes = list(pool.map(patch, [{"name": "After"}, {"cover_id": cover[1]}]))
    assert codes == [200, 200]
    album = api.session.get(f"{api.base}/albums/{album_id}", timeout=30).json()
    assert (album["name"], album["cover"]["id"]) == ("After", cover[1])


def test_adds_racing_an_album_delete_leave_no_membership_behind(api, local_backend, store):
    album_id = new_album(api)
    racing = photos(api, 6)
    start = threading.Barrier(len(racing) + 1, timeout=60)

    def add(image_id: str) -> None:
        with closing(Api(local_backend)) as person:
            start.wait()
            person.session.post(f"{person.base}/albums/{album_id}/images",
                                json={"ids": [image_id]}, timeout=30)

    def delete() -> None:
        start.wait()
        assert api.session.delete(f"{api.base}/albums/{album_id}", timeout=30).status_code == 204

    with ThreadPoolExecutor(len(racing) + 1) as pool:
        futures = [pool.submit(add, image_id) for image_id in racing] + [pool.submit(delete)]
        for future in futures:
            future.result()
    left = store.list_objects_v2(Bucket=OUTPUT_BUCKET,
                                 Prefix=layout.album_members_prefix(album_id)).get("Contents", [])
    assert left == []
    for image_id in racing:
        assert album_store.albums_of(store, OUTPUT_BUCKET, image_id) == []
        assert api.image(image_id)["status"] == "ready"  # the photos stay


def test_deleting_a_photo_takes_it_out_of_every_album(api):
    first, second = new_album(api, "A"), new_album(api, "B")
    photo, other = photos(api, 2)
    for album_id in (first, second):
        api.session.post(f"{api.base}/albums/{album_id}/images", json={"ids": [photo, other]},
                         timeout=30)
    assert api.delete(photo) == 204
    assert album_photo_ids(api, first) == album_photo_ids(api, second) == [other]
