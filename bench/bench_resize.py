"""Resize: both renditions of a 24-megapixel JPEG, Thumbdrop's Pillow pipeline against pyvips.

pyvips' `thumbnail` (shrink-on-load, libvips' fastest path) is the anchor, measured in
the same run on the same bytes, each tool writing the same two WebP files at the same
quality with metadata stripped. Time is the median of several runs in this process;
memory is the peak RSS of a fresh subprocess that renders once.
"""

from __future__ import annotations

import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

WIDTH, HEIGHT = 6000, 4000  # 24 MP, a common camera size
REPEATS = 7
TIME_TARGET = 1.30  # at most this many times pyvips' time
MEMORY_TARGET_MB = 150
WEBP_QUALITY = 80  # the same as backend.resize.imaging
WORST_SIDE = 7000  # 49 MP RGBA PNG: the most memory an image under the 50 MP cap can take
LAMBDA_MB = 512


def make_photo(path: Path) -> None:
    """A 24 MP JPEG that compresses like a photo: smooth gradients, fractal detail and
    sensor-like grain (not flat, not pure noise), stored sideways with EXIF orientation 6."""
    size = (WIDTH, HEIGHT)
    base = Image.merge("RGB", (
        Image.linear_gradient("L").resize(size),
        Image.radial_gradient("L").resize(size),
        Image.effect_mandelbrot(size, (-2.2, -1.3, 1.0, 1.3), 60),
    ))
    grain = Image.effect_noise(size, 40).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.blend(base, grain, 0.25).save(path, "JPEG", quality=90, exif=exif)


def make_worst_case(path: Path) -> None:
    """An RGBA PNG just under the pixel cap: no reduced decoding exists for PNG, and alpha
    makes Pillow's resampling copy the image, so this is the memory ceiling."""
    size = (WORST_SIDE, WORST_SIDE)
    ramp = Image.radial_gradient("L").resize(size)
    Image.merge("RGBA", (ramp, ramp.transpose(Image.Transpose.ROTATE_90), ramp, ramp)).save(
        path, "PNG", compress_level=1)


def thumbdrop(data: bytes) -> tuple[bytes, bytes]:
    from backend.resize.decoders import make_renditions

    result = make_renditions(io.BytesIO(data), max_pixels=50_000_000)
    return result.thumbnail, result.large


def pyvips_anchor(data: bytes) -> tuple[bytes, bytes]:
    import pyvips

    def save(im):
        return im.webpsave_buffer(Q=WEBP_QUALITY, keep="none")

    thumbnail = pyvips.Image.thumbnail_buffer(data, 256, height=256, crop="centre")
    large = pyvips.Image.thumbnail_buffer(data, 1600, height=1600, size="down")
    return save(thumbnail), save(large)


PIPELINES = {"thumbdrop": thumbdrop, "pyvips": pyvips_anchor}


def median_seconds(data: bytes) -> dict[str, float]:
    """Median wall time of each pipeline, interleaved so both see the same machine load."""
    for run in PIPELINES.values():
        run(data)  # warm-up: imports, plugin registration, caches
    times = {name: [] for name in PIPELINES}
    for _ in range(REPEATS):
        for name, run in PIPELINES.items():
            start = time.perf_counter()
            run(data)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def _max_rss_mb() -> float:
    """This process' peak resident set size so far, in MB."""
    try:
        # Linux: VmHWM starts afresh at exec. ru_maxrss would not: it keeps the
        # high-water mark of the parent that forked us (the bench, after making a 24 MP image).
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    # Elsewhere (macOS: bytes; other BSDs: kilobytes), the best the OS offers.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _child(name: str, photo: str) -> None:
    """In a fresh interpreter: import, read the photo, then render once; report RSS."""
    if name == "thumbdrop":
        import backend.resize.decoders  # noqa: F401  (imports count towards the baseline)
    else:
        import pyvips  # noqa: F401
    data = Path(photo).read_bytes()
    baseline = _max_rss_mb()
    PIPELINES[name](data)
    print(json.dumps({"baseline_mb": baseline, "peak_mb": _max_rss_mb()}))


def peak_rss(name: str, photo: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "bench.bench_resize", "--peak-rss", name,
                          str(photo)], check=True, capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1])
    return json.loads(out.stdout)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        photo = Path(tmp) / "24mp.jpg"
        make_photo(photo)
        data = photo.read_bytes()
        seconds = median_seconds(data)
        memory = {name: peak_rss(name, photo) for name in PIPELINES}
        worst = Path(tmp) / "49mp-rgba.png"
        make_worst_case(worst)
        worst_rss = peak_rss("thumbdrop", worst)
    sizes = {name: [len(b) for b in run(data)] for name, run in PIPELINES.items()}

    ratio = seconds["thumbdrop"] / seconds["pyvips"]
    ours = memory["thumbdrop"]
    print(f"resize {WIDTH * HEIGHT / 1e6:.0f}MP JPEG ({len(data) / 1e6:.1f} MB) -> 2 WebP: "
          f"thumbdrop {seconds['thumbdrop']:.3f} s, pyvips {seconds['pyvips']:.3f} s, "
          f"ratio {ratio:.2f} (target <= {TIME_TARGET:.2f}) {_verdict(ratio <= TIME_TARGET)}; "
          f"peak RSS thumbdrop {ours['peak_mb']:.0f} MB (target < {MEMORY_TARGET_MB} MB) "
          f"{_verdict(ours['peak_mb'] < MEMORY_TARGET_MB)}")
    print(f"  median of {REPEATS} runs each, interleaved, {os.cpu_count()} CPUs "
          f"(libvips may use several threads, Pillow uses one)")
    for name, rss in memory.items():
        print(f"  peak RSS {name}: {rss['peak_mb']:.0f} MB for the whole process, "
              f"{rss['peak_mb'] - rss['baseline_mb']:.0f} MB above its high-water mark after "
              f"imports and reading the file; output bytes (thumbnail, large) {sizes[name]}")
    print(f"resize worst case under the cap, {WORST_SIDE}x{WORST_SIDE} RGBA PNG: peak RSS "
          f"thumbdrop {worst_rss['peak_mb']:.0f} MB (must fit a {LAMBDA_MB} MB function) "
          f"{_verdict(worst_rss['peak_mb'] < LAMBDA_MB)}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--peak-rss"]:
        _child(sys.argv[2], sys.argv[3])
    else:
        main()
