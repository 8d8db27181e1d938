"""GET /images, GET /images/{id}, DELETE /images/{id}: reads what resize wrote."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

from botocore.exceptions import ClientError

from backend.common import ids, layout, objects
from backend.common.config import Settings

from .links import rendition_urls
from .responses import not_found

_FETCH_WORKERS = 8  # index bodies are tiny; a few parallel GETs hide S3 latency


def get_image(settings: Settings, s3, image_id: str) -> dict:
    record = _read_json(s3, settings.output_bucket, layout.meta_key(image_id))
    if record is not None:
        return _image(settings, s3, image_id, record)
    original = _original(settings, s3, image_id)
    head = original and objects.head(s3, settings.upload_bucket, original["Key"])
    if not head:  # never uploaded, or deleted since
        raise not_found(f"There is no image with id {image_id}; it may have been deleted.")
    pending = {
        "status": "pending",
        "filename": unquote(head.get("Metadata", {}).get("filename", "")),
        "bytes": head["ContentLength"],
    }
    return _image(settings, s3, image_id, pending)


def list_images(settings: Settings, s3, limit: int, cursor: str | None) -> dict:
    params = {"Bucket": settings.output_bucket, "Prefix": layout.INDEX_PREFIX, "MaxKeys": limit}
    if cursor:
        params["StartAfter"] = cursor
    page = s3.list_objects_v2(**params)
    keys = [entry["Key"] for entry in page.get("Contents", [])]
    with ThreadPoolExecutor(max_workers=min(_FETCH_WORKERS, len(keys) or 1)) as pool:
        records = list(pool.map(lambda key: _read_json(s3, settings.output_bucket, key), keys))
    items = [
        _image(settings, s3, layout.id_from_index_key(key), record)
        for key, record in zip(keys, records)
        if record is not None  # deleted between the listing and the read
    ]
    more = page.get("IsTruncated") and keys
    return {"items": items, "next_cursor": keys[-1] if more else None}


def delete_image(settings: Settings, s3, image_id: str) -> None:
    originals = _list_keys(s3, settings.upload_bucket, f"{layout.INPUT_PREFIX}{image_id}")
    meta = _read_json(s3, settings.output_bucket, layout.meta_key(image_id))
    if not originals and meta is None:
        raise not_found(f"There is no image with id {image_id}; it may already be deleted.")
    # The original goes first so no new resize run can start for this id.
    if originals:
        objects.delete_keys(s3, settings.upload_bucket, originals)
    objects.delete_keys(s3, settings.output_bucket, layout.output_keys(image_id))


def _image(settings: Settings, s3, image_id: str, record: dict) -> dict:
    ready = record.get("status") == "ready"
    urls = rendition_urls(settings, s3, image_id) if ready else {
        "thumbnail_url": None, "large_url": None}
    return {
        "id": image_id,
        "status": record.get("status"),
        "error": record.get("error"),
        "filename": record.get("filename") or "",
        "width": record.get("width"),
        "height": record.get("height"),
        "bytes": record.get("bytes"),
        "created_at": record.get("created_at") or ids.created_at(image_id),
        **urls,
    }


def _original(settings: Settings, s3, image_id: str) -> dict | None:
    page = s3.list_objects_v2(
        Bucket=settings.upload_bucket, Prefix=f"{layout.INPUT_PREFIX}{image_id}", MaxKeys=1
    )
    contents = page.get("Contents", [])
    return contents[0] if contents else None


def _list_keys(s3, bucket: str, prefix: str) -> list[str]:
    page = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return [entry["Key"] for entry in page.get("Contents", [])]


def _read_json(s3, bucket: str, key: str) -> dict | None:
    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"]
    except ClientError as error:
        if objects.is_missing(error):
            return None
        raise
    with body:
        return json.loads(body.read())
