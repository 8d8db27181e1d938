"""The album routes (backend/common/album_store.py keeps them in S3), and
`list_album_images`, the one reader of an album's photos that the gallery, the CLI and
share pages (issue 20, section 3) all go through.

Requests: GET /albums 1 LIST + per album 1 GET (metadata) + 1 LIST per 1,000 photos (the
count) + 1 GET (the cover's record); an album page 1 LIST + 1 GET per photo (its record),
like the gallery.
"""

from __future__ import annotations

import unicodedata

from backend.common import album_store, ids, layout, records
from backend.common.config import Settings

from . import validation
from .images import image_view, status
from .links import rendition_urls
from .parallel import map_parallel
from .responses import bad_request, refusal

MAX_NAME_CHARS = 200
SCAN_BUDGET = 300  # records one album page may read, as the gallery's (gallery.SCAN_BUDGET)


def list_album_images(settings: Settings, s3, album_id: str, limit: int,
                      cursor: str | None = None) -> dict:
    """`{items: [Image], next_cursor}`: the album's ready photos, newest upload first, at
    most `limit` per page; `cursor` is the previous page's next_cursor (opaque). Photos not
    ready (pending, failed, deleted halfway) are passed over. Raises 404 for an unknown
    album. Share pages call this with the album id their share names."""
    if not album_store.exists(s3, settings.output_bucket, album_id):
        raise refusal(404, "album_not_found", id=album_id)
    items: list[dict] = []
    scanned, after = 0, cursor
    while len(items) < limit and scanned < SCAN_BUDGET:
        image_ids, after = album_store.member_page(
            s3, settings.output_bucket, album_id, min(limit - len(items), SCAN_BUDGET - scanned),
            after)
        found = map_parallel(lambda image_id: records.read(s3, settings.output_bucket,
                                                           image_id), image_ids)
        scanned += len(image_ids)
        items += [image_view(settings, s3, image_id, record)
                  for image_id, record in zip(image_ids, found)
                  if record is not None and record.get("status") == records.READY]
        if after is None:
            break
    return {"items": items, "next_cursor": after}


def album_view(settings: Settings, s3, album: dict) -> dict:
    """The API's Album: metadata, how many photos, and the cover's thumbnail (the cover
    chosen, else the newest photo)."""
    members = album_store.member_ids(s3, settings.output_bucket, album["id"])
    cover_id = album.get("cover_id") if album.get("cover_id") in members else None
    if cover_id is None and members:
        cover_id = members[0]
    cover = None
    if cover_id is not None:
        record = records.read(s3, settings.output_bucket, cover_id)
        if record is not None and record.get("status") == records.READY:
            cover = {"id": cover_id, **rendition_urls(settings, s3, cover_id)}
    return {"id": album["id"], "name": album["name"], "created_at": album["created_at"],
            "count": len(members), "cover": cover}


def list_albums(settings: Settings, s3) -> dict:
    album_ids = album_store.list_albums(s3, settings.output_bucket)
    metas = map_parallel(lambda album_id: album_store.get(s3, settings.output_bucket,
                                                          album_id), album_ids)
    views = map_parallel(lambda album: album_view(settings, s3, album),
                         [album for album in metas if album is not None])
    return {"items": sorted(views, key=lambda view: (view["name"].casefold(), view["id"]))}


def create_album(settings: Settings, s3, body: dict) -> dict:
    album = album_store.create(s3, settings.output_bucket, album_name(body.get("name")))
    return album_view(settings, s3, album)


def get_album(settings: Settings, s3, album_id: str) -> dict:
    return album_view(settings, s3, _existing(settings, s3, album_id))


def change_album(settings: Settings, s3, album_id: str, body: dict) -> dict:
    """PATCH: a new name and/or cover (a photo in the album, or null for the newest)."""
    unknown = set(body) - {"name", "cover_id"}
    if unknown or not body:
        raise bad_request("Send 'name' and/or 'cover_id' to change an album.")
    wanted = {}
    if "name" in body:
        wanted["name"] = album_name(body["name"])
    if "cover_id" in body:
        wanted["cover_id"] = None if body["cover_id"] is None else validation.image_id(
            body["cover_id"])
    try:
        album = album_store.update(s3, settings.output_bucket, album_id,
                                   lambda current: {**current, **wanted})
    except album_store.AlbumBusy:
        raise refusal(409, "album_busy", id=album_id) from None
    if album is None:
        raise refusal(404, "album_not_found", id=album_id)
    return album_view(settings, s3, album)


def delete_album(settings: Settings, s3, album_id: str) -> None:
    if not album_store.delete(s3, settings.output_bucket, album_id):
        raise refusal(404, "album_not_found", id=album_id)


def add_images(settings: Settings, s3, album_id: str, body: dict) -> dict:
    """POST /albums/{id}/images {ids}: `{added, missing}`; adding a photo already there
    is fine. A photo is taken while it exists (pending ones too: drop-to-album adds them)."""
    image_ids = list(dict.fromkeys(validation.image_id(value) for value in _id_field(body)))
    _existing(settings, s3, album_id)
    present = map_parallel(lambda image_id: status(settings, s3, image_id) is not None,
                           image_ids)

    def add(image_id: str) -> bool:
        return album_store.add(s3, settings.output_bucket, album_id, image_id)

    wanted = [image_id for image_id, there in zip(image_ids, present) if there]
    stored = map_parallel(add, wanted)
    if wanted and not any(stored) and not album_store.exists(s3, settings.output_bucket,
                                                             album_id):
        raise refusal(404, "album_not_found", id=album_id)  # deleted while we added
    added = [image_id for image_id, kept in zip(wanted, stored) if kept]
    return {"added": added, "missing": [image_id for image_id in image_ids
                                        if image_id not in added]}


def remove_images(settings: Settings, s3, album_id: str, image_ids: list[str]) -> None:
    _existing(settings, s3, album_id)
    map_parallel(lambda image_id: album_store.remove(s3, settings.output_bucket, album_id,
                                                     image_id), image_ids)


def albums_of_image(settings: Settings, s3, image_id: str) -> dict:
    """GET /images/{id}/albums: the albums a photo is in, by id and name."""
    found = map_parallel(lambda album_id: album_store.get(s3, settings.output_bucket, album_id),
                         album_store.albums_of(s3, settings.output_bucket, image_id))
    return {"items": [{"id": album["id"], "name": album["name"]}
                      for album in found if album is not None]}


def valid_album_id(value: str) -> str:
    if not ids.is_valid(value):
        raise bad_request("An album id is 26 characters of lower-case Crockford base32.")
    return value


def album_name(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise refusal(400, "album_name_empty")
    name = unicodedata.normalize("NFC", value.strip())
    if len(name) > MAX_NAME_CHARS:
        raise refusal(400, "album_name_too_long", limit=MAX_NAME_CHARS)
    if validation.has_controls(name):
        raise refusal(400, "album_name_control_characters")
    return name


def album_cursor(album_id: str, raw: str | None) -> str | None:
    """An album page's cursor is the last member key read: it must be one of this album's."""
    if not raw:
        return None
    if layout.image_id_from_member_key(album_id, raw) is None:
        raise bad_request("'cursor' is not one this API returned; start again without it.")
    return raw


def _id_field(body: dict) -> list:
    value = body.get("ids")
    if not isinstance(value, list) or not 1 <= len(value) <= validation.MAX_BATCH:
        raise bad_request(f"'ids' must be a list of 1 to {validation.MAX_BATCH} image ids.")
    if not all(isinstance(item, str) for item in value):
        raise bad_request("'ids' must hold image ids (text).")
    return value


def _existing(settings: Settings, s3, album_id: str) -> dict:
    album = album_store.get(s3, settings.output_bucket, album_id)
    if album is None:
        raise refusal(404, "album_not_found", id=album_id)
    return album

