"""The in-memory side of one multipart upload in progress: which parts are stored, which
are in flight, which URLs are signed. The queue holds the durable side (upload id, each
part's digest and ETag); this object is rebuilt from it (and from the server's list of
stored parts) when the upload continues after a pause or a restart.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .api import SignedPart
from .queue_types import Part

URL_MARGIN = 60.0  # seconds: a signed URL this close to expiry is signed again


@dataclass
class MultipartUpload:
    item_id: int
    name: str
    path: Path
    mtime_ns: int
    image_id: str
    upload_id: str
    size: int
    part_bytes: int
    url_lifetime: float
    parts: dict[int, Part]
    stop: threading.Event
    lock: threading.Lock = field(default_factory=threading.Lock)
    signing: threading.Lock = field(default_factory=threading.Lock)
    urls: dict[int, tuple[SignedPart, float]] = field(default_factory=dict)
    in_flight: dict[int, int] = field(default_factory=dict)   # number -> bytes sent so far
    completing: bool = False
    failed: bool = False

    def offset(self, number: int) -> int:
        return (number - 1) * self.part_bytes

    def next_part(self) -> int | None:
        """Claims the lowest part neither stored nor in flight (None: none left)."""
        with self.lock:
            if self.failed or self.completing or self.stop.is_set():
                return None
            for number in sorted(self.parts):
                if self.parts[number].etag is None and number not in self.in_flight:
                    self.in_flight[number] = 0
                    return number
            return None

    def has_work(self) -> bool:
        with self.lock:
            return not (self.failed or self.completing or self.stop.is_set()) and any(
                part.etag is None and number not in self.in_flight
                for number, part in self.parts.items())

    def busy(self) -> bool:
        """A part transfer is running."""
        with self.lock:
            return bool(self.in_flight)

    def all_stored(self) -> bool:
        with self.lock:
            if self.completing or any(p.etag is None for p in self.parts.values()):
                return False
            self.completing = True
            return True

    def release(self, number: int) -> None:
        """The part's transfer ended without storing it; someone may try it again."""
        with self.lock:
            self.in_flight.pop(number, None)

    def sent(self, number: int, total: int) -> int:
        """Records the part's bytes sent so far; returns the file's bytes done now."""
        with self.lock:
            if number in self.in_flight:
                self.in_flight[number] = total
            return self._done()

    def stored(self, number: int, etag: str) -> bool:
        """Marks the part stored; True when this was the last one and the caller should
        complete the upload (only one caller ever gets True)."""
        with self.lock:
            self.in_flight.pop(number, None)
            self.parts[number] = Part(number, self.parts[number].size,
                                      self.parts[number].sha256, etag)
            if self.completing or any(p.etag is None for p in self.parts.values()):
                return False
            self.completing = True
            return True

    def done_bytes(self) -> int:
        with self.lock:
            return self._done()

    def _done(self) -> int:
        stored = sum(p.size for p in self.parts.values() if p.etag is not None)
        return stored + sum(self.in_flight.values())

    def url_for(self, number: int) -> SignedPart | None:
        with self.lock:
            signed = self.urls.get(number)
            if signed is None or time.monotonic() > signed[1]:
                return None
            return signed[0]

    def add_urls(self, signed: list[SignedPart]) -> None:
        deadline = time.monotonic() + max(0.0, self.url_lifetime - URL_MARGIN)
        with self.lock:
            for part in signed:
                self.urls[part.number] = (part, deadline)

    def drop_url(self, number: int) -> None:
        with self.lock:
            self.urls.pop(number, None)

    def unsigned(self, first: int, limit: int) -> list[Part]:
        """Parts to sign together with `first`: it, then the next ones still to send."""
        now = time.monotonic()
        with self.lock:
            wanted = [self.parts[first]]
            for number in sorted(self.parts):
                if len(wanted) >= limit:
                    break
                part = self.parts[number]
                signed = self.urls.get(number)
                if (number != first and part.etag is None
                        and (signed is None or now > signed[1])):
                    wanted.append(part)
            return wanted

    def etags(self) -> list[tuple[int, str, str]]:
        with self.lock:
            return [(n, p.etag or "", p.sha256) for n, p in sorted(self.parts.items())]
