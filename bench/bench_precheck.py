"""Client pre-checks (pixel size from the header, cut short from the structure) against
hashing, on a folder of 500 real-size JPEGs: the pre-checks must cost under 5 % of the hash.

One 24 MP photo-like JPEG (bench_resize.make_photo) is written 500 times, each copy made
distinct by a comment, so both passes read 500 different files (from the page cache, as the
hash stage's own read does: the pre-check runs just before it).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.bench_resize import _verdict, make_photo
from desktop.client import precheck
from desktop.client.hashing import hash_file

FILES = 500
TARGET = 0.05
MAX_PIXELS = 50_000_000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        photo = folder / "source.jpg"
        make_photo(photo)
        data = photo.read_bytes()
        paths = []
        for n in range(FILES):  # a COM segment right after SOI makes each copy distinct
            path = folder / f"img{n:03}.jpg"
            comment = f"copy {n}".encode()
            path.write_bytes(data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big")
                             + comment + data[2:])
            paths.append(path)
        started = time.perf_counter()
        for path in paths:
            hash_file(path, None)
        hashing = time.perf_counter() - started
        started = time.perf_counter()
        for path in paths:
            assert precheck.refusal(path, path.name, "image/jpeg", MAX_PIXELS) is None
        checking = time.perf_counter() - started
    ratio = checking / hashing
    print(f"precheck: {FILES} x {len(data) / 1e6:.1f} MB JPEGs: pre-checks {checking * 1000:.0f} ms, "
          f"hashing {hashing * 1000:.0f} ms, ratio {ratio:.3f} (target < {TARGET}) "
          f"{_verdict(ratio < TARGET)}")


if __name__ == "__main__":
    main()
