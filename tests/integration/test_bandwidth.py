"""The upload limit and the rules that hold uploads, against the real local backend.

The limit is measured as a ratio, not against the clock: the bucket's takes are recorded
(time, bytes) while three uploads run at once through the engine's one bucket, and over the
middle of the run (from 10 % to 90 % of the bytes, when all three are sending) the bytes
taken are compared with what the rate allows for that same measured span. A bucket per
connection would let three times the rate through (ratio ~3); a busy machine can only make
the senders slower, and a local upload at 1 MB/s leaves them far from that. Every byte that
reached the store went through the bucket (the takes add up to the files' sizes).
"""

from __future__ import annotations

import bisect
import threading
import time

import pytest
from fault_proxy import FaultProxy
from helpers import wait_until
from test_engine import Rig, photo_bytes

from desktop.client.bandwidth import BandwidthLimit, in_hours, parse_hours
from desktop.client.queue_types import FileState, RunState

RATE = 1_000_000


class RecordingLimit(BandwidthLimit):
    def __init__(self, *args, **kwargs):
        self.takes: list[tuple[float, int]] = []
        self._record = threading.Lock()
        super().__init__(*args, **kwargs)

    def take(self, count, cancel=None):
        super().take(count, cancel)
        with self._record:
            self.takes.append((time.monotonic(), count))


@pytest.fixture
def rig(tmp_path, local_backend):
    proxy = FaultProxy()  # no faults: the engine's rig wants one in the path
    made = Rig(tmp_path, local_backend, proxy)
    yield made
    made.close()
    proxy.close()


def noise_photos(rig, count, size=(800, 620)):
    """Photos of ~1.5 MB (noise does not compress), bytes of their own."""
    from PIL import Image
    paths = []
    for n in range(count):
        path = rig.dir / f"{rig.prefix}{n:02d}.png"
        Image.effect_noise(size, 80 + n).convert("RGB").save(path, "PNG")
        paths.append(path)
    return paths


def test_the_limit_holds_for_all_uploads_together(rig):
    limit = RecordingLimit(RATE)
    engine = rig.start(concurrency=3, bandwidth=limit)
    paths = noise_photos(rig, 3)
    uploading = []
    rig.store.subscribe(lambda c: uploading.append(
        sum(1 for i in rig.store.items() if i.state is FileState.UPLOADING)))
    engine.add_files(paths).result()
    rig.wait_idle()
    total = sum(p.stat().st_size for p in paths)
    assert sum(count for _, count in limit.takes) == total
    assert max(uploading) >= 2, "the uploads did not run at once"
    times, sums = [], []
    for at, count in limit.takes:
        times.append(at)
        sums.append((sums[-1] if sums else 0) + count)
    first = bisect.bisect_left(sums, total * 0.1)
    last = bisect.bisect_left(sums, total * 0.9)
    ratio = (sums[last] - sums[first]) / (RATE * (times[last] - times[first]))
    print(f"bandwidth: {ratio:.3f} × the limit over {times[last] - times[first]:.2f} s")
    assert 0.9 <= ratio <= 1.1, f"sent {ratio:.2f} × the limit"
    rig.check_outcome(paths)


def test_the_schedule_lifts_the_limit_while_uploads_run(rig):
    hour = [12]
    limit = BandwidthLimit(20_000, parse_hours("22-7"), hour=lambda: hour[0])
    engine = rig.start(concurrency=2, bandwidth=limit)
    paths = noise_photos(rig, 2)
    engine.add_files(paths).result()
    wait_until(lambda: any(i.bytes_sent for i in rig.store.items()), what="uploads to start")
    assert limit.rate_now() == 20_000
    hour[0] = 23  # at 20 KB/s they would need minutes; lifted, they end at once
    rig.wait_idle(timeout=60)
    assert limit.rate_now() == 0
    rig.check_outcome(paths)


def test_a_hold_is_its_own_state_and_uploads_go_on_when_it_lifts(rig):
    engine = rig.start()
    engine.set_hold("Paused: metered network.")
    path = rig.dir / f"{rig.prefix}held.jpg"
    path.write_bytes(photo_bytes())
    engine.add_files([path]).result()
    wait_until(lambda: rig.store.find(path).sha256, what="the held file to be hashed")
    assert rig.store.status().state is RunState.HELD
    assert rig.store.status().message == "Paused: metered network."
    item = rig.store.find(path)
    assert item.state is not FileState.FAILED and item.bytes_sent == 0
    engine.set_hold(None)
    rig.wait_idle()
    assert rig.store.status().state is RunState.RUNNING
    rig.check_outcome([path])


def test_unlimited_hours_wrap_around_midnight():
    assert parse_hours("22-7") == (22, 7) and parse_hours("7") is None
    assert parse_hours("25-3") is None and parse_hours("5-5") is None
    assert {h for h in range(24) if in_hours(h, (22, 7))} == {22, 23, 0, 1, 2, 3, 4, 5, 6}
    assert [h for h in range(24) if in_hours(h, (1, 3))] == [1, 2]
