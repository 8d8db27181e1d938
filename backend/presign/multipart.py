"""Multipart uploads for big originals, after Uppy's S3 multipart contract: create, sign
parts in batches, list the stored parts (to resume), complete, abort.

Each part URL signs the part's Content-Length and its own x-amz-checksum-sha256, so S3
refuses a part that differs from what the client hashed. S3 checks no digest of the
whole object here (its multipart checksum is composite), so the file's SHA-256 travels
as `x-amz-meta-sha256` and resize compares it with the bytes it reads. The size given at
creation travels as `x-amz-meta-size` and is binding: a completion listing a gap, or joining a
file of another size, is refused.
"""

from __future__ import annotations

import math

from botocore.exceptions import ClientError

from backend.common import layout, objects
from backend.common.config import Settings

from . import images, validation
from .links import presigned_part
from .responses import bad_request, refusal
from .uploads import hand_out
from .validation import UploadRequest

DECLARED_SIZE = "size"  # metadata: the size create was asked for, checked at completion

# S3's answers to a completion it refuses, and what the client should do about each.
_REFUSED_COMPLETION = {
    "InvalidPart": "A listed part was not uploaded, or its ETag or checksum differs from what "
                   "S3 stored; list the parts, upload the missing ones and complete again.",
    "InvalidPartOrder": "The parts are not in ascending order; list them by number.",
    "EntityTooSmall": "A part other than the last is smaller than 5 MiB; upload parts of the "
                      "part_bytes POST /uploads/multipart answered.",
    "BadDigest": "A part's checksum does not match its bytes; upload that part again.",
    "InvalidRequest": "S3 refused the part list (a part's checksum is missing or wrong); send "
                      "each part's sha256 as it was signed.",
}


def create(settings: Settings, s3, upload: UploadRequest, base_url: str) -> dict:
    """A duplicate answer, or `{status: "multipart", id, key, upload_id, part_bytes, ...}`."""
    part_bytes = validation.part_bytes_for(upload.size, settings.multipart_part_bytes)

    def start(image_id: str, key: str) -> dict:
        created = s3.create_multipart_upload(
            Bucket=settings.upload_bucket, Key=key, ContentType=upload.content_type,
            Metadata={**upload.metadata(), DECLARED_SIZE: str(upload.size)},
            ChecksumAlgorithm="SHA256")
        return {"status": "multipart", "id": image_id, "key": key,
                "upload_id": created["UploadId"], "part_bytes": part_bytes,
                "part_count": math.ceil(upload.size / part_bytes)}

    return hand_out(settings, s3, upload, base_url, start)


def sign_parts(settings: Settings, s3, image_id: str, body: dict) -> dict:
    upload_id = validation.upload_id(body.get("upload_id"))
    size, part_bytes, part_count = validation.part_layout(body, settings)
    parts = validation.parts_to_sign(body, size, part_bytes, part_count)
    key = layout.input_key(image_id)
    return {"parts": [presigned_part(settings, s3, key, upload_id, part) for part in parts]}


def list_parts(settings: Settings, s3, image_id: str, upload_id: str) -> dict:
    try:
        stored = _stored_parts(settings, s3, image_id, upload_id)
    except ClientError as error:
        _raise_if_gone(error, image_id)
        raise
    return {"parts": [{"number": part["PartNumber"], "size": part["Size"],
                       "etag": part["ETag"]} for part in stored]}


def complete(settings: Settings, s3, image_id: str, body: dict, base_url: str) -> dict:
    upload_id = validation.upload_id(body.get("upload_id"))
    parts = validation.completed_parts(body)
    key = layout.input_key(image_id)
    done = {"id": image_id, "status": "pending", "status_url": f"{base_url}/images/{image_id}"}
    try:
        stored = {part["PartNumber"]: part for part in
                  _stored_parts(settings, s3, image_id, upload_id)}
    except ClientError as error:
        if (head := _already_completed(settings, s3, error, key)) is not None:
            _refuse_unless_declared(settings, s3, image_id, head)
            return done  # a retried completion: the first one went through
        _raise_if_gone(error, image_id)
        raise
    gap = next((n for n, part in enumerate(parts, 1) if part.number != n), None)
    if gap is not None:  # S3 would join parts 1, 2 and 4 into a file missing its third
        raise bad_request(f"Part {gap} is missing from the list; complete with every part "
                          "from 1 to the last.")
    missing = [part.number for part in parts if part.number not in stored]
    if missing:
        raise refusal(400, "part_not_stored", number=missing[0])
    total = sum(stored[part.number]["Size"] for part in parts)
    if total > settings.max_upload_bytes:
        abort(settings, s3, image_id, upload_id)
        raise refusal(400, "parts_over_limit", size=total, limit=settings.max_upload_bytes)
    try:
        s3.complete_multipart_upload(
            Bucket=settings.upload_bucket, Key=key, UploadId=upload_id,
            MultipartUpload={"Parts": [{"PartNumber": part.number, "ETag": part.etag,
                                        "ChecksumSHA256": part.sha256} for part in parts]})
    except ClientError as error:
        if (head := _already_completed(settings, s3, error, key)) is not None:
            _refuse_unless_declared(settings, s3, image_id, head)
            return done
        code = objects.error_code(error)
        if code in _REFUSED_COMPLETION:
            raise bad_request(_REFUSED_COMPLETION[code]) from None
        _raise_if_gone(error, image_id)
        raise
    _refuse_unless_declared(settings, s3, image_id,
                            objects.head(s3, settings.upload_bucket, key) or {})
    return done


def _refuse_unless_declared(settings: Settings, s3, image_id: str, head: dict) -> None:
    """The size declared at creation is binding: S3 cannot be told it before the parts are
    joined, so a joined file of another size is deleted at once (tombstone first, as any
    delete: a resize its event started finds it gone) and the completion refused."""
    declared = (head.get("Metadata") or {}).get(DECLARED_SIZE)
    if declared is None or not declared.isdigit() or int(declared) == head["ContentLength"]:
        return
    images.delete_image(settings, s3, image_id)
    raise refusal(400, "parts_not_declared_size", size=head["ContentLength"],
                  declared=int(declared))


def abort(settings: Settings, s3, image_id: str, upload_id: str) -> None:
    """Ends the upload and frees its parts; aborting one that is gone already is fine."""
    try:
        s3.abort_multipart_upload(Bucket=settings.upload_bucket,
                                  Key=layout.input_key(image_id), UploadId=upload_id)
    except ClientError as error:
        if objects.error_code(error) not in ("NoSuchUpload", "404"):
            raise


def _stored_parts(settings: Settings, s3, image_id: str, upload_id: str) -> list[dict]:
    pages = s3.get_paginator("list_parts").paginate(
        Bucket=settings.upload_bucket, Key=layout.input_key(image_id), UploadId=upload_id)
    return [part for page in pages for part in page.get("Parts", [])]


def _already_completed(settings: Settings, s3, error: ClientError, key: str) -> dict | None:
    """The stored file's headers when the upload is gone because it was completed."""
    if objects.error_code(error) not in ("NoSuchUpload", "404"):
        return None
    return objects.head(s3, settings.upload_bucket, key)


def _raise_if_gone(error: ClientError, image_id: str) -> None:
    if objects.error_code(error) in ("NoSuchUpload", "404"):
        raise refusal(404, "multipart_not_found", id=image_id)

