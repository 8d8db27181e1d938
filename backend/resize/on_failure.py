"""Lambda on-failure destination for resize: an image whose processing never finished is
reported `failed` with a sentence, instead of staying "pending" until someone gives up.

AWS invokes this function with the invocation record of an asynchronous invocation that
failed for good, e.g.

    {"version": "1.0", "timestamp": "...",
     "requestContext": {"requestId": "...", "functionArn": "...",
                        "condition": "RetriesExhausted" | "EventAgeExceeded",
                        "approximateInvokeCount": 3},
     "requestPayload": {"Records": [<the S3 event records resize was given>]},
     "responseContext": {"statusCode": 200, "executedVersion": "$LATEST",
                         "functionError": "Unhandled"},
     "responsePayload": {"errorMessage": "...", "errorType": "..."}}

The local backend calls it the same way once its own retries are spent. For each record
that names one of our originals and has no status record yet, a `failed` record is written
(never over a ready one: a late success wins).
"""

from __future__ import annotations

import logging

from backend.common import config, layout, objects, records
from backend.common.error_codes import Reason, reason

from .handler import image_key

log = logging.getLogger(__name__)
log.setLevel(logging.INFO)

# What Lambda's runtime reports when the function ran out of time or memory.
_TIMEOUT_SIGNS = ("task timed out", "sandbox.timedout")
_MEMORY_SIGNS = ("outofmemory", "memoryerror", "signal: killed")


def why(event: dict) -> Reason:
    """Why processing never finished."""
    context = event.get("requestContext") or {}
    if context.get("condition") == "EventAgeExceeded":
        return reason("processing_too_old")
    response = event.get("responsePayload")
    if isinstance(response, dict):
        reported = f"{response.get('errorType', '')} {response.get('errorMessage', '')}"
    else:
        reported = str(response or "")
    reported = reported.lower()
    if any(sign in reported for sign in _TIMEOUT_SIGNS):
        return reason("processing_timed_out")
    if any(sign in reported for sign in _MEMORY_SIGNS):
        return reason("processing_out_of_memory")
    count = context.get("approximateInvokeCount")
    if isinstance(count, int) and count > 1:
        return reason("processing_gave_up_after", count=count)
    return reason("processing_gave_up")


def handler(event, context):
    settings, s3 = config.cached()
    payload = event.get("requestPayload")
    s3_records = payload.get("Records") if isinstance(payload, dict) else None
    if not isinstance(s3_records, list):
        log.warning("on-failure event without S3 records; nothing to record")
        return
    failure = why(event)
    first_error = None
    for s3_record in s3_records:
        try:
            _record_failure(s3, settings.output_bucket, s3_record, failure)
        except Exception as exc:  # finish the others; the caller's retry redoes this one
            log.exception("could not record the failure of %s", s3_record)
            first_error = first_error or exc
    if first_error is not None:
        raise first_error


def _record_failure(s3, output: str, s3_record: dict, failure: Reason) -> None:
    try:
        named = image_key(s3_record)
    except (KeyError, TypeError):
        named = None
    if named is None:
        return
    bucket, key, image_id = named
    if records.exists(s3, output, image_id):
        return  # processed after all (or already recorded)
    if objects.head(s3, output, layout.tombstone_key(image_id)) is not None:
        return  # deleted: there is nothing to report on
    original = objects.head(s3, bucket, key)
    if original is None:
        return
    failed = records.new_record(image_id, records.original_facts(original),
                                status=records.FAILED, why=failure)
    if not records.write(s3, output, failed, only_if_absent=True):
        return  # a resize finished meanwhile: its record stands
    log.info("%s: failed for good (%s)", image_id, failure.code)
    if objects.head(s3, bucket, key) is None:  # a DELETE raced this write: same rule as resize
        objects.delete_keys(s3, output, layout.output_keys(image_id))
