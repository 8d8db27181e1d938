"""The album routes over moto's S3: create, rename, add, remove, list, delete; deleting a
photo takes it out of its albums; deleting an album keeps its photos."""

from __future__ import annotations

import pytest
from test_presign_support import OUTPUT_BUCKET, presign_backend

from backend.common import album_store, ids, layout


@pytest.fixture
def backend(monkeypatch):
    with presign_backend(monkeypatch) as running:
        yield running


def ready_image(backend) -> str:
    image_id = ids.new_id()
    backend.put_original(image_id)
    backend.put_result(image_id)
    return image_id


def create(backend, name="Trip") -> dict:
    reply = backend.call("POST", "/albums", body={"name": name})
    assert reply.status == 201, reply.body
    return reply.body


def test_an_album_is_made_renamed_listed_and_deleted(backend):
    album = create(backend, "  Summer ")
    assert (album["name"], album["count"], album["cover"]) == ("Summer", 0, None)
    renamed = backend.call("PATCH", f"/albums/{album['id']}", body={"name": "Sommer"})
    assert (renamed.status, renamed.body["name"]) == (200, "Sommer")
    listed = backend.call("GET", "/albums").body["items"]
    assert [(a["id"], a["name"]) for a in listed] == [(album["id"], "Sommer")]
    assert backend.call("DELETE", f"/albums/{album['id']}").status == 204
    assert backend.call("GET", "/albums").body["items"] == []
    gone = backend.call("GET", f"/albums/{album['id']}")
    assert (gone.status, gone.body["code"]) == (404, "album_not_found")


def test_photos_are_added_listed_newest_first_counted_and_removed(backend):
    album = create(backend)
    first, second = ready_image(backend), ready_image(backend)
    unknown = ids.new_id()
    reply = backend.call("POST", f"/albums/{album['id']}/images",
                         body={"ids": [first, second, first, unknown]})
    assert reply.body == {"added": [first, second], "missing": [unknown]}
    page = backend.call("GET", f"/albums/{album['id']}/images").body
    assert [item["id"] for item in page["items"]] == [second, first]
    assert page["next_cursor"] is None
    view = backend.call("GET", f"/albums/{album['id']}").body
    assert (view["count"], view["cover"]["id"]) == (2, second)
    assert backend.call("DELETE", f"/albums/{album['id']}/images",
                        query={"ids": second}).status == 204
    page = backend.call("GET", f"/albums/{album['id']}/images").body
    assert [item["id"] for item in page["items"]] == [first]


def test_album_pages_follow_the_cursor(backend):
    album = create(backend)
    photos = [ready_image(backend) for _ in range(5)]
    backend.call("POST", f"/albums/{album['id']}/images", body={"ids": photos})
    seen, cursor = [], None
    while True:
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = backend.call("GET", f"/albums/{album['id']}/images", query=query).body
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == photos[::-1]


def test_a_photo_is_in_several_albums_and_deleting_it_leaves_them_all(backend):
    one, two = create(backend, "One"), create(backend, "Two")
    photo, other = ready_image(backend), ready_image(backend)
    for album in (one, two):
        backend.call("POST", f"/albums/{album['id']}/images", body={"ids": [photo, other]})
    names = backend.call("GET", f"/images/{photo}/albums").body["items"]
    assert sorted(a["name"] for a in names) == ["One", "Two"]
    assert backend.call("DELETE", f"/images/{photo}").status == 204
    for album in (one, two):
        page = backend.call("GET", f"/albums/{album['id']}/images").body
        assert [item["id"] for item in page["items"]] == [other]
    assert not [key for key in backend.keys(OUTPUT_BUCKET)
                if key.startswith(layout.ALBUM_PREFIX) and photo in key
                or key == layout.album_member_key(one["id"], photo)]


def test_deleting_an_album_keeps_its_photos(backend):
    album = create(backend)
    photo = ready_image(backend)
    backend.call("POST", f"/albums/{album['id']}/images", body={"ids": [photo]})
    assert backend.call("DELETE", f"/albums/{album['id']}").status == 204
    assert backend.call("GET", f"/images/{photo}").body["status"] == "ready"
    assert [key for key in backend.keys(OUTPUT_BUCKET)
            if key.startswith(layout.ALBUM_PREFIX)] == []


def test_an_add_that_loses_to_a_delete_takes_itself_back(backend):
    album = create(backend)
    photo = ready_image(backend)
    backend.s3.delete_object(Bucket=OUTPUT_BUCKET, Key=layout.album_key(album["id"]))
    assert album_store.add(backend.s3, OUTPUT_BUCKET, album["id"], photo) is False
    assert album_store.albums_of(backend.s3, OUTPUT_BUCKET, photo) == []


def test_a_lost_conditional_write_reapplies_the_change_on_the_newer_version(backend):
    album = create(backend, "Old")
    photo = ready_image(backend)
    calls = []

    def change(current):
        calls.append(dict(current))
        if len(calls) == 1:  # someone else writes between our read and our write
            album_store.update(backend.s3, OUTPUT_BUCKET, album["id"],
                               lambda other: {**other, "cover_id": photo})
        return {**current, "name": "New"}

    stored = album_store.update(backend.s3, OUTPUT_BUCKET, album["id"], change)
    assert (stored["name"], stored["cover_id"]) == ("New", photo)
    assert len(calls) == 2 and calls[1]["cover_id"] == photo


@pytest.mark.parametrize("name, code", [("", "album_name_empty"), ("x" * 201,
                         "album_name_too_long"), ("a\x07b", "album_name_control_characters")])
def test_bad_names_are_refused_with_a_code(backend, name, code):
    reply = backend.call("POST", "/albums", body={"name": name})
    assert (reply.status, reply.body["code"]) == (400, code)


def test_album_routes_need_the_token(backend):
    for method, path in (("GET", "/albums"), ("POST", "/albums"),
                         ("GET", f"/albums/{ids.new_id()}/images")):
        assert backend.call(method, path, token=None).status == 401
