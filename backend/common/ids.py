"""Server-made image ids: time-ordered, unguessable, safe in any S3 key.

An id is 26 characters of lower-case Crockford base32: 48 bits of milliseconds
since the epoch followed by 80 random bits (the ULID layout). Sorting ids as
strings sorts them by creation time; `invert` maps an id to a string that sorts
the other way round, which is how the gallery lists newest first with S3's
ascending-only ListObjectsV2.
"""

from __future__ import annotations

import re
import secrets
import time
from datetime import UTC, datetime

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_LENGTH = 26
ID_PATTERN = re.compile(rf"^[{ALPHABET}]{{{ID_LENGTH}}}$")
_INVERT = str.maketrans(ALPHABET, ALPHABET[::-1])


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def new_id(now_ms: int | None = None) -> str:
    """A fresh id for an upload made at `now_ms` (default: now)."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    return _encode(ms, 10) + _encode(secrets.randbits(80), 16)


def new_ids(count: int, now_ms: int | None = None) -> list[str]:
    """`count` fresh ids for one batch, ascending in the order given: the gallery (newest
    first) then shows a batch as the newest-first reverse of the order it was sent in, the
    way it shows batches, rather than shuffled by their random halves."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    return [_encode(ms, 10) + _encode(tail, 16)
            for tail in sorted(secrets.randbits(80) for _ in range(count))]


def is_valid(image_id: str) -> bool:
    return bool(ID_PATTERN.fullmatch(image_id))  # match() would let "…id\n" through ($)


def created_at(image_id: str) -> str:
    """The id's creation time as an ISO 8601 UTC string with milliseconds."""
    ms = 0
    for char in image_id[:10]:
        ms = ms * 32 + ALPHABET.index(char)
    stamp = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def invert(image_id: str) -> str:
    """Maps an id to its mirror image in sort order (an involution)."""
    return image_id.translate(_INVERT)
