"""S3 ObjectCreated handler: originals under input/ -> renditions + the status record.

S3 delivers each event at least once, so everything written is a pure function of the
original (same keys, same bytes), and an id that already has a record is not processed
again. Problems with the image end as a `failed` record; only S3 trouble raises, so that
Lambda retries the event (and, once its retries are spent, resize.on_failure records why).
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from botocore.exceptions import ClientError

from backend.common import album_store, config, content_claim, ids, layout, objects, records
from backend.common.error_codes import Reason, reason

from . import camera_facts
from .decoders import make_renditions
from .imaging import ImageRejected

log = logging.getLogger(__name__)
log.setLevel(logging.INFO)

WEBP = "image/webp"
# A rendition's bytes never change for its key (a new upload gets a new id), so any cache
# in front of the output bucket may keep it for good.
RENDITION_CACHE_CONTROL = "public, max-age=31536000, immutable"
SPOOL_BYTES = 16 * 1024 * 1024
COPY_CHUNK = 1024 * 1024


def handler(event, context):
    settings, s3 = config.cached()
    first_error = None
    for record in event.get("Records", []):
        try:
            _process_record(record, settings, s3)
        except Exception as exc:
            # Finish the other records first; the retry redoes them harmlessly.
            log.exception("resize failed for %s; Lambda will retry", _raw_key(record))
            first_error = first_error or exc
    if first_error is not None:
        raise first_error


def _raw_key(record: dict) -> str:
    return record.get("s3", {}).get("object", {}).get("key", "?")


def image_key(record: dict) -> tuple[str, str, str] | None:
    """(bucket, key, id) named by one S3 event record, or None for a key that is not ours.

    Keys arrive URL-encoded, spaces as '+', so they are decoded first.
    """
    key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
    image_id = layout.id_from_input_key(key)
    if image_id is None:
        return None
    return record["s3"]["bucket"]["name"], key, image_id


def _process_record(record: dict, settings: config.Settings, s3) -> None:
    named = image_key(record)
    if named is None:
        log.info("ignoring %r: not an input key", _raw_key(record))
        return
    bucket, key, image_id = named
    output = settings.output_bucket
    if records.exists(s3, output, image_id):
        log.info("%s: already processed", image_id)
        return
    if objects.head(s3, output, layout.tombstone_key(image_id)) is not None:
        # Deleted: this original came from a replayed upload URL (or raced the DELETE).
        s3.delete_object(Bucket=bucket, Key=key)
        log.info("%s: deleted earlier; its stray original is removed", image_id)
        return
    try:
        original = s3.get_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if objects.is_missing(exc):
            log.info("ignoring %s: deleted before it was processed", image_id)
            return
        raise
    facts = records.original_facts(original)
    claimed = facts["sha256"]
    with _spooled(original["Body"]) as (spool, sha256_hex):
        facts["sha256"] = sha256_hex
        if claimed is not None and claimed != sha256_hex:
            # Multipart uploads carry the whole file's digest as metadata, unchecked by S3.
            result = _failed(image_id, facts, reason("bytes_differ_from_checksum"),
                             content_type=None)
        else:
            result = _resize(s3, settings, image_id, facts, spool,
                             forced_copy=records.is_forced_copy(original))
    if facts["album"] is not None:
        _join_album(s3, output, facts["album"], result)
    # The record last: whoever sees it finds the renditions there.
    records.write(s3, output, result)
    if objects.head(s3, bucket, key) is None:
        # DELETE /images removes the original first, then the output keys; if that ran while
        # this resize worked, it may have found nothing to remove yet. Checked after writing,
        # so one of the two always removes the outputs.
        objects.delete_keys(s3, output,
                            layout.output_keys(image_id) + records.index_keys(result))
        content_claim.release(s3, output, result["sha256"], image_id)
        log.info("%s: deleted while it was being processed; its outputs are removed", image_id)
        return
    if result["status"] == records.DUPLICATE:
        _settle_duplicate(s3, settings, image_id, result)
    log.info("%s: %s", image_id, result["status"])


def _resize(s3, settings: config.Settings, image_id: str, facts: dict, spool: BinaryIO, *,
            forced_copy: bool) -> dict:
    output = settings.output_bucket
    try:
        renditions = make_renditions(spool, settings.max_image_pixels)
    except ImageRejected as rejection:
        return _failed(image_id, facts, rejection.why, content_type=rejection.content_type)
    facts = {**facts, "content_type": renditions.content_type}
    if not forced_copy:
        # Claimed before any rendition is written: the loser of a race leaves none behind.
        holder = content_claim.claim(s3, output, settings.upload_bucket, image_id,
                                     facts["sha256"])
        if holder != image_id:
            return records.new_record(image_id, facts, status=records.DUPLICATE,
                                      width=renditions.width, height=renditions.height,
                                      duplicate_of=holder)
    for key, body in ((layout.thumbnail_key(image_id), renditions.thumbnail),
                      (layout.large_key(image_id), renditions.large)):
        s3.put_object(Bucket=output, Key=key, Body=body, ContentType=WEBP,
                      CacheControl=RENDITION_CACHE_CONTROL)
    record = records.new_record(image_id, facts, status=records.READY, width=renditions.width,
                                height=renditions.height,
                                camera_facts=read_camera_facts(settings, image_id, facts, spool))
    write_index_keys(s3, output, record)
    return record


def read_camera_facts(settings: config.Settings, image_id: str, facts: dict,
                      spool: BinaryIO) -> dict:
    """What the camera knew, from the bytes already read (no request of its own)."""
    spool.seek(0)
    return camera_facts.read(spool, facts["content_type"],
                             keep_location=settings.keep_location or facts["keep_location"],
                             file_time=facts["file_time"], uploaded_at=ids.created_at(image_id))


def write_index_keys(s3, output: str, record: dict) -> None:
    """The record's taken/ entries (empty objects), before the record itself: a listing that
    finds one before the record is there skips it like a deleted image."""
    for key in records.index_keys(record):
        s3.put_object(Bucket=output, Key=key, Body=b"")


def _join_album(s3, output: str, album_id: str, result: dict) -> None:
    """A guest's upload joins the album its share is for, before the record is written: an
    album lists only ready records, and a retry after a crash (no record yet) adds again,
    which is adding once. A duplicate brings the photo that holds its bytes; a failed one
    joins nothing. An album deleted meanwhile takes nothing (album_store.add)."""
    if result["status"] == records.READY:
        album_store.add(s3, output, album_id, result["id"])
    elif result["status"] == records.DUPLICATE:
        album_store.add(s3, output, album_id, result["duplicate_of"])


def _settle_duplicate(s3, settings: config.Settings, image_id: str, result: dict) -> None:
    """The content's digest names the image that holds it, and this copy of its bytes goes."""
    objects.put_json(s3, settings.output_bucket, layout.digest_key(result["sha256"]),
                     {"id": result["duplicate_of"]})
    s3.delete_object(Bucket=settings.upload_bucket, Key=layout.input_key(image_id))
    log.info("%s: a duplicate of %s, which became ready first", image_id, result["duplicate_of"])


def _failed(image_id: str, facts: dict, why: Reason, content_type: str | None) -> dict:
    # content_type stays null unless an allowed decoder recognised the content.
    return records.new_record(image_id, {**facts, "content_type": content_type},
                              status=records.FAILED, why=why)


@contextmanager
def _spooled(body) -> Iterator[tuple[BinaryIO, str]]:
    """The original in a seekable file, and the SHA-256 (hex) of its bytes.

    Pillow needs to seek; originals up to SPOOL_BYTES stay in memory, larger ones (up to
    the upload limit) go through Lambda's /tmp rather than multiplying the function's
    peak memory.
    """
    digest = hashlib.sha256()
    with body, tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        while chunk := body.read(COPY_CHUNK):
            digest.update(chunk)
            spool.write(chunk)
        spool.seek(0)
        yield spool, digest.hexdigest()
