"""One presigned PUT of a file or of one part of it, and what its answer means.

S3 answers errors as XML (<Code>, <Message>). The caller decides what to do from the
outcome: stored (with the ETag), a 403 (the URL expired, or its signing session did: ask
for a fresh one), bytes that differ from what was signed (the file changed), busy (429 or
5xx, maybe with Retry-After), refused for good, or no answer at all (the network).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from .api import ApiClient
from .api_errors import from_exception
from .backoff import parse_retry_after
from .i18n import translate
from .streaming import FileBody

# Codes S3 uses when the bytes or headers differ from what was signed.
MISMATCH_CODES = frozenset({"SignatureDoesNotMatch", "BadDigest", "InvalidDigest",
                            "XAmzContentSHA256Mismatch", "IncompleteBody"})


@dataclass(frozen=True)
class S3Refusal:
    status: int
    code: str
    message: str

    @property
    def expired(self) -> bool:
        return self.status == 403 and "expired" in self.message.lower()

    def describe(self) -> str:
        detail = (f"{self.code}: {self.message}" if self.code
                  else translate("Transfer", "no details"))
        return f"{self.status} {detail}".rstrip(". ")


def parse_s3_error(status: int, text: str) -> S3Refusal:
    def tag(name: str) -> str:
        found = re.search(rf"<{name}>(.*?)</{name}>", text[:8192], re.DOTALL)
        return found.group(1).strip() if found else ""
    return S3Refusal(status, tag("Code"), tag("Message"))


@dataclass(frozen=True)
class Stored:
    etag: str | None


@dataclass(frozen=True)
class Forbidden:
    refusal: S3Refusal


@dataclass(frozen=True)
class Mismatch:
    refusal: S3Refusal


@dataclass(frozen=True)
class Busy:
    reason: str
    retry_after: float | None


@dataclass(frozen=True)
class Refused:
    refusal: S3Refusal


@dataclass(frozen=True)
class NoAnswer:
    reason: str


Outcome = Stored | Forbidden | Mismatch | Busy | Refused | NoAnswer


def send_range(api: ApiClient, url: str, headers: dict[str, str], path: Path, offset: int,
               length: int, *, cancel: threading.Event,
               on_sent: Callable[[int], None],
               throttle: Callable[[int, threading.Event | None], None] | None = None) -> Outcome:
    """PUTs `length` bytes of the file from `offset` with exactly the signed headers.

    on_sent(n) is called with each chunk's size as it leaves; throttle (the engine's one
    BandwidthLimit) is asked before each slice. Raises Cancelled (the event
    was set) and FileChanged (the file is shorter than it was) from the body."""
    sent = 0

    def progress(total: int) -> None:
        nonlocal sent
        on_sent(total - sent)
        sent = total
    body = FileBody(path, length, offset=offset, on_progress=progress, cancel=cancel,
                    throttle=throttle)
    try:
        response = api.send("PUT", url, headers, body)
    except requests.RequestException as exc:
        return NoAnswer(str(from_exception(exc, translate("Transfer", "the storage server"), "",
                                           api.timeout[1])))
    with response:
        status = response.status_code
        if 200 <= status < 300:
            return Stored(response.headers.get("ETag"))
        refusal = parse_s3_error(status, response.text)
    if status == 403:
        return Forbidden(refusal)
    if refusal.code in MISMATCH_CODES:
        return Mismatch(refusal)
    if status == 507:  # the store's disk is full: its message says so, and retrying won't help
        return Refused(refusal)
    if status == 429 or status >= 500:
        return Busy(translate("Transfer", "the storage answered {refusal}.").format(
                        refusal=refusal.describe()),
                    parse_retry_after(response.headers.get("Retry-After")))
    return Refused(refusal)
