"""SpeedMeter: bytes per second over the last few seconds, the queue's one speed estimator.

A sliding window rather than an exponential average of per-chunk rates: chunks arrive in
bursts (socket buffers fill, then drain), and an average of instant rates swings with them.
Samples are summed into short buckets so a window costs a few dozen entries whatever the rate.
"""

from __future__ import annotations

import time
from collections import deque

WINDOW_SECONDS = 3.0
BUCKET_SECONDS = 0.1


class SpeedMeter:
    """Not thread-safe: its owner (the queue store) calls it with its own lock held."""

    def __init__(self, window: float = WINDOW_SECONDS):
        self.window = window
        self._buckets: deque[list[float]] = deque()  # [start time, bytes]
        self._sum = 0.0
        self._first: float | None = None

    def add(self, nbytes: int, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if self._first is None:
            self._first = now
        if self._buckets and now - self._buckets[-1][0] < BUCKET_SECONDS:
            self._buckets[-1][1] += nbytes
        else:
            self._buckets.append([now, float(nbytes)])
        self._sum += nbytes
        self._expire(now)

    def rate(self, now: float | None = None) -> float:
        """Bytes per second over the window (over the time since the first sample while
        the window is not yet full, so the first second shows a real number)."""
        now = time.monotonic() if now is None else now
        self._expire(now)
        if not self._buckets or self._first is None:
            return 0.0
        span = min(self.window, now - self._first)
        return self._sum / max(span, BUCKET_SECONDS)

    def _expire(self, now: float) -> None:
        while self._buckets and now - self._buckets[0][0] > self.window:
            self._sum -= self._buckets.popleft()[1]
        if not self._buckets:
            self._sum = 0.0
            self._first = None
