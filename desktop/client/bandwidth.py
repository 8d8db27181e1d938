"""The upload limit: one token bucket for every transfer of an engine, so the limit is what
all uploads together send, however many run at once (a bucket per connection would let
`concurrency` times the limit through).

Bytes are taken where the upload streams the file body (streaming.FileBody), just before
each slice is handed to the socket. The bucket may go into debt by one slice: a taker waits
until the balance is back to zero, so over any window the bytes let through are at most the
rate times the window plus one burst (BURST_SECONDS of the rate, at least a slice).
An optional schedule lifts the limit during some hours of the day (e.g. 22-7, nights); it is
looked at on every take, so it switches while uploads run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

from .streaming import THROTTLE_SLICE, Cancelled

BURST_SECONDS = 0.1    # how much may go at once after a pause
_WAKE = 0.25           # a waiting taker looks again this often (schedule, cancel)


def parse_hours(value: str) -> tuple[int, int] | None:
    """"22-7" -> (22, 7): the limit is lifted from 22:00 until 07:00. None if malformed."""
    start, dash, end = value.replace(" ", "").partition("-")
    if not dash or not start.isdigit() or not end.isdigit():
        return None
    first, last = int(start), int(end)
    return (first, last) if 0 <= first < 24 and 0 <= last < 24 and first != last else None


def in_hours(hour: int, hours: tuple[int, int]) -> bool:
    first, last = hours
    return first <= hour < last if first < last else hour >= first or hour < last


class BandwidthLimit:
    """`bytes_per_second` 0 means no limit. `hour()` gives the local hour (a test passes its
    own to switch the schedule)."""

    def __init__(self, bytes_per_second: int = 0, unlimited_hours: tuple[int, int] | None = None,
                 *, hour: Callable[[], int] = lambda: datetime.now().hour):
        self._cond = threading.Condition()
        self._hour = hour
        self._rate = 0.0
        self._hours: tuple[int, int] | None = None
        self._tokens = 0.0
        self._at = time.monotonic()
        self.set(bytes_per_second, unlimited_hours)

    def set(self, bytes_per_second: int, unlimited_hours: tuple[int, int] | None = None) -> None:
        with self._cond:
            self._rate, self._hours = float(max(0, bytes_per_second)), unlimited_hours
            self._tokens = min(self._tokens, self._burst())
            self._cond.notify_all()

    def rate_now(self) -> float:
        """Bytes a second allowed now; 0: unlimited (no limit set, or its hours lifted it)."""
        if self._rate and self._hours is not None and in_hours(self._hour(), self._hours):
            return 0.0
        return self._rate

    def _burst(self) -> float:
        return max(float(THROTTLE_SLICE), self._rate * BURST_SECONDS)

    def take(self, count: int, cancel: threading.Event | None = None) -> None:
        """Waits until `count` bytes may be sent. Raises Cancelled when `cancel` is set."""
        with self._cond:
            while True:
                rate = self.rate_now()
                now = time.monotonic()
                if rate <= 0:
                    self._tokens, self._at = self._burst(), now
                    return
                self._tokens = min(self._burst(), self._tokens + (now - self._at) * rate)
                self._at = now
                if self._tokens >= 0:
                    self._tokens -= count
                    return
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                self._cond.wait(min(_WAKE, -self._tokens / rate))
