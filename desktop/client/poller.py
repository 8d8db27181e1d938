"""StatusPoller: one thread asks about every image still processing, many ids per request.

Each watched image has a due time. The backend works through images in the order they
arrive, so only the few at the head of the line (the oldest pending) are asked about
often: the first ask comes just before the renditions are expected (0.9 × the running
average of how long one image takes to process here), then every 100 ms, or a tenth of
that average if longer, until two seconds past it (every 50 ms while only one or two are
pending), then further apart (up to 1 s). On AWS every ask for a pending image is a billed
invocation share and two S3 reads, and processing takes about a second (event delivery and
resize), so asking from 0.5 s on at 50 ms cost ~10 pending asks per photo; tuned to the
measured time it costs two or three, and the thumbnail still shows within a step of being
made. The average follows the first measurements at once (a plain mean until there are
five), then moves by a fifth; an image already ready at its first ask was done some time
before, so it only shrinks the average by a quarter (after slow photos, fast ones are seen
on time again within a few). Images further back wait a
second, then back off (up to 2 s); each image seen ready brings the next ones in line
forward. Ids due within the same short window share one `GET /images?ids=` request, and one
request is in flight at a time, so a thumbnail shows ~100 ms after it was made and a
backlog of a thousand images costs the API a few light requests a second, not a status
check of every image ten times a second.

The processing time is measured as a service time: from when the image was stored, or from
when the one before it was seen ready if that was later (it waited in line), so a backlog
doesn't teach the poller that processing is slow.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .api import ImageInfo
from .api_errors import ApiError

log = logging.getLogger(__name__)

STEP = 0.1            # seconds between asks while renditions are expected any moment
LONE_STEP = 0.05      # the same when at most LONE images are pending (each ask is tiny)
LONE = 2
FAST_FOR = 2.0        # seconds past the expected time the head of the line is asked that often
HEAD = 4              # the oldest pending images: the ones the backend finishes next
HEAD_SLOWEST = 1.0    # the widest gap between asks at the head of the line
BEHIND_FIRST = 1.0    # an image further back is first asked about this long after storing
SLOWEST = 2.0         # the widest gap between asks further back
FIRST_SHARE = 0.9     # the first ask at the head: this share of the expected time...
FIRST_LATEST = 5.0    # ...but never later than this
STEP_SHARE = 0.1      # a slow backend's asks are this share of its expected time apart
LEARN_RATE = 0.2      # how far one measurement moves the expected time, after the first few
SHRINK = 0.75         # the expected time after an image was already ready at its first ask
MERGE = 0.05          # ids due this soon after the first are asked in the same request
FIRST_GUESS = 0.1     # expected processing seconds before anything was measured


@dataclass
class _Watch:
    item_id: int
    image_id: str
    stored_at: float      # monotonic time the bytes were stored
    gap: float = STEP
    due: float = 0.0      # when it is asked about next (older heap entries are stale)
    was_pending: bool = False  # answered pending at least once


class StatusPoller:
    """`fetch(ids)` returns (images, missing ids) or raises ApiError; `answer(item_id, image)`
    is called for every non-pending answer (image None = missing) and returns nothing. On a
    transient error, `trouble(error)` decides: True = back off and ask again later."""

    def __init__(self, fetch: Callable[[list[str]], tuple[list[ImageInfo], list[str]]],
                 answer: Callable[[int, ImageInfo | None], None],
                 pending: Callable[[int, ImageInfo], None],
                 trouble: Callable[[ApiError], None], *,
                 max_batch: Callable[[], int], can_poll: Callable[[], bool]):
        self._fetch = fetch
        self._answer = answer
        self._pending = pending
        self._trouble = trouble
        self._max_batch = max_batch
        self._can_poll = can_poll
        self._cond = threading.Condition()
        self._watches: dict[int, _Watch] = {}
        self._due: list[tuple[float, int, int]] = []  # (due, tiebreak, item_id)
        self._tiebreak = itertools.count()
        self._expected = FIRST_GUESS
        self._measured = 0  # processing times measured so far
        self._last_ready = float("-inf")  # monotonic time an image was last seen ready
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="thumbdrop-poll", daemon=True)
        self._thread.start()

    @property
    def expected_seconds(self) -> float:
        return self._expected

    def watch(self, item_id: int, image_id: str, stored_ago: float = 0.0) -> None:
        """Starts asking about `image_id`, whose bytes were stored `stored_ago` seconds ago."""
        now = time.monotonic()
        with self._cond:
            watch = _Watch(item_id, image_id, now - max(0.0, stored_ago))
            self._watches[item_id] = watch  # insertion order: the order of the line
            first = min(FIRST_LATEST, max(0.05, FIRST_SHARE * self._expected))
            if len(self._watches) > HEAD:
                first = max(first, BEHIND_FIRST)
            self._schedule(item_id, max(now, watch.stored_at + first))

    def forget(self, item_id: int) -> None:
        with self._cond:
            self._watches.pop(item_id, None)  # its heap entry is skipped when it comes up

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def watching(self) -> int:
        with self._cond:
            return len(self._watches)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join()

    def _schedule(self, item_id: int, due: float) -> None:
        watch = self._watches.get(item_id)
        if watch is None:
            return
        watch.due = due
        heapq.heappush(self._due, (due, next(self._tiebreak), item_id))
        self._cond.notify_all()

    def _current(self, entry: tuple[float, int, int]) -> _Watch | None:
        watch = self._watches.get(entry[2])
        return watch if watch is not None and watch.due == entry[0] else None

    def _take_due(self) -> list[_Watch] | None:
        with self._cond:
            while True:
                if self._closed:
                    return None
                while self._due and self._current(self._due[0]) is None:
                    heapq.heappop(self._due)  # forgotten, or rescheduled since
                now = time.monotonic()
                if self._due and self._due[0][0] <= now and self._can_poll():
                    limit = self._max_batch()
                    taken: dict[int, _Watch] = {}
                    while (self._due and self._due[0][0] <= now + MERGE
                           and len(taken) < limit):
                        watch = self._current(heapq.heappop(self._due))
                        if watch is not None:
                            taken[watch.item_id] = watch
                    if taken:
                        return list(taken.values())
                    continue
                wait = None
                if self._due and self._can_poll():
                    wait = self._due[0][0] - now
                elif self._due:
                    wait = 0.5  # offline or no API: look again soon (a wake comes too)
                self._cond.wait(wait)

    def _loop(self) -> None:
        while (batch := self._take_due()) is not None:
            try:
                images, missing = self._fetch([w.image_id for w in batch])
            except ApiError as error:
                self._trouble(error)
                with self._cond:
                    now = time.monotonic()
                    for watch in batch:
                        if watch.item_id in self._watches:
                            watch.gap = min(SLOWEST, watch.gap * 2)
                            self._schedule(watch.item_id, now + watch.gap)
                continue
            except Exception:  # a bug must not stop every thumbnail: back off and go on
                log.exception("status poll failed")
                images, missing = [], []
            self._handle(batch, images, set(missing))

    def _handle(self, batch: list[_Watch], images: list[ImageInfo], missing: set[str]) -> None:
        by_id = {image.id: image for image in images}
        now = time.monotonic()
        ready = 0
        with self._cond:
            head = set(itertools.islice(self._watches, HEAD))
        for watch in batch:
            image = by_id.get(watch.image_id)
            if image is not None and image.status == "pending":
                self._pending(watch.item_id, image)
                watch.was_pending = True
                with self._cond:
                    if watch.item_id in self._watches:
                        watch.gap = self._next_gap(watch, watch.item_id in head, now)
                        self._schedule(watch.item_id, now + watch.gap)
                continue
            if image is None and watch.image_id not in missing:
                # Neither listed nor missing: ask again soon rather than guess.
                with self._cond:
                    if watch.item_id in self._watches:
                        self._schedule(watch.item_id, now + watch.gap)
                continue
            with self._cond:
                if self._watches.get(watch.item_id) is not watch:
                    continue  # forgotten meanwhile (cancelled, removed, sent elsewhere)
                del self._watches[watch.item_id]
                if image is not None and image.status == "ready":
                    ready += 1
                    if watch.was_pending or watch.item_id not in head:
                        took = min(max(now - max(watch.stored_at, self._last_ready), 0.02),
                                   30.0)
                        self._measured += 1
                        rate = max(LEARN_RATE, 1 / self._measured)
                        self._expected += rate * (took - self._expected)
                    else:
                        # Ready at the first ask: it was done some time before, so the
                        # time measured says only "faster than expected"; ask sooner.
                        self._expected = max(0.02, SHRINK * self._expected)
                    self._last_ready = now
            self._answer(watch.item_id, image)
        if ready:
            self._next_in_line(2 * ready, now)

    def _next_gap(self, watch: _Watch, at_head: bool, now: float) -> float:
        if not at_head:
            return min(SLOWEST, max(watch.gap, 0.5) * 1.5)
        if now - watch.stored_at < self._expected + FAST_FOR:
            step = LONE_STEP if len(self._watches) <= LONE else STEP
            return max(step, STEP_SHARE * self._expected)
        return min(HEAD_SLOWEST, watch.gap * 1.25)

    def _next_in_line(self, count: int, now: float) -> None:
        """Images are processed in the order they were stored: the oldest still pending are
        probably next, so they are asked about soon whatever their backoff says."""
        with self._cond:
            for watch in itertools.islice(self._watches.values(), count):
                if watch.due > now + STEP:
                    watch.gap = STEP
                    self._schedule(watch.item_id, now + STEP)
