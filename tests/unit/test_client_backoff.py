"""The retry delays and Retry-After."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from desktop.client.backoff import RetryPolicy, parse_retry_after


def test_full_jitter_stays_under_an_exponential_ceiling_with_a_cap():
    policy = RetryPolicy(base=0.5, cap=4.0, rng=random.Random(7))
    for retry, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 4.0), (9, 4.0)]:
        delays = [policy.delay(retry) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8  # jitter spreads over the whole range
        assert min(delays) < ceiling * 0.2


def test_retry_after_is_a_floor():
    policy = RetryPolicy(base=0.5, rng=random.Random(1))
    assert all(policy.delay(1, retry_after=3.0) >= 3.0 for _ in range(50))


def test_tries_counts_the_first_attempt():
    policy = RetryPolicy(tries=4)
    assert [policy.gives_up_after(n) for n in range(1, 6)] == [False, False, False, True, True]


def test_parse_retry_after():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0.0
