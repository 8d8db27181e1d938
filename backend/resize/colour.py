"""Colour: every rendition's pixels in sRGB, converted by LittleCMS (Pillow's ImageCms).

One rendering intent for every conversion: relative colorimetric with black point
compensation (Photoshop's default; libvips' intent, which leaves compensation off unless
asked: docs/ARCHITECTURE.md has the measurements). In-gamut colours stay as measured (a
perceptual table would shift them, and each maker's perceptual tables differ), and the
source's black maps to sRGB's black instead of a washed-out grey (a press profile's black
is far lighter than a screen's).

Which profile a source is read through: its own embedded ICC profile when that profile
fits its pixels; else, for CMYK, the default press profile shipped beside this module
(profiles/, see its NOTICE.txt); CIELab needs none (LittleCMS's own D50 Lab). Anything
else without a usable profile is taken as sRGB, as browsers do.
"""

from __future__ import annotations

import functools
import io
import logging
from importlib import resources

from PIL import Image, ImageCms

log = logging.getLogger(__name__)

INTENT = ImageCms.Intent.RELATIVE_COLORIMETRIC
FLAGS = ImageCms.Flags.BLACKPOINTCOMPENSATION
# The modes render() hands over (imaging._normalise_mode) whose colour needs a profile.
_PROFILED_MODES = ("RGB", "L", "CMYK", "LAB")
DEFAULT_CMYK_PROFILE = "cmyk-chemical-proof.icc"
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@functools.cache
def default_cmyk_profile() -> bytes:
    """The press profile assumed for CMYK without its own (libvips' default, public domain)."""
    return (resources.files(__package__) / "profiles" / DEFAULT_CMYK_PROFILE).read_bytes()


@functools.cache
def _lab_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))  # D50, as TIFF's CIELab


@functools.lru_cache(maxsize=8)
def _transform(icc: bytes | None, mode: str) -> ImageCms.ImageCmsTransform:
    """The transform from `mode` pixels described by `icc` (None: CIELab) to sRGB. Building
    one from a CMYK lookup table costs tens of milliseconds: a batch from one camera or one
    press workflow shares its profile, so a few are kept."""
    source = _lab_profile() if icc is None else ImageCms.ImageCmsProfile(io.BytesIO(icc))
    return ImageCms.buildTransform(source, _SRGB, mode, "RGB", INTENT, FLAGS)


def to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB or RGBA in sRGB: `im` (RGB, RGBA, L, LA, CMYK or LAB) read through `icc`, the
    profile embedded in its source, or the default for its mode."""
    alpha = im.getchannel("A") if im.mode in ("RGBA", "LA") else None
    colour = im.convert(im.mode[:-1]) if alpha is not None else im
    rgb = _converted(colour, icc)
    if alpha is None:
        return rgb
    rgb.putalpha(alpha)
    return rgb


def _converted(im: Image.Image, icc: bytes | None) -> Image.Image:
    mode = im.mode
    if mode not in _PROFILED_MODES:
        return im.convert("RGB")
    candidates: list[bytes | None] = [icc] if icc and mode != "LAB" else []
    if mode == "CMYK":
        candidates.append(default_cmyk_profile())
    elif mode == "LAB":
        candidates.append(None)
    for profile in candidates:
        try:
            return ImageCms.applyTransform(im, _transform(profile, mode))
        except (ImageCms.PyCMSError, OSError, ValueError) as exc:
            # A broken profile, or one for other pixels (an RGB profile on CMYK): the
            # pixels are still worth showing, through the default for their mode.
            log.info("ignoring unusable ICC profile: %r", exc)
    return im if mode == "RGB" else im.convert("RGB")
