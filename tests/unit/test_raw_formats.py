"""Camera RAW recognised by real signatures, in the client (before upload) and the backend."""

from __future__ import annotations

import io

import imagegen
import pytest
import rawgen

from backend.common import raw_formats
from desktop.client.filetypes import skip_reason, sniff_content_type


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = b"ftyp" + major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (len(body) + 4).to_bytes(4, "big") + body


def sniffed(tmp_path, data: bytes) -> tuple[str | None, str | None]:
    path = tmp_path / "photo.tif"  # a misleading name: only the bytes count
    path.write_bytes(data)
    reason = skip_reason(path)
    return sniff_content_type(path), None if reason is None else str(reason)


NOT_TIFF_RAWS = [
    (b"FUJIFILMCCD-RAW 0201FF129502", "image/x-fuji-raf"),
    (b"IIRO\x08\x00\x00\x00", "image/x-olympus-orf"),
    (b"IIRS\x08\x00\x00\x00", "image/x-olympus-orf"),
    (b"MMOR\x00\x00\x00\x08", "image/x-olympus-orf"),
    (b"IIU\x00\x18\x00\x00\x00", "image/x-panasonic-rw2"),
    (_ftyp(b"crx ", b"isom", b"crx "), "image/x-canon-cr3"),
    (b"II*\x00\x10\x00\x00\x00CR\x02\x00\x00\x00\x00\x00", "image/x-canon-cr2"),
]


@pytest.mark.parametrize("head, expected", NOT_TIFF_RAWS)
def test_signatures_at_the_start(tmp_path, head, expected):
    assert sniffed(tmp_path, head + bytes(64)) == (expected, None)


@pytest.mark.parametrize("make, expected", [
    ("NIKON CORPORATION", "image/x-nikon-nef"), ("NIKON", "image/x-nikon-nef"),
    ("SONY", "image/x-sony-arw"),
])
def test_tiff_container_raws_by_make_are_never_tiff(tmp_path, make, expected):
    assert sniffed(tmp_path, rawgen.tiff_container(make)) == (expected, None)


def test_a_dng_by_its_dng_version_tag(tmp_path):
    assert sniffed(tmp_path, rawgen.dng(make="NIKON CORPORATION")) == ("image/x-adobe-dng", None)
    assert sniffed(tmp_path, rawgen.dng(preview=None)) == ("image/x-adobe-dng", None)


def test_plain_tiffs_stay_tiff(tmp_path):
    assert sniffed(tmp_path, imagegen.tiff()) == ("image/tiff", None)
    # A camera's own TIFF-RGB mode writes Make NIKON, but it is a photo, not a RAW.
    assert sniffed(tmp_path, rawgen.tiff_container("NIKON CORPORATION", subifds=False)) == (
        "image/tiff", None)
    # SubIFDs alone (pyramid TIFFs use them) don't make a RAW without a camera's Make.
    assert sniffed(tmp_path, rawgen.tiff_container(None)) == ("image/tiff", None)


@pytest.mark.parametrize("data, name", [
    (rawgen.tiff_container("PENTAX Corporation"), "Pentax PEF"),
    (rawgen.tiff_container("SAMSUNG"), "Samsung SRW"),
    (rawgen.tiff_container("Acme Cameras", subifds=False, photometric="cfa"),
     "another maker's format"),
    (b"\x00MRM\x00\x00\x00\x00" + bytes(64), "Minolta MRW"),
    (b"FOVb" + bytes(64), "Sigma X3F"),
    (b"II\x1a\x00\x00\x00HEAPCCDR" + bytes(64), "Canon CRW"),
])
def test_other_raws_are_refused_by_name_before_upload(tmp_path, data, name):
    content_type, reason = sniffed(tmp_path, data)
    assert content_type is None
    assert reason == (f"A camera RAW file ({name}), which Thumbdrop can't read: it takes DNG, "
                      "NEF, CR2, CR3, ARW, RAF, ORF, RW2. Convert it to DNG (Adobe DNG "
                      "Converter is free) or export a JPEG, and add that.")


def test_a_jpeg_xl_dng_is_refused_unless_its_preview_can_stand_in(tmp_path):
    content_type, reason = sniffed(tmp_path, rawgen.dng(preview=None,
                                                        compression=rawgen.JPEG_XL_DNG))
    assert content_type is None
    assert reason.startswith("A DNG compressed with JPEG XL and without a large preview, ")
    small_preview = rawgen.dng((2000, 1500), preview_size=(640, 480),
                               compression=rawgen.JPEG_XL_DNG)
    assert sniffed(tmp_path, small_preview)[0] is None
    # LibRaw opens these and reads their preview; the backend renders from it.
    full_preview = rawgen.dng((2000, 1500), compression=rawgen.JPEG_XL_DNG)
    assert sniffed(tmp_path, full_preview) == ("image/x-adobe-dng", None)


def test_the_accepted_list_names_raw(tmp_path):
    reason = sniffed(tmp_path, b"remember the milk\n")[1]
    assert reason.endswith("and camera RAW (DNG, NEF, CR2, CR3, ARW, RAF, ORF, RW2).")


def test_heif_is_still_heif_and_other_iso_media_is_not_cr3():
    assert raw_formats.identify(io.BytesIO(_ftyp(b"heic", b"mif1") + bytes(16))) is None
    assert raw_formats.identify(io.BytesIO(_ftyp(b"crx") + bytes(16))) is None


class CountingReader(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.read_bytes = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk


def test_identify_reads_a_bounded_amount_of_a_hostile_tiff():
    # IFD0 claims 1000 entries (12 kB) and a Make of 4 GB at the end of a 20 MB file.
    entries = b"".join(
        (271).to_bytes(2, "little") + (2).to_bytes(2, "little") + (2**32 - 1).to_bytes(4, "little")
        + (16).to_bytes(4, "little") for _ in range(1000))
    data = b"II*\x00\x08\x00\x00\x00" + (1000).to_bytes(2, "little") + entries + bytes(20 << 20)
    stream = CountingReader(data)
    assert raw_formats.identify(stream) is None
    assert stream.read_bytes <= raw_formats.READ_LIMIT


@pytest.mark.parametrize("data", [
    b"II*\x00\xff\xff\xff\x7f" + bytes(8),  # IFD0 beyond the end of the file
    b"II*\x00\x08\x00\x00\x00\xff\xff" + bytes(6),  # 65535 entries claimed
    b"MM\x00*",  # header cut short
])
def test_a_broken_tiff_structure_is_left_to_the_tiff_decoder(data):
    assert raw_formats.identify(io.BytesIO(data)) is None


def test_every_raw_type_the_sniff_gives_is_on_the_api_allowlist_and_in_openapi():
    from pathlib import Path

    import yaml

    from backend.common import layout

    spec = yaml.safe_load((Path(__file__).parents[2] / "backend" / "openapi.yaml").read_text())
    documented = set(spec["components"]["schemas"]["ContentType"]["enum"])
    assert set(raw_formats.NAMES) <= set(layout.EXTENSIONS) & documented
