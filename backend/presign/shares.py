"""Album shares: the owner's routes (make, list, revoke; bearer token) and what a link opens
for anyone holding it (`/s/<token>`, no bearer token: the link is the key).

A page view is two requests to this function: GET /s/<token> (the page, backend/presign/
share_page.py) and POST /s/<token>/photos (the album's photos, a page at a time, each with
rendition URLs minted for this view: presigned with the function's credentials of the moment,
so an expiring share works whatever the role's session length; permanent where renditions
are public). The browser then loads the renditions from the store directly; no request per
photo reaches the API.

Refusals a link can meet, all before any photo is read: no such link (404), revoked, expired,
its album deleted (410), a password needed (401) or wrong (403, answered after
WRONG_PASSWORD_DELAY so that guessing costs seconds per try, on top of scrypt).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from backend.common import album_store, layout, objects, share_store
from backend.common.config import Settings

from . import links
from .albums import list_album_images
from .parallel import map_parallel
from .responses import bad_request, refusal

WRONG_PASSWORD_DELAY = 1.0  # seconds before a wrong password is answered
# Photos per POST /s/<token>/photos answer: two first screens; the page asks for more as one
# scrolls (bench/bench_share_page.py: 120 made the first screen ~100 ms later than 60).
PAGE_PHOTOS = 60
MAX_PASSWORD_CHARS = 200


# -- the owner's routes ----------------------------------------------------------------------

def create_share(settings: Settings, s3, album_id: str, body: dict, base_url: str) -> dict:
    """POST /albums/{id}/shares {expires_at?, password?, show_names?, show_dates?,
    allow_originals?}: the new share with its link."""
    unknown = set(body) - {"expires_at", "password", *share_store.OPTIONS}
    if unknown:
        raise bad_request(f"Unknown share fields: {', '.join(sorted(unknown))}.")
    if not album_store.exists(s3, settings.output_bucket, album_id):
        raise refusal(404, "album_not_found", id=album_id)
    password = body.get("password") or None
    if password is not None and (not isinstance(password, str)
                                 or len(password) > MAX_PASSWORD_CHARS):
        raise bad_request(f"A share's password is text of at most {MAX_PASSWORD_CHARS} "
                          "characters.")
    options = {name: body.get(name, False) for name in share_store.OPTIONS}
    if not all(isinstance(value, bool) for value in options.values()):
        raise bad_request("show_names, show_dates and allow_originals are true or false.")
    share = share_store.create(s3, settings.output_bucket, album_id,
                               expires_at=_expiry(body.get("expires_at")),
                               password=password, options=options)
    return share_view(share, base_url)


def album_shares(settings: Settings, s3, album_id: str, base_url: str) -> dict:
    """GET /albums/{id}/shares: the album's links that still work or expired (not revoked)."""
    if not album_store.exists(s3, settings.output_bucket, album_id):
        raise refusal(404, "album_not_found", id=album_id)
    return {"items": [share_view(share, base_url)
                      for share in share_store.of_album(s3, settings.output_bucket, album_id)]}


def revoke_share(settings: Settings, s3, share_id: str) -> None:
    """DELETE /shares/{id}: the link stops working at once."""
    if not share_store.revoke(s3, settings.output_bucket, share_id):
        raise refusal(404, "share_not_in_gallery", id=share_id)


def share_view(share: dict, base_url: str) -> dict:
    return {"id": share["id"], "album_id": share["album_id"],
            "url": f"{base_url.rstrip('/')}/s/{share['token']}",
            "created_at": share["created_at"], "expires_at": share["expires_at"],
            "expired": share_store.expired(share), "has_password": bool(share["password"]),
            **{name: share[name] for name in share_store.OPTIONS}}


def _expiry(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_request("expires_at is a date and time such as 2027-01-31T23:59:59Z.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise bad_request("expires_at is a date and time such as 2027-01-31T23:59:59Z.") from None
    if moment.tzinfo is None:
        raise bad_request("expires_at needs its UTC offset (…Z or …+01:00).")
    if moment <= datetime.now(UTC):
        raise refusal(400, "share_expiry_passed", date=value)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- what a link opens --------------------------------------------------------------------------

def open_share(settings: Settings, s3, token: str) -> dict:
    """The share a link names, if it may be shown now; else the refusal the page says."""
    share = share_store.find(s3, settings.output_bucket, token)
    if share is None:
        raise refusal(404, "share_not_found")
    if share.get("revoked_at"):
        raise refusal(410, "share_revoked")
    if share_store.expired(share):
        raise refusal(410, "share_expired", date=share["expires_at"][:10])
    album = album_store.get(s3, settings.output_bucket, share["album_id"])
    if album is None:
        raise refusal(410, "share_album_gone")
    return {**share, "album": album}


def shared_photos(settings: Settings, s3, token: str, body: dict) -> dict:
    """POST /s/<token>/photos {password?, cursor?}: `{title, items, next_cursor}`; each item has
    the two renditions' URLs and sizes, and the name, date and original only where the share
    shows them. Nothing else of the record leaves: no ids but those in the URLs, no GPS."""
    share = open_share(settings, s3, token)
    if share["password"]:
        given = body.get("password")
        if not isinstance(given, str) or not given:
            raise refusal(401, "share_password_needed")
        if len(given) > MAX_PASSWORD_CHARS or not share_store.password_matches(share, given):
            time.sleep(WRONG_PASSWORD_DELAY)
            raise refusal(403, "share_password_wrong")
    cursor = body.get("cursor")
    if cursor is not None and not isinstance(cursor, str):
        raise bad_request("cursor is the next_cursor of the previous answer.")
    page = list_album_images(settings, s3, share["album_id"], PAGE_PHOTOS, cursor)
    # Originals may be gone (the retention rule): a HEAD each, in parallel, only when offered.
    kept = map_parallel(lambda image: objects.head(
        s3, settings.upload_bucket, layout.input_key(image["id"])) is not None,
        page["items"]) if share["allow_originals"] else [False] * len(page["items"])
    return {"title": share["album"]["name"], "next_cursor": page["next_cursor"],
            "items": [_shown(settings, s3, share, image, original)
                      for image, original in zip(page["items"], kept)]}


def _shown(settings: Settings, s3, share: dict, image: dict, original: bool) -> dict:
    shown = {"thumbnail_url": image["thumbnail_url"], "large_url": image["large_url"],
             "width": image["width"], "height": image["height"]}
    if share["show_names"]:
        shown["name"] = image["filename"]
    if share["show_dates"]:
        taken = image.get("taken_at") or image["created_at"]
        shown["date"] = taken[:16].replace("T", " ")  # the camera's clock, as it was set
    if original:
        filename = image["filename"] if share["show_names"] else None
        shown["original_url"] = links.original_download(settings, s3, image["id"], {
            "filename": filename or _anonymous_name(image), "content_type":
            image["content_type"], "bytes": image["bytes"]})["url"]
    return shown


def _anonymous_name(image: dict) -> str:
    taken = (image.get("taken_at") or image["created_at"])[:19].replace(":", "-")
    return f"photo-{taken}{layout.EXTENSIONS.get(image['content_type'], '')}"
