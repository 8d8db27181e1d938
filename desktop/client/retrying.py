"""Calling the API again after transient failures, and waiting in a cancellable way."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from .api_errors import ApiError
from .backoff import RetryPolicy
from .streaming import Cancelled

T = TypeVar("T")


def wait_or_cancel(cancel: threading.Event, seconds: float) -> None:
    """Sleeps, but returns at once (raising Cancelled) when the job is cancelled."""
    if cancel.wait(max(0.0, seconds)):
        raise Cancelled()


def call_with_retries(call: Callable[[], T], policy: RetryPolicy,
                      cancel: threading.Event) -> T:
    """call(), tried again on network errors, 5xx and 429; other ApiErrors at once."""
    tries = 0
    while True:
        if cancel.is_set():
            raise Cancelled()
        tries += 1
        try:
            return call()
        except ApiError as error:
            too_long = (error.retry_after or 0) > policy.max_retry_after
            if not error.transient or too_long or policy.gives_up_after(tries):
                raise
            wait_or_cancel(cancel, policy.delay(tries, error.retry_after))
