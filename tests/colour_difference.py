"""Colour difference between two sRGB pictures: CIEDE2000 (ΔE00), per pixel, in numpy.

sRGB -> CIE XYZ (D65) -> CIELAB by the sRGB standard's formulas, then the CIEDE2000 formula
(Sharma, Wu and Dalal 2005). About 1 is the smallest difference people see side by side.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

_SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                         [0.2126729, 0.7151522, 0.0721750],
                         [0.0193339, 0.1191920, 0.9503041]])
_D65 = np.array([0.95047, 1.0, 1.08883])


def lab(im: Image.Image) -> np.ndarray:
    """H x W x 3 CIELAB (D65) of an image's RGB."""
    rgb = np.asarray(im.convert("RGB"), np.float64) / 255
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = linear @ _SRGB_TO_XYZ.T / _D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]),
                     200 * (f[..., 1] - f[..., 2])], axis=-1)


def delta_e_2000(first: Image.Image, second: Image.Image) -> np.ndarray:
    """ΔE00 of each pixel of two same-sized images."""
    return delta_e_2000_lab(lab(first), lab(second))


def delta_e_2000_lab(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """ΔE00 between two arrays of CIELAB triples (last axis L, a, b)."""
    lab1, lab2 = np.asarray(lab1, np.float64), np.asarray(lab2, np.float64)
    l1, a1, b1 = np.moveaxis(lab1, -1, 0)
    l2, a2, b2 = np.moveaxis(lab2, -1, 0)
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dlp, dcp = l2 - l1, c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(c1p * c2p == 0, 0, dh)
    dhp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    lp_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    hsum = h1p + h2p
    hp_mean = np.where(np.abs(h1p - h2p) > 180,
                       np.where(hsum < 360, (hsum + 360) / 2, (hsum - 360) / 2), hsum / 2)
    hp_mean = np.where(c1p * c2p == 0, hsum, hp_mean)
    t = (1 - 0.17 * np.cos(np.radians(hp_mean - 30)) + 0.24 * np.cos(np.radians(2 * hp_mean))
         + 0.32 * np.cos(np.radians(3 * hp_mean + 6))
         - 0.20 * np.cos(np.radians(4 * hp_mean - 63)))
    d_theta = 30 * np.exp(-(((hp_mean - 275) / 25) ** 2))
    rc = 2 * np.sqrt(cp_mean**7 / (cp_mean**7 + 25.0**7))
    sl = 1 + 0.015 * (lp_mean - 50) ** 2 / np.sqrt(20 + (lp_mean - 50) ** 2)
    sc = 1 + 0.045 * cp_mean
    sh = 1 + 0.015 * cp_mean * t
    rt = -np.sin(np.radians(2 * d_theta)) * rc
    return np.sqrt((dlp / sl) ** 2 + (dcp / sc) ** 2 + (dhp / sh) ** 2
                   + rt * (dcp / sc) * (dhp / sh))


def patch_means(im: Image.Image, side: int = 40, columns: int = 6, rows: int = 4) -> Image.Image:
    """One pixel per square patch of a chart (tests/imagegen.py's): the mean of its inner
    half, away from the edges a lossy WebP or chroma subsampling blurs. RGBA keeps alpha."""
    mode = "RGBA" if im.mode in ("RGBA", "LA", "PA") else "RGB"
    pixels = np.asarray(im.convert(mode), np.float64)
    inner = side // 4
    out = np.zeros((rows, columns, len(mode)))
    for row in range(rows):
        for column in range(columns):
            x, y = column * side, row * side
            out[row, column] = pixels[y + inner:y + side - inner,
                                      x + inner:x + side - inner].mean(axis=(0, 1))
    return Image.fromarray(out.round().astype(np.uint8), mode)
