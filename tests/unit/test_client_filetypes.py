"""Sniffing by magic bytes and the reasons a file is not queued."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from desktop.client.filetypes import (
    content_type_of,
    skip_reason,
    skip_reason_and_type,
    sniff_content_type,
)


def _pillow(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt, expected", [
    ("JPEG", "image/jpeg"), ("PNG", "image/png"), ("GIF", "image/gif"),
    ("WEBP", "image/webp"), ("TIFF", "image/tiff"), ("BMP", "image/bmp"),
])
def test_real_files_from_pillow_are_recognised(tmp_path, fmt, expected):
    path = tmp_path / "picture.bin"  # a misleading name: only the bytes count
    path.write_bytes(_pillow(fmt))
    assert sniff_content_type(path) == expected
    assert skip_reason(path) is None


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = b"ftyp" + major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (len(body) + 4).to_bytes(4, "big") + body


@pytest.mark.parametrize("head, expected", [
    (_ftyp(b"heic", b"mif1", b"heic"), "image/heic"),
    (_ftyp(b"mif1", b"heic"), "image/heic"),       # iPhone-style: generic major, HEVC compatible
    (_ftyp(b"heix", b"mif1"), "image/heic"),
    (_ftyp(b"hevc", b"msf1"), "image/heic"),
    (_ftyp(b"mif1", b"miaf"), "image/heif"),
    (_ftyp(b"msf1", b"iso8"), "image/heif"),
    (_ftyp(b"isom", b"mp41"), None),               # an MP4 video is not an image
    (_ftyp(b"avif", b"mif1", b"miaf"), "image/avif"),  # AV1 in HEIF: Pillow decodes it
    (_ftyp(b"mif1", b"avif", b"miaf"), "image/avif"),
])
def test_heif_brands(head, expected):
    assert content_type_of(head) == expected


def test_heic_written_by_pillow_heif(tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    path = tmp_path / "photo.heic"
    Image.new("RGB", (16, 16), (1, 2, 3)).save(path, "HEIF")
    assert sniff_content_type(path) in ("image/heic", "image/heif")


def test_avif_is_taken(tmp_path):
    path = tmp_path / "photo.avif"
    Image.new("RGB", (16, 16), (1, 2, 3)).save(path, "AVIF")
    assert skip_reason_and_type(path) == (None, "image/avif")


def test_text_renamed_jpg_is_not_an_image(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("shopping list: milk, eggs\n")
    assert sniff_content_type(path) is None
    reason = str(skip_reason(path))
    assert reason.startswith("Not an image (a text file).")
    assert "JPEG" in reason


@pytest.mark.parametrize("content, words", [
    (b"%PDF-1.7\n", "PDF"), (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
    (b"PK\x03\x04rest", "ZIP"), (bytes(range(128, 160)), "unknown"),
])
def test_non_images_are_named(tmp_path, content, words):
    path = tmp_path / "thing.png"
    path.write_bytes(content)
    assert words in str(skip_reason(path))


def test_empty_missing_and_folder_but_no_size_limit_of_its_own(tmp_path):
    empty = tmp_path / "empty.jpg"
    empty.touch()
    assert str(skip_reason(empty)) == "The file is empty."
    assert str(skip_reason(tmp_path / "gone.jpg")) == "The file no longer exists."
    assert "folder" in str(skip_reason(tmp_path))
    # The largest upload is the server's to say (GET /config); the engine checks it.
    big = tmp_path / "huge.jpg"
    with open(big, "wb") as handle:
        handle.write(b"\xff\xd8\xff\xe0")
        handle.truncate(3 * 1024**3)  # sparse: nothing written
    assert skip_reason(big) is None


def test_unreadable_file(tmp_path):
    import os
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    path = tmp_path / "secret.jpg"
    path.write_bytes(_pillow("JPEG"))
    path.chmod(0)
    assert "can't be read" in skip_reason(path)
    assert sniff_content_type(path) is None
