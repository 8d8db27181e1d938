"""The status record resize writes last (`index/<invert(id)>.json`), and the facts about an
original that both handlers read from its object headers.

A record is `{id, status: "ready"|"failed", error, error_code, error_params, filename, width,
height, bytes, created_at, content_type, sha256}`; no record means the image is still pending.
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


def new_record(image_id: str, facts: dict, *, status: str, why: Reason | None = None,
               width: int | None = None, height: int | None = None) -> dict:
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
    }


def read(s3, output_bucket: str, image_id: str) -> dict | None:
    return objects.read_json(s3, output_bucket, layout.record_key(image_id))


def exists(s3, output_bucket: str, image_id: str) -> bool:
    return objects.head(s3, output_bucket, layout.record_key(image_id)) is not None


def write(s3, output_bucket: str, record: dict, *, only_if_absent: bool = False) -> bool:
    """Stores the record; with only_if_absent, False when another was there first."""
    return objects.put_json(s3, output_bucket, layout.record_key(record["id"]), record,
                            only_if_absent=only_if_absent)
