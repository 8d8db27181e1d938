"""What the server says about itself (`GET /config`): limits the client obeys, none hard-coded."""

from __future__ import annotations

import math
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class ServerConfig:
    api_version: int
    max_upload_bytes: int
    single_put_max_bytes: int
    multipart_threshold: int
    part_bytes: int
    max_parts: int
    content_types: tuple[str, ...]
    max_batch: int
    upload_url_expires: int
    max_image_pixels: int | None = None
    output_access: str = "presigned"           # "public": rendition URLs are permanent
    max_link_seconds: int = 43200              # the longest lifetime a shared link may have
    original_retention_days: int | None = None  # None: originals are kept
    version: str | None = None  # the backend software's version (older backends don't say)
    gallery_id: str | None = None  # the gallery's identity (older backends don't say)

    @classmethod
    def from_json(cls, body: dict) -> ServerConfig:
        multipart = body["multipart"]
        return cls(api_version=int(body["api_version"]),
                   max_upload_bytes=int(body["max_upload_bytes"]),
                   single_put_max_bytes=int(body.get("single_put_max_bytes")
                                            or body["max_upload_bytes"]),
                   multipart_threshold=int(multipart["threshold_bytes"]),
                   part_bytes=int(multipart["part_bytes"]),
                   max_parts=int(multipart.get("max_parts") or 10_000),
                   content_types=tuple(str(t) for t in body.get("content_types") or ()),
                   max_batch=max(1, int(body.get("max_batch") or 1)),
                   upload_url_expires=int(body.get("upload_url_expires") or 900),
                   max_image_pixels=body.get("max_image_pixels"),
                   output_access=str(body.get("output_access") or "presigned"),
                   max_link_seconds=max(1, int(body.get("max_link_seconds") or 43200)),
                   original_retention_days=(int(body["original_retention_days"])
                                            if body.get("original_retention_days") else None),
                   version=str(body["version"]) if body.get("version") else None,
                   gallery_id=str(body["gallery_id"]) if body.get("gallery_id") else None)

    def gallery_key(self, endpoint: str) -> str:
        """What finished queue rows belong to: the gallery's id, or (a backend that doesn't
        say) its endpoint. An id, not the URL: one URL may come to serve another gallery (a
        fresh data dir on a remembered port), and one gallery another URL."""
        return f"id:{self.gallery_id}" if self.gallery_id else f"url:{endpoint}"

    def uses_multipart(self, size: int) -> bool:
        return size >= self.multipart_threshold or size > self.single_put_max_bytes

    def part_size_for(self, size: int) -> int:
        """The part size the server will choose for a file of `size` bytes: its part size,
        grown (rounded up to a MiB) when the file would need more than max_parts parts."""
        needed = math.ceil(size / self.max_parts)
        if needed <= self.part_bytes:
            return self.part_bytes
        return math.ceil(needed / MIB) * MIB

    def too_large(self, size: int) -> bool:
        return size > self.max_upload_bytes


def part_ranges(size: int, part_bytes: int) -> list[tuple[int, int, int]]:
    """(number, offset, length) of each part, numbered from 1; the last may be shorter."""
    count = max(1, math.ceil(size / part_bytes))
    return [(n + 1, n * part_bytes, min(part_bytes, size - n * part_bytes))
            for n in range(count)]
