"""Camera RAW through the resize pipeline: preview and demosaic paths, orientation, metadata,
the pixel cap, files LibRaw can't decode, and LibRaw reading a spooled file from disk."""

from __future__ import annotations

import io
import tempfile

import imagegen
import pytest
import rawgen
from PIL import Image

from backend.resize import raw
from backend.resize.decoders import make_renditions
from backend.resize.imaging import DAMAGED, ImageRejected, Renditions

LIMIT = 50_000_000
DNG = "image/x-adobe-dng"
# Where the stored top half (red) and top-left corner (green) land when shown upright.
UPRIGHT = {1: ((0.5, 0.25), (0.04, 0.04)), 3: ((0.5, 0.75), (0.96, 0.96)),
           6: ((0.75, 0.5), (0.96, 0.04)), 8: ((0.25, 0.5), (0.04, 0.96))}


def render(data: bytes, max_pixels: int = LIMIT) -> Renditions:
    return make_renditions(io.BytesIO(data), max_pixels)


def decode(webp: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(webp))
    assert im.format == "WEBP"
    return im.convert("RGB")


def at(im: Image.Image, fx: float, fy: float) -> tuple[int, int, int]:
    return im.getpixel((int(fx * (im.width - 1)), int(fy * (im.height - 1))))


def is_red(pixel) -> bool:  # hue, not exact values: LibRaw's auto-exposure brightens
    r, g, b = pixel
    return r > 150 and r > g + 80 and r > b + 80


def is_green(pixel) -> bool:
    r, g, b = pixel
    return g > 150 and g > r + 80 and g > b + 80


def is_blue(pixel) -> bool:
    r, g, b = pixel
    return b > 150 and b > r + 80 and b > g + 80


def assert_upright(im: Image.Image, orientation: int) -> None:
    red_at, green_at = UPRIGHT[orientation]
    assert is_red(at(im, *red_at)), at(im, *red_at)
    assert is_green(at(im, *green_at)), at(im, *green_at)


@pytest.fixture
def paths(monkeypatch):
    """Which way each RAW was rendered: 'preview' or 'demosaic'."""
    taken = []
    real_preview, real_demosaic = raw._usable_preview, raw._demosaic

    def preview(*args):
        found = real_preview(*args)
        taken.append("preview" if found is not None else "no preview")
        return found

    def demosaic(*args):
        taken.append("demosaic")
        return real_demosaic(*args)

    monkeypatch.setattr(raw, "_usable_preview", preview)
    monkeypatch.setattr(raw, "_demosaic", demosaic)
    return taken


@pytest.mark.parametrize("orientation", sorted(UPRIGHT))
@pytest.mark.parametrize("preview", ["jpeg", "bitmap", None])
def test_orientation_from_the_raw_on_every_path(paths, orientation, preview):
    result = render(rawgen.dng((640, 480), orientation=orientation, preview=preview))
    turned = orientation in (6, 8)
    assert (result.width, result.height) == ((480, 640) if turned else (640, 480))
    assert result.content_type == DNG
    large = decode(result.large)
    assert large.size == (result.width, result.height)
    assert_upright(large, orientation)
    assert paths == (["preview"] if preview else ["no preview", "demosaic"])


def test_left_red_right_blue_with_orientation_6():
    # The issue's own check: stored top half red, bottom blue; upright, red is on the right.
    result = render(rawgen.dng((640, 480), orientation=6))
    for im in (decode(result.large), decode(result.thumbnail)):
        assert is_red(at(im, 0.9, 0.5)) and is_blue(at(im, 0.1, 0.5))


def test_the_preview_jpegs_own_orientation_wins_over_the_raws():
    # A camera that stored its preview sideways says so in the preview's own EXIF (6),
    # while the RAW's tag (1) describes the sensor data.
    exif = Image.Exif()
    exif[0x0112] = 6
    result = render(rawgen.dng((640, 480), orientation=1, preview_exif=exif.tobytes()))
    assert_upright(decode(result.large), 6)


def test_renditions_carry_no_metadata_from_the_raw_or_its_preview():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0), 3: "E", 4: (4.0, 54.0, 0.0)}  # GPS
    exif[0x010F] = "Thumbdrop"
    source = rawgen.dng((640, 480), orientation=6, preview_exif=exif.tobytes())
    assert b"xmpmeta" in source and b"Exif" in source  # the source really has them
    result = render(source)
    for webp in (result.thumbnail, result.large):
        assert webp[12:16] in (b"VP8 ", b"VP8L")  # a simple WebP: no VP8X, so no EXIF/XMP/ICC
        im = Image.open(io.BytesIO(webp))
        assert not {"exif", "icc_profile", "xmp"} & set(im.info)


def test_a_preview_smaller_than_the_large_view_is_not_used(paths):
    # A 2000x1500 sensor needs a 1600 px large view; its 640x480 preview can't give one.
    result = render(rawgen.dng((2000, 1500), orientation=8, preview_size=(640, 480)))
    assert paths == ["no preview", "demosaic"]
    assert decode(result.large).size == (1200, 1600)
    assert_upright(decode(result.large), 8)


def test_a_preview_of_another_shape_is_not_used(paths):
    render(rawgen.dng((640, 480), preview_size=(640, 640)))
    assert paths == ["no preview", "demosaic"]


def test_a_preview_covering_the_large_view_is_used_and_sizes_are_the_sensors(paths):
    result = render(rawgen.dng((3300, 2200), preview_size=(1650, 1100), orientation=6))
    assert paths == ["preview"]
    assert (result.width, result.height) == (2200, 3300)
    assert decode(result.large).size == (1067, 1600)


def test_a_big_sensor_is_demosaiced_at_half_size(monkeypatch, paths):
    halves = []
    real = raw.half_size_covers
    monkeypatch.setattr(raw, "half_size_covers", lambda sensor: halves.append(real(sensor))
                        or halves[-1])
    result = render(rawgen.dng((3300, 2200), preview=None, orientation=3))
    assert halves == [True]
    assert decode(result.large).size == (1600, 1067)
    assert_upright(decode(result.large), 3)


def test_half_size_only_when_it_still_covers_the_renditions():
    assert raw.half_size_covers(raw._Sensor(6000, 4000, 1))
    assert raw.half_size_covers(raw._Sensor(3200, 2134, 6))
    assert not raw.half_size_covers(raw._Sensor(3000, 2000, 1))  # 1500 px: less than 1600
    assert not raw.half_size_covers(raw._Sensor(640, 480, 1))


def test_the_pixel_cap_applies_before_anything_is_decoded(paths):
    with pytest.raises(ImageRejected) as caught:
        render(rawgen.dng((640, 480)), max_pixels=200_000)
    assert str(caught.value) == "The image is too large: 0.3 megapixels, the limit is 0.2."
    assert caught.value.content_type == DNG
    assert paths == []


def test_a_jpeg_xl_dng_without_a_large_preview_is_refused_with_a_sentence():
    with pytest.raises(ImageRejected) as caught:
        render(rawgen.dng(preview=None, compression=rawgen.JPEG_XL_DNG))
    assert str(caught.value).startswith("A DNG compressed with JPEG XL and without a large preview")


def test_a_jpeg_xl_dng_with_a_full_size_preview_renders_from_it(paths):
    result = render(rawgen.dng(orientation=6, compression=rawgen.JPEG_XL_DNG))
    assert paths == ["preview"]
    assert_upright(decode(result.large), 6)


def test_sensor_data_libraw_cant_decode_and_no_usable_preview_is_a_sentence():
    # The preview passes the sniff's size test but has the wrong shape, so only the
    # (JPEG XL) sensor data could show the picture.
    with pytest.raises(ImageRejected) as caught:
        render(rawgen.dng(preview_size=(640, 640), compression=rawgen.JPEG_XL_DNG))
    assert str(caught.value) == (
        "This DNG file uses a compression Thumbdrop's RAW decoder can't read, and it carries "
        "no preview large enough to show instead. Export it as JPEG and upload that.")
    assert caught.value.content_type == DNG


def test_a_codec_libraw_does_not_know_is_a_sentence():
    # 50002 is the pre-DNG-1.7 JPEG XL code: LibRaw refuses such a file when opening it.
    with pytest.raises(ImageRejected) as caught:
        render(rawgen.dng(preview=None, compression="jpegxl"))
    assert str(caught.value).startswith("Thumbdrop's RAW decoder can't read this DNG file")


@pytest.mark.parametrize("data", [
    b"FUJIFILMCCD-RAW 0201FF383501" + bytes(200),
    b"IIRO\x08\x00\x00\x00" + bytes(200),
    b"IIU\x00\x18\x00\x00\x00" + bytes(200),
])
def test_a_raw_signature_on_garbage_is_a_sentence(data):
    with pytest.raises(ImageRejected) as caught:
        render(data)
    assert caught.value.why == DAMAGED or str(caught.value).startswith(
        "Thumbdrop's RAW decoder can't read this")


def test_truncated_sensor_data_is_damaged():
    data = rawgen.dng((640, 480), preview=None)
    with pytest.raises(ImageRejected) as caught:
        render(data[: len(data) // 2])
    assert caught.value.why == DAMAGED


def test_a_raw_from_a_maker_we_dont_take_is_refused_with_the_sniffs_sentence():
    with pytest.raises(ImageRejected) as caught:
        render(rawgen.tiff_container("PENTAX Corporation"))
    assert "Pentax PEF" in str(caught.value) and caught.value.content_type is None


def test_libraw_reads_a_spooled_file_from_disk_by_its_descriptor():
    data = rawgen.dng((640, 480), orientation=6)
    with tempfile.SpooledTemporaryFile(max_size=1024) as spool:
        spool.write(data)
        spool.seek(0)
        assert spool._rolled  # like a RAW larger than the handler's in-memory limit
        assert raw._path_of(spool) is not None
        result = make_renditions(spool, LIMIT)
    assert_upright(decode(result.large), 6)


def test_an_in_memory_spool_is_given_to_libraw_without_a_copy():
    data = rawgen.dng((640, 480))
    with tempfile.SpooledTemporaryFile(max_size=len(data) + 1) as spool:
        spool.write(data)
        spool.seek(0)
        assert raw._path_of(spool) is None
        assert raw._whole_file(spool).read() is spool._file.getvalue()
        assert render(data).content_type == make_renditions(spool, LIMIT).content_type


def test_a_plain_tiff_still_goes_to_pillow():
    result = render(imagegen.tiff())
    assert result.content_type == "image/tiff"
