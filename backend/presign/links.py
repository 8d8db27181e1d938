"""URLs handed to the client: presigned PUTs and parts with their headers, renditions,
downloads of originals, and shareable links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, quote, urlsplit

from backend.common import layout, records
from backend.common.config import Settings

from .validation import PartRequest, UploadRequest

# How the client must spell each header S3 may sign into a PUT.
_HEADER_NAMES = {
    "content-type": "Content-Type",
    "content-length": "Content-Length",
    "x-amz-checksum-sha256": "x-amz-checksum-sha256",
    "x-amz-meta-filename": "x-amz-meta-filename",
    "x-amz-meta-sha256": "x-amz-meta-sha256",
    **{f"x-amz-meta-{name}": f"x-amz-meta-{name}"
       for name in (records.COPY_METADATA, records.FILE_TIME_METADATA, records.LOCATION_METADATA,
                    records.GUEST_METADATA, records.GUEST_NAME_METADATA,
                    records.ALBUM_METADATA)},
}


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _signed(url: str, values: dict[str, str]) -> tuple[dict[str, str], str]:
    """The headers the URL's signature covers, with their values, and when it expires.

    Read back from the signed URL itself, so the list cannot drift from the signature.
    `host` is sent by every HTTP client from the URL itself.
    """
    query = parse_qs(urlsplit(url).query)
    signed = query["X-Amz-SignedHeaders"][0].split(";")
    headers = {_HEADER_NAMES[name]: values[name] for name in signed if name != "host"}
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return headers, iso(signed_at + timedelta(seconds=int(query["X-Amz-Expires"][0])))


def presigned_put(settings: Settings, s3, key: str, upload: UploadRequest) -> dict:
    """`{upload: {method, url, headers}, expires_at}` for one original."""
    metadata = upload.metadata()
    url = s3.generate_presigned_url(
        "put_object",
        Params={
            "Bucket": settings.upload_bucket,
            "Key": key,
            "ContentType": upload.content_type,
            "ContentLength": upload.size,
            "ChecksumSHA256": upload.sha256,
            "Metadata": metadata,
        },
        ExpiresIn=settings.upload_url_expires,
    )
    headers, expires_at = _signed(url, {
        "content-type": upload.content_type,
        "content-length": str(upload.size),
        "x-amz-checksum-sha256": upload.sha256,
        **{f"x-amz-meta-{name}": value for name, value in metadata.items()},
    })
    return {"upload": {"method": "PUT", "url": url, "headers": headers},
            "expires_at": expires_at}


def presigned_part(settings: Settings, s3, key: str, upload_id: str, part: PartRequest) -> dict:
    """`{number, url, headers, expires_at}`: S3 refuses another length or other bytes."""
    url = s3.generate_presigned_url(
        "upload_part",
        Params={
            "Bucket": settings.upload_bucket,
            "Key": key,
            "UploadId": upload_id,
            "PartNumber": part.number,
            "ContentLength": part.size,
            "ChecksumSHA256": part.sha256,
        },
        ExpiresIn=settings.upload_url_expires,
    )
    headers, expires_at = _signed(url, {"content-length": str(part.size),
                                        "x-amz-checksum-sha256": part.sha256})
    return {"number": part.number, "url": url, "headers": headers, "expires_at": expires_at}


def rendition_urls(settings: Settings, s3, image_id: str) -> dict[str, str]:
    keys = {"thumbnail_url": layout.thumbnail_key(image_id),
            "large_url": layout.large_key(image_id)}
    return {name: _output_url(settings, s3, key, settings.download_url_expires)
            for name, key in keys.items()}


def rendition_link(settings: Settings, s3, image_id: str, rendition: str,
                   seconds: int) -> dict:
    """`{url, permanent, expires_at}` for sharing one rendition."""
    key = layout.large_key(image_id) if rendition == "large" else layout.thumbnail_key(image_id)
    if settings.output_access == "public":
        return {"url": _output_url(settings, s3, key, 0), "permanent": True, "expires_at": None}
    seconds = min(seconds, settings.max_link_seconds)
    url = _output_url(settings, s3, key, seconds)
    return {"url": url, "permanent": False, "expires_at": _expiry(url)}


def original_download(settings: Settings, s3, image_id: str, facts: dict) -> dict:
    """A presigned GET of the original that saves under the file's own name."""
    filename = facts["filename"] or f"{image_id}{layout.EXTENSIONS.get(facts['content_type'], '')}"
    params = {"Bucket": settings.upload_bucket, "Key": layout.input_key(image_id),
              "ResponseContentDisposition": content_disposition(filename)}
    if facts["content_type"]:
        params["ResponseContentType"] = facts["content_type"]
    url = s3.generate_presigned_url("get_object", Params=params,
                                    ExpiresIn=settings.download_url_expires)
    return {"url": url, "expires_at": _expiry(url), "filename": filename,
            "bytes": facts["bytes"], "content_type": facts["content_type"]}


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266)."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                       for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _expiry(url: str) -> str:
    return _signed(url, {})[1]


def output_origin(settings: Settings, s3) -> str:
    """The scheme, host and port renditions are loaded from (a share page's image source)."""
    return _origin(_output_url(settings, s3, layout.thumbnail_key("0" * 26), 60))


def upload_origin(settings: Settings, s3) -> str:
    """Where presigned PUTs of originals go (a share page's guest uploads connect there)."""
    return _origin(s3.generate_presigned_url("put_object", Params={
        "Bucket": settings.upload_bucket, "Key": layout.input_key("0" * 26)}, ExpiresIn=60))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _output_url(settings: Settings, s3, key: str, seconds: int) -> str:
    if settings.output_access == "public":
        base = (settings.output_public_base_url
                or f"https://{settings.output_bucket}.s3.{settings.region}.amazonaws.com")
        return f"{base}/{key}"
    return s3.generate_presigned_url(
        "get_object", Params={"Bucket": settings.output_bucket, "Key": key}, ExpiresIn=seconds)
