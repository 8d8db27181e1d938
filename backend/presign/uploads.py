"""The routes that hand out uploads: POST/GET /uploads, POST /uploads/batch and
POST /uploads/multipart. Each first asks whether the content is already stored.

Dedup: `digests/<sha256 hex>.json` names the image holding those bytes. Content that is
ready, or still pending with its original stored, is answered `duplicate` with that image
(unless allow_duplicates); one that ended `duplicate` itself stands for the image it
duplicates; a digest naming a failed or vanished image is stale and is replaced by the
new upload's. A forced copy writes its digest only where none exists, so
it never takes the record from the image it duplicates.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable

from backend.common import ids, layout, objects, records
from backend.common.config import Settings

from . import validation
from .images import image_view, status
from .links import presigned_put, rendition_urls
from .parallel import map_parallel
from .responses import ApiError, refusal
from .validation import UploadRequest

log = logging.getLogger(__name__)


def holder(settings: Settings, s3, sha256_hex: str) -> tuple[str, dict] | None:
    """(id, Image) of the image holding these bytes, ready or pending with its original
    stored; None when no image does (never one, or a stale digest: failed or vanished)."""
    held = objects.read_json(s3, settings.output_bucket, layout.digest_key(sha256_hex))
    holder_id = held.get("id") if held else None
    if not isinstance(holder_id, str) or not ids.is_valid(holder_id):
        return None
    if objects.head(s3, settings.output_bucket, layout.tombstone_key(holder_id)) is not None:
        # Deleted, though a resize that raced the DELETE may still show it `ready` for a
        # moment (and the DELETE may not have removed this digest yet): the bytes are free.
        return None
    image = status(settings, s3, holder_id)
    if image is not None and image["status"] == records.DUPLICATE:
        # Lost the race to become ready (content_claim): the winner holds the bytes.
        holder_id = image["duplicate_of"]
        image = status(settings, s3, holder_id)
    if image is None or image["status"] in (records.FAILED, records.DUPLICATE):
        return None  # stale: the new upload's digest replaces it
    return holder_id, image


def find_duplicate(settings: Settings, s3, upload: UploadRequest) -> dict | None:
    """The `duplicate` answer when these bytes are already stored, else None."""
    if upload.allow_duplicates:
        return None
    held = holder(settings, s3, upload.sha256_hex)
    if held is None:
        return None
    return {"status": "duplicate", "id": held[0], "image": held[1]}


def check_digests(settings: Settings, s3, body: dict) -> dict:
    """POST /uploads/check: for each digest (request order), the id of the image an upload
    of those bytes would be answered `duplicate` with, or null. No bytes, no upload made:
    a card import asks this before it offers the photos that are new."""
    digests = validation.digest_list(body)

    def answer(digest: str) -> dict:
        held = holder(settings, s3, base64.b64decode(digest).hex())
        return {"sha256": digest, "id": held[0] if held else None}

    return {"items": map_parallel(answer, digests)}


def remember(settings: Settings, s3, upload: UploadRequest, image_id: str) -> None:
    objects.put_json(s3, settings.output_bucket, layout.digest_key(upload.sha256_hex),
                     {"id": image_id}, only_if_absent=upload.allow_duplicates)


def hand_out(settings: Settings, s3, upload: UploadRequest, base_url: str,
             start: Callable[[str, str], dict], image_id: str | None = None) -> dict:
    """The duplicate answer, or a new image (`image_id`, else a fresh one): `start(id, key)`
    makes the route's own answer (a presigned PUT, a multipart upload), then the digest is
    remembered."""
    duplicate = find_duplicate(settings, s3, upload)
    if duplicate is not None:
        return duplicate
    image_id = image_id or ids.new_id()
    # The key is ours alone; the client's filename only ever travels as metadata.
    key = layout.input_key(image_id)
    answer = start(image_id, key)
    remember(settings, s3, upload, image_id)
    return {**answer, "status_url": f"{base_url}/images/{image_id}",
            **rendition_urls(settings, s3, image_id)}


def create_upload(settings: Settings, s3, upload: UploadRequest, base_url: str,
                  image_id: str | None = None) -> dict:
    """A duplicate answer, or `{status: "upload", id, key, upload, expires_at, ...}`."""
    return hand_out(settings, s3, upload, base_url, lambda image_id, key: {
        "status": "upload", "id": image_id, "key": key,
        **presigned_put(settings, s3, key, upload)}, image_id)


def create_batch(settings: Settings, s3, body: dict, base_url: str) -> dict:
    """POST /uploads/batch: one answer per file, in request order; a bad file is an
    `error` item of its own. The same content twice in one batch is uploaded once."""
    entries, allow_duplicates = validation.batch_files(body)
    uploads: list[UploadRequest | ApiError] = []
    for entry in entries:
        try:
            uploads.append(validation.upload_request(
                entry, settings.single_put_max_bytes, from_query=False,
                allow_duplicates=allow_duplicates, multipart_limit=_multipart_limit(settings)))
        except ApiError as refusal:
            uploads.append(refusal)
    leaders: dict[str, int] = {}  # sha256 -> index of the first file with that content
    for index, upload in enumerate(uploads):
        if isinstance(upload, UploadRequest) and not upload.allow_duplicates:
            leaders.setdefault(upload.sha256, index)
    first = {index for index in leaders.values()} | {
        index for index, upload in enumerate(uploads)
        if isinstance(upload, UploadRequest) and upload.allow_duplicates}

    minted = ids.new_ids(len(uploads))  # the batch's order, kept by the ids (see new_ids)

    def answer(index: int) -> dict | None:
        upload = uploads[index]
        if isinstance(upload, ApiError):
            return _error_item(upload)
        if index not in first:
            return None  # filled in from its leader below
        try:
            return create_upload(settings, s3, upload, base_url, minted[index])
        except Exception:
            log.exception("presigning one file of a batch failed")
            return _error_item(refusal(500, "server_failed_on_file"))

    items = map_parallel(answer, range(len(uploads)))
    for index, item in enumerate(items):
        if item is None:
            upload = uploads[index]
            items[index] = _same_as(settings, s3, items[leaders[upload.sha256]],
                                    uploads[leaders[upload.sha256]])
    return {"items": items}


def _same_as(settings: Settings, s3, leader_item: dict, leader: UploadRequest) -> dict:
    """The answer for a file whose content an earlier file of the batch already covers."""
    if leader_item["status"] in ("duplicate", "error"):
        return leader_item
    image_id = leader_item["id"]
    pending = records.new_record(image_id, {
        "filename": leader.filename, "bytes": leader.size, "content_type": leader.content_type,
        "sha256": leader.sha256_hex}, status=records.PENDING)
    return {"status": "duplicate", "id": image_id,
            "image": image_view(settings, s3, image_id, pending)}


def _error_item(error: ApiError) -> dict:
    return {"status": "error", **error.body}


def _multipart_limit(settings: Settings) -> int | None:
    """The larger size multipart takes, when it takes more than one PUT."""
    if settings.single_put_max_bytes < settings.max_upload_bytes:
        return settings.max_upload_bytes
    return None


def single_put_request(fields: dict, settings: Settings, *, from_query: bool) -> UploadRequest:
    return validation.upload_request(fields, settings.single_put_max_bytes,
                                     from_query=from_query,
                                     multipart_limit=_multipart_limit(settings))
