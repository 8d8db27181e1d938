"""Album shares: the owner's routes (make, list, revoke; bearer token) and what a link opens
for anyone holding it (`/s/<token>`, no bearer token: the link is the key).

A page view is two requests to this function: GET /s/<token> (the page, backend/presign/
share_page.py) and POST /s/<token>/photos (the album's photos, a page at a time, each with
rendition URLs minted for this view: presigned with the function's credentials of the moment,
so an expiring share works whatever the role's session length; permanent where renditions
are public). The browser then loads the renditions from the store directly; no request per
photo reaches the API.

A share may take guest uploads (its `allow_uploads`): POST /s/<token>/uploads presigns the
guest's files like POST /uploads/batch (checksummed single PUTs straight to the store), within
the share's own limits (how many in all, how large, which types), marks each original as a
guest's (with the name they gave and the album it is for); resize puts it in the album when
it is ready, so a file a guest never sent never counts there. The owner turns uploads off
with PATCH /shares/{id}.

Refusals a link can meet, all before any photo is read: no such link (404), revoked, expired,
its album deleted (410), a password needed (401) or wrong (403, answered after
WRONG_PASSWORD_DELAY so that guessing costs seconds per try, on top of scrypt).
"""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime

from backend.common import album_store, layout, objects, share_store
from backend.common.config import Settings

from . import links, uploads, validation
from .albums import list_album_images
from .parallel import map_parallel
from .responses import ApiError, bad_request, refusal

WRONG_PASSWORD_DELAY = 1.0  # seconds before a wrong password is answered
# Photos per POST /s/<token>/photos answer: two first screens; the page asks for more as one
# scrolls (bench/bench_share_page.py: 120 made the first screen ~100 ms later than 60).
PAGE_PHOTOS = 60
MAX_PASSWORD_CHARS = 200
MAX_GUEST_NAME_CHARS = 60
MAX_GUEST_FILES = 20  # files per POST /s/<token>/uploads: the page sends a few at a time
MAX_UPLOAD_LIMIT = 10_000  # a share's upload_limit, and its upload_max_bytes below
UPLOAD_FIELDS = ("allow_uploads", "upload_limit", "upload_max_bytes", "upload_types")


# -- the owner's routes ----------------------------------------------------------------------

def create_share(settings: Settings, s3, album_id: str, body: dict, base_url: str) -> dict:
    """POST /albums/{id}/shares {expires_at?, password?, show_names?, show_dates?,
    allow_originals?}: the new share with its link."""
    unknown = set(body) - {"expires_at", "password", *share_store.OPTIONS, *UPLOAD_FIELDS}
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
                               password=password, options=options,
                               uploads=_upload_settings(settings, body))
    return share_view(share, base_url)


def _upload_settings(settings: Settings, body: dict) -> dict:
    chosen = {**share_store.UPLOAD_DEFAULTS,
              **{name: body[name] for name in UPLOAD_FIELDS if name in body}}
    if not isinstance(chosen["allow_uploads"], bool):
        raise bad_request("allow_uploads is true or false.")
    for name, top in (("upload_limit", MAX_UPLOAD_LIMIT),
                      ("upload_max_bytes", settings.single_put_max_bytes)):
        value = chosen[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            raise bad_request(f"{name} is a whole number from 1 to {top}.")
    types = chosen["upload_types"]
    if (not isinstance(types, list) or not types
            or any(kind not in layout.EXTENSIONS for kind in types)):
        raise bad_request("upload_types is a list of image types the gallery takes, such as "
                          "[\"image/jpeg\", \"image/heic\"].")
    chosen["upload_types"] = sorted(set(types))
    return chosen


def change_share(settings: Settings, s3, share_id: str, body: dict, base_url: str) -> dict:
    """PATCH /shares/{id} {allow_uploads}: guest uploads on or off, from the next request."""
    if set(body) != {"allow_uploads"} or not isinstance(body["allow_uploads"], bool):
        raise bad_request("A share's PATCH takes one field: allow_uploads, true or false.")
    share = share_store.set_uploads(s3, settings.output_bucket, share_id, body["allow_uploads"])
    if share is None or share.get("revoked_at"):
        raise refusal(404, "share_not_in_gallery", id=share_id)
    return share_view(share, base_url, used=share_store.uploads_used(
        s3, settings.output_bucket, share_id))


def album_shares(settings: Settings, s3, album_id: str, base_url: str) -> dict:
    """GET /albums/{id}/shares: the album's links that still work or expired (not revoked)."""
    if not album_store.exists(s3, settings.output_bucket, album_id):
        raise refusal(404, "album_not_found", id=album_id)
    found = share_store.of_album(s3, settings.output_bucket, album_id)
    used = map_parallel(lambda share: share_store.uploads_used(
        s3, settings.output_bucket, share["id"]), found)
    return {"items": [share_view(share, base_url, used=count)
                      for share, count in zip(found, used, strict=True)]}


def revoke_share(settings: Settings, s3, share_id: str) -> None:
    """DELETE /shares/{id}: the link stops working at once."""
    if not share_store.revoke(s3, settings.output_bucket, share_id):
        raise refusal(404, "share_not_in_gallery", id=share_id)


def share_view(share: dict, base_url: str, used: int = 0) -> dict:
    return {"id": share["id"], "album_id": share["album_id"],
            "url": f"{base_url.rstrip('/')}/s/{share['token']}",
            "created_at": share["created_at"], "expires_at": share["expires_at"],
            "expired": share_store.expired(share), "has_password": bool(share["password"]),
            **{name: share[name] for name in share_store.OPTIONS},
            **{name: share[name] for name in UPLOAD_FIELDS}, "uploads_used": used}


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
    share = _unlocked(settings, s3, token, body)
    cursor = body.get("cursor")
    if cursor is not None and not isinstance(cursor, str):
        raise bad_request("cursor is the next_cursor of the previous answer.")
    page = list_album_images(settings, s3, share["album_id"], PAGE_PHOTOS, cursor)
    # Originals may be gone (the retention rule): a HEAD each, in parallel, only when offered.
    kept = map_parallel(lambda image: objects.head(
        s3, settings.upload_bucket, layout.input_key(image["id"])) is not None,
        page["items"]) if share["allow_originals"] else [False] * len(page["items"])
    return {"title": share["album"]["name"], "next_cursor": page["next_cursor"],
            "uploads": _guest_terms(share),
            "items": [_shown(settings, s3, share, image, original)
                      for image, original in zip(page["items"], kept)]}


def _unlocked(settings: Settings, s3, token: str, body: dict) -> dict:
    """The share, once the password (if it has one) was given right."""
    share = open_share(settings, s3, token)
    if share["password"]:
        given = body.get("password")
        if not isinstance(given, str) or not given:
            raise refusal(401, "share_password_needed")
        if len(given) > MAX_PASSWORD_CHARS or not share_store.password_matches(share, given):
            time.sleep(WRONG_PASSWORD_DELAY)
            raise refusal(403, "share_password_wrong")
    return share


def _guest_terms(share: dict) -> dict | None:
    """What the page's upload panel needs to know, or None when the share takes no uploads."""
    if not share["allow_uploads"]:
        return None
    return {"max_bytes": share["upload_max_bytes"], "per_request": MAX_GUEST_FILES,
            "types": {kind: list(layout.TYPE_EXTENSIONS[kind]) for kind in share["upload_types"]}}


def guest_uploads(settings: Settings, s3, token: str, body: dict, base_url: str) -> dict:
    """POST /s/<token>/uploads {password?, name?, files: [{filename, content_type, size,
    sha256, file_time?}]}: per file, in order, `{status: "upload", upload: {method, url,
    headers}}`, `{status: "duplicate"}` (those bytes are in the gallery already: now in the
    album too) or `{status: "error", code, message}`. Nothing of the gallery is answered."""
    share = _unlocked(settings, s3, token, body)
    if not share["allow_uploads"]:
        raise refusal(403, "share_uploads_off")
    name = _guest_name(body.get("name"))
    entries = body.get("files")
    if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_GUEST_FILES:
        raise bad_request(f"files is a list of 1 to {MAX_GUEST_FILES} files.")

    def answer(entry) -> dict:
        try:
            upload = validation.upload_request(entry, share["upload_max_bytes"],
                                               from_query=False)
            if upload.content_type not in share["upload_types"]:
                raise refusal(415, "share_upload_type", filename=upload.filename,
                              types=", ".join(layout.EXTENSIONS[kind]
                                              for kind in share["upload_types"]))
            if not share_store.take_upload_slot(s3, settings.output_bucket, share,
                                                {"filename": upload.filename, "name": name}):
                raise refusal(403, "share_upload_limit", limit=share["upload_limit"])
            given = uploads.create_upload(settings, s3, dataclasses.replace(
                upload, guest=name, album=share["album_id"], allow_duplicates=False),
                base_url)
        except ApiError as refused:
            return {"status": "error", **refused.body}
        if given["status"] == "duplicate":
            # Already in the gallery: in the album from now. A new upload joins it when
            # resize makes it ready (backend/resize/handler.py), so one never sent never does.
            album_store.add(s3, settings.output_bucket, share["album_id"], given["id"])
            return {"status": "duplicate"}
        return {"status": "upload", "upload": given["upload"],
                "expires_at": given["expires_at"]}

    return {"items": map_parallel(answer, entries)}


def _guest_name(value) -> str:
    """The name a guest gave (kept with their photos for the owner), or "" for none."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise bad_request("name is the guest's name, as text.")
    name = " ".join(value.split())
    if len(name) > MAX_GUEST_NAME_CHARS:
        raise bad_request(f"Your name is longer than {MAX_GUEST_NAME_CHARS} characters; "
                          "shorten it.")
    if validation.has_controls(name):
        raise bad_request("Your name contains control characters; type it again.")
    return name


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
