"""At most one image per content ends ready: the first whose resize claims it.

The presign routes answer `duplicate` for bytes already stored, but they can only see an
original once it has landed: a client killed mid-PUT that presigns again on restart gets a
second image while its first PUT may still land. Both originals then arrive, and both
resizes may run at once. So before writing renditions, resize claims
`digests/<hex>.ready.json` with If-None-Match: * (S3 and SeaweedFS store only the first
such write; a concurrent one is refused with 412 or 409). The loser becomes a `duplicate`
of the holder and writes no renditions. A claim whose holder is gone (deleted) or failed
is stale and is taken over. Forced copies (allow_duplicates) never claim.
"""

from __future__ import annotations

import logging

from . import ids, layout, objects, records

log = logging.getLogger(__name__)

ATTEMPTS = 3  # a stale claim removed, or a claim removed between our write and our read


class ClaimContended(RuntimeError):
    """The claim kept changing under us: raise, so the event is retried."""


def claim(s3, output_bucket: str, upload_bucket: str, image_id: str, sha256_hex: str) -> str:
    """The id of the image that holds these bytes ready: `image_id` when this one won
    (or already held the claim, on a redelivered event), else the earlier holder."""
    key = layout.ready_key(sha256_hex)
    for _ in range(ATTEMPTS):
        if objects.put_json(s3, output_bucket, key, {"id": image_id}, only_if_absent=True):
            return image_id
        held = objects.read_json(s3, output_bucket, key)
        holder = held.get("id") if held else None
        if holder is None:
            continue  # deleted between our write and our read: try again
        if holder == image_id or (
                ids.is_valid(holder) and _alive(s3, output_bucket, upload_bucket, holder)):
            return holder
        log.info("%s: the claim on its content names %r, which is gone; taking it over",
                 image_id, holder)
        s3.delete_object(Bucket=output_bucket, Key=key)
    raise ClaimContended(f"the claim on {sha256_hex} kept changing")


def release(s3, output_bucket: str, sha256_hex: str, image_id: str) -> None:
    """Removes the claim if `image_id` holds it (the image is being deleted)."""
    key = layout.ready_key(sha256_hex)
    held = objects.read_json(s3, output_bucket, key)
    if held and held.get("id") == image_id:
        s3.delete_object(Bucket=output_bucket, Key=key)


def _alive(s3, output_bucket: str, upload_bucket: str, holder: str) -> bool:
    """Ready, or still being processed (its original stored), and not deleted: it will be.
    The tombstone first: a resize that raced its image's DELETE writes its claim and a
    `ready` record after the delete, and removes them only a moment later."""
    if objects.head(s3, output_bucket, layout.tombstone_key(holder)) is not None:
        return False
    record = records.read(s3, output_bucket, holder)
    if record is not None:
        return record.get("status") == records.READY
    return objects.head(s3, upload_bucket, layout.input_key(holder)) is not None
