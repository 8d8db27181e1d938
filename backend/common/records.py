"""The status record resize writes last (`index/<invert(id)>.json`), and the facts about an
original that both handlers read from its object headers.

A record is `{id, status: "ready"|"failed"|"duplicate", error, error_code, error_params,
filename, width, height, bytes, created_at, content_type, sha256, duplicate_of}`; no record
means the image is still pending. `duplicate`: another image with the same bytes became ready
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
    }


def original_metadata(filename: str, sha256_hex: str, *, forced_copy: bool) -> dict[str, str]:
    """The metadata an original is stored with (both upload routes)."""
    metadata = {"filename": encode_filename(filename), "sha256": sha256_hex}
    if forced_copy:
        metadata[COPY_METADATA] = "yes"
    return metadata


def is_forced_copy(headers: dict) -> bool:
    """An original uploaded with allow_duplicates (the presigned PUT set this metadata)."""
    return (headers.get("Metadata") or {}).get(COPY_METADATA) == "yes"


def new_record(image_id: str, facts: dict, *, status: str, why: Reason | None = None,
               width: int | None = None, height: int | None = None,
               duplicate_of: str | None = None) -> dict:
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
    }


def read(s3, output_bucket: str, image_id: str) -> dict | None:
    return objects.read_json(s3, output_bucket, layout.record_key(image_id))


def exists(s3, output_bucket: str, image_id: str) -> bool:
    return objects.head(s3, output_bucket, layout.record_key(image_id)) is not None


def write(s3, output_bucket: str, record: dict, *, only_if_absent: bool = False) -> bool:
    """Stores the record; with only_if_absent, False when another was there first."""
    return objects.put_json(s3, output_bucket, layout.record_key(record["id"]), record,
                            only_if_absent=only_if_absent)
