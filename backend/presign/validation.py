"""Turns untrusted request fields into checked values, or a refusal that says what to fix."""

from __future__ import annotations

import base64
import binascii
import datetime
import math
import re
import unicodedata
from dataclasses import dataclass

from backend.common import config, ids, layout, records
from backend.common.error_codes import plain

from .responses import ApiError, bad_request, refusal

MAX_FILENAME_BYTES = 255  # what common file systems allow for one name
MAX_LIMIT = 100
DEFAULT_LIMIT = 50
MAX_BATCH = 100  # files per POST /uploads/batch, ids per GET /images?ids=, parts per signing
MAX_QUERY_CHARS = 200
MAX_TOKEN_CHARS = 1024  # upload ids and ETags S3 hands out are far shorter
_INTEGER = re.compile(r"^-?[0-9]{1,30}$")
_CURSOR = re.compile(rf"^{re.escape(layout.INDEX_PREFIX)}[{ids.ALPHABET}]{{{ids.ID_LENGTH}}}\.json$"
                     rf"|^{re.escape(layout.TAKEN_PREFIX)}(all|(camera|lens)/([0-9a-f]{{2}})+)/"
                     rf"[0-9]{{14}}-[{ids.ALPHABET}]{{{ids.ID_LENGTH}}}$")
_FILE_TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
                        r"(Z|[+-][0-9]{2}:[0-9]{2})$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
ORDERS = ("uploaded", "taken")
MAX_FACET_CHARS = 64  # camera_facts.TEXT_LIMIT: no longer name is ever stored
_ALLOWED_TYPES = ", ".join(sorted(layout.EXTENSIONS))
# Characters that reorder the text around them (Trojan-Source style): "photo\u202egpj.exe"
# shows as "photoexe.jpg". They are refused like control characters.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
RENDITIONS = ("large", "thumbnail")


def has_controls(text: str) -> bool:
    """Control characters or ones that reorder the text around them (BIDI_CONTROLS)."""
    return any(unicodedata.category(char) == "Cc" for char in text) or \
        not BIDI_CONTROLS.isdisjoint(text)
_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no", "")


@dataclass(frozen=True)
class UploadRequest:
    filename: str
    content_type: str  # normalised: lower case, no parameters, in the allowlist
    size: int
    sha256: str  # canonical base64 of the 32-byte digest
    allow_duplicates: bool = False
    file_time: str | None = None  # the file's mtime, ISO 8601 with its offset
    keep_location: bool = False  # the person asked for the photo's GPS position to be kept
    guest: str | None = None  # sent through a share's page: the guest's name ("" for none)
    album: str | None = None  # ...and the album it joins once processed

    @property
    def sha256_hex(self) -> str:
        return base64.b64decode(self.sha256).hex()

    def metadata(self) -> dict[str, str]:
        """What the original is stored with (a single PUT's signed headers, or multipart's)."""
        return records.original_metadata(self.filename, self.sha256_hex,
                                         forced_copy=self.allow_duplicates,
                                         file_time=self.file_time,
                                         keep_location=self.keep_location,
                                         guest=self.guest, album=self.album)


@dataclass(frozen=True)
class PartRequest:
    number: int
    sha256: str  # canonical base64
    size: int  # bytes in this part, derived from the file size and the part size


@dataclass(frozen=True)
class CompletedPart:
    number: int
    etag: str
    sha256: str


def upload_request(fields: dict, max_bytes: int, *, from_query: bool,
                   allow_duplicates: bool = False, multipart_limit: int | None = None) -> UploadRequest:
    """Checks one upload's fields (JSON, or a query string where every value is text).

    `allow_duplicates` is the default when the fields don't say (a batch's own setting).
    """
    if not isinstance(fields, dict):
        raise bad_request("Each file must be a JSON object with filename, content_type, size "
                          "and sha256.")
    return UploadRequest(
        filename=_filename(fields.get("filename")),
        sha256=sha256(fields.get("sha256")),
        content_type=_content_type(fields.get("content_type")),
        size=_size(fields.get("size"), max_bytes, from_query, multipart_limit),
        allow_duplicates=flag(fields, "allow_duplicates", allow_duplicates, from_query),
        file_time=_file_time(fields.get("file_time")),
        keep_location=flag(fields, "keep_location", False, from_query),
    )


def flag(fields: dict, name: str, default: bool, from_query: bool = False) -> bool:
    value = fields.get(name)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if from_query and isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise bad_request(f"'{name}' must be true or false.")


def _file_time(value) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _FILE_TIME.match(value):
        raise bad_request("'file_time' must be an ISO 8601 time with its UTC offset, "
                          "e.g. 2024-07-01T18:30:05+02:00.")
    return value


def _filename(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bad_request("The filename is missing; send the file's name in 'filename'.")
    try:
        encoded = value.encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request("The filename is not valid Unicode text.") from None
    if len(encoded) > MAX_FILENAME_BYTES:
        raise refusal(400, "filename_too_long", limit=MAX_FILENAME_BYTES)
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise refusal(400, "filename_control_characters")
    if BIDI_CONTROLS.intersection(value):
        raise refusal(400, "filename_direction_controls")
    return value


def sha256(value, what: str = "the file's") -> str:
    problem = f"'sha256' must be the base64 of {what} 32-byte SHA-256 digest."
    if value is None or value == "":
        # The checksum is signed into the URL so S3 refuses corrupted bytes; it cannot be optional.
        raise bad_request(f"The SHA-256 checksum is missing; send the base64 of {what} SHA-256 "
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
        raise refusal(415, "type_not_accepted", type=repr(value[:80]), accepted=_ALLOWED_TYPES)
    return media_type


def _size(value, max_bytes: int, from_query: bool, multipart_limit: int | None = None) -> int:
    if from_query and isinstance(value, str):
        text = value.strip()
        value = int(text) if _INTEGER.match(text) else (text or None)
    if value is None:
        raise ApiError(413, plain("too_large", f"The file size is missing; files from 1 byte up "
                                  f"to {max_bytes} bytes are accepted."))
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request("'size' must be a whole number of bytes.")
    # The issue files missing and zero sizes under 413 too: the size is outside the limits.
    if value <= 0:
        raise refusal(413, "file_empty", limit=max_bytes)
    if value > max_bytes:
        if multipart_limit:
            raise refusal(413, "file_too_large_for_one_put", size=value, limit=max_bytes,
                          multipart_limit=multipart_limit)
        raise refusal(413, "file_too_large", size=value, limit=max_bytes)
    return value


def _whole(value, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise bad_request(f"'{name}' must be a whole number from {low} to {high}.")
    return value


def _token(value, name: str) -> str:
    """An opaque string S3 gave the client (an upload id, an ETag), sent back unchanged."""
    if (not isinstance(value, str) or not value or len(value) > MAX_TOKEN_CHARS
            or not value.isprintable() or not value.isascii()):
        raise bad_request(f"'{name}' is missing or is not one S3 returned; send it back exactly "
                          "as it was given.")
    return value


def _list(value, name: str, high: int) -> list:
    if not isinstance(value, list) or not 1 <= len(value) <= high:
        raise bad_request(f"'{name}' must be a list of 1 to {high} items.")
    return value


# -- batches ---------------------------------------------------------------------------

def batch_files(body: dict) -> tuple[list, bool]:
    """The raw file entries of POST /uploads/batch (each checked on its own) and the
    batch's allow_duplicates."""
    return _list(body.get("files"), "files", MAX_BATCH), flag(body, "allow_duplicates", False)


def digest_list(body: dict) -> list[str]:
    """The digests of POST /uploads/check (base64, 1 to MAX_BATCH), each checked."""
    return [sha256(value, "each file's") for value in _list(body.get("sha256"), "sha256", MAX_BATCH)]


# -- multipart -------------------------------------------------------------------------

def upload_id(value) -> str:
    return _token(value, "upload_id")


def part_bytes_for(size: int, configured: int) -> int:
    """The part size for a file: the configured one, grown (to whole MiB) so that the file
    fits in S3's 10,000 parts."""
    needed = math.ceil(size / config.MAX_PARTS)
    if needed <= configured:
        return configured
    return math.ceil(needed / config.MiB) * config.MiB


def part_layout(body: dict, settings) -> tuple[int, int, int]:
    """(size, part_bytes, part_count) of a multipart upload, from the request's size and
    part_bytes (the one POST /uploads/multipart answered; default: the server's choice)."""
    size = _size(body.get("size"), settings.max_upload_bytes, from_query=False)
    chosen = body.get("part_bytes")
    part_bytes = part_bytes_for(size, settings.multipart_part_bytes) if chosen is None else \
        _whole(chosen, "part_bytes", config.MIN_PART_BYTES, config.SINGLE_PUT_LIMIT)
    part_count = math.ceil(size / part_bytes)
    if part_count > config.MAX_PARTS:
        raise bad_request(f"With parts of {part_bytes} bytes this file needs {part_count} parts; "
                          f"S3 takes at most {config.MAX_PARTS}. Use the part_bytes "
                          "POST /uploads/multipart answered.")
    return size, part_bytes, part_count


def parts_to_sign(body: dict, size: int, part_bytes: int, part_count: int) -> list[PartRequest]:
    parts = []
    for entry in _list(body.get("parts"), "parts", MAX_BATCH):
        if not isinstance(entry, dict):
            raise bad_request("Each part must be an object with 'number' and 'sha256'.")
        number = _whole(entry.get("number"), "number", 1, part_count)
        length = part_bytes if number < part_count else size - part_bytes * (part_count - 1)
        parts.append(PartRequest(number, sha256(entry.get("sha256"), "the part's"), length))
    return parts


def completed_parts(body: dict) -> list[CompletedPart]:
    parts: dict[int, CompletedPart] = {}
    for entry in _list(body.get("parts"), "parts", config.MAX_PARTS):
        if not isinstance(entry, dict):
            raise bad_request("Each part must be an object with 'number', 'etag' and 'sha256'.")
        number = _whole(entry.get("number"), "number", 1, config.MAX_PARTS)
        if number in parts:
            raise bad_request(f"Part {number} is listed twice; list each uploaded part once.")
        parts[number] = CompletedPart(number, _token(entry.get("etag"), "etag"),
                                      sha256(entry.get("sha256"), "the part's"))
    return [parts[number] for number in sorted(parts)]  # S3 wants ascending part numbers


# -- images ----------------------------------------------------------------------------

def image_id(value: str) -> str:
    if not ids.is_valid(value):
        raise bad_request(f"{value[:40]!r} is not a Thumbdrop image id.")
    return value


def id_list(raw: str) -> list[str]:
    """GET /images?ids=a,b,c: distinct, in the order given."""
    wanted = [part.strip() for part in raw.split(",") if part.strip()]
    if not 1 <= len(wanted) <= MAX_BATCH:
        raise bad_request(f"'ids' must name 1 to {MAX_BATCH} image ids, separated by commas.")
    return list(dict.fromkeys(image_id(value) for value in wanted))


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


def name_filter(query: dict[str, str]) -> str | None:
    """GET /images?q=: the text to look for in filenames, normalised, or None."""
    raw = query.get("q", "")
    if not raw.strip():
        return None
    if len(raw) > MAX_QUERY_CHARS or any(unicodedata.category(c) == "Cc" for c in raw):
        raise bad_request(f"'q' must be up to {MAX_QUERY_CHARS} characters of text "
                          "(part of a filename).")
    return normalise_name(raw.strip())


@dataclass(frozen=True)
class GalleryQuery:
    """GET /images' listing parameters, checked."""
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
    name: str | None = None  # q=, normalised
    order: str = "uploaded"  # or "taken"
    since: str | None = None  # from=YYYY-MM-DD: taken on or after that local day
    until: str | None = None  # to=YYYY-MM-DD: taken on or before it
    camera: str | None = None
    lens: str | None = None


def gallery_query(query: dict[str, str]) -> GalleryQuery:
    order = query.get("order", "") or "uploaded"
    if order not in ORDERS:
        raise bad_request("'order' must be 'uploaded' or 'taken'.")
    since, until = _day(query, "from"), _day(query, "to")
    if since and until and since > until:
        raise bad_request("'from' must not be after 'to'.")
    return GalleryQuery(limit=limit(query), cursor=cursor(query), name=name_filter(query),
                        order=order, since=since, until=until,
                        camera=_facet(query, "camera"), lens=_facet(query, "lens"))


def _day(query: dict[str, str], name: str) -> str | None:
    raw = query.get(name, "")
    if not raw:
        return None
    if _DAY.match(raw):
        try:
            datetime.date.fromisoformat(raw)
            return raw
        except ValueError:
            pass
    raise bad_request(f"'{name}' must be a date as YYYY-MM-DD.")


def _facet(query: dict[str, str], name: str) -> str | None:
    raw = query.get(name, "")
    if not raw:
        return None
    if len(raw) > MAX_FACET_CHARS or any(unicodedata.category(c) == "Cc" for c in raw):
        raise bad_request(f"'{name}' must be up to {MAX_FACET_CHARS} characters of text "
                          f"(a {name} name GET /images/facets answered).")
    return raw


def normalise_name(text: str) -> str:
    """How filenames compare in q=: NFKC (so "ﬁ" matches "fi"), then case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def rendition(query: dict[str, str]) -> str:
    value = query.get("rendition", "large") or "large"
    if value not in RENDITIONS:
        raise bad_request("'rendition' must be 'large' or 'thumbnail'.")
    return value


def expires_in(query: dict[str, str], default: int) -> int:
    """Seconds a link should live (capped by the caller); at least one."""
    raw = query.get("expires_in", "").strip()
    if not raw:
        return default
    if not _INTEGER.match(raw) or int(raw) < 1:
        raise bad_request("'expires_in' must be a whole number of seconds, 1 or more.")
    return int(raw)
