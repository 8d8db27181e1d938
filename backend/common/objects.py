"""S3 object calls both handlers make: a missing object is an answer, not an error."""

from __future__ import annotations

import json
from collections.abc import Iterator

from botocore.exceptions import ClientError

JSON = "application/json"
LIST_PAGE = 1000  # S3's largest page
# GET answers NoSuchKey; HEAD has no body, so botocore names the error by its status.
_MISSING = {"NoSuchKey", "404", "NotFound"}
# A conditional write lost to an object already there (409: a concurrent one in flight).
_PRECONDITION = {"PreconditionFailed", "412", "ConditionalRequestConflict", "409"}


def error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def is_missing(error: ClientError) -> bool:
    return error_code(error) in _MISSING


def head(s3, bucket: str, key: str) -> dict | None:
    """The object's headers, or None when it does not exist."""
    try:
        return s3.head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if is_missing(error):
            return None
        raise


def read_json(s3, bucket: str, key: str) -> dict | None:
    """A small JSON object's content, or None when it does not exist (or is not ours)."""
    tagged = read_json_tagged(s3, bucket, key)
    return tagged[0] if tagged else None


def read_json_tagged(s3, bucket: str, key: str) -> tuple[dict, str] | None:
    """(content, ETag) of a small JSON object, or None when it does not exist: the ETag is
    what a later put_json(if_match=...) replaces only if nobody wrote in between."""
    try:
        answer = s3.get_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if is_missing(error):
            return None
        raise
    with answer["Body"] as body:
        value = json.loads(body.read())
    return (value, answer["ETag"]) if isinstance(value, dict) else None


def put_json(s3, bucket: str, key: str, value: dict, *, only_if_absent: bool = False,
             if_match: str | None = None) -> bool:
    """Writes a small JSON object; with only_if_absent, False when one was already there;
    with if_match (an ETag), False when the object is no longer that version."""
    extra = {"IfNoneMatch": "*"} if only_if_absent else {}
    if if_match is not None:
        extra["IfMatch"] = if_match
    try:
        s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(value).encode("utf-8"),
                      ContentType=JSON, **extra)
    except ClientError as error:
        if extra and (error_code(error) in _PRECONDITION or is_missing(error)):
            return False  # If-Match on a deleted object: 404 (AWS) or 412
        raise
    return True


def delete_keys(s3, bucket: str, keys: list[str]) -> None:
    result = s3.delete_objects(
        Bucket=bucket, Delete={"Objects": [{"Key": key} for key in keys], "Quiet": True}
    )
    if result.get("Errors"):
        failed = ", ".join(error["Key"] for error in result["Errors"])
        raise RuntimeError(f"S3 refused to delete {failed} from {bucket}")


def keys(s3, bucket: str, prefix: str, delimiter: str | None = None) -> Iterator[str]:
    """Every key under `prefix`, in S3's order, a page (one LIST) at a time; with a
    delimiter, only those with none after the prefix (S3 folds the rest into prefixes)."""
    params = {"Bucket": bucket, "Prefix": prefix, "MaxKeys": LIST_PAGE,
              **({"Delimiter": delimiter} if delimiter else {})}
    while True:
        page = s3.list_objects_v2(**params)
        yield from (entry["Key"] for entry in page.get("Contents", []))
        if not page.get("IsTruncated"):
            return
        params["ContinuationToken"] = page["NextContinuationToken"]
