"""Every accepted format, end to end in one table: the client's sniffing, the API's
allow-list, the resize decoders, the file dialog, the README; and the pixels of the files
that came out wrong from the wild (TIFF orientation, colour-key transparency, cut HEIC/AVIF,
BigTIFF, binary non-images, GoPro GPR)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
import tifffile
import yaml
from PIL import Image, features

from backend.common import image_formats, layout, raw_formats
from backend.resize.decoders import DECODERS, make_renditions
from backend.resize.imaging import ImageRejected
from desktop.client.filetypes import skip_reason_and_type
from desktop.ui.upload.upload_view import IMAGE_PATTERNS
from tests import imagegen, rawgen

LIMIT = 50_000_000
ROOT = Path(__file__).resolve().parents[2]


def _written(image_format: image_formats.ImageFormat) -> bytes:
    im = imagegen.two_tone((64, 48))
    if image_format.content_type in ("image/heic", "image/heif"):
        return imagegen.heic((64, 48))
    return imagegen._save(im, image_format.pillow_format)


@pytest.mark.parametrize("image_format", image_formats.FORMATS, ids=lambda f: f.name)
def test_every_format_is_taken_everywhere(tmp_path, image_format):
    assert image_format.content_type in layout.EXTENSIONS  # the API's allow-list
    assert image_format.pillow_format in DECODERS  # resize has its decoder ...
    assert image_format.pillow_format in Image.registered_extensions().values()  # ... Pillow too
    for extension in image_format.extensions:  # the file dialog offers it
        assert f"*{extension}" in IMAGE_PATTERNS.split()
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"\b{image_format.name}\b", readme.split("## Using it")[1])
    if image_format.content_type == "image/heif":
        return  # pillow-heif writes HEVC: that is the HEIC row's file
    data = _written(image_format)
    path = tmp_path / f"photo{image_format.extensions[0]}"
    path.write_bytes(data)
    assert skip_reason_and_type(path) == (None, image_format.content_type)  # the client
    rendered = make_renditions(io.BytesIO(data), LIMIT)  # and the backend
    assert rendered.content_type == image_format.content_type
    assert (rendered.width, rendered.height) == (64, 48)


def test_avif_is_decoded_by_this_pillow():
    assert features.check("avif")


def test_the_readme_names_the_same_formats_as_the_refusal():
    readme = (ROOT / "README.md").read_text()
    assert image_formats.NAMES in readme


# --- 1: TIFF orientation (Pillow turns a TIFF upright as it loads it) -------------------

def _corner_reference() -> Image.Image:
    """64x48 grey with a red top-left quarter: asymmetric under every flip and turn."""
    im = Image.new("RGB", (64, 48), (128, 128, 128))
    im.paste((255, 0, 0), (0, 0, 32, 24))
    return im


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_tiff_with_an_orientation_tag_is_turned_once(orientation):
    upright = _corner_reference()
    # The stored pixels are what a camera in that orientation writes: upright turned back.
    inverse = {1: None, 2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
               4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
               6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
               8: Image.Transpose.ROTATE_270}[orientation]
    stored = upright.transpose(inverse) if inverse is not None else upright
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    stored.save(out, "TIFF", exif=exif)
    result = make_renditions(io.BytesIO(out.getvalue()), LIMIT)
    assert (result.width, result.height) == (64, 48)
    large = Image.open(io.BytesIO(result.large)).convert("RGB")
    assert large.size == (64, 48)
    diff = np.abs(np.asarray(large, int) - np.asarray(upright, int)).max(axis=2)
    assert np.mean(diff > 60) < 0.02  # only the lossy WebP's edge pixels may differ


# --- 2: PNG colour keys --------------------------------------------------------------------

@pytest.mark.parametrize("mode, key", [("RGB", (0, 255, 0)), ("L", 200), ("1", 1)])
def test_a_png_colour_key_becomes_transparency(mode, key):
    im = Image.new(mode, (64, 48), key)
    im.paste(0, (0, 0, 32, 48))  # the left half black, the right half the key colour
    out = io.BytesIO()
    im.save(out, "PNG", transparency=key)
    result = make_renditions(io.BytesIO(out.getvalue()), LIMIT)
    large = Image.open(io.BytesIO(result.large)).convert("RGBA")
    assert large.getpixel((8, 24))[3] == 255
    assert large.getpixel((56, 24))[3] == 0


# --- 3: cut HEIC / AVIF --------------------------------------------------------------------

@pytest.mark.parametrize("make", [lambda: imagegen.heic((256, 192)),
                                  lambda: imagegen._save(imagegen.two_tone((256, 192)), "AVIF")],
                         ids=["heic", "avif"])
def test_a_cut_heic_or_avif_is_damaged_on_both_sides(tmp_path, make):
    data = make()
    cut = data[: len(data) * 2 // 3]
    with pytest.raises(ImageRejected, match=r"^The image is truncated or damaged\.$"):
        make_renditions(io.BytesIO(cut), LIMIT)
    assert make_renditions(io.BytesIO(data), LIMIT).width == 256


# --- 4: BigTIFF ----------------------------------------------------------------------------

def test_bigtiff_is_taken_and_rendered(tmp_path):
    path = tmp_path / "big.tif"
    tifffile.imwrite(path, np.asarray(_corner_reference()), bigtiff=True)
    assert path.read_bytes()[:4] == b"II+\x00"
    assert skip_reason_and_type(path) == (None, "image/tiff")
    result = make_renditions(io.BytesIO(path.read_bytes()), LIMIT)
    assert Image.open(io.BytesIO(result.large)).convert("RGB").getpixel((4, 4))[0] > 200


# --- 5 and 6: names of what is not taken ---------------------------------------------------

@pytest.mark.parametrize("head, name", [
    (b"8BPS\x00\x01" + bytes(26), "a Photoshop PSD file"),
    (b"\x00\x00\x01\x00\x01\x00\x10\x10" + bytes(24), "a Windows icon (ICO)"),
    (b"\x0a\x05\x01\x08" + bytes(28), "a PCX image"),
    (b"v/1\x01\x02\x00\x00\x00" + bytes(24), "an OpenEXR image"),
])
def test_binary_files_are_named_not_called_text(tmp_path, head, name):
    path = tmp_path / "file.jpg"
    path.write_bytes(head * 4)
    reason, content_type = skip_reason_and_type(path)
    assert content_type is None and str(reason).startswith(f"Not an image ({name}).")
    with pytest.raises(ImageRejected) as refused:
        make_renditions(io.BytesIO(head * 4), LIMIT)
    assert f"it is {name}." in str(refused.value)


def test_a_tiff_pillow_cant_read_is_not_called_raw():
    out = io.BytesIO()
    # signed 8-bit RGB: neither Pillow's nor one tiff_encoding names (32-bit float RGB is
    # named: tests/unit/test_resize_variants.py)
    tifffile.imwrite(out, np.zeros((16, 16, 3), np.int8), photometric="rgb")
    with pytest.raises(ImageRejected) as refused:
        make_renditions(io.BytesIO(out.getvalue()), LIMIT)
    assert "RAW" not in str(refused.value)
    assert str(refused.value).startswith("This TIFF file is damaged or uses an encoding")


def test_a_tiff_cut_in_half_is_damaged():
    out = io.BytesIO()
    tifffile.imwrite(out, np.zeros((256, 256, 3), np.uint8))
    data = out.getvalue()
    with pytest.raises(ImageRejected, match=r"^The image is truncated or damaged\.$"):
        make_renditions(io.BytesIO(data[: len(data) // 2]), LIMIT)


# --- 12: GoPro GPR -------------------------------------------------------------------------

def test_a_gpr_without_a_large_preview_is_refused_before_upload(tmp_path):
    path = tmp_path / "GOPR0001.GPR"
    data = bytearray(rawgen.dng(preview=None))
    with tifffile.TiffFile(io.BytesIO(bytes(data))) as tif:  # recompress on paper: VC-5 (9)
        tag = tif.pages[0].tags["Compression"]
        data[tag.valueoffset:tag.valueoffset + 2] = (9).to_bytes(2, "little")
    path.write_bytes(bytes(data))
    reason, content_type = skip_reason_and_type(path)
    assert content_type is None
    assert str(reason).startswith("A GoPro GPR file (a DNG compressed with VC-5) and without a "
                             "large preview")
    assert raw_formats.EXTENSIONS[raw_formats.DNG] == ".dng"


# --- 3 and 10: a structure that says the file was cut short --------------------------------

def _cut_short(data: bytes, content_type: str) -> bool:
    from backend.common import image_header

    return image_header.cut_short(io.BytesIO(data), len(data),
                                  image_formats.BY_CONTENT_TYPE[content_type])


@pytest.mark.parametrize("content_type", ["image/jpeg", "image/png", "image/gif", "image/webp",
                                          "image/bmp", "image/tiff", "image/heic", "image/avif"])
def test_a_file_cut_short_is_seen_from_its_structure(content_type):
    image_format = image_formats.BY_CONTENT_TYPE[content_type]
    im = Image.effect_noise((320, 240), 80).convert("RGB")  # incompressible: long pixel data
    data = (imagegen.heic((320, 240)) if content_type == "image/heic"
            else imagegen._save(im, image_format.pillow_format))
    assert not _cut_short(data, content_type)
    assert _cut_short(data[: len(data) * 3 // 4], content_type)


def test_a_jpeg_with_a_trailer_after_its_end_is_not_cut_short():
    # A motion photo: the JPEG's end marker, then megabytes of video.
    data = imagegen.jpeg((320, 240)) + np.random.default_rng(1).bytes(100_000)
    assert not _cut_short(data, "image/jpeg")
    padded = imagegen.jpeg((320, 240)) + b"\0" * 100_000  # a zero-padded end, no FF at all
    assert not _cut_short(padded, "image/jpeg")


# --- 10: the local preview never decodes a huge image whole ---------------------------------

def test_a_preview_of_a_huge_png_is_refused_without_decoding_it(tmp_path, monkeypatch):
    from desktop.ui.services import picture_loaders as pictures

    monkeypatch.setattr(pictures, "PREVIEW_MAX_PIXELS", 150_000)
    big = tmp_path / "big.png"
    Image.new("RGB", (500, 400)).save(big)  # 200,000 px, and no draft for PNG
    with pytest.raises(ValueError, match="too large to preview"):
        pictures.make_preview(big)
    jpeg = tmp_path / "big.jpg"
    Image.new("RGB", (1600, 1200)).save(jpeg)  # draft decodes it at 1/4: 120,000 px
    assert not pictures.make_preview(jpeg).isNull()


def test_the_openapi_document_allows_the_same_content_types():
    spec = yaml.safe_load((ROOT / "backend" / "openapi.yaml").read_text())
    assert set(spec["components"]["schemas"]["ContentType"]["enum"]) == set(layout.EXTENSIONS)


def test_the_desktop_entry_opens_every_format_taken():
    """Linux's "Open With" lists Thumbdrop for exactly what it takes (AVIF was missing)."""
    entry = (ROOT / "resources" / "thumbdrop.desktop").read_text().splitlines()
    mime_types = next(line for line in entry if line.startswith("MimeType=")).split("=", 1)[1]
    assert set(filter(None, mime_types.split(";"))) == set(layout.EXTENSIONS) | {"inode/directory"}


def test_every_format_has_its_own_macos_type_for_the_app_bundle():
    # packaging/thumbdrop-macos.spec builds its document types from these (it is not run here).
    utis = [entry.uti for entry in image_formats.FORMATS] + [raw_formats.UTI]
    assert len(set(utis)) == len(utis)
    assert all(re.fullmatch(r"(public|com|org)\.[a-z0-9.-]+", uti) for uti in utis)
