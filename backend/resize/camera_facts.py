"""What the camera knew, read from an original's metadata: when it was taken (and in which
UTC offset, if the camera said), which camera and lens, the exposure, and — only when asked
— where.

Pure: a seekable stream of the original in, a dict out; no S3, no pixels decoded (Pillow
opens lazily and only the metadata is parsed). Nothing here raises for a bad file: missing,
broken or absurd tags simply leave their fact unknown, and the date falls back to the file's
own time (sent by the client) or, failing that, the upload time. `taken_at_source` says which
one was used.

Times follow Immich/digiKam: `taken_at` is the local wall-clock time the camera recorded,
ISO 8601, with the offset when the file carries one ("2024-07-01T18:30:05+02:00") and
without it when it doesn't ("2024-07-01T18:30:05": naive, shown as such, never guessed into
UTC). The gallery orders and groups by that wall-clock time, so a holiday's evening photos
stay on the evening they were taken whatever the viewer's zone.

These facts are stored in the image's record only; renditions carry no metadata at all.
"""

from __future__ import annotations

import io
import logging
import math
import re
import struct
from datetime import UTC, datetime
from typing import BinaryIO

import pillow_heif
from PIL import Image

from backend.common import image_formats, raw_formats

pillow_heif.register_heif_opener()  # as decoders.py does: HEIC/HEIF metadata is read by it
log = logging.getLogger(__name__)

# Where taken_at came from.
FROM_EXIF = "exif"
FROM_XMP = "xmp"
FROM_FILE = "file"  # the file's modification time, as the client sent it
FROM_UPLOAD = "upload"  # nothing better known: when the upload was made (UTC)

_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_MAKE, _MODEL, _DATE_TIME = 0x010F, 0x0110, 0x0132
_EXPOSURE, _F_NUMBER, _ISO = 0x829A, 0x829D, 0x8827
_DATE_ORIGINAL, _DATE_DIGITIZED = 0x9003, 0x9004
_OFFSET_ORIGINAL, _OFFSET_DIGITIZED = 0x9011, 0x9012
_FOCAL_LENGTH, _LENS_MAKE, _LENS_MODEL = 0x920A, 0xA433, 0xA434
# Which offset tag belongs to which date tag (EXIF 2.31).
_DATE_TAGS = ((_DATE_ORIGINAL, _OFFSET_ORIGINAL), (_DATE_DIGITIZED, _OFFSET_DIGITIZED))

_EXIF_DATE = re.compile(r"^\s*(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^\s*([+-])(\d{2}):?(\d{2})\s*$|^\s*Z\s*$")
_ISO_DATE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?\s*$")
# XMP's capture date, in the order digiKam and Immich prefer them.
_XMP_DATES = ("exif:DateTimeOriginal", "photoshop:DateCreated", "xmp:CreateDate")
TEXT_LIMIT = 64  # characters kept of a maker's string (makes, models, lenses)
# Years a camera could have recorded: anything else is a clock never set or a broken tag.
_YEARS = range(1826, 2200)
_TIFF_RAWS = {raw_formats.DNG, raw_formats.NEF, raw_formats.CR2, raw_formats.ARW,
              raw_formats.ORF, raw_formats.RW2}


def read(data: BinaryIO, content_type: str, *, keep_location: bool,
         file_time: str | None, uploaded_at: str) -> dict:
    """The facts of the original in `data` (rewound afterwards).

    `content_type` is the one resize detected; `file_time` the client's ISO 8601 mtime (or
    None); `uploaded_at` the id's UTC creation time, the last fallback.
    """
    try:
        exif, xmp = _metadata(data, content_type)
    except Exception as exc:  # noqa: BLE001 (a broken metadata block costs the facts, never the image)
        log.info("metadata unreadable: %r", exc)
        exif, xmp = _Tags({}, {}, {}), None
    finally:
        data.seek(0)
    taken_at, source = _taken_at(exif, xmp)
    if taken_at is None:
        taken_at = _iso_time(file_time) if file_time else None
        source = FROM_FILE if taken_at else FROM_UPLOAD
    if taken_at is None:
        taken_at = _utc(uploaded_at)
    return {
        "taken_at": taken_at,
        "taken_at_source": source,
        "camera": _camera(exif),
        "location": _location(exif.gps) if keep_location else None,
    }


class _Tags:
    """IFD0, the EXIF IFD and the GPS IFD as plain dicts."""

    def __init__(self, ifd0: dict, exif: dict, gps: dict):
        self.ifd0, self.exif, self.gps = ifd0, exif, gps

    def get(self, tag: int):
        """An EXIF tag from the EXIF IFD, else from IFD0 (TIFF/EP and many DNGs keep the
        capture date and exposure there)."""
        value = self.exif.get(tag)
        return self.ifd0.get(tag) if value is None else value

    @classmethod
    def of(cls, exif: Image.Exif) -> _Tags:
        return cls(dict(exif), _ifd(exif, _EXIF_IFD), _ifd(exif, _GPS_IFD))


def _ifd(exif: Image.Exif, tag: int) -> dict:
    try:
        return dict(exif.get_ifd(tag))
    except Exception:  # noqa: BLE001 (Pillow raises many kinds for a damaged IFD)
        return {}


def _metadata(data: BinaryIO, content_type: str) -> tuple[_Tags, str | None]:
    """The EXIF tags and the XMP packet (text) of the original."""
    if content_type in _TIFF_RAWS or content_type == "image/tiff":
        return _tiff_tags(data), None
    if content_type == raw_formats.RAF:
        return _raf_tags(data)
    image_format = image_formats.BY_CONTENT_TYPE.get(content_type)
    if image_format is None:  # CR3 (ISO media boxes): only the file's time is known
        return _Tags({}, {}, {}), None
    with Image.open(data, formats=[image_format.pillow_format]) as im:
        return _Tags.of(im.getexif()), _xmp_text(im.info.get("xmp"))


def _tiff_tags(data: BinaryIO) -> _Tags:
    """A TIFF container's own IFDs (DNG, NEF, CR2, ARW, and Olympus'/Panasonic's variants with
    magic numbers of their own: only the byte order and IFD0's offset matter here)."""
    head = data.read(8)
    endian = {b"II": "<", b"MM": ">"}.get(head[:2])
    if endian is None or len(head) < 8:
        return _Tags({}, {}, {})
    exif = Image.Exif()
    exif.endian = endian
    exif.load_from_fp(data, struct.unpack(endian + "I", head[4:8])[0])
    return _Tags.of(exif)


def _raf_tags(data: BinaryIO) -> tuple[_Tags, str | None]:
    """Fujifilm's RAF keeps its EXIF in the embedded JPEG whose offset and length follow the
    header (big-endian, at bytes 84 and 88)."""
    data.seek(84)
    offset, length = struct.unpack(">II", data.read(8))
    data.seek(offset)
    jpeg = io.BytesIO(data.read(min(length, 64 * 1024 * 1024)))
    with Image.open(jpeg, formats=["JPEG"]) as im:
        return _Tags.of(im.getexif()), None


def _xmp_text(packet) -> str | None:
    if isinstance(packet, bytes):
        return packet.decode("utf-8", "replace")
    return packet if isinstance(packet, str) else None


# --- when ---------------------------------------------------------------------------------

def _taken_at(tags: _Tags, xmp: str | None) -> tuple[str | None, str]:
    original_tag, offset_tag = _DATE_TAGS[0]
    if (taken := _exif_time(tags.get(original_tag), tags.get(offset_tag))):
        return taken, FROM_EXIF
    if xmp and (taken := _xmp_time(xmp)):
        return taken, FROM_XMP
    for date_tag, offset_tag in _DATE_TAGS[1:]:
        if (taken := _exif_time(tags.get(date_tag), tags.get(offset_tag))):
            return taken, FROM_EXIF
    # IFD0's DateTime is when the file was last changed, which for a camera's own file is
    # when it was taken; an editor's later save is still closer than the upload time.
    return _exif_time(tags.ifd0.get(_DATE_TIME), None), FROM_EXIF


def _exif_time(value, offset) -> str | None:
    match = _EXIF_DATE.match(_text(value) or "")
    if not match:
        return None
    local = _local(*map(int, match.groups()))
    return local and local + (_offset(_text(offset)) or "")


def _local(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
           second: int = 0) -> str | None:
    """The wall-clock time as ISO 8601 without offset, or None for an impossible one."""
    if year not in _YEARS:
        return None
    try:
        return datetime(year, month, day, hour, minute, second).isoformat()
    except ValueError:
        return None


def _offset(text: str | None) -> str | None:
    """"+02:00" for a well-formed offset within ±14 h, else None."""
    match = _OFFSET.match(text or "")
    if not match:
        return None
    if match.group(1) is None:
        return "+00:00"
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3))
    if hours > 14 or minutes > 59:
        return None
    return f"{sign}{hours:02d}:{minutes:02d}"


def _xmp_time(xmp: str) -> str | None:
    for name in _XMP_DATES:
        # Either form XMP writes: an attribute (name="…") or an element (<name>…</name>).
        match = re.search(rf'{re.escape(name)}\s*=\s*"([^"]*)"', xmp) or \
            re.search(rf"<{re.escape(name)}>([^<]*)</{re.escape(name)}>", xmp)
        if match and (taken := _iso_time(match.group(1))):
            return taken
    return None


def _iso_time(text: str) -> str | None:
    """An ISO 8601 time, re-written the one way records keep it; None if it isn't one."""
    match = _ISO_DATE.match(text or "")
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    local = _local(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                   int(second or 0))
    if local is None:
        return None
    return local + (_offset(zone) or "") if zone else local


def _utc(iso_utc: str) -> str:
    stamp = datetime.fromisoformat(iso_utc).astimezone(UTC)
    return stamp.replace(microsecond=0, tzinfo=None).isoformat() + "+00:00"


# --- which camera -------------------------------------------------------------------------

def _camera(tags: _Tags) -> dict | None:
    make = _text(tags.ifd0.get(_MAKE))
    model = _text(tags.ifd0.get(_MODEL))
    lens = _lens(_text(tags.get(_LENS_MAKE)), _text(tags.get(_LENS_MODEL)))
    facts = {
        "make": make,
        "model": model,
        "name": camera_name(make, model),
        "lens": lens,
        "focal_length_mm": _number(tags.get(_FOCAL_LENGTH), 0.1, 10_000),
        "f_number": _number(tags.get(_F_NUMBER), 0.5, 1_000),
        "exposure_seconds": _number(tags.get(_EXPOSURE), 1e-6, 100_000),
        "iso": _iso_speed(tags.get(_ISO)),
    }
    return facts if any(value is not None for value in facts.values()) else None


def camera_name(make: str | None, model: str | None) -> str | None:
    """"Canon EOS R5" from ("Canon", "Canon EOS R5"), "NIKON Z 6" from ("NIKON CORPORATION",
    "NIKON Z 6"), "Apple iPhone 15" from ("Apple", "iPhone 15"): the make only when the model
    doesn't already start with (the first word of) it. The gallery's camera filter matches it."""
    if not model:
        return make
    if not make:
        return model
    first_word = make.split()[0].lower()
    return model if model.lower().startswith(first_word) else f"{make} {model}"


def _lens(make: str | None, model: str | None) -> str | None:
    if model and make and not model.lower().startswith(make.split()[0].lower()):
        return f"{make} {model}"[:TEXT_LIMIT]
    return model


def _text(value) -> str | None:
    """A tag's text, trimmed of the NULs and padding cameras leave; None when empty."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    value = "".join(ch for ch in value.replace("\x00", " ") if ch.isprintable()).strip()
    return " ".join(value.split())[:TEXT_LIMIT] or None


def _number(value, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not math.isfinite(number) or not low <= number <= high:
        return None
    return round(number, 6)


def _iso_speed(value) -> int | None:
    if isinstance(value, tuple):  # some cameras write the tag as a list
        value = value[0] if value else None
    number = _number(value, 1, 10_000_000)
    return None if number is None else int(number)


# --- where (only when location is kept) -----------------------------------------------------

def _location(gps: dict) -> dict | None:
    latitude = _coordinate(gps.get(2), gps.get(1), "S", 90)
    longitude = _coordinate(gps.get(4), gps.get(3), "W", 180)
    if latitude is None or longitude is None:
        return None
    altitude = _number(gps.get(6), 0, 100_000)
    if altitude is not None and gps.get(5) in (1, b"\x01"):
        altitude = -altitude  # below sea level
    return {"latitude": latitude, "longitude": longitude, "altitude_m": altitude}


def _coordinate(value, ref, negative: str, limit: float) -> float | None:
    try:
        degrees, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    number = degrees + minutes / 60 + seconds / 3600
    if not math.isfinite(number) or number > limit:
        return None
    return round(-number if (_text(ref) or "").upper() == negative else number, 7)
