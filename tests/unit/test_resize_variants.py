"""Valid files in the variants Pillow can't read on its own (issue 17 items 6 and 9): 16-bit
CIELab and subsampled YCbCr TIFFs, WebP-compressed TIFFs, bit-field BMPs; the TIFF encodings
nothing here renders, named on both sides; damaged PNGs and GIFs called damaged.

Pixels are checked patch by patch (CIEDE2000, tests/colour_difference.py) against the chart
each file was made from, or a LittleCMS conversion of it; alpha and orientation too."""

from __future__ import annotations

import io

import numpy as np
import pytest
import tifffile
from PIL import Image, ImageCms

from backend.resize.decoders import make_renditions
from backend.resize.imaging import ImageRejected
from desktop.client.failures import render as rendered
from desktop.client.filetypes import skip_reason_and_type
from desktop.client.precheck import refusal
from tests import imagegen, tiffgen
from tests.colour_difference import delta_e_2000, patch_means

LIMIT = 50_000_000
DAMAGED = r"^The image is truncated or damaged\.$"


def large(data: bytes) -> Image.Image:
    result = make_renditions(io.BytesIO(data), LIMIT)
    im = Image.open(io.BytesIO(result.large))
    assert im.size == (result.width, result.height)
    return im


def assert_looks_like(im: Image.Image, reference: Image.Image, mean=1.5, worst=3.0,
                      rows=4) -> None:
    difference = delta_e_2000(patch_means(im, rows=rows), patch_means(reference, rows=rows))
    assert difference.mean() < mean and difference.max() < worst, difference.round(1)


def taken_by_the_client(tmp_path, data: bytes, name: str, content_type: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert skip_reason_and_type(path) == (None, content_type)
    assert refusal(path, name, content_type, LIMIT) is None


# --- item 6: 16-bit CIELab -----------------------------------------------------------------

def _chart_lab() -> tuple[np.ndarray, Image.Image]:
    """The RGB chart in CIELab (D50, LittleCMS's) as floats, and as LittleCMS converts those
    Lab values (8-bit) back to sRGB: the reference a Lab TIFF's rendition must match."""
    lab8 = ImageCms.profileToProfile(
        imagegen.rgb_chart(), ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"),
        outputMode="LAB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    bands = np.dstack([np.asarray(band, np.float64) for band in lab8.split()])
    lab = np.dstack([bands[..., 0] * 100 / 255, bands[..., 1] - 128, bands[..., 2] - 128])
    reference = ImageCms.profileToProfile(
        lab8, ImageCms.createProfile("LAB"), ImageCms.createProfile("sRGB"), outputMode="RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    return lab, reference


@pytest.mark.parametrize("icclab, compression", [(False, None), (False, "lzw"), (True, None),
                                                 (True, "zlib")],
                         ids=["cielab", "cielab-lzw", "icclab", "icclab-deflate"])
def test_a_16_bit_lab_tiff_is_rendered_in_its_colours(tmp_path, icclab, compression):
    lab, reference = _chart_lab()
    data = tiffgen.lab16(lab, icclab=icclab, compression=compression)
    taken_by_the_client(tmp_path, data, "scan.tif", "image/tiff")
    assert_looks_like(large(data), reference)


def test_a_16_bit_lab_tiff_is_turned_upright():
    lab, reference = _chart_lab()
    im = large(tiffgen.lab16(lab, orientation=6))  # stored turned left: shown turned right
    assert im.size == (160, 240)
    assert_looks_like(im.transpose(Image.Transpose.ROTATE_90), reference)


def test_lab_greys_stay_grey_when_the_renditions_are_resampled():
    """Pillow holds LAB's a and b as signed bytes, and its resampling knows it (the LAB image
    is resized before colour.to_srgb): averaged as unsigned, a grey with a* between -1 and +1
    would become a* = -128, a fringe of colour everywhere."""
    rng = np.random.default_rng(3)
    lab = np.zeros((1200, 1800, 3))
    lab[..., 0] = 60
    lab[..., 1:] = rng.choice([-1.0, 1.0], size=(1200, 1800, 2))
    result = make_renditions(io.BytesIO(tiffgen.lab16(lab)), LIMIT)
    for webp in (result.large, result.thumbnail):
        rgb = np.asarray(Image.open(io.BytesIO(webp)).convert("RGB"), int)
        assert (rgb.max(axis=2) - rgb.min(axis=2)).max() <= 6  # grey: R, G and B alike


# --- item 6: YCbCr with chroma subsampling (Fujifilm's in-camera TIFFs) ----------------------

@pytest.mark.parametrize("subsampling, reference", [
    ((2, 1), (0, 255, 128, 255, 128, 255)),
    ((2, 2), (0, 255, 128, 255, 128, 255)),
    ((2, 1), (16, 235, 128, 240, 128, 240)),
], ids=["4:2:2", "4:2:0", "4:2:2-video-range"])
def test_an_uncompressed_subsampled_ycbcr_tiff_is_rendered(tmp_path, subsampling, reference):
    chart = imagegen.rgb_chart()
    data = tiffgen.ycbcr_subsampled(chart, subsampling, reference)
    taken_by_the_client(tmp_path, data, "DSCF0001.TIF", "image/tiff")
    assert_looks_like(large(data), chart)


# --- item 9: WebP-compressed TIFF ---------------------------------------------------------

def test_a_webp_compressed_tiff_is_rendered(tmp_path):
    chart = imagegen.rgb_chart()
    data = tiffgen.webp(chart)
    taken_by_the_client(tmp_path, data, "export.tif", "image/tiff")
    assert_looks_like(large(data), chart)


def test_a_tiled_webp_tiff_keeps_its_alpha():
    chart = imagegen.rgb_chart("RGBA")
    im = large(tiffgen.webp(chart, tile=(64, 64)))
    assert im.mode == "RGBA"
    means = np.asarray(patch_means(im))
    assert means[0, 0, 3] == 255 and abs(int(means[3, 0, 3]) - 128) <= 2 and means[3, 5, 3] == 0
    assert_looks_like(im.convert("RGB").crop((0, 0, 240, 120)),
                      chart.convert("RGB").crop((0, 0, 240, 120)), rows=3)


def test_a_webp_tiff_cut_in_half_is_damaged_on_both_sides(tmp_path):
    data = tiffgen.webp(Image.effect_noise((240, 160), 60).convert("RGB"))
    cut = data[: len(data) // 2]
    with pytest.raises(ImageRejected, match=DAMAGED):
        make_renditions(io.BytesIO(cut), LIMIT)
    path = tmp_path / "cut.tif"
    path.write_bytes(cut)
    assert refusal(path, "cut.tif", "image/tiff", LIMIT).code == "cut_short"


# --- item 6: TIFF encodings nothing here renders, named on both sides ----------------------

def _float_rgb() -> bytes:
    out = io.BytesIO()
    tifffile.imwrite(out, np.zeros((16, 16, 3), np.float32), photometric="rgb")
    return out.getvalue()


@pytest.mark.parametrize("make, encoding", [
    (lambda: tiffgen.with_compression(imagegen.tiff((64, 48)), 34676),
     "SGI LogLuv compression (HDR)"),
    (lambda: tiffgen.with_photometric(imagegen.tiff((64, 48)), 32845),
     "the LogLuv colour model (HDR)"),
    (lambda: tiffgen.with_compression(imagegen.tiff((64, 48)), 50002), "JPEG XL compression"),
    (_float_rgb, "floating-point colour samples (HDR or scientific data)"),
], ids=["logluv-compression", "logluv-photometric", "jpeg-xl", "float32-rgb"])
def test_a_tiff_encoding_nothing_renders_is_named_before_and_after_upload(tmp_path, make,
                                                                         encoding):
    data = make()
    sentence = (f"This TIFF file uses {encoding}, which Thumbdrop can't read. Export it as an "
                "8-bit or 16-bit RGB TIFF, a JPEG or a PNG and upload again.")
    with pytest.raises(ImageRejected) as refused:
        make_renditions(io.BytesIO(data), LIMIT)
    assert str(refused.value) == sentence
    assert (refused.value.why.code, refused.value.why.params) == (
        "unsupported_tiff_encoding", {"encoding": encoding})
    path = tmp_path / "hdr.tif"
    path.write_bytes(data)
    before_upload, content_type = skip_reason_and_type(path)
    assert content_type is None and rendered(before_upload) == sentence
    assert "RAW" not in sentence


def test_a_single_channel_float_tiff_is_still_rendered():
    out = io.BytesIO()
    tifffile.imwrite(out, np.linspace(0, 1, 64 * 48, dtype=np.float32).reshape(48, 64))
    assert large(out.getvalue()).size == (64, 48)


# --- item 9: bit-field BMPs ---------------------------------------------------------------

@pytest.mark.parametrize("bits, masks, header, compression", [
    (16, (0xF800, 0x07E0, 0x001F, 0), 40, 3),
    (16, (0x7C00, 0x03E0, 0x001F, 0), 40, 3),
    (16, (0x001F, 0x07E0, 0xF800, 0), 40, 3),  # 565 with red and blue swapped
    (32, (0x3FF00000, 0x000FFC00, 0x000003FF, 0), 124, 3),  # 10-10-10
    (32, (0x000000FF, 0x0000FF00, 0x00FF0000, 0), 40, 3),  # RGBX
], ids=["565", "555", "bgr565", "10-10-10", "rgbx"])
def test_a_bitfield_bmp_is_rendered(tmp_path, bits, masks, header, compression):
    chart = imagegen.rgb_chart()
    data = imagegen.bitfield_bmp(chart, bits, masks, header=header, compression=compression)
    taken_by_the_client(tmp_path, data, "old.bmp", "image/bmp")
    im = large(data)
    assert im.mode == "RGB"
    assert_looks_like(im, chart, mean=2.0, worst=4.5)  # 5 bits a channel: steps of ΔE ~1-2


@pytest.mark.parametrize("bits, masks, header, compression, worst", [
    (16, (0x0F00, 0x00F0, 0x000F, 0xF000), 108, 3, 10),  # 4444: steps of 17 levels
    (32, (0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000), 40, 6, 3),  # BI_ALPHABITFIELDS
], ids=["argb4444", "alphabitfields"])
def test_a_bitfield_bmp_keeps_its_alpha(bits, masks, header, compression, worst):
    chart = imagegen.rgb_chart("RGBA")
    im = large(imagegen.bitfield_bmp(chart, bits, masks, header=header, compression=compression,
                            top_down=True))
    assert im.mode == "RGBA"
    means = np.asarray(patch_means(im))
    assert means[0, 0, 3] == 255 and abs(int(means[3, 0, 3]) - 128) <= 9 and means[3, 5, 3] == 0
    assert_looks_like(im.convert("RGB").crop((0, 0, 240, 120)),
                      chart.convert("RGB").crop((0, 0, 240, 120)), mean=2.5, worst=worst,
                      rows=3)


def test_an_alpha_mask_with_no_alpha_set_is_an_opaque_picture():
    chart = imagegen.rgb_chart()
    unset = chart.convert("RGBA")
    unset.putalpha(0)  # every alpha bit zero, as "XRGB" writers leave them
    im = large(imagegen.bitfield_bmp(unset, 32, (0xFF0000, 0xFF00, 0xFF, 0xFF000000), header=124))
    assert im.mode == "RGB"
    assert_looks_like(im, chart)


# --- item 9: damaged PNGs and GIFs are called damaged --------------------------------------

def _png() -> bytes:
    return imagegen._save(Image.effect_noise((64, 48), 60).convert("RGB"), "PNG")


def _gif() -> bytes:
    return imagegen._save(Image.effect_noise((64, 48), 60).convert("P"), "GIF")


def _flip(data: bytes, at: int, length: int = 1) -> bytes:
    return data[:at] + bytes(b ^ 0xFF for b in data[at:at + length]) + data[at + length:]


@pytest.mark.parametrize("make", [
    lambda: _flip(_png(), 16, 8),  # IHDR's width and height garbled
    lambda: _flip(_png(), 29, 4),  # IHDR's CRC wrong
    lambda: _flip(_png(), 60, 40),  # the compressed pixels garbled
    lambda: _png()[:-40],  # cut short
    lambda: _gif()[: len(_gif()) // 2],  # cut short
    lambda: _gif()[:13] + b"\x00" * 40,  # its first block garbled
], ids=["png-ihdr", "png-crc", "png-idat", "png-cut", "gif-cut", "gif-blocks"])
def test_a_damaged_png_or_gif_is_called_damaged_never_not_an_image(make):
    with pytest.raises(ImageRejected, match=DAMAGED):
        make_renditions(io.BytesIO(make()), LIMIT)


@pytest.mark.parametrize("data, content_type", [
    (_png()[:-40], "image/png"), (_gif()[: len(_gif()) // 2], "image/gif"),
    (imagegen.animated_gif()[:-60], "image/gif"),  # cut in its last frame
], ids=["png", "gif", "animated-gif"])
def test_a_cut_png_or_gif_is_refused_before_upload_as_damaged(tmp_path, data, content_type):
    path = tmp_path / "cut.img"
    path.write_bytes(data)
    assert skip_reason_and_type(path) == (None, content_type)  # a PNG or GIF, by its bytes
    assert refusal(path, "cut.img", content_type, LIMIT).code == "cut_short"
    with pytest.raises(ImageRejected, match=DAMAGED):
        make_renditions(io.BytesIO(data), LIMIT)


def test_a_gif_without_its_trailer_is_not_cut_short(tmp_path):
    data = imagegen.animated_gif()[:-1]  # some encoders leave the 3B out: all blocks are there
    path = tmp_path / "no-trailer.gif"
    path.write_bytes(data)
    assert refusal(path, "no-trailer.gif", "image/gif", LIMIT) is None
    assert make_renditions(io.BytesIO(data), LIMIT).width == 200


def test_every_tiff_encoding_name_has_its_translation_entry():
    from backend.common import tiff_encoding
    from desktop.client import failures

    assert set(failures._TIFF_ENCODINGS) == tiff_encoding.ENCODING_NAMES


def test_big_files_are_converted_in_bands_with_the_same_pixels(monkeypatch):
    from backend.resize import bmp_bitfields, tiff_variants

    chart = imagegen.rgb_chart()
    ycbcr = tiffgen.ycbcr_subsampled(chart, (2, 2))
    bmp = imagegen.bitfield_bmp(chart, 16, (0x001F, 0x07E0, 0xF800, 0))
    whole = [large(ycbcr).tobytes(), large(bmp).tobytes()]
    monkeypatch.setattr(tiff_variants, "BAND_UNITS", 7)  # 14 rows, not a divisor of 160
    monkeypatch.setattr(bmp_bitfields, "BAND_ROWS", 7)
    assert [large(ycbcr).tobytes(), large(bmp).tobytes()] == whole
