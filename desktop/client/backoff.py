"""How long to wait between tries: retry delays, and what a Retry-After header asks for.

Pure arithmetic, so the engine's timing rules can be tested without a clock.
Retries use exponential backoff with full jitter (a random delay between 0 and
the exponential ceiling) so many clients that failed together don't come back
together.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class RetryPolicy:
    tries: int = 4                  # attempts in all, the first one included
    base: float = 0.5               # ceiling of the first retry delay, seconds
    cap: float = 8.0                # largest ceiling
    max_retry_after: float = 60.0   # a server asking for a longer pause is treated as a failure
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def delay(self, retry_number: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry `retry_number` (1 for the first retry)."""
        ceiling = min(self.cap, self.base * 2 ** (retry_number - 1))
        jittered = self.rng.uniform(0, ceiling)
        if retry_after is not None:
            return max(retry_after, jittered)
        return jittered

    def gives_up_after(self, tries_made: int) -> bool:
        return tries_made >= self.tries


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())
