"""Where everything lives in the two buckets. The one place that knows key names.

Every key of an image is derivable from its id alone, so no request that serves a poll
ever has to LIST. Keys written once per upload start with a two-character shard taken
from the random end of the id, so S3 spreads their writes over 1,024 key ranges instead
of sending them all to the newest (time-ordered) one. The status records are the
exception: their key order *is* the gallery's order (newest first).

Upload bucket:  input/<shard>/<id>               the original, as PUT by the client; its
                                                 Content-Type and metadata (filename,
                                                 sha256) ride on the object
Output bucket:  thumbnails/<shard>/<id>.webp     256x256 centre crop
                large/<shard>/<id>.webp          fits in 1600x1600, never upscaled
                index/<invert(id)>.json          the status record (ready or failed), written
                                                 last by resize; listing the prefix gives the
                                                 gallery newest first. No record: pending.
                digests/<sha256 hex>.json        {"id": ...}: which image holds this content
                digests/<sha256 hex>.ready.json  {"id": ...}: the one image with this content
                                                 that may end ready (resize claims it with
                                                 If-None-Match: *; forced copies don't)
                deleted/<shard>/<id>             tombstone: a replayed upload URL can't bring
                                                 a deleted image back
                albums/meta/<album id>.json      an album's name and cover, replaced only with
                                                 If-Match (backend/common/album_store.py)
                albums/members/<album id>/<invert(image id)>   one empty object per photo in
                                                 an album (newest upload first when listed)
                albums/by-image/<shard>/<image id>/<album id>  the same membership seen from
                                                 the photo: deleting it finds its albums

                taken/all/<T>-<invert(id)>       empty: the gallery by date taken, newest first
                taken/camera/<hex name>/<T>-<invert(id)>   the same, one prefix per camera
                taken/lens/<hex name>/<T>-<invert(id)>     and per lens
                                                 (T: the local wall-clock time taken, each
                                                 digit of YYYYMMDDhhmmss inverted; written by
                                                 resize for ready images before the record)

The taken/ keys are the one exception to "derivable from the id": they derive from the
record (its taken_at, camera and lens), which is read before they are deleted. Their names
are hex of the UTF-8 text, so any camera name is a safe key segment and listing
`taken/camera/` with a delimiter answers which cameras the gallery holds.
"""

from __future__ import annotations

import re

from . import ids, image_formats, raw_formats

INPUT_PREFIX = "input/"
THUMBNAIL_PREFIX = "thumbnails/"
LARGE_PREFIX = "large/"
INDEX_PREFIX = "index/"
DIGEST_PREFIX = "digests/"
TOMBSTONE_PREFIX = "deleted/"
TAKEN_PREFIX = "taken/"
TAKEN_ALL_PREFIX = "taken/all/"
FACET_KINDS = ("camera", "lens")  # taken/<kind>/<hex name>/...
ALBUM_PREFIX = "albums/"  # everything of albums, and nothing else, lies under it (IAM)
ALBUM_META_PREFIX = f"{ALBUM_PREFIX}meta/"
ALBUM_MEMBER_PREFIX = f"{ALBUM_PREFIX}members/"
ALBUM_BY_IMAGE_PREFIX = f"{ALBUM_PREFIX}by-image/"
SHARE_PREFIX = "shares/"  # album shares (backend/common/share_store.py), and nothing else (IAM)
SHARD_LENGTH = 2
_INVERT_DIGITS = str.maketrans("0123456789", "9876543210")
_TAKEN_ENTRY = re.compile(rf"^(\d{{14}})-([{ids.ALPHABET}]{{{ids.ID_LENGTH}}})$")

# Content types the API accepts, and the extension a downloaded original gets: the image
# formats' table, then camera RAW (decoded by backend/resize/raw.py).
EXTENSIONS = {
    **{entry.content_type: entry.extensions[0] for entry in image_formats.FORMATS},
    **raw_formats.EXTENSIONS,
}
# Every extension each of those types is known by (a share page's file picker offers them).
TYPE_EXTENSIONS = {
    **{entry.content_type: entry.extensions for entry in image_formats.FORMATS},
    **{kind: (extension,) for kind, extension in raw_formats.EXTENSIONS.items()},
}

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


def shard(image_id: str) -> str:
    """The last characters of the id: random bits, so writes spread evenly."""
    return image_id[-SHARD_LENGTH:]


def input_key(image_id: str) -> str:
    return f"{INPUT_PREFIX}{shard(image_id)}/{image_id}"


def thumbnail_key(image_id: str) -> str:
    return f"{THUMBNAIL_PREFIX}{shard(image_id)}/{image_id}.webp"


def large_key(image_id: str) -> str:
    return f"{LARGE_PREFIX}{shard(image_id)}/{image_id}.webp"


def record_key(image_id: str) -> str:
    return f"{INDEX_PREFIX}{ids.invert(image_id)}.json"


def tombstone_key(image_id: str) -> str:
    return f"{TOMBSTONE_PREFIX}{shard(image_id)}/{image_id}"


def is_sha256_hex(value: str) -> bool:
    return bool(_SHA256_HEX.match(value))


def digest_key(sha256_hex: str) -> str:
    if not is_sha256_hex(sha256_hex):
        raise ValueError("a digest key takes 64 lower-case hex characters")
    return f"{DIGEST_PREFIX}{sha256_hex}.json"


def ready_key(sha256_hex: str) -> str:
    """The claim of the first image with these bytes to become ready (beside its digest)."""
    return digest_key(sha256_hex).removesuffix(".json") + ".ready.json"


def id_from_record_key(key: str) -> str | None:
    """The id in an `index/` key, or None when the key is not one of ours."""
    if not key.startswith(INDEX_PREFIX) or not key.endswith(".json"):
        return None
    inverted = key[len(INDEX_PREFIX):-len(".json")]
    # Checked before inverting: invert() leaves characters outside the alphabet (a '/') alone.
    return ids.invert(inverted) if ids.is_valid(inverted) else None


def taken_position(wall_clock: str) -> str:
    """The sortable part of a taken/ key for a local time "YYYY-MM-DDThh:mm:ss" (any offset
    after it is ignored): later times sort first."""
    digits = "".join(ch for ch in wall_clock[:19] if ch.isdigit())
    if len(digits) != 14:
        raise ValueError(f"not a wall-clock time: {wall_clock!r}")
    return digits.translate(_INVERT_DIGITS)


def taken_prefix(kind: str | None = None, name: str | None = None) -> str:
    """taken/all/, or the prefix of one camera's or lens's entries."""
    if kind is None:
        return TAKEN_ALL_PREFIX
    if kind not in FACET_KINDS or not name:
        raise ValueError("a facet takes a kind and a name")
    return f"{TAKEN_PREFIX}{kind}/{name.encode('utf-8').hex()}/"


def facet_name(common_prefix: str, kind: str) -> str | None:
    """The camera or lens named by a `taken/<kind>/<hex>/` prefix a delimited LIST answered."""
    start = f"{TAKEN_PREFIX}{kind}/"
    if not common_prefix.startswith(start) or not common_prefix.endswith("/"):
        return None
    try:
        return bytes.fromhex(common_prefix[len(start):-1]).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None


def taken_keys(image_id: str, taken_at: str, camera: str | None, lens: str | None) -> list[str]:
    """Every taken/ key of a ready image: always the all/ one, a camera's and a lens's when
    known."""
    entry = f"{taken_position(taken_at)}-{ids.invert(image_id)}"
    prefixes = [taken_prefix()]
    prefixes += [taken_prefix(kind, name) for kind, name in zip(FACET_KINDS, (camera, lens))
                 if name]
    return [prefix + entry for prefix in prefixes]


def id_from_taken_key(key: str) -> str | None:
    """The id at the end of a taken/ key, else None."""
    if not key.startswith(TAKEN_PREFIX):
        return None
    match = _TAKEN_ENTRY.match(key.rpartition("/")[2])
    return ids.invert(match.group(2)) if match else None


def _id_under(key: str, prefix: str, suffix: str = "") -> str | None:
    """The id in `<prefix><shard>/<id><suffix>`, only when the shard is that id's own."""
    if not key.startswith(prefix) or not key.endswith(suffix):
        return None
    rest = key[len(prefix):len(key) - len(suffix)]
    shard_part, _, image_id = rest.partition("/")
    if not ids.is_valid(image_id) or shard_part != shard(image_id):
        return None
    return image_id


def id_from_input_key(key: str) -> str | None:
    """The id in an `input/` key, or None when the key is not one of ours."""
    return _id_under(key, INPUT_PREFIX)


def id_from_output_key(key: str) -> str | None:
    """The id a rendition, record, taken/ or tombstone key belongs to, else None (digests too:
    their key names content, not an image)."""
    for prefix, suffix in ((THUMBNAIL_PREFIX, ".webp"), (LARGE_PREFIX, ".webp"),
                           (TOMBSTONE_PREFIX, "")):
        if (image_id := _id_under(key, prefix, suffix)) is not None:
            return image_id
    return id_from_record_key(key) or id_from_taken_key(key)


def output_keys(image_id: str) -> list[str]:
    """Every key in the output bucket that an image's processing writes (the record last)."""
    return [thumbnail_key(image_id), large_key(image_id), record_key(image_id)]


# -- albums (ids are made like image ids: backend/common/ids.py) --

def album_key(album_id: str) -> str:
    return f"{ALBUM_META_PREFIX}{album_id}.json"


def album_id_from_key(key: str) -> str | None:
    """The album id in an `albums/meta/` key, or None when the key is not one of ours."""
    if not key.startswith(ALBUM_META_PREFIX) or not key.endswith(".json"):
        return None
    album_id = key[len(ALBUM_META_PREFIX):-len(".json")]
    return album_id if ids.is_valid(album_id) else None


def album_members_prefix(album_id: str) -> str:
    return f"{ALBUM_MEMBER_PREFIX}{album_id}/"


def album_member_key(album_id: str, image_id: str) -> str:
    # Inverted like the status records: listing an album gives its newest uploads first.
    return f"{album_members_prefix(album_id)}{ids.invert(image_id)}"


def image_id_from_member_key(album_id: str, key: str) -> str | None:
    inverted = key.removeprefix(album_members_prefix(album_id))
    return ids.invert(inverted) if inverted != key and ids.is_valid(inverted) else None


def image_albums_prefix(image_id: str) -> str:
    return f"{ALBUM_BY_IMAGE_PREFIX}{shard(image_id)}/{image_id}/"


def image_album_key(image_id: str, album_id: str) -> str:
    return f"{image_albums_prefix(image_id)}{album_id}"


def album_id_from_image_album_key(image_id: str, key: str) -> str | None:
    album_id = key.removeprefix(image_albums_prefix(image_id))
    return album_id if album_id != key and ids.is_valid(album_id) else None


# -- album shares: one object per share, named by its id (a digest of its token) --

def share_key(share_id: str) -> str:
    return f"{SHARE_PREFIX}{share_id}.json"


def share_id_from_key(key: str) -> str | None:
    share_id = key.removeprefix(SHARE_PREFIX).removesuffix(".json")
    return share_id if key == share_key(share_id) and is_share_id(share_id) else None


def share_upload_prefix(share_id: str) -> str:
    """Where a share's guest uploads are counted: one object per upload slot, taken with a
    conditional write (share_store.take_upload_slot), so a limit holds under concurrency."""
    return f"{SHARE_PREFIX}{share_id}/uploads/"


def share_upload_key(share_id: str, slot: int) -> str:
    return f"{share_upload_prefix(share_id)}{slot:06d}.json"


def is_share_id(value: str) -> bool:
    return len(value) == 32 and all(c in "0123456789abcdef" for c in value)
