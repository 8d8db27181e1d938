"""Turns untrusted request fields into checked values, or a refusal that says what to fix."""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass

from backend.common import ids, layout

from .responses import ApiError, bad_request

MAX_FILENAME_BYTES = 255  # what common file systems allow for one name
MAX_LIMIT = 100
DEFAULT_LIMIT = 50
_INTEGER = re.compile(r"^-?[0-9]{1,30}$")
_CURSOR = re.compile(rf"^{re.escape(layout.INDEX_PREFIX)}[{ids.ALPHABET}]{{{ids.ID_LENGTH}}}\.json$")
_ALLOWED_TYPES = ", ".join(sorted(layout.EXTENSIONS))


@dataclass(frozen=True)
class UploadRequest:
    filename: str
    content_type: str  # normalised: lower case, no parameters, in the allowlist
    size: int
    sha256: str  # canonical base64 of the 32-byte digest


def upload_request(fields: dict, max_bytes: int, *, from_query: bool) -> UploadRequest:
    """Checks POST /uploads (JSON) or GET /uploads (query string, all values text)."""
    return UploadRequest(
        filename=_filename(fields.get("filename")),
        sha256=_sha256(fields.get("sha256")),
        content_type=_content_type(fields.get("content_type")),
        size=_size(fields.get("size"), max_bytes, from_query),
    )


def _filename(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bad_request("The filename is missing; send the file's name in 'filename'.")
    try:
        encoded = value.encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request("The filename is not valid Unicode text.") from None
    if len(encoded) > MAX_FILENAME_BYTES:
        raise bad_request(
            f"The filename is longer than {MAX_FILENAME_BYTES} bytes; rename the file and retry."
        )
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise bad_request("The filename contains control characters; rename the file and retry.")
    return value


def _sha256(value) -> str:
    problem = "'sha256' must be the base64 of the file's 32-byte SHA-256 digest."
    if value is None or value == "":
        # The checksum is signed into the URL so S3 refuses corrupted bytes; it cannot be optional.
        raise bad_request("The SHA-256 checksum is missing; send the base64 of the file's SHA-256 "
                          "digest in 'sha256' (S3 checks the uploaded bytes against it).")
    if not isinstance(value, str):
        raise bad_request(problem)
    try:
        digest = base64.b64decode(value.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise bad_request(problem) from None
    if len(digest) != 32:
        raise bad_request(problem)
    return base64.b64encode(digest).decode("ascii")


def _content_type(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bad_request(
            f"The content type is missing; send one of {_ALLOWED_TYPES} in 'content_type'."
        )
    media_type = value.split(";", 1)[0].strip().lower()
    if media_type not in layout.EXTENSIONS:
        raise ApiError(415, "unsupported_type",
                       f"The type {value[:80]!r} is not accepted; Thumbdrop takes {_ALLOWED_TYPES}.")
    return media_type


def _size(value, max_bytes: int, from_query: bool) -> int:
    if from_query and isinstance(value, str):
        text = value.strip()
        value = int(text) if _INTEGER.match(text) else (text or None)
    if value is None:
        raise _too_large("The file size is missing", max_bytes)
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request("'size' must be a whole number of bytes.")
    if value <= 0:
        raise _too_large("The file is empty (or its size is not positive)", max_bytes)
    if value > max_bytes:
        raise _too_large(f"The file is {value} bytes", max_bytes)
    return value


def _too_large(what: str, max_bytes: int) -> ApiError:
    # The issue files missing and zero sizes under 413 too: the size is outside the limits.
    return ApiError(413, "too_large",
                    f"{what}; files from 1 byte up to {max_bytes} bytes are accepted.")


def image_id(value: str) -> str:
    if not ids.is_valid(value):
        raise bad_request(f"{value[:40]!r} is not a Thumbdrop image id.")
    return value


def limit(query: dict[str, str]) -> int:
    raw = query.get("limit", "").strip()
    if not raw:
        return DEFAULT_LIMIT
    if not _INTEGER.match(raw) or not 1 <= int(raw) <= MAX_LIMIT:
        raise bad_request(f"'limit' must be a whole number from 1 to {MAX_LIMIT}.")
    return int(raw)


def cursor(query: dict[str, str]) -> str | None:
    raw = query.get("cursor", "")
    if not raw:
        return None
    if not _CURSOR.match(raw):
        raise bad_request("'cursor' is not one this API returned; start again without it.")
    return raw
