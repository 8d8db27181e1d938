"""Colour of the renditions, measured: CIEDE2000 (tests/colour_difference.py) of each patch
of a CMYK chart against a LittleCMS conversion made here (Pillow's ImageCms, relative
colorimetric with black point compensation) through the same profile (issue 17 item 8)."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image, ImageCms

from backend.resize import colour
from backend.resize.decoders import make_renditions
from tests import imagegen
from tests.colour_difference import delta_e_2000
from tests.colour_difference import patch_means as patches

LIMIT = 50_000_000
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# WebP (quality 80, 4:2:0) moves a flat patch's colour by about 1 at most.
MEAN_DELTA_E, MAX_DELTA_E = 1.0, 2.5


def littlecms(data: bytes, icc: bytes) -> Image.Image:
    """The reference: the JPEG's CMYK pixels (as Pillow decodes them) through `icc`."""
    source = Image.open(io.BytesIO(data))
    return ImageCms.profileToProfile(
        source, ImageCms.ImageCmsProfile(io.BytesIO(icc)), SRGB, outputMode="RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def rendition(data: bytes) -> Image.Image:
    large = Image.open(io.BytesIO(make_renditions(io.BytesIO(data), LIMIT).large))
    assert large.size == (6 * imagegen.PATCH, 4 * imagegen.PATCH)
    return large


def darker_cmyk_profile() -> bytes:
    """The default press profile with its CMYK->Lab table's L* output scaled by 0.7: a valid,
    different CMYK profile, so that a rendition shows which profile it was read through."""
    profile = bytearray(colour.default_cmyk_profile())
    (count,) = struct.unpack_from(">I", profile, 128)
    tags = {bytes(profile[132 + 12 * i:136 + 12 * i]): struct.unpack_from(">II", profile,
                                                                          136 + 12 * i)
            for i in range(count)}
    at = tags[b"A2B1"][0]
    assert profile[at:at + 4] == b"mft2"
    inputs, outputs, grid = profile[at + 8], profile[at + 9], profile[at + 10]
    in_entries, out_entries = struct.unpack_from(">HH", profile, at + 48)
    l_table = at + 52 + 2 * (inputs * in_entries + grid ** inputs * outputs)
    for i in range(out_entries):
        (value,) = struct.unpack_from(">H", profile, l_table + 2 * i)
        struct.pack_into(">H", profile, l_table + 2 * i, int(value * 0.7))
    return bytes(profile)


def assert_close(image: Image.Image, reference: Image.Image) -> None:
    difference = delta_e_2000(patches(image), patches(reference))
    assert difference.mean() < MEAN_DELTA_E and difference.max() < MAX_DELTA_E, difference


def test_cmyk_without_a_profile_is_read_through_the_default_press_profile():
    data = imagegen.cmyk_chart_jpeg()
    assert b"Adobe" in data[:200]  # Photoshop's APP14 marker: the inks are stored inverted
    assert_close(rendition(data), littlecms(data, colour.default_cmyk_profile()))


def test_a_cmyk_jpeg_keeps_its_own_profile():
    own = darker_cmyk_profile()
    data = imagegen.cmyk_chart_jpeg(icc=own)
    result = rendition(data)
    assert_close(result, littlecms(data, own))
    # ... and that profile made a visible difference: not the default's colours.
    assert delta_e_2000(patches(result), patches(littlecms(data, colour.default_cmyk_profile()))
                        ).mean() > 5


def test_a_cmyk_jpeg_from_another_encoder_comes_out_alike():
    """libvips (libjpeg) writes CMYK JPEGs as Photoshop does too: Adobe's APP14 marker and
    the inks stored inverted. Read as Pillow and libvips both read them, with the inversion."""
    import pyvips

    chart = imagegen.cmyk_chart()
    vips = pyvips.Image.new_from_memory(chart.tobytes(), chart.width, chart.height, 4, "uchar")
    data = vips.copy(interpretation="cmyk").jpegsave_buffer(Q=100, subsample_mode="off")
    assert b"Adobe" in data[:200]
    assert_close(rendition(data), littlecms(imagegen.cmyk_chart_jpeg(),
                                            colour.default_cmyk_profile()))


def test_a_profile_that_does_not_fit_cmyk_falls_back_to_the_default():
    srgb_icc = SRGB.tobytes()
    data = imagegen.cmyk_chart_jpeg(icc=srgb_icc)
    assert_close(rendition(data), littlecms(imagegen.cmyk_chart_jpeg(),
                                            colour.default_cmyk_profile()))


@pytest.mark.parametrize("intent_source", ["cmyk", "rgb"])
def test_every_conversion_uses_relative_colorimetric_with_black_point_compensation(
        monkeypatch, intent_source):
    seen = []
    build = ImageCms.buildTransform

    def spy(source, target, in_mode, out_mode, intent=ImageCms.Intent.PERCEPTUAL,
            flags=ImageCms.Flags.NONE):
        seen.append((intent, flags))
        return build(source, target, in_mode, out_mode, intent, flags)

    monkeypatch.setattr(ImageCms, "buildTransform", spy)
    colour._transform.cache_clear()
    data = (imagegen.cmyk_chart_jpeg() if intent_source == "cmyk"
            else imagegen.png((64, 48), "RGB", icc=imagegen.swapped_primaries_icc()))
    make_renditions(io.BytesIO(data), LIMIT)
    colour._transform.cache_clear()
    assert seen == [(ImageCms.Intent.RELATIVE_COLORIMETRIC,
                     ImageCms.Flags.BLACKPOINTCOMPENSATION)]
