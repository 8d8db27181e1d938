"""Resize time against CPU share: what each Lambda memory size buys (`make bench-lambda`).

Lambda gives a function CPU in proportion to its memory: 1,769 MB is one full vCPU, so 512 MB
runs at 0.29 of a core and 1,024 MB at 0.58. This script emulates those shares on this
machine and renders, in a child process pinned to one core:

- the 24 MP camera JPEG of bench_resize (the common case), and
- the worst cases under the 50 MP pixel cap, whose peak RSS sets the smallest memory size that
  is safe: the 49 MP RGBA PNG of bench_resize (no reduced decoding, alpha) and a 49.8 MP camera
  RAW without an embedded preview (bench_raw's DNG: LibRaw demosaics it at half size); and,
  heaviest of all per pixel, gray images deeper than 8 bits (a 32-bit integer TIFF, a float
  TIFF, a 16-bit PNG: 4 bytes a sample decoded, then converted).

The share is enforced, in order of preference, by a cgroup v2 `cpu.max` quota, a cgroup v1
CFS quota (`cpu.cfs_quota_us`) — both need root — or, failing those, a SIGSTOP/SIGCONT duty
cycle from this process. Wall time is what Lambda bills; CPU time is printed beside it because
it does not depend on how busy the machine is: on an idle core wall ~= CPU / share, and a wall
time well above that means other processes took the core. Re-measure on Lambda itself with AWS
Lambda Power Tuning (docs/scale.md) after deploying.

    python -m bench.lambda_sizing [--repeats N] [--worst-repeats N] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.bench_resize import make_photo, make_worst_case

ROOT = Path(__file__).resolve().parents[1]
FULL_VCPU_MB = 1769  # Lambda: one vCPU's worth of CPU time per second at this memory size
MEMORY_SIZES_MB = (512, 1024, 1769)
PERIOD_US = 100_000  # the Linux CFS default period
ARM64_GB_SECOND_USD = 0.0000133334  # us-east-1, arm64, first 6 billion GB-s a month


# -- the child: renders and reports -------------------------------------------------------

def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _child_peak(path: str, max_pixels: int) -> None:
    """Imports the handler, renders once, prints the process' peak RSS in MB."""
    import backend.resize.handler  # noqa: F401
    from backend.resize.decoders import make_renditions

    with open(path, "rb") as original:
        make_renditions(original, max_pixels=max_pixels)
    print(json.dumps({"peak_rss_mb": _peak_rss_mb()}), flush=True)


def _sensor_dng(path: Path, size: tuple[int, int]) -> None:
    """A camera RAW with no embedded preview, so resize must demosaic it (bench_raw.WORST)."""
    from PIL import Image

    from tests import rawgen

    picture = Image.radial_gradient("L").convert("RGB").resize(size)
    path.write_bytes(rawgen.dng(size, picture=picture, orientation=6, preview=None))


def _rgba_png(path: Path, side: int) -> None:
    """The worst-case kind of image (see bench_resize.make_worst_case) at side x side."""
    from PIL import Image

    ramp = Image.radial_gradient("L").resize((side, side))
    Image.merge("RGBA", (ramp, ramp.transpose(Image.Transpose.ROTATE_90), ramp, ramp)).save(
        path, "PNG", compress_level=1)


def _deep_gray(path: Path, side: int, mode: str) -> None:
    """Gray images of more than 8 bits a sample, the heaviest kinds per pixel (4 bytes a
    sample decoded, converted once more): a 32-bit integer ("I") or float ("F") TIFF, or a
    16-bit PNG ("I;16")."""
    from PIL import Image

    ramp = Image.linear_gradient("L").resize((side, side)).convert("I")
    if mode == "I;16":
        ramp.point(lambda v: v * 257).convert("I;16").save(path, "PNG", compress_level=1)
    else:
        ramp.convert(mode).save(path, "TIFF")


RAW_SIZES = ((6000, 4000), (8640, 5760), (10600, 7070))  # 24, 49.8 and 74.9 MP sensors
DEEP_KINDS = (("32-bit int TIFF", "I"), ("float TIFF", "F"), ("16-bit gray PNG", "I;16"))


def memory_by_pixels(tmp: Path, sides=(5000, 7000, 10000)) -> list[dict]:
    """Peak RSS of one render at each size, of both worst-case kinds: what MaxImagePixels may
    allow for a given memory size."""
    cases = [("RGBA PNG", (side, side), _rgba_png, side) for side in sides]
    cases += [("RAW (demosaic)", size, _sensor_dng, size) for size in RAW_SIZES]
    cases += [(kind, (7000, 7000), lambda path, mode: _deep_gray(path, 7000, mode), mode)
              for kind, mode in DEEP_KINDS]
    curve = []
    for kind, (width, height), make, arg in cases:
        path = tmp / f"curve-{width}x{height}"
        make(path, arg)
        out = subprocess.run([sys.executable, "-m", "bench.lambda_sizing", "--child-peak",
                              str(path), str(width * height)], cwd=ROOT, check=True,
                             capture_output=True, text=True)
        path.unlink()
        curve.append({"kind": kind, "megapixels": width * height / 1e6,
                      **json.loads(out.stdout)})
    return curve


# j photo, p RGBA PNG, r RAW to demosaic, t 32-bit integer TIFF (the worst kind there is)
WARM_SEQUENCE = "jjjpjjjtjjjjjjjrprjjjjtjjjjjprppt"


def _child_warm(photo: str, png: str, raw: str, tiff: str) -> None:
    """One warm container's life: the worst cases between ordinary photos, in one process,
    as Lambda reuses it; prints the peak RSS (freed memory is not always given back)."""
    import backend.resize.handler  # noqa: F401
    from backend.resize.decoders import make_renditions

    files = {"j": photo, "p": png, "r": raw, "t": tiff}
    for letter in WARM_SEQUENCE:
        with open(files[letter], "rb") as original:
            make_renditions(original, max_pixels=50_000_000)
    print(json.dumps({"peak_rss_mb": _peak_rss_mb(), "renders": len(WARM_SEQUENCE)}),
          flush=True)


def _child(path: str, repeats: int) -> None:
    """Imports the resize handler (as Lambda does at cold start), renders once unthrottled to
    warm up, says "ready", waits for "go" (the parent throttles it meanwhile), then renders
    `repeats` times and prints one JSON line."""
    import backend.resize.handler  # noqa: F401  (boto3 and Pillow count towards memory)
    from backend.resize.decoders import make_renditions

    def render() -> None:
        with open(path, "rb") as original:
            make_renditions(original, max_pixels=50_000_000)

    render()
    print("ready", flush=True)
    sys.stdin.readline()
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        render()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(json.dumps({"wall": walls, "cpu": cpus, "peak_rss_mb": _peak_rss_mb()}), flush=True)


# -- CPU limiters -------------------------------------------------------------------------

class CgroupV2:
    name = "cgroup v2 cpu.max"

    def __init__(self) -> None:
        own = Path("/proc/self/cgroup").read_text().splitlines()
        relative = next(line.split("::", 1)[1] for line in own if line.startswith("0::"))
        self.parent = Path("/sys/fs/cgroup") / relative.lstrip("/")
        if "cpu" not in (self.parent / "cgroup.controllers").read_text().split():
            raise OSError("the cpu controller is not available to this cgroup")
        (self.parent / "cgroup.subtree_control").write_text("+cpu")
        self.group = self.parent / f"thumbdrop-bench-{os.getpid()}"
        self.group.mkdir()

    def confine(self, pid: int, share: float) -> None:
        (self.group / "cpu.max").write_text(f"{round(share * PERIOD_US)} {PERIOD_US}")
        (self.group / "cgroup.procs").write_text(str(pid))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.group.rmdir()


class CgroupV1:
    name = "cgroup v1 cpu.cfs_quota_us"

    def __init__(self) -> None:
        root = Path("/sys/fs/cgroup/cpu")
        if not (root / "cpu.cfs_quota_us").exists():
            raise OSError("no cgroup v1 cpu controller at /sys/fs/cgroup/cpu")
        self.group = root / f"thumbdrop-bench-{os.getpid()}"
        self.group.mkdir()

    def confine(self, pid: int, share: float) -> None:
        (self.group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
        (self.group / "cpu.cfs_quota_us").write_text(str(round(share * PERIOD_US)))
        (self.group / "cgroup.procs").write_text(str(pid))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.group.rmdir()


class DutyCycle:
    """SIGCONT for share x period, SIGSTOP for the rest, from a thread of this process."""

    name = "SIGSTOP/SIGCONT duty cycle"

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def confine(self, pid: int, share: float) -> None:
        if share >= 1:
            return
        period = PERIOD_US / 1e6

        def cycle() -> None:
            with contextlib.suppress(ProcessLookupError):
                while not self._stop.is_set():
                    os.kill(pid, signal.SIGCONT)
                    time.sleep(share * period)
                    os.kill(pid, signal.SIGSTOP)
                    time.sleep((1 - share) * period)
                os.kill(pid, signal.SIGCONT)

        self._stop.clear()
        self._thread = threading.Thread(target=cycle, daemon=True)
        self._thread.start()

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def close(self) -> None:
        self.release()


def make_limiter():
    for kind in (CgroupV2, CgroupV1):
        try:
            return kind()
        except OSError:
            continue
    return DutyCycle()


# -- the parent: one child per (file, share) ----------------------------------------------

def measure(limiter, path: Path, share: float, repeats: int, core: int) -> dict:
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.lambda_sizing", "--child", str(path), str(repeats)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        os.sched_setaffinity(child.pid, {core})  # one core: share 1.0 means one vCPU
        if child.stdout.readline().strip() != "ready":
            raise RuntimeError("the render child did not start; see its error above")
        limiter.confine(child.pid, share)
        child.stdin.write("go\n")
        child.stdin.flush()
        result = json.loads(child.stdout.readline())
    finally:
        if isinstance(limiter, DutyCycle):
            limiter.release()
        child.stdin.close()
        child.wait()
    return {"share": share, "wall_s": statistics.median(result["wall"]),
            "cpu_s": statistics.median(result["cpu"]), "peak_rss_mb": result["peak_rss_mb"],
            "runs": len(result["wall"])}


def _row(memory_mb: int, m: dict) -> str:
    expected = m["cpu_s"] / min(1.0, m["share"])
    gb_s = memory_mb / 1024 * m["wall_s"]
    return (f"  {memory_mb:>5} MB  share {m['share']:.2f}  wall {m['wall_s']:6.3f} s  "
            f"cpu {m['cpu_s']:6.3f} s  (idle-core estimate {expected:6.3f} s)  "
            f"{gb_s:6.3f} GB-s = ${gb_s * ARM64_GB_SECOND_USD * 1000:.4f} per 1,000  "
            f"peak RSS {m['peak_rss_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--worst-repeats", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    core = max(os.sched_getaffinity(0))
    limiter = make_limiter()
    figures: dict = {"limiter": limiter.name, "period_us": PERIOD_US, "cpus": os.cpu_count(),
                     "photo": [], "worst_case": [], "worst_case_raw": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            photo, worst = Path(tmp) / "24mp.jpg", Path(tmp) / "49mp-rgba.png"
            raw = Path(tmp) / "50mp-sensor.dng"
            deep = Path(tmp) / "49mp-int32.tif"
            make_photo(photo)
            make_worst_case(worst)
            _sensor_dng(raw, RAW_SIZES[1])
            _deep_gray(deep, 7000, "I")
            print(f"CPU share by {limiter.name} (period {PERIOD_US // 1000} ms), "
                  f"child pinned to CPU {core} of {os.cpu_count()}")
            for label, path, repeats, key in (
                    ("24 MP JPEG (camera photo)", photo, args.repeats, "photo"),
                    ("49 MP RGBA PNG (worst case under the 50 MP cap)", worst,
                     args.worst_repeats, "worst_case"),
                    ("49.8 MP camera RAW, no preview (demosaic; worst case too)", raw,
                     args.worst_repeats, "worst_case_raw")):
                print(f"{label}, median of {repeats}:")
                for memory_mb in MEMORY_SIZES_MB:
                    share = memory_mb / FULL_VCPU_MB
                    m = measure(limiter, path, share, repeats, core)
                    m["memory_mb"] = memory_mb
                    figures[key].append(m)
                    print(_row(memory_mb, m), flush=True)
            out = subprocess.run([sys.executable, "-m", "bench.lambda_sizing", "--child-warm",
                                  str(photo), str(worst), str(raw), str(deep)], cwd=ROOT,
                                 check=True,
                                 capture_output=True, text=True)
            figures["warm_container"] = json.loads(out.stdout)
            print(f"Warm container, {figures['warm_container']['renders']} renders mixing the "
                  f"worst cases with photos: the worst case peaks at "
                  f"{figures['warm_container']['peak_rss_mb']:.0f} MB")
            print("Peak RSS by pixels (handler imported, one render, unthrottled):")
            figures["memory_by_pixels"] = memory_by_pixels(Path(tmp))
            for point in figures["memory_by_pixels"]:
                print(f"  {point['kind']:<16} {point['megapixels']:6.1f} MP  "
                      f"peak RSS {point['peak_rss_mb']:.0f} MB")
    finally:
        limiter.close()
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1:2] == ["--child-warm"]:
        _child_warm(*sys.argv[2:6])
    elif sys.argv[1:2] == ["--child-peak"]:
        _child_peak(sys.argv[2], int(sys.argv[3]))
    else:
        main()
