"""Albums in the output bucket: the storage layer both the API routes and the share pages
(issue 20, section 3) read. No HTTP here; every key comes from backend/common/layout.py.

Why it never loses a concurrent editor's change:
- Membership is one object per (album, photo), never a list inside one object: adding and
  removing are single PUTs and DELETEs of distinct keys, so two people editing one album at
  once touch different objects, and the same photo added twice is the same key (idempotent).
  Each membership is written twice, `albums/members/<album>/<invert(image)>` (listing it
  gives the album newest upload first) and `albums/by-image/<shard>/<image>/<album>` (what
  deleting the photo walks). The reverse key is written first and removed last, so a
  member key never exists without it.
- An album's metadata (`albums/meta/<album>.json`: name, cover) is one small object made
  with If-None-Match: * and replaced only with If-Match: <the ETag read>; a writer that lost
  the race reads again and re-applies its own change to the newer version (update()).
- Deletes race with adds by write-then-check: an add writes its keys, then looks for the
  album's metadata and the photo's tombstone; a delete removes the metadata (or writes the
  tombstone) first, then lists the memberships. S3 is strongly consistent, so either the
  add sees the delete (and takes its keys back) or the delete's listing sees the add.
"""

from __future__ import annotations

from collections.abc import Callable

from . import ids, layout, objects

ATTEMPTS = 8  # conditional writes lost in a row before update() gives up (AlbumBusy)
LIST_PAGE = objects.LIST_PAGE


class AlbumBusy(RuntimeError):
    """Others replaced the album's metadata every time we tried: ask to try again."""


def new_album(name: str) -> dict:
    album_id = ids.new_id()
    return {"id": album_id, "name": name, "created_at": ids.created_at(album_id),
            "cover_id": None}


def create(s3, bucket: str, name: str) -> dict:
    """Stores a new album; a fresh id never collides, so If-None-Match only guards replays."""
    album = new_album(name)
    if not objects.put_json(s3, bucket, layout.album_key(album["id"]), album,
                            only_if_absent=True):
        raise AlbumBusy(f"album id {album['id']} exists already")
    return album


def get(s3, bucket: str, album_id: str) -> dict | None:
    return objects.read_json(s3, bucket, layout.album_key(album_id))


def exists(s3, bucket: str, album_id: str) -> bool:
    return objects.head(s3, bucket, layout.album_key(album_id)) is not None


def update(s3, bucket: str, album_id: str, change: Callable[[dict], dict]) -> dict | None:
    """Applies `change` (old metadata -> new) with If-Match, re-reading and re-applying it
    when someone else wrote first. None when the album does not exist."""
    for _ in range(ATTEMPTS):
        tagged = objects.read_json_tagged(s3, bucket, layout.album_key(album_id))
        if tagged is None:
            return None
        current, etag = tagged
        wanted = {**change(dict(current)), "id": album_id}
        if objects.put_json(s3, bucket, layout.album_key(album_id), wanted, if_match=etag):
            return wanted
    raise AlbumBusy(f"album {album_id} kept changing")


def list_albums(s3, bucket: str) -> list[str]:
    """Every album's id, oldest first (ids are time-ordered)."""
    return [album_id for key in objects.keys(s3, bucket, layout.ALBUM_META_PREFIX)
            if (album_id := layout.album_id_from_key(key)) is not None]


def member_page(s3, bucket: str, album_id: str, limit: int,
                after: str | None = None) -> tuple[list[str], str | None]:
    """Up to `limit` image ids of the album, newest upload first, from after the cursor
    `after` (the last key of the previous page); and the cursor to go on from, or None."""
    params = {"Bucket": bucket, "Prefix": layout.album_members_prefix(album_id),
              "MaxKeys": limit}
    if after:
        params["StartAfter"] = after
    page = s3.list_objects_v2(**params)
    keys = [entry["Key"] for entry in page.get("Contents", [])]
    image_ids = [image_id for key in keys
                 if (image_id := layout.image_id_from_member_key(album_id, key)) is not None]
    return image_ids, keys[-1] if keys and page.get("IsTruncated") else None


def member_ids(s3, bucket: str, album_id: str) -> list[str]:
    """Every image id in the album, newest upload first (one LIST per 1,000)."""
    return [image_id for key in objects.keys(s3, bucket, layout.album_members_prefix(album_id))
            if (image_id := layout.image_id_from_member_key(album_id, key)) is not None]


def albums_of(s3, bucket: str, image_id: str) -> list[str]:
    """The ids of the albums the image is in (one LIST)."""
    return [album_id for key in objects.keys(s3, bucket, layout.image_albums_prefix(image_id))
            if (album_id := layout.album_id_from_image_album_key(image_id, key)) is not None]


def add(s3, bucket: str, album_id: str, image_id: str) -> bool:
    """Puts the image in the album; False (and nothing kept) when the album or the image
    was deleted meanwhile. Adding twice is adding once."""
    s3.put_object(Bucket=bucket, Key=layout.image_album_key(image_id, album_id), Body=b"")
    s3.put_object(Bucket=bucket, Key=layout.album_member_key(album_id, image_id), Body=b"")
    # Write, then check: a delete that began before our write is seen here (see the module).
    if exists(s3, bucket, album_id) and not _tombstoned(s3, bucket, image_id):
        return True
    remove(s3, bucket, album_id, image_id)
    return False


def remove(s3, bucket: str, album_id: str, image_id: str) -> None:
    """Takes the image out of the album (idempotent); the photo itself stays."""
    s3.delete_object(Bucket=bucket, Key=layout.album_member_key(album_id, image_id))
    s3.delete_object(Bucket=bucket, Key=layout.image_album_key(image_id, album_id))


def delete(s3, bucket: str, album_id: str) -> bool:
    """Deletes the album and its memberships, never a photo. False when there was nothing
    to delete. Metadata first: from then on every add to it takes itself back, and a delete
    interrupted halfway is finished by deleting again."""
    existed = exists(s3, bucket, album_id)
    s3.delete_object(Bucket=bucket, Key=layout.album_key(album_id))
    members = member_ids(s3, bucket, album_id)
    for start in range(0, len(members), LIST_PAGE // 2):
        chunk = members[start:start + LIST_PAGE // 2]
        objects.delete_keys(s3, bucket, [layout.album_member_key(album_id, image_id)
                                         for image_id in chunk])
        objects.delete_keys(s3, bucket, [layout.image_album_key(image_id, album_id)
                                         for image_id in chunk])
    return existed or bool(members)


def forget_image(s3, bucket: str, image_id: str) -> None:
    """Removes a deleted image from every album (after its tombstone is written)."""
    for album_id in albums_of(s3, bucket, image_id):
        remove(s3, bucket, album_id, image_id)


def _tombstoned(s3, bucket: str, image_id: str) -> bool:
    return objects.head(s3, bucket, layout.tombstone_key(image_id)) is not None


