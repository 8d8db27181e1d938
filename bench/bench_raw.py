"""Resize, camera RAW: both renditions of a 24 MP DNG, from its preview and from its sensor data.

pyvips can't decode RAW (it reads a DNG's IFD0 as a TIFF), so the anchor is LibRaw's own
full decode as dcraw_emu does it by default (AHD demosaic at full size, 8-bit sRGB), measured
in the same run on the same file: what a tool that simply "opens the RAW" pays before it has
even started resizing. The demosaic choice (half size vs full-size bilinear vs AHD) is printed
too. Memory is the peak RSS of a fresh subprocess rendering a 50 MP RAW (just under the pixel
cap) once per path: the figure the resize function's MemorySize must exceed.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from bench.bench_resize import LAMBDA_MB, _max_rss_mb, _verdict, make_photo

REPEATS = 3
PREVIEW_TARGET = 0.25  # the preview path: at most this share of the anchor's time
DEMOSAIC_TARGET = 0.50  # the demosaic path
WORST = (8640, 5760)  # 49.8 MP, a 45-50 MP camera's sensor under the 50 MP cap


def write_dngs(folder: Path, size: tuple[int, int], picture: Image.Image) -> dict[str, Path]:
    from tests import rawgen

    paths = {"preview": folder / f"{size[0]}-preview.dng", "sensor": folder / f"{size[0]}.dng"}
    # Cameras embed a full-size JPEG; stored sideways like a portrait shot (orientation 6).
    paths["preview"].write_bytes(rawgen.dng(size, picture=picture, orientation=6))
    paths["sensor"].write_bytes(rawgen.dng(size, picture=picture, orientation=6, preview=None))
    return paths


def thumbdrop(path: Path) -> None:
    from backend.resize.decoders import make_renditions

    with open(path, "rb") as handle:  # a file on disk, like the handler's spool of a RAW
        make_renditions(handle, max_pixels=50_000_000)


def libraw_full_decode(path: Path, **params) -> None:
    import rawpy

    with rawpy.RawPy() as raw:
        raw.open_file(str(path))
        raw.unpack()
        raw.postprocess(**params)


def median_seconds(runs: dict) -> dict[str, float]:
    for run in runs.values():
        run()  # warm-up: imports, page cache
    times = {name: [] for name in runs}
    for _ in range(REPEATS):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def _child(path: str) -> None:
    import backend.resize.raw  # noqa: F401  (imports, rawpy's too, count towards the baseline)

    baseline = _max_rss_mb()
    thumbdrop(Path(path))
    print(json.dumps({"baseline_mb": baseline, "peak_mb": _max_rss_mb()}))


def peak_rss(path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "bench.bench_raw", "--peak-rss", str(path)],
                         check=True, capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1])
    return json.loads(out.stdout)


def main() -> None:
    import rawpy

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_photo(folder / "photo.jpg")
        with Image.open(folder / "photo.jpg") as photo:
            picture = photo.convert("RGB")
        dngs = write_dngs(folder, picture.size, picture)
        seconds = median_seconds({
            "preview": lambda: thumbdrop(dngs["preview"]),
            "demosaic": lambda: thumbdrop(dngs["sensor"]),
            "anchor": lambda: libraw_full_decode(dngs["sensor"]),
        })
        choice = median_seconds({
            "half size": lambda: libraw_full_decode(dngs["sensor"], half_size=True),
            "bilinear": lambda: libraw_full_decode(
                dngs["sensor"], demosaic_algorithm=rawpy.DemosaicAlgorithm.LINEAR),
        })
        megapixels = picture.width * picture.height / 1e6
        worst_picture = picture.resize(WORST)
        del picture
        worst = write_dngs(folder, WORST, worst_picture)
        del worst_picture
        memory = {path: peak_rss(worst[path]) for path in ("preview", "sensor")}

    anchor = seconds["anchor"]
    for path, target in (("preview", PREVIEW_TARGET), ("demosaic", DEMOSAIC_TARGET)):
        ratio = seconds[path] / anchor
        print(f"resize {megapixels:.0f}MP DNG -> 2 WebP, {path} path: thumbdrop "
              f"{seconds[path]:.3f} s, LibRaw full decode (dcraw_emu defaults) {anchor:.3f} s, "
              f"ratio {ratio:.2f} (target <= {target:.2f}) {_verdict(ratio <= target)}")
    print(f"  demosaic choice, LibRaw decode alone: half size {choice['half size']:.3f} s, "
          f"full-size bilinear {choice['bilinear']:.3f} s, full-size AHD {anchor:.3f} s "
          f"(median of {REPEATS}; half size is used whenever it still covers 1600 px)")
    worst_mp = WORST[0] * WORST[1] / 1e6
    for path, rss in memory.items():
        print(f"resize worst case {worst_mp:.1f}MP DNG, {path} path: peak RSS "
              f"{rss['peak_mb']:.0f} MB ({rss['peak_mb'] - rss['baseline_mb']:.0f} MB above "
              f"imports) (must fit a {LAMBDA_MB} MB function) "
              f"{_verdict(rss['peak_mb'] < LAMBDA_MB)}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--peak-rss"]:
        _child(sys.argv[2])
    else:
        main()
