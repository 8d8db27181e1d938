"""resize.on_failure: Lambda's on-failure destination record becomes a `failed` status record
with a sentence, so no image stays "pending" after resize gave up on it."""

from __future__ import annotations

import hashlib

import pytest
from test_resize_handler import (
    OUTPUT_BUCKET,
    UPLOAD_BUCKET,
    buckets,
    event,
    key_of,
    keys,
    meta,
    record,
    upload,
)

from backend.common import ids, layout
from backend.common.error_codes import reason
from backend.resize import on_failure
from backend.resize.handler import handler as resize
from tests import imagegen


@pytest.fixture
def s3(monkeypatch):
    with buckets(monkeypatch) as client:
        yield client


def destination_event(*s3_records, condition="RetriesExhausted", count=3,
                      error_type="Runtime.ExitError",
                      message="RequestId: 4b1a Error: Runtime exited with error: exit status 1"):
    """The invocation record Lambda sends an on-failure destination (asynchronous invocation)."""
    failed = {
        "version": "1.0",
        "timestamp": "2026-11-28T18:16:05.568Z",
        "requestContext": {
            "requestId": "e4b46cbf-b738-4d5c-8880-a18cdf61200e",
            "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:resize:$LATEST",
            "condition": condition,
            "approximateInvokeCount": count,
        },
        "requestPayload": event(*s3_records),
    }
    if condition == "RetriesExhausted":  # an event too old never ran: it has no response
        failed["responseContext"] = {"statusCode": 200, "executedVersion": "$LATEST",
                                     "functionError": "Unhandled"}
        failed["responsePayload"] = {"errorType": error_type, "errorMessage": message}
    return failed


@pytest.mark.parametrize(("kwargs", "why"), [
    ({"error_type": "Sandbox.Timedout",
      "message": "RequestId: 4b1a Error: Task timed out after 60.06 seconds"},
     reason("processing_timed_out")),
    ({"error_type": "Runtime.OutOfMemory",
      "message": "RequestId: 4b1a Error: Runtime exited with error: signal: killed"},
     reason("processing_out_of_memory")),
    ({"condition": "EventAgeExceeded", "count": 0}, reason("processing_too_old")),
    ({"error_type": "ClientError", "message": "An error occurred (SlowDown) when calling the "
      "PutObject operation"}, reason("processing_gave_up_after", count=3)),
], ids=["timeout", "memory", "too-old", "other"])
def test_an_image_resize_gave_up_on_is_recorded_failed_with_a_sentence(s3, kwargs, why):
    data = imagegen.jpeg()
    image_id = upload(s3, data, "beach 🌊.jpg")
    on_failure.handler(destination_event(record(key_of(image_id)), **kwargs), None)
    sentence = why.message
    assert meta(s3, image_id) == {
        "id": image_id, "status": "failed", "error": sentence, "error_code": why.code,
        "error_params": why.params, "filename": "beach 🌊.jpg",
        "width": None, "height": None, "bytes": len(data),
        "created_at": ids.created_at(image_id), "content_type": "image/jpeg",
        "sha256": hashlib.sha256(data).hexdigest(), "duplicate_of": None, "guest": None,
        "taken_at": None,
        "taken_at_source": None, "camera": None, "location": None}
    assert sentence.endswith(".") and "Traceback" not in sentence
    assert keys(s3, OUTPUT_BUCKET) == {layout.record_key(image_id)}


def test_a_record_written_meanwhile_stands(s3):
    done, image_id = upload(s3, imagegen.jpeg()), upload(s3, imagegen.jpeg((300, 200)))
    resize(event(record(key_of(done))), None)  # a later delivery succeeded after all
    ready = meta(s3, done)
    on_failure.handler(destination_event(record(key_of(done)), record(key_of(image_id))), None)
    assert meta(s3, done) == ready
    assert meta(s3, image_id)["status"] == "failed"


def test_nothing_is_recorded_for_a_deleted_or_foreign_original(s3):
    deleted, tombstoned = ids.new_id(), upload(s3, imagegen.jpeg())
    s3.put_object(Bucket=OUTPUT_BUCKET, Key=layout.tombstone_key(tombstoned), Body=b"")
    foreign = "input/holiday.jpg"
    s3.put_object(Bucket=UPLOAD_BUCKET, Key=foreign, Body=b"x")
    on_failure.handler(destination_event(record(key_of(deleted)), record(key_of(tombstoned)),
                                       record(foreign)), None)
    assert keys(s3, OUTPUT_BUCKET) == {layout.tombstone_key(tombstoned)}


@pytest.mark.parametrize("payload", [None, "not json", {"detail": {}}, {"Records": "x"},
                                     {"Records": [{"s3": {}}]}])
def test_an_event_that_names_no_s3_object_changes_nothing(s3, payload):
    failed = destination_event()
    failed["requestPayload"] = payload
    on_failure.handler(failed, None)
    assert keys(s3, OUTPUT_BUCKET) == set()
