"""Album shares in the output bucket: a link `…/s/<token>` that shows one album to anyone
holding it (issue 20, section 3). No HTTP here.

- The token is 176 random bits (`secrets.token_urlsafe(22)`); the share's id is the first 128
  bits of its SHA-256, and the object is `shares/<id>.json`. Opening a link is one GET by
  that key: no listing, and the id (which the owner's API shows and revokes by) does not give
  the token back.
- The token itself is kept in the object so the owner can copy the link again later; the
  output bucket is private to the functions (docs/DEPLOY.md, "Who may do what").
- A password is kept as a scrypt digest (n=2**14, r=8, p=1: ~16 MB and tens of ms per try,
  so guessing is slow and costly; hashlib's, no extra dependency).
- Revoking replaces the object with one that says when it was revoked, so a revoked link
  says "revoked" (410) rather than "no such link" (404). Turning guest uploads on or off
  replaces it the same way.
- Guest uploads (a share that allows them): each takes one slot object under
  `shares/<id>/uploads/`, written only if absent, so two guests at once never both get the
  last slot of the share's limit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from . import layout, objects

TOKEN_BYTES = 22  # 176 bits
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
OPTIONS = ("show_names", "show_dates", "allow_originals")
# What a guest may send through a share that allows uploads (each a share's own setting).
GUEST_TYPES = ("image/jpeg", "image/heic", "image/heif", "image/png", "image/webp",
               "image/avif")  # what phones and laptops make; camera RAW stays the owner's
UPLOAD_DEFAULTS = {"allow_uploads": False, "upload_limit": 200,
                   "upload_max_bytes": 50 * 1024 * 1024, "upload_types": list(GUEST_TYPES)}


def share_id(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def create(s3, bucket: str, album_id: str, *, expires_at: str | None, password: str | None,
           options: dict[str, bool], uploads: dict | None = None,
           now: datetime | None = None) -> dict:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    share = {"id": share_id(token), "token": token, "album_id": album_id,
             "created_at": _iso(now or datetime.now(UTC)), "expires_at": expires_at,
             "password": _digest(password) if password else None, "revoked_at": None,
             **{name: bool(options.get(name)) for name in OPTIONS},
             **UPLOAD_DEFAULTS, **(uploads or {})}
    if not objects.put_json(s3, bucket, layout.share_key(share["id"]), share,
                            only_if_absent=True):
        raise RuntimeError("a new share's id exists already")  # 2**-128: never in practice
    return share


def get(s3, bucket: str, share_id_: str) -> dict | None:
    if not layout.is_share_id(share_id_):
        return None
    share = objects.read_json(s3, bucket, layout.share_key(share_id_))
    return {**UPLOAD_DEFAULTS, **share} if share is not None else None  # older shares: none


def find(s3, bucket: str, token: str) -> dict | None:
    """The share this token opens (revoked ones too), or None for a token never made."""
    share = get(s3, bucket, share_id(token))
    if share is None or not hmac.compare_digest(share.get("token", ""), token):
        return None
    return share


def of_album(s3, bucket: str, album_id: str) -> list[dict]:
    """The album's shares not revoked, oldest first. One LIST of shares/ and one GET per share
    (a gallery has a handful of shares, never thousands)."""
    found = []
    # The delimiter leaves out the guest-upload slots under shares/<id>/.
    for key in objects.keys(s3, bucket, layout.SHARE_PREFIX, delimiter="/"):
        share_id_ = layout.share_id_from_key(key)
        share = get(s3, bucket, share_id_) if share_id_ else None
        if share and share["album_id"] == album_id and not share.get("revoked_at"):
            found.append(share)
    return sorted(found, key=lambda share: share["created_at"])


def revoke(s3, bucket: str, share_id_: str, now: datetime | None = None) -> bool:
    """False when there is no such share. The link stops working with this write."""
    share = get(s3, bucket, share_id_)
    if share is None:
        return False
    if not share.get("revoked_at"):
        share["revoked_at"] = _iso(now or datetime.now(UTC))
        objects.put_json(s3, bucket, layout.share_key(share_id_), share)
    return True


def set_uploads(s3, bucket: str, share_id_: str, allowed: bool) -> dict | None:
    """The share with guest uploads turned on or off (None: no such share). Off holds from
    this write: the next presign a guest asks for is refused."""
    share = get(s3, bucket, share_id_)
    if share is None:
        return None
    if share["allow_uploads"] != allowed:
        share["allow_uploads"] = allowed
        objects.put_json(s3, bucket, layout.share_key(share_id_), share)
    return share


def uploads_used(s3, bucket: str, share_id_: str) -> int:
    """Slots taken so far: one LIST per 1,000 (a share's limit is a few hundred)."""
    return sum(1 for _ in objects.keys(s3, bucket, layout.share_upload_prefix(share_id_)))


def take_upload_slot(s3, bucket: str, share: dict, what: dict) -> bool:
    """One more guest upload counted against the share's limit; False when it is reached.
    Slots are numbered from the count seen; a slot another guest took meanwhile moves on to
    the next, so the limit is never passed."""
    slot = uploads_used(s3, bucket, share["id"])
    while slot < share["upload_limit"]:
        if objects.put_json(s3, bucket, layout.share_upload_key(share["id"], slot),
                            {**what, "at": _iso(datetime.now(UTC))}, only_if_absent=True):
            return True
        slot += 1
    return False


def password_matches(share: dict, given: str) -> bool:
    kept = share["password"]
    tried = hashlib.scrypt(given.encode("utf-8", "surrogatepass"),
                           salt=bytes.fromhex(kept["salt"]), n=kept["n"], r=kept["r"],
                           p=kept["p"], dklen=32)
    return hmac.compare_digest(tried, bytes.fromhex(kept["hash"]))


def expired(share: dict, now: datetime | None = None) -> bool:
    if not share.get("expires_at"):
        return False
    moment = datetime.fromisoformat(share["expires_at"])
    return (now or datetime.now(UTC)) >= moment


def _digest(password: str) -> dict:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8", "surrogatepass"), salt=salt, **SCRYPT,
                            dklen=32)
    return {"kdf": "scrypt", **SCRYPT, "salt": salt.hex(), "hash": digest.hex()}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
