"""The events AWS would hand the resize functions, built from what the local store reported.

`object_created` is an S3 notification (event version 2.1) as Lambda receives it, key
URL-encoded the way S3 encodes it (spaces as '+'); `retries_exhausted` is the Lambda
on-failure destination event for an invocation whose retries ran out.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import quote_plus

from .event_queue import Job

REGION = "us-east-1"
PUT = "ObjectCreated:Put"
COMPLETE_MULTIPART = "ObjectCreated:CompleteMultipartUpload"
PRINCIPAL = "thumbdrop-local"


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


def object_created(job: Job) -> dict:
    """The notification for `job`; the same every time (a retry delivers the same event)."""
    request_id = hashlib.sha256(f"{job.key}@{job.received_at}".encode()).hexdigest()
    return {"Records": [{
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": REGION,
        "eventTime": _iso(job.received_at),
        "eventName": job.event_name,
        "userIdentity": {"principalId": PRINCIPAL},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": request_id[:16].upper(),
                             "x-amz-id-2": request_id[16:]},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "thumbdrop-resize",
            "bucket": {"name": job.bucket, "ownerIdentity": {"principalId": PRINCIPAL},
                       "arn": f"arn:aws:s3:::{job.bucket}"},
            "object": {"key": quote_plus(job.key, safe="/"), "size": job.size,
                       "eTag": job.etag, "sequencer": f"{int(job.received_at * 1e9):X}"},
        },
    }]}


def retries_exhausted(request_payload: dict, error: BaseException, attempts: int,
                      function_name: str) -> dict:
    """The destination event Lambda sends after `attempts` failed asynchronous invocations."""
    return {
        "version": "1.0",
        "timestamp": _iso(time.time()),
        "requestContext": {
            "requestId": str(uuid.uuid4()),
            "functionArn": f"arn:aws:lambda:{REGION}:000000000000:function:{function_name}"
                           ":$LATEST",
            "condition": "RetriesExhausted",
            "approximateInvokeCount": attempts,
        },
        "requestPayload": request_payload,
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST",
                            "functionError": "Unhandled"},
        "responsePayload": {"errorMessage": str(error) or type(error).__name__,
                            "errorType": type(error).__name__, "stackTrace": []},
    }
