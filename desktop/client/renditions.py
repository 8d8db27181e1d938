"""The kinds of picture the backend keeps of an image, by the names the API and the cache use."""

from __future__ import annotations

from enum import StrEnum


class Rendition(StrEnum):
    THUMBNAIL = "thumbnail"  # 256 px square crop (the grid, the queue's rows)
    LARGE = "large"          # fits 1600 px (the viewer, "Download large views")
    ORIGINAL = "original"    # the uploaded bytes as they were sent


CACHED = (Rendition.THUMBNAIL, Rendition.LARGE)  # what the thumbnail cache keeps on disk
