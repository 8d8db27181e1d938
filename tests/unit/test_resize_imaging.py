"""The Pillow pipeline on real files: orientation, modes, colour, alpha, sizes, metadata, refusals."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image, ImageStat, JpegImagePlugin

from backend.resize.decoders import make_renditions
from backend.resize.imaging import ImageRejected, Renditions, _reduce_in_strips
from tests import imagegen

LIMIT = 50_000_000
NOT_READABLE = "This file is not an image Thumbdrop can read: it is {}. Export it as JPEG or PNG and upload again."


def render(data: bytes, max_pixels: int = LIMIT) -> Renditions:
    return make_renditions(io.BytesIO(data), max_pixels)


def decode(webp: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(webp))
    assert im.format == "WEBP"
    return im


def webp_chunks(data: bytes) -> list[bytes]:
    """The RIFF chunk ids of a WebP file, e.g. [b'VP8X', b'ALPH', b'VP8 ']."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, at = [], 12
    while at + 8 <= len(data):
        kind, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        chunks.append(kind)
        at += 8 + size + (size & 1)
    return chunks


def near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def sample(im: Image.Image, fx: float, fy: float):
    """The pixel at fractions (fx, fy) of the width and height."""
    return im.convert("RGBA").getpixel((int(fx * (im.width - 1)), int(fy * (im.height - 1))))


# Where the stored top half (red) and top-left corner (green) end up when shown upright.
UPRIGHT = {
    1: ("top", "top-left"), 2: ("top", "top-right"), 3: ("bottom", "bottom-right"),
    4: ("bottom", "bottom-left"), 5: ("left", "top-left"), 6: ("right", "top-right"),
    7: ("right", "bottom-right"), 8: ("left", "bottom-left"),
}
HALF_CENTRES = {"top": (0.5, 0.25), "bottom": (0.5, 0.75), "left": (0.25, 0.5), "right": (0.75, 0.5)}
CORNERS = {"top-left": (0.04, 0.04), "top-right": (0.96, 0.04),
           "bottom-left": (0.04, 0.96), "bottom-right": (0.96, 0.96)}


@pytest.mark.parametrize("orientation", sorted(UPRIGHT))
def test_exif_orientation_is_applied(orientation):
    result = render(imagegen.jpeg((640, 480), orientation=orientation))
    large = decode(result.large)
    turned = orientation >= 5
    assert (result.width, result.height) == ((480, 640) if turned else (640, 480))
    assert large.size == (result.width, result.height)
    red_half, green_corner = UPRIGHT[orientation]
    assert near(sample(large, *HALF_CENTRES[red_half]), imagegen.RED)
    assert near(sample(large, *CORNERS[green_corner]), imagegen.GREEN)


def test_landscape_encoded_orientation_6_becomes_portrait_in_both_renditions():
    result = render(imagegen.jpeg((640, 480), orientation=6))
    assert decode(result.large).size == (480, 640)
    thumb = decode(result.thumbnail)
    # The centre crop of the upright picture: red right of centre, blue left of it.
    assert near(sample(thumb, 0.9, 0.5), imagegen.RED)
    assert near(sample(thumb, 0.1, 0.5), imagegen.BLUE)


@pytest.mark.parametrize("orientation", [None, 6])
def test_renditions_carry_no_metadata_at_all(orientation):
    # No ICC profile on purpose: converting through one makes a new image without `info`,
    # which would hide an EXIF pass-through (the sRGB conversion has its own test).
    source = imagegen.jpeg((640, 480), orientation=orientation, gps=True, xmp=True)
    opened = Image.open(io.BytesIO(source))
    assert opened.getexif().get_ifd(imagegen.GPS_IFD)  # the source really has a position,
    assert "xmp" in opened.info and "icc_profile" not in opened.info  # XMP, and no ICC
    result = render(source)
    for webp in (result.thumbnail, result.large):
        assert set(webp_chunks(webp)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
        im = decode(webp)
        assert not {"exif", "icc_profile", "xmp"} & set(im.info)
        assert len(im.getexif()) == 0


def test_sizes_of_a_big_landscape():
    result = render(imagegen.jpeg((3000, 2000)))
    assert decode(result.large).size == (1600, 1067)
    assert decode(result.thumbnail).size == (256, 256)
    assert (result.width, result.height, result.content_type) == (3000, 2000, "image/jpeg")


def test_a_small_image_is_not_upscaled_but_still_gets_a_full_thumbnail():
    result = render(imagegen.png((300, 200), mode="RGB"))
    assert decode(result.large).size == (300, 200)
    assert decode(result.thumbnail).size == (256, 256)


def test_a_panorama_thumbnail_is_a_centre_crop_from_full_resolution():
    # 4000x500 fits as 1600x200, shorter than the thumbnail: it must come from the source.
    result = render(imagegen.jpeg((4000, 500)))
    assert decode(result.large).size == (1600, 200)
    thumb = decode(result.thumbnail)
    assert thumb.size == (256, 256)
    assert near(sample(thumb, 0.5, 0.2), imagegen.RED)
    assert near(sample(thumb, 0.5, 0.8), imagegen.BLUE)


def test_a_panorama_thumbnail_keeps_detail_the_large_view_has_lost():
    # 4-pixel stripes: resolved at the thumbnail's scale of the source (x0.51),
    # blurred to grey in the 1600x100 large view (x0.2) it must not be made from.
    stripes = Image.frombytes("L", (8000, 500), (b"\x00" * 4 + b"\xff" * 4) * 1000 * 500)
    out = io.BytesIO()
    stripes.save(out, "PNG")
    thumb = decode(render(out.getvalue()).thumbnail).convert("L")
    assert ImageStat.Stat(thumb).stddev[0] > 60


def test_a_big_jpeg_is_decoded_at_reduced_scale_before_pixels_load(monkeypatch):
    loaded_at = []
    original_load = JpegImagePlugin.JpegImageFile.load

    def spy(self):
        loaded_at.append(self.size)
        return original_load(self)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", spy)
    result = render(imagegen.jpeg((4000, 3000), orientation=6))
    # 4000/1600 allows 1/2 scale in libjpeg; the thumbnail needs far less.
    assert loaded_at and all(size == (2000, 1500) for size in loaded_at)
    assert decode(result.large).size == (1200, 1600)


@pytest.mark.parametrize("mode", ["RGBA", "LA"])
def test_alpha_is_kept(mode):
    result = render(imagegen.png((640, 480), mode=mode))
    large = decode(result.large)
    assert large.mode == "RGBA" and b"ALPH" in webp_chunks(result.large)
    assert sample(large, 0.95, 0.5)[3] == 0  # the transparent right quarter
    assert sample(large, 0.5, 0.25)[3] == 255
    assert decode(result.thumbnail).mode == "RGBA"


def test_palette_with_transparency_keeps_alpha_and_colours():
    large = decode(render(imagegen.palette_png()).large)
    assert sample(large, 0.95, 0.5)[3] == 0
    assert near(sample(large, 0.5, 0.25), imagegen.RED + (255,))


def test_cmyk_is_converted_to_rgb():
    large = decode(render(imagegen.cmyk_jpeg()).large)
    assert large.mode == "RGB"
    # Printed cyan through the default press profile (tests/unit/test_resize_colour.py
    # measures it), not the naive (0, 255, 255), nor inverted or red.
    assert near(sample(large, 0.5, 0.5), (0, 158, 224), tolerance=12)


def test_16_bit_grey_keeps_its_tones():
    large = decode(render(imagegen.gray16_png()).large)
    assert near(sample(large, 0.5, 0.2), (234, 234, 234), 6)  # 60000 / 256
    assert near(sample(large, 0.5, 0.8), (31, 31, 31), 6)  # 8000 / 256, not clipped white


def test_bilevel_is_converted():
    large = decode(render(imagegen.bilevel_png()).large)
    assert near(sample(large, 0.5, 0.2), (255, 255, 255), 4)
    assert near(sample(large, 0.5, 0.8), (0, 0, 0), 4)


def test_icc_profile_is_converted_to_srgb():
    # Red pixels under a profile whose red primary is sRGB's green must come out green.
    source = imagegen.png((200, 200), mode="RGB", icc=imagegen.swapped_primaries_icc())
    large = decode(render(source).large)
    assert near(sample(large, 0.5, 0.25), (30, 220, 30))


def test_animated_gif_gives_its_first_frame():
    result = render(imagegen.animated_gif())
    assert result.content_type == "image/gif"
    for webp in (result.large, result.thumbnail):
        assert near(sample(decode(webp), 0.5, 0.5), (255, 0, 0, 255))


@pytest.mark.parametrize("make, content_type", [
    (imagegen.heic, "image/heic"),
    (imagegen.mpo, "image/jpeg"),
    (imagegen.tiff, "image/tiff"),
    (imagegen.webp_rgba, "image/webp"),
])
def test_other_allowed_formats(make, content_type):
    result = render(make())
    assert result.content_type == content_type
    large = decode(result.large)
    assert near(sample(large, 0.5, 0.25), imagegen.RED + (255,))
    assert near(sample(large, 0.5, 0.75), imagegen.BLUE + (255,))


def test_the_type_comes_from_the_content_not_the_name():
    # make_renditions never sees a name; a PNG is reported as a PNG whatever it was called.
    assert render(imagegen.png(mode="RGB")).content_type == "image/png"


def test_the_same_input_gives_the_same_bytes():
    source = imagegen.jpeg((900, 700), orientation=3)
    assert render(source) == render(source)


@pytest.mark.parametrize("data, sentence, content_type", [
    (imagegen.empty(), "The file is empty.", None),
    (imagegen.text(), NOT_READABLE.format("a text file"), None),
    (imagegen.svg(), NOT_READABLE.format("an SVG drawing"), None),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", NOT_READABLE.format("a PDF document"), None),
    (b"\x00\x01\x02\x03binary junk" * 20, NOT_READABLE.format("a file of an unknown format"), None),
    (imagegen.truncated(imagegen.jpeg((1200, 900))), "The image is truncated or damaged.",
     "image/jpeg"),
    (imagegen.truncated(imagegen.png((800, 600), mode="RGB")), "The image is truncated or damaged.",
     "image/png"),
    (imagegen.decompression_bomb(), "The image is too large: 120 megapixels, the limit is 50.",
     "image/png"),
], ids=["empty", "text", "svg", "pdf", "junk", "truncated-jpeg", "truncated-png", "bomb"])
def test_bad_input_is_refused_with_a_sentence(data, sentence, content_type):
    with pytest.raises(ImageRejected) as refused:
        render(data)
    assert str(refused.value) == sentence
    assert refused.value.content_type == content_type


def test_the_pixel_cap_is_the_configured_one():
    with pytest.raises(ImageRejected, match=r"^The image is too large: 0.3 megapixels, the limit is 0.1\.$"):
        render(imagegen.jpeg((640, 480)), max_pixels=100_000)


def test_beyond_pillows_own_limit_the_sentence_still_names_a_limit():
    bomb = imagegen.decompression_bomb(20000, 10000)  # 200 MP, above Pillow's hard stop
    with pytest.raises(ImageRejected, match=r"^The image is too large: more than 179 megapixels, "
                                            r"the limit is 179\.$"):
        render(bomb, max_pixels=500_000_000)


def test_reducing_in_strips_gives_exactly_pillows_reduce():
    # Odd sizes and alpha: the strips must tile the source in whole blocks.
    base = Image.effect_mandelbrot((1001, 777), (-2.0, -1.2, 0.8, 1.2), 40)
    im = Image.merge("RGBA", (base, base.transpose(Image.Transpose.ROTATE_180),
                              Image.effect_noise((1001, 777), 60), base.point(lambda v: v & 0xF0)))
    reduced = _reduce_in_strips(im, (100, 77))  # 10x too big: reduce by 5, keep 2x
    assert reduced.size == (201, 156)
    assert reduced.tobytes() == im.reduce(5).tobytes()
