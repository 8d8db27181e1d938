"""The rules the backend's HTTP servers keep: who gets a connection when there are too many
(connection_guard.py), and how long an address waits for its next 401 (http_server.Backoff)."""

from __future__ import annotations

from backend.local.connection_guard import ConnectionGuard, Tracked
from backend.local.http_server import BACKOFF_BURST, BACKOFF_MAX_SECONDS, BACKOFF_RATE, Backoff


def connection(address: str, *, waiting: bool = True, since: float = 0.0):
    closed = []
    tracked = Tracked(address, close=lambda: closed.append(True), waiting=waiting, since=since)
    return tracked, closed


def test_an_address_at_its_cap_gives_up_its_longest_waiting_connection():
    guard = ConnectionGuard(limit=100, reserve=10, per_address=3)
    old, old_closed = connection("10.0.0.1", since=1)
    newer = [connection("10.0.0.1", since=t)[0] for t in (2, 3)]
    for tracked in [old, *newer]:
        assert guard.admit(tracked)
    assert guard.admit(connection("10.0.0.1", since=4)[0])
    assert old_closed == [True] and len(guard) == 3


def test_busy_connections_are_never_taken_and_a_full_address_is_refused():
    guard = ConnectionGuard(limit=100, reserve=10, per_address=2)
    for t in (1, 2):
        assert guard.admit(connection("10.0.0.1", waiting=False, since=t)[0])
    assert not guard.admit(connection("10.0.0.1")[0])
    assert guard.admit(connection("10.0.0.2")[0])  # another address is not affected


def test_near_the_limit_the_longest_waiting_anywhere_makes_room():
    guard = ConnectionGuard(limit=4, reserve=1, per_address=10)
    drips = [connection(f"10.0.0.{n}", since=n) for n in range(3)]
    for tracked, _ in drips:
        assert guard.admit(tracked)
    assert guard.admit(connection("192.168.1.5", since=9)[0])
    assert drips[0][1] == [True] and len(guard) == 3


def test_the_limit_with_every_connection_busy_refuses():
    guard = ConnectionGuard(limit=2, reserve=0, per_address=10)
    for n in range(2):
        assert guard.admit(connection(f"10.0.0.{n}", waiting=False)[0])
    assert not guard.admit(connection("10.0.0.9")[0])


def test_a_released_connection_frees_its_place():
    guard = ConnectionGuard(limit=100, reserve=0, per_address=1)
    tracked, _ = connection("10.0.0.1", waiting=False)
    assert guard.admit(tracked)
    guard.release(tracked)
    assert guard.admit(connection("10.0.0.1", waiting=False)[0])


def test_a_burst_of_wrong_tokens_is_answered_at_once_then_at_the_rate():
    backoff = Backoff()
    delays = [backoff.failed("10.0.0.1", now=0.0) for _ in range(BACKOFF_BURST + 10)]
    assert delays[:BACKOFF_BURST] == [0.0] * BACKOFF_BURST
    held = delays[BACKOFF_BURST:]  # each one more turn of 1/rate seconds
    assert held == [n / BACKOFF_RATE for n in range(1, 11)]
    assert backoff.failed("10.0.0.1", now=1e6) == 0.0  # drained after a quiet while


def test_the_back_off_is_per_address_and_capped():
    backoff = Backoff()
    for _ in range(BACKOFF_BURST + 1000):
        delay = backoff.failed("10.0.0.1", now=0.0)
    assert delay == BACKOFF_MAX_SECONDS
    assert backoff.failed("10.0.0.2", now=0.0) == 0.0
