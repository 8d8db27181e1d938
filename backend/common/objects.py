"""S3 object calls both handlers make: a missing object is an answer, not an error."""

from __future__ import annotations

from botocore.exceptions import ClientError

# GET answers NoSuchKey; HEAD has no body, so botocore names the error by its status.
_MISSING = {"NoSuchKey", "404", "NotFound"}


def is_missing(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") in _MISSING


def head(s3, bucket: str, key: str) -> dict | None:
    """The object's headers, or None when it does not exist."""
    try:
        return s3.head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if is_missing(error):
            return None
        raise


def delete_keys(s3, bucket: str, keys: list[str]) -> None:
    result = s3.delete_objects(
        Bucket=bucket, Delete={"Objects": [{"Key": key} for key in keys], "Quiet": True}
    )
    if result.get("Errors"):
        failed = ", ".join(error["Key"] for error in result["Errors"])
        raise RuntimeError(f"S3 refused to delete {failed} from {bucket}")
