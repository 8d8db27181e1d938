"""Who gets a connection when there are too many: the backend's HTTP servers never lock out a
client that sends its request promptly, however many sockets others hold.

A connection is either *waiting* (for the head of its next request: new, idle between keep-alive
requests, or dripping its headers) or *busy* (its request is being read, run or answered; each
stage bounded in time by the server). Busy connections are never taken away. When a new
connection arrives:
- from an address that already holds PER_ADDRESS connections, that address's longest-waiting
  connection makes room for it (none waiting: the new one is refused);
- once the server holds LIMIT - RESERVE connections, the longest-waiting connection anywhere
  makes room (none waiting and LIMIT reached: the new one is refused).
So dripping a header byte every few seconds on hundreds of sockets buys nothing: the oldest
drip is closed whenever someone new knocks, and every drip ends at the header deadline anyway.
Evicting an idle keep-alive connection costs its owner a reconnect, nothing more (HTTP clients
check a pooled connection before reusing it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

LIMIT = 500
RESERVE = 50
PER_ADDRESS = 64  # above any one client's pool: the app's 32, the handlers' per worker


@dataclass(eq=False)
class Tracked:
    address: str
    close: Callable[[], None]  # aborts the connection (from the server's own loop)
    waiting: bool = True
    since: float = field(default_factory=time.monotonic)

    def wait(self) -> None:
        self.waiting, self.since = True, time.monotonic()

    def busy(self) -> None:
        self.waiting = False


class ConnectionGuard:
    """Not thread-safe: each server calls it from its one event loop thread."""

    def __init__(self, limit: int = LIMIT, reserve: int = RESERVE,
                 per_address: int = PER_ADDRESS):
        self._limit, self._reserve, self._per_address = limit, reserve, per_address
        self._open: dict[str, list[Tracked]] = {}
        self._count = 0
        self.evicted = 0

    def __len__(self) -> int:
        return self._count

    def admit(self, connection: Tracked) -> bool:
        """Takes the connection in (closing a waiting one to make room if need be), or says
        False: then the caller closes it."""
        same = self._open.get(connection.address, [])
        if len(same) >= self._per_address and not self._evict(same):
            return False
        if self._count >= self._limit - self._reserve:
            everyone = [c for group in self._open.values() for c in group]
            if not self._evict(everyone) and self._count >= self._limit:
                return False
        self._open.setdefault(connection.address, []).append(connection)
        self._count += 1
        return True

    def release(self, connection: Tracked) -> None:
        group = self._open.get(connection.address)
        if group and connection in group:
            group.remove(connection)
            self._count -= 1
            if not group:
                del self._open[connection.address]

    def _evict(self, candidates: list[Tracked]) -> bool:
        waiting = [c for c in candidates if c.waiting]
        if not waiting:
            return False
        victim = min(waiting, key=lambda c: c.since)
        self.release(victim)
        self.evicted += 1
        victim.close()
        return True
