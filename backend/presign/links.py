"""URLs handed to the client: the presigned PUT with its headers, and the renditions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, quote, urlsplit

from backend.common import layout
from backend.common.config import Settings

from .validation import UploadRequest

# How the client must spell each header S3 may sign into the PUT.
_HEADER_NAMES = {
    "content-type": "Content-Type",
    "content-length": "Content-Length",
    "x-amz-checksum-sha256": "x-amz-checksum-sha256",
    "x-amz-meta-filename": "x-amz-meta-filename",
}


def presigned_put(settings: Settings, s3, key: str, upload: UploadRequest) -> dict:
    """`{method, url, headers}` plus `expires_at`, all read back from the signed URL."""
    encoded_name = quote(upload.filename, safe="")  # S3 metadata is ASCII only
    url = s3.generate_presigned_url(
        "put_object",
        Params={
            "Bucket": settings.upload_bucket,
            "Key": key,
            "ContentType": upload.content_type,
            "ContentLength": upload.size,
            "ChecksumSHA256": upload.sha256,
            "Metadata": {"filename": encoded_name},
        },
        ExpiresIn=settings.upload_url_expires,
    )
    values = {
        "content-type": upload.content_type,
        "content-length": str(upload.size),
        "x-amz-checksum-sha256": upload.sha256,
        "x-amz-meta-filename": encoded_name,
    }
    query = parse_qs(urlsplit(url).query)
    signed = query["X-Amz-SignedHeaders"][0].split(";")
    # Listing exactly what was signed means the list cannot drift from the signature.
    # `host` is sent by every HTTP client from the URL itself.
    headers = {_HEADER_NAMES[name]: values[name] for name in signed if name != "host"}
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
    expires = signed_at.replace(tzinfo=UTC) + timedelta(
        seconds=int(query["X-Amz-Expires"][0])
    )
    return {
        "upload": {"method": "PUT", "url": url, "headers": headers},
        "expires_at": expires.isoformat().replace("+00:00", "Z"),
    }


def rendition_urls(settings: Settings, s3, image_id: str) -> dict[str, str]:
    keys = {"thumbnail_url": layout.thumbnail_key(image_id), "large_url": layout.large_key(image_id)}
    return {name: _output_url(settings, s3, key) for name, key in keys.items()}


def _output_url(settings: Settings, s3, key: str) -> str:
    if settings.output_access == "public":
        base = (settings.output_public_base_url
                or f"https://{settings.output_bucket}.s3.{settings.region}.amazonaws.com")
        return f"{base}/{key}"
    return s3.generate_presigned_url(
        "get_object",
        Params={"Bucket": settings.output_bucket, "Key": key},
        ExpiresIn=settings.download_url_expires,
    )
