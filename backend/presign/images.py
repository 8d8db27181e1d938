"""The image routes: status (one or many), delete, the original, share links (the gallery
listing is gallery.py).

Every key is derived from the id (the taken/ entries from the record), so nothing here LISTs:
a pending image's status is one GET (no record) and one HEAD (the original), a ready or
failed one a single GET.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from backend.common import album_store, content_claim, ids, layout, objects, records
from backend.common.config import Settings
from backend.common.error_codes import Reason, reason

from . import links
from .parallel import map_parallel
from .responses import refusal


def image_view(settings: Settings, s3, image_id: str, record: dict) -> dict:
    """The API's Image for a status record (or a pending stand-in)."""
    ready = record.get("status") == records.READY
    urls = links.rendition_urls(settings, s3, image_id) if ready else {
        "thumbnail_url": None, "large_url": None}
    return {
        "id": image_id,
        "status": record.get("status"),
        "error": record.get("error"),
        "error_code": record.get("error_code"),
        "error_params": record.get("error_params"),
        "filename": record.get("filename") or "",
        "width": record.get("width"),
        "height": record.get("height"),
        "bytes": record.get("bytes"),
        "created_at": record.get("created_at") or ids.created_at(image_id),
        "content_type": record.get("content_type"),
        "sha256": record.get("sha256"),
        "duplicate_of": record.get("duplicate_of"),
        "guest": record.get("guest"),
        **{field: record.get(field) for field in records.CAMERA_FIELDS},
        **urls,
    }


def status(settings: Settings, s3, image_id: str) -> dict | None:
    """The Image, or None when there is no such image (never uploaded, or deleted)."""
    record = records.read(s3, settings.output_bucket, image_id)
    if record is None:
        head = objects.head(s3, settings.upload_bucket, layout.input_key(image_id))
        if head is None:
            return None
        record = _pending(settings, image_id, head)
    return image_view(settings, s3, image_id, record)


def _pending(settings: Settings, image_id: str, head: dict) -> dict:
    facts = records.original_facts(head)
    waited = (datetime.now(UTC) - head["LastModified"]).total_seconds()
    if waited <= settings.pending_timeout_seconds:
        return records.new_record(image_id, facts, status=records.PENDING)
    # Processing failed for good without leaving a record (or is stuck): say so.
    return records.new_record(image_id, facts, status=records.FAILED,
                              why=not_processed_in_time(settings.pending_timeout_seconds))


def not_processed_in_time(seconds: int) -> Reason:
    if seconds >= 120:
        return reason("not_processed_in_minutes", minutes=math.ceil(seconds / 60))
    return reason("not_processed_in_seconds", seconds=seconds)


def get_image(settings: Settings, s3, image_id: str) -> dict:
    image = status(settings, s3, image_id)
    if image is None:
        raise refusal(404, "image_not_found", id=image_id)
    return image


def batch_status(settings: Settings, s3, image_ids: list[str]) -> dict:
    found = map_parallel(lambda image_id: status(settings, s3, image_id), image_ids)
    return {"items": [image for image in found if image is not None],
            "missing": [image_id for image_id, image in zip(image_ids, found) if image is None]}


def delete_image(settings: Settings, s3, image_id: str) -> None:
    """Tombstone first (no resize starts for this id from now on, whatever is PUT, and no
    album takes it), then the original, the outputs, its album memberships, and the digest
    record and ready claim if they name this image."""
    s3.put_object(Bucket=settings.output_bucket, Key=layout.tombstone_key(image_id), Body=b"")
    record = records.read(s3, settings.output_bucket, image_id)
    digest = record.get("sha256") if record else None
    if record is None or digest is None:
        head = objects.head(s3, settings.upload_bucket, layout.input_key(image_id))
        if record is None and head is None:
            raise refusal(404, "image_not_found", id=image_id)
        digest = digest or (head and records.original_facts(head)["sha256"])
    s3.delete_object(Bucket=settings.upload_bucket, Key=layout.input_key(image_id))
    # The record's taken/ entries go in the same request (an entry left without its record
    # would only be skipped by the listing).
    objects.delete_keys(s3, settings.output_bucket,
                        layout.output_keys(image_id) + records.index_keys(record or {}))
    album_store.forget_image(s3, settings.output_bucket, image_id)
    if digest and layout.is_sha256_hex(digest):
        key = layout.digest_key(digest)
        holder = objects.read_json(s3, settings.output_bucket, key)
        if holder and holder.get("id") == image_id:
            s3.delete_object(Bucket=settings.output_bucket, Key=key)
        content_claim.release(s3, settings.output_bucket, digest, image_id)


def original(settings: Settings, s3, image_id: str) -> dict:
    head = objects.head(s3, settings.upload_bucket, layout.input_key(image_id))
    if head is not None:
        return links.original_download(settings, s3, image_id, records.original_facts(head))
    record = records.read(s3, settings.output_bucket, image_id)
    if record is None:
        raise refusal(404, "image_not_found", id=image_id)
    name = record.get("filename") or image_id
    if settings.original_retention_days:
        raise refusal(410, "original_expired_after_days", name=name,
                      days=settings.original_retention_days)
    raise refusal(410, "original_expired", name=name)


def link(settings: Settings, s3, image_id: str, rendition: str, seconds: int) -> dict:
    image = status(settings, s3, image_id)
    if image is None:
        raise refusal(404, "image_not_found", id=image_id)
    if image["status"] != records.READY:
        raise refusal(409, "image_pending" if image["status"] == records.PENDING else
                      "image_failed", name=image["filename"] or image_id)
    return links.rendition_link(settings, s3, image_id, rendition, seconds)
