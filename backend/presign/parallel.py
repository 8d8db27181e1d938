"""Several small S3 calls at once: batch routes would otherwise add up their latencies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from backend.common.config import S3_CONNECTIONS

T = TypeVar("T")
R = TypeVar("R")


def map_parallel(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """function over items, results in order; as many at once as the S3 client has
    connections (boto3 clients are thread-safe)."""
    if len(items) <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(S3_CONNECTIONS, len(items))) as pool:
        return list(pool.map(function, items))
