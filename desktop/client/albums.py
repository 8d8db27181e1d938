"""Albums as the API answers them (backend/openapi.yaml, Album, AlbumAdded): Qt-free, for
the app's album calls and `thumbdrop-cli album`. ApiClient's album methods make them."""

from __future__ import annotations

from dataclasses import dataclass

from backend.common import ids


def _id(value: object) -> str:
    if not isinstance(value, str) or not ids.is_valid(value):
        raise ValueError(f"not an id: {value!r}")
    return value


@dataclass(frozen=True)
class Album:
    id: str
    name: str
    created_at: str
    count: int  # photos in it, pending ones too
    cover_id: str | None = None
    cover_thumbnail_url: str | None = None  # None while no photo of it is ready

    @classmethod
    def from_json(cls, body: dict) -> Album:
        cover = body.get("cover") or None
        return cls(id=_id(body["id"]), name=str(body["name"]),
                   created_at=str(body.get("created_at") or ""), count=int(body["count"]),
                   cover_id=_id(cover["id"]) if cover else None,
                   cover_thumbnail_url=str(cover["thumbnail_url"]) if cover else None)


@dataclass(frozen=True)
class Added:
    added: list[str]
    missing: list[str]  # ids that name no photo (never uploaded, or deleted)

    @classmethod
    def from_json(cls, body: dict) -> Added:
        return cls([_id(i) for i in body["added"]], [_id(i) for i in body["missing"]])


def albums_from_json(body: dict) -> list[Album]:
    return [Album.from_json(item) for item in body["items"]]
