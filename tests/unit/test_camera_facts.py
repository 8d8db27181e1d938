"""backend/resize/camera_facts.py on files the tests write with known metadata."""

from __future__ import annotations

import io

import pytest

from backend.common import raw_formats
from backend.resize import camera_facts
from tests import imagegen, rawgen

UPLOADED = "2026-12-07T15:20:17.123Z"


def facts(data: bytes, content_type: str = "image/jpeg", *, keep_location: bool = False,
          file_time: str | None = None) -> dict:
    stream = io.BytesIO(data)
    found = camera_facts.read(stream, content_type, keep_location=keep_location,
                              file_time=file_time, uploaded_at=UPLOADED)
    assert stream.tell() == 0  # rewound for whoever reads next
    return found


def test_date_with_its_offset_and_the_camera():
    found = facts(imagegen.jpeg_with(imagegen.camera_exif(
        taken="2024:07:01 18:30:05", offset="+02:00")))
    assert found["taken_at"] == "2024-07-01T18:30:05+02:00"
    assert found["taken_at_source"] == "exif"
    assert found["camera"] == {
        "make": "Canon", "model": "Canon EOS R5", "name": "Canon EOS R5",
        "lens": "RF24-70mm F2.8 L IS USM", "focal_length_mm": 35.0, "f_number": 2.8,
        "exposure_seconds": 0.004, "iso": 400}


def test_no_offset_stays_naive():
    found = facts(imagegen.jpeg_with(imagegen.camera_exif(taken="2024:07:01 18:30:05")))
    assert found["taken_at"] == "2024-07-01T18:30:05"  # never guessed into UTC


@pytest.mark.parametrize("offset, expected", [("-05:30", "-05:30"), ("Z", "+00:00"),
                                              ("+2:00", ""), ("+15:00", ""), ("junk", "")])
def test_offsets_are_checked(offset, expected):
    found = facts(imagegen.jpeg_with(imagegen.camera_exif(taken="2024:07:01 18:30:05",
                                                          offset=offset)))
    assert found["taken_at"] == "2024-07-01T18:30:05" + expected


def test_a_clock_never_set_is_no_date():
    found = facts(imagegen.jpeg_with(imagegen.camera_exif(taken="0000:00:00 00:00:00")),
                  file_time="2023-05-06T07:08:09+01:00")
    assert (found["taken_at"], found["taken_at_source"]) == ("2023-05-06T07:08:09+01:00", "file")


def test_digitized_when_there_is_no_original_date():
    found = facts(imagegen.jpeg_with(imagegen.camera_exif(digitized="2020:02:29 23:59:59")))
    assert (found["taken_at"], found["taken_at_source"]) == ("2020-02-29T23:59:59", "exif")


def test_xmp_date_when_exif_has_none():
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
           b'exif:DateTimeOriginal="2019-12-31T23:00:00.50-08:00"/></rdf:RDF></x:xmpmeta>')
    found = facts(imagegen.jpeg_with(imagegen.camera_exif(make=None, model=None, lens=None),
                                     xmp=xmp))
    assert (found["taken_at"], found["taken_at_source"]) == ("2019-12-31T23:00:00-08:00", "xmp")


def test_xmp_element_form():
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><photoshop:DateCreated>2018-03-04'
           b'</photoshop:DateCreated></x:xmpmeta>')
    found = facts(imagegen.jpeg_with(xmp=xmp))
    assert (found["taken_at"], found["taken_at_source"]) == ("2018-03-04T00:00:00", "xmp")


def test_nothing_known_falls_back_to_the_file_time_then_the_upload():
    plain = imagegen.png((64, 48))
    found = facts(plain, "image/png", file_time="2022-01-02T03:04:05.678+09:00")
    assert (found["taken_at"], found["taken_at_source"]) == ("2022-01-02T03:04:05+09:00", "file")
    assert found["camera"] is None
    found = facts(plain, "image/png")
    assert (found["taken_at"], found["taken_at_source"]) == ("2026-12-07T15:20:17+00:00", "upload")
    found = facts(plain, "image/png", file_time="yesterday")
    assert found["taken_at_source"] == "upload"


def test_gps_only_when_location_is_kept():
    data = imagegen.jpeg_with(imagegen.camera_exif(taken="2024:07:01 18:30:05", gps=True))
    assert facts(data)["location"] is None
    location = facts(data, keep_location=True)["location"]
    assert location == {"latitude": pytest.approx(-33.86), "longitude": pytest.approx(151.2),
                        "altitude_m": 58.0}


def test_heic_from_a_phone():
    exif = imagegen.camera_exif(taken="2025:08:09 10:11:12", offset="-07:00", make="Apple",
                                model="iPhone 15 Pro", lens="iPhone 15 Pro back camera")
    found = facts(imagegen.heic_with(exif), "image/heic")
    assert found["taken_at"] == "2025-08-09T10:11:12-07:00"
    assert found["camera"]["name"] == "Apple iPhone 15 Pro"
    assert found["camera"]["lens"] == "iPhone 15 Pro back camera"


def test_dng_keeps_its_date_in_ifd0():
    data = rawgen.dng((128, 96), make="Leica", taken="2021:06:07 08:09:10")
    found = facts(data, raw_formats.DNG)
    assert (found["taken_at"], found["taken_at_source"]) == ("2021-06-07T08:09:10", "exif")
    assert found["camera"]["name"] == "Leica Test DNG"


def test_broken_metadata_costs_only_the_facts():
    data = imagegen.jpeg_with(imagegen.camera_exif(taken="2024:07:01 18:30:05"))
    broken = data.replace(b"Exif\x00\x00II*\x00", b"Exif\x00\x00II*\x00\xff\xff\xff\x7f", 1)
    found = facts(broken)
    assert found["taken_at_source"] in ("exif", "upload")
    found = facts(b"\x00" * 100, raw_formats.DNG)
    assert found["taken_at_source"] == "upload" and found["camera"] is None


@pytest.mark.parametrize("make, model, name", [
    ("Canon", "Canon EOS R5", "Canon EOS R5"), ("NIKON CORPORATION", "NIKON Z 6", "NIKON Z 6"),
    ("Apple", "iPhone 15", "Apple iPhone 15"), (None, "X100V", "X100V"), ("Sony", None, "Sony"),
    (None, None, None)])
def test_camera_name(make, model, name):
    assert camera_facts.camera_name(make, model) == name
