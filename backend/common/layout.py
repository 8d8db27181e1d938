"""Where everything lives in the two buckets. The one place that knows key names.

Upload bucket:  input/<id><ext>              the original, as PUT by the client
Output bucket:  thumbnails/<id>.webp         256x256 centre crop
                large/<id>.webp              fits in 1600x1600, never upscaled
                meta/<id>.json               status record (pending is implied by its absence)
                index/<invert(id)>.json      copy of meta for ready images; lists newest first
"""

from __future__ import annotations

import posixpath

from . import ids

INPUT_PREFIX = "input/"
THUMBNAIL_PREFIX = "thumbnails/"
LARGE_PREFIX = "large/"
META_PREFIX = "meta/"
INDEX_PREFIX = "index/"

# Content types the API accepts, and the extension the server gives the key.
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/tiff": ".tif",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "image/bmp": ".bmp",
    # Camera RAW (decoded by backend/resize/raw.py); shared-mime-info's names for them.
    "image/x-adobe-dng": ".dng",
    "image/x-nikon-nef": ".nef",
    "image/x-canon-cr2": ".cr2",
    "image/x-canon-cr3": ".cr3",
    "image/x-sony-arw": ".arw",
    "image/x-fuji-raf": ".raf",
    "image/x-olympus-orf": ".orf",
    "image/x-panasonic-rw2": ".rw2",
}


def input_key(image_id: str, content_type: str) -> str:
    return f"{INPUT_PREFIX}{image_id}{EXTENSIONS[content_type]}"


def thumbnail_key(image_id: str) -> str:
    return f"{THUMBNAIL_PREFIX}{image_id}.webp"


def large_key(image_id: str) -> str:
    return f"{LARGE_PREFIX}{image_id}.webp"


def meta_key(image_id: str) -> str:
    return f"{META_PREFIX}{image_id}.json"


def index_key(image_id: str) -> str:
    return f"{INDEX_PREFIX}{ids.invert(image_id)}.json"


def id_from_index_key(key: str) -> str:
    return ids.invert(posixpath.basename(key).removesuffix(".json"))


def id_from_input_key(key: str) -> str | None:
    """The id in an `input/` key, or None when the key is not one of ours."""
    if not key.startswith(INPUT_PREFIX):
        return None
    stem, _ext = posixpath.splitext(key[len(INPUT_PREFIX):])
    return stem if ids.is_valid(stem) else None


def output_keys(image_id: str) -> list[str]:
    """Every key in the output bucket that belongs to one image."""
    return [thumbnail_key(image_id), large_key(image_id), meta_key(image_id), index_key(image_id)]
