"""The PUT of one file to its presigned URL: retries, a fresh URL on 403, S3's reasons.

S3 answers errors as XML (<Code>, <Message>). A 403 usually means the URL
expired (or its signing session did), so the upload asks for a new ticket once;
SignatureDoesNotMatch or a digest error after the file changed on disk means
the bytes are no longer the ones that were signed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from .api import ApiClient, UploadTicket
from .api_errors import from_exception
from .backoff import RetryPolicy, parse_retry_after
from .retrying import wait_or_cancel
from .streaming import FileBody, FileChanged, FileSnapshot

# Codes S3 uses when the bytes or headers differ from what was signed.
_MISMATCH_CODES = {"SignatureDoesNotMatch", "BadDigest", "InvalidDigest",
                   "XAmzContentSHA256Mismatch", "IncompleteBody"}


class PutFailed(Exception):
    """The upload can't succeed; str() is the sentence after the file name."""


@dataclass(frozen=True)
class S3Refusal:
    status: int
    code: str
    message: str

    @property
    def expired(self) -> bool:
        return self.status == 403 and "expired" in self.message.lower()

    def describe(self) -> str:
        detail = f"{self.code}: {self.message}" if self.code else "no details"
        return f"{self.status} {detail}".rstrip(". ")


def parse_s3_error(status: int, text: str) -> S3Refusal:
    def tag(name: str) -> str:
        found = re.search(rf"<{name}>(.*?)</{name}>", text[:8192], re.DOTALL)
        return found.group(1).strip() if found else ""
    return S3Refusal(status, tag("Code"), tag("Message"))


def put_with_retries(api: ApiClient, ticket: UploadTicket, path: Path, snapshot: FileSnapshot,
                     *, fresh_ticket: Callable[[], UploadTicket], policy: RetryPolicy,
                     cancel: threading.Event,
                     on_progress: Callable[[int], None]) -> UploadTicket:
    """Uploads the file; returns the ticket that worked (it may be a fresh one).
    Raises PutFailed, FileChanged or Cancelled."""
    refreshed = False
    tries = 0
    while True:
        if not snapshot.still_matches(path):
            raise FileChanged(str(path))
        tries += 1
        on_progress(0)  # a retry starts from zero, so the bar never overshoots
        body = FileBody(path, snapshot.size, on_progress=on_progress, cancel=cancel)
        retry_after = None
        try:
            response = api.put_upload(ticket, body)
        except requests.RequestException as exc:
            reason = str(from_exception(exc, "the storage server", "", api.timeout[1])).strip()
        else:
            if 200 <= response.status_code < 300:
                return ticket
            refusal = parse_s3_error(response.status_code, response.text)
            if refusal.status == 403 and not refreshed:
                refreshed, tries = True, tries - 1  # a new URL is not a retry of the old one
                ticket = fresh_ticket()
                continue
            if refusal.status != 429 and refusal.status < 500:
                raise _refused(refusal, path, snapshot)
            reason = f"the storage answered {refusal.describe()}."
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if policy.gives_up_after(tries) or (retry_after or 0) > policy.max_retry_after:
            raise PutFailed(f"the upload failed after {tries} tries; last: {reason} "
                            "Check your network, then retry.")
        wait_or_cancel(cancel, policy.delay(tries, retry_after))


def _refused(refusal: S3Refusal, path: Path, snapshot: FileSnapshot) -> Exception:
    if refusal.code in _MISMATCH_CODES and not snapshot.still_matches(path):
        return FileChanged(str(path))
    if refusal.expired:
        return PutFailed("the upload link expired again right after it was renewed. "
                         "Check that this computer's clock is right, then retry.")
    return PutFailed(f"the storage refused the upload ({refusal.describe()}). "
                     "Retry it; if it fails again, check the backend's bucket settings.")
