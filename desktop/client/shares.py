"""Album shares as the API answers them (backend/openapi.yaml, Share, NewShare): Qt-free, for
the app's share dialog and `thumbdrop-cli album share`. ApiClient's share methods make them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time

DEFAULT_DAYS = 30  # a new link lasts this long unless its maker says otherwise (app and CLI)
DEFAULT_GUEST_LIMIT = 200  # photos guests may add through one link, unless its maker says


def end_of_day(day: date) -> str:
    """The last second of `day` where this computer is, in UTC, as the API takes expiries."""
    moment = datetime.combine(day, time(23, 59, 59)).astimezone()  # this computer's zone
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class ShareOptions:
    """What a new link may show; the password, if any, is sent once and kept as a digest."""
    expires_at: str | None = None  # ISO 8601 with its offset; None: never
    password: str | None = None
    show_names: bool = False
    show_dates: bool = False
    allow_originals: bool = False
    allow_uploads: bool = False  # guests may add photos through the page
    upload_limit: int = DEFAULT_GUEST_LIMIT

    def to_json(self) -> dict:
        chosen = {name: value for name, value in asdict(self).items()
                  if value is not None and value != ""}
        if not self.allow_uploads:
            del chosen["upload_limit"]
        return chosen


@dataclass(frozen=True)
class Share:
    id: str
    album_id: str
    url: str
    created_at: str
    expires_at: str | None
    expired: bool
    has_password: bool
    show_names: bool
    show_dates: bool
    allow_originals: bool
    allow_uploads: bool = False
    upload_limit: int = 0
    uploads_used: int = 0

    @classmethod
    def from_json(cls, body: dict) -> Share:
        return cls(id=str(body["id"]), album_id=str(body["album_id"]), url=str(body["url"]),
                   created_at=str(body["created_at"]),
                   expires_at=str(body["expires_at"]) if body.get("expires_at") else None,
                   expired=bool(body["expired"]), has_password=bool(body["has_password"]),
                   show_names=bool(body["show_names"]), show_dates=bool(body["show_dates"]),
                   allow_originals=bool(body["allow_originals"]),
                   allow_uploads=bool(body.get("allow_uploads")),
                   upload_limit=int(body.get("upload_limit") or 0),
                   uploads_used=int(body.get("uploads_used") or 0))


def shares_from_json(body: dict) -> list[Share]:
    return [Share.from_json(item) for item in body["items"]]
