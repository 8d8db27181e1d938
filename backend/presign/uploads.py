"""POST/GET /uploads: a server-made key and a presigned PUT for one original."""

from __future__ import annotations

from backend.common import ids, layout
from backend.common.config import Settings

from .links import presigned_put, rendition_urls
from .validation import UploadRequest


def create_upload(settings: Settings, s3, upload: UploadRequest, api_base_url: str) -> dict:
    image_id = ids.new_id()
    # The key is ours alone; the client's filename only ever travels as metadata.
    key = layout.input_key(image_id, upload.content_type)
    return {
        "id": image_id,
        "key": key,
        **presigned_put(settings, s3, key, upload),
        "status_url": f"{api_base_url}/images/{image_id}",
        **rendition_urls(settings, s3, image_id),
    }
