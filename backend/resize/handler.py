"""S3 ObjectCreated handler: originals under input/ -> renditions + meta in the output bucket.

S3 delivers each event at least once, so everything written is a pure function of
the original (same keys, same bytes). Problems with the image end as a `failed`
meta record; only S3 trouble raises, so that Lambda retries the event.
"""

from __future__ import annotations

import json
import logging
import posixpath
import shutil
import tempfile
import urllib.parse

from botocore.exceptions import ClientError

from backend.common import config, ids, layout, objects

from .imaging import ImageRejected, make_renditions

log = logging.getLogger(__name__)
log.setLevel(logging.INFO)

WEBP = "image/webp"
JSON = "application/json"
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


def _process_record(record: dict, settings: config.Settings, s3) -> None:
    # Keys arrive URL-encoded, spaces as '+': "red flower.jpg" -> "red+flower.jpg".
    key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
    image_id = layout.id_from_input_key(key)
    if image_id is None:
        log.info("ignoring %r: not an input key", key)
        return
    try:
        original = s3.get_object(Bucket=record["s3"]["bucket"]["name"], Key=key)
    except ClientError as exc:
        if objects.is_missing(exc):
            log.info("ignoring %s: deleted before it was processed", image_id)
            return
        raise
    meta = {
        "id": image_id,
        "status": "ready",
        "error": None,
        "filename": _filename(original, key),
        "width": None,
        "height": None,
        "bytes": original["ContentLength"],
        "created_at": ids.created_at(image_id),
        "content_type": None,
    }
    output = settings.output_bucket
    try:
        renditions = _renditions_of(original["Body"], settings.max_image_pixels)
    except ImageRejected as rejection:
        meta.update(status="failed", error=str(rejection), content_type=rejection.content_type)
    else:
        s3.put_object(Bucket=output, Key=layout.thumbnail_key(image_id),
                      Body=renditions.thumbnail, ContentType=WEBP)
        s3.put_object(Bucket=output, Key=layout.large_key(image_id),
                      Body=renditions.large, ContentType=WEBP)
        meta.update(width=renditions.width, height=renditions.height,
                    content_type=renditions.content_type)
    body = json.dumps(meta).encode()
    # meta last-but-one and index last: whoever sees "ready" finds the renditions there.
    s3.put_object(Bucket=output, Key=layout.meta_key(image_id), Body=body, ContentType=JSON)
    if meta["status"] == "ready":
        s3.put_object(Bucket=output, Key=layout.index_key(image_id), Body=body, ContentType=JSON)
    if objects.head(s3, record["s3"]["bucket"]["name"], key) is None:
        # DELETE /images removes the original first, then the output keys; if that ran while
        # this resize worked, it may have found nothing to remove yet. Checked after writing,
        # so one of the two always removes the renditions.
        objects.delete_keys(s3, output, layout.output_keys(image_id))
        log.info("%s: deleted while it was being processed; its renditions are removed",
                 image_id)
        return
    log.info("%s: %s", image_id, meta["status"])


def _renditions_of(body, max_pixels: int):
    # Pillow needs to seek; originals up to SPOOL_BYTES stay in memory, larger ones (up to the
    # upload limit) go through Lambda's /tmp rather than doubling the function's peak memory.
    with body, tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        shutil.copyfileobj(body, spool, COPY_CHUNK)
        spool.seek(0)
        return make_renditions(spool, max_pixels)


def _filename(original: dict, key: str) -> str:
    # The presign API stores the name percent-encoded because S3 metadata is ASCII.
    encoded = original.get("Metadata", {}).get("filename")
    return urllib.parse.unquote(encoded) if encoded else posixpath.basename(key)
