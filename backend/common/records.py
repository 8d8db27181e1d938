"""The status record resize writes last (`index/<invert(id)>.json`), and the facts about an
original that both handlers read from its object headers.

A record is `{id, status: "ready"|"failed"|"duplicate", error, error_code, error_params,
filename, width, height, bytes, created_at, content_type, sha256, duplicate_of, taken_at,
taken_at_source, camera, location}`; no record means the image is still pending. The last
four are what the camera knew (backend/resize/camera_facts.py; null on failed records and on
records written before them): `taken_at` ISO 8601 local time, with its offset only when the
file stated one; `taken_at_source` exif | xmp | file | upload; `camera` {make, model, name,
lens, focal_length_mm, f_number, exposure_seconds, iso} or null; `location` {latitude,
longitude, altitude_m} only where location is kept, else null. `duplicate`: another image with the same bytes became ready
first (`duplicate_of` names it); this one keeps no renditions (see content_claim.py).
A failed record's `error` is the English sentence, `error_code` and `error_params` the
Reason it was made from (backend/common/error_codes.py); records written before codes have
only `error`.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from . import ids, layout, objects
from .error_codes import Reason

READY = "ready"
FAILED = "failed"
PENDING = "pending"
DUPLICATE = "duplicate"
COPY_METADATA = "copy"  # x-amz-meta-copy: yes on an upload made with allow_duplicates
FILE_TIME_METADATA = "filetime"  # the file's mtime the client sent (ISO 8601), if it did
LOCATION_METADATA = "location"  # "keep": the person asked for GPS to be kept
GUEST_METADATA = "guest"  # "yes": sent by a guest through a shared album's page
GUEST_NAME_METADATA = "guestname"  # the name the guest gave, percent-encoded like filenames
ALBUM_METADATA = "album"  # a guest's upload: the album it joins once processed (resize)
CAMERA_FIELDS = ("taken_at", "taken_at_source", "camera", "location")


def encode_filename(filename: str) -> str:
    """The filename as S3 metadata carries it: UTF-8, percent-encoded (metadata is ASCII)."""
    return quote(filename, safe="")


def original_facts(headers: dict) -> dict:
    """filename, bytes, content_type and sha256 (hex) of an original, from a HEAD or GET."""
    metadata = headers.get("Metadata") or {}
    claimed = (metadata.get("sha256") or "").lower()
    return {
        "filename": unquote(metadata.get("filename") or ""),
        "bytes": headers.get("ContentLength"),
        "content_type": headers.get("ContentType"),
        "sha256": claimed if layout.is_sha256_hex(claimed) else None,
        "file_time": metadata.get(FILE_TIME_METADATA) or None,
        "keep_location": metadata.get(LOCATION_METADATA) == "keep",
        "guest": ({"name": unquote(metadata.get(GUEST_NAME_METADATA) or "") or None}
                  if metadata.get(GUEST_METADATA) == "yes" else None),
        "album": _album_id(metadata.get(ALBUM_METADATA)),
    }


def _album_id(value: str | None) -> str | None:
    return value if value and ids.is_valid(value) else None


def original_metadata(filename: str, sha256_hex: str, *, forced_copy: bool,
                      file_time: str | None = None, keep_location: bool = False,
                      guest: str | None = None, album: str | None = None) -> dict[str, str]:
    """The metadata an original is stored with (both upload routes)."""
    metadata = {"filename": encode_filename(filename), "sha256": sha256_hex}
    if forced_copy:
        metadata[COPY_METADATA] = "yes"
    if file_time:
        metadata[FILE_TIME_METADATA] = file_time
    if keep_location:
        metadata[LOCATION_METADATA] = "keep"
    if guest is not None:  # "" for a guest who gave no name
        metadata[GUEST_METADATA] = "yes"
        if guest:
            metadata[GUEST_NAME_METADATA] = encode_filename(guest)
    if album is not None:
        metadata[ALBUM_METADATA] = album
    return metadata


def is_forced_copy(headers: dict) -> bool:
    """An original uploaded with allow_duplicates (the presigned PUT set this metadata)."""
    return (headers.get("Metadata") or {}).get(COPY_METADATA) == "yes"


def new_record(image_id: str, facts: dict, *, status: str, why: Reason | None = None,
               width: int | None = None, height: int | None = None,
               duplicate_of: str | None = None, camera_facts: dict | None = None) -> dict:
    known = camera_facts or {}
    return {
        "id": image_id,
        "status": status,
        "error": why and why.message,
        "error_code": why and why.code,
        "error_params": why and why.params,
        "filename": facts.get("filename") or "",
        "width": width,
        "height": height,
        "bytes": facts.get("bytes"),
        "created_at": ids.created_at(image_id),
        "content_type": facts.get("content_type"),
        "sha256": facts.get("sha256"),
        "duplicate_of": duplicate_of,
        "guest": facts.get("guest"),
        **{field: known.get(field) for field in CAMERA_FIELDS},
    }


def camera_name(record: dict) -> str | None:
    return (record.get("camera") or {}).get("name")


def lens_name(record: dict) -> str | None:
    return (record.get("camera") or {}).get("lens")


def index_keys(record: dict) -> list[str]:
    """The taken/ keys a ready record is listed under (none for others, nor for records from
    before dates were read: the re-read adds them)."""
    if record.get("status") != READY or not record.get("taken_at"):
        return []
    return layout.taken_keys(record["id"], record["taken_at"], camera_name(record),
                             lens_name(record))


def read(s3, output_bucket: str, image_id: str) -> dict | None:
    return objects.read_json(s3, output_bucket, layout.record_key(image_id))


def exists(s3, output_bucket: str, image_id: str) -> bool:
    return objects.head(s3, output_bucket, layout.record_key(image_id)) is not None


def write(s3, output_bucket: str, record: dict, *, only_if_absent: bool = False) -> bool:
    """Stores the record; with only_if_absent, False when another was there first."""
    return objects.put_json(s3, output_bucket, layout.record_key(record["id"]), record,
                            only_if_absent=only_if_absent)
