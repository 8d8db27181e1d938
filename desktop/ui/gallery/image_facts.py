"""What the gallery says about an image, in words: dimensions, size, type, state, upload time,
and what the camera knew (date taken, camera, lens, exposure, location).

Plain functions (the model, the info panel and the viewer share them), so their sentences go
through QCoreApplication.translate under the context "ImageFacts".
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

from backend.common import image_formats
from desktop.client.api import ImageInfo
from desktop.ui.widgets.units import human_size

# Format names (the same in every language) come from the formats' table.
_TYPE_NAMES = {entry.content_type: entry.name for entry in image_formats.FORMATS}


def type_name(content_type: str | None) -> str:
    """"JPEG", "Nikon NEF (camera RAW)"-like names; the MIME type itself when unknown."""
    if not content_type:
        return QCoreApplication.translate("ImageFacts", "unknown type")
    if content_type in _TYPE_NAMES:
        return _TYPE_NAMES[content_type]
    subtype = content_type.partition("/")[2]
    if subtype.startswith("x-"):  # image/x-nikon-nef, image/x-adobe-dng, …
        return QCoreApplication.translate("ImageFacts", "{format} (camera RAW)").format(
            format=subtype[2:].split("-")[-1].upper())
    return content_type


def dimensions(image: ImageInfo) -> str:
    if not (image.width and image.height):
        return QCoreApplication.translate("ImageFacts", "unknown size")
    return QCoreApplication.translate("ImageFacts", "{width} × {height}").format(
        width=image.width, height=image.height)


def describe(image: ImageInfo) -> str:
    """"4000 × 3000, 5.2 MB, JPEG"."""
    size = (human_size(image.bytes) if image.bytes is not None
            else QCoreApplication.translate("ImageFacts", "size unknown"))
    return QCoreApplication.translate("ImageFacts", "{dimensions}, {size}, {type}").format(
        dimensions=dimensions(image), size=size, type=type_name(image.content_type))


def state(image: ImageInfo) -> str:
    """"ready", "processing", or "failed: <the server's reason>"."""
    if image.status == "ready":
        return QCoreApplication.translate("ImageFacts", "ready")
    if image.status == "failed":
        if image.failure is None:
            return QCoreApplication.translate("ImageFacts", "failed")
        # The server's reason by its code, in the language shown (its English if unknown).
        return QCoreApplication.translate("ImageFacts", "failed: {reason}").format(
            reason=image.failure)
    return QCoreApplication.translate("ImageFacts", "processing")


def uploaded_at(image: ImageInfo) -> str:
    """The upload time in the user's time zone and locale."""
    try:
        moment = datetime.fromisoformat(image.created_at)
    except ValueError:
        return image.created_at or QCoreApplication.translate("ImageFacts", "unknown")
    stamp = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000))
    return QLocale().toString(stamp, QLocale.FormatType.ShortFormat)


def spoken(image: ImageInfo) -> str:
    """What a screen reader says for a gallery tile: "beach.jpg, ready, uploaded 3/4/25 14:00"."""
    return QCoreApplication.translate("ImageFacts", "{name}, {state}, uploaded {when}").format(
        name=image.filename or image.id, state=state(image),
        when=uploaded_at(image)) + spoken_guest(image)


def taken_at(image: ImageInfo) -> str | None:
    """When it was taken, on the camera's clock, and what that clock was: "01/07/2024 18:30
    (UTC+02:00)", or "(local time, no time zone)" for a naive time, never converted; with the
    source when it is not the photo's own metadata. None when the server says nothing."""
    if not image.taken_at:
        return None
    try:
        moment = datetime.fromisoformat(image.taken_at)
    except ValueError:
        return image.taken_at
    wall = QDateTime(QDate(moment.year, moment.month, moment.day),
                     QTime(moment.hour, moment.minute, moment.second))
    when = QLocale().toString(wall, QLocale.FormatType.ShortFormat)
    offset = moment.utcoffset()
    if offset is None:
        zone = QCoreApplication.translate("ImageFacts", "local time, no time zone")
    else:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "\u2212"  # a real minus, as time zones are written
        zone = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    text = QCoreApplication.translate("ImageFacts", "{when} ({zone})").format(when=when,
                                                                              zone=zone)
    if image.taken_at_source == "file":
        return QCoreApplication.translate(
            "ImageFacts", "{when}, the file's time (the photo has no date)").format(when=text)
    if image.taken_at_source == "upload":
        return QCoreApplication.translate(
            "ImageFacts", "{when}, the upload time (the photo has no date)").format(when=text)
    return text


def camera(image: ImageInfo) -> str | None:
    return (image.camera or {}).get("name") or None


def lens(image: ImageInfo) -> str | None:
    return (image.camera or {}).get("lens") or None


def exposure(image: ImageInfo) -> str | None:
    """"35 mm, f/2.8, 1/250 s, ISO 400" with whichever of them the camera recorded."""
    facts = image.camera or {}
    locale = QLocale()
    parts = []
    if facts.get("focal_length_mm"):
        mm = locale.toString(float(facts["focal_length_mm"]), "g", 4)
        parts.append(QCoreApplication.translate("ImageFacts", "{mm} mm").format(mm=mm))
    if facts.get("f_number"):
        number = locale.toString(float(facts["f_number"]), "g", 3)
        parts.append(QCoreApplication.translate("ImageFacts", "f/{number}").format(number=number))
    if facts.get("exposure_seconds"):
        time = _shutter(float(facts["exposure_seconds"]))
        parts.append(QCoreApplication.translate("ImageFacts", "{time} s").format(time=time))
    if facts.get("iso"):
        iso = int(facts["iso"])
        parts.append(QCoreApplication.translate("ImageFacts", "ISO {iso}").format(iso=iso))
    return QCoreApplication.translate("ImageFacts", ", ").join(parts) or None


def _shutter(seconds: float) -> str:
    """1/250 for fast exposures (how cameras show them), else the seconds: 2.5."""
    if seconds < 1:
        return f"1/{round(1 / seconds)}"
    return QLocale().toString(seconds, "g", 3)


def location(image: ImageInfo) -> str | None:
    where = image.location or {}
    if where.get("latitude") is None or where.get("longitude") is None:
        return None
    locale = QLocale()
    return QCoreApplication.translate("ImageFacts", "{latitude}, {longitude}").format(
        latitude=locale.toString(float(where["latitude"]), "f", 5),
        longitude=locale.toString(float(where["longitude"]), "f", 5))


def added_by(image: ImageInfo) -> str | None:
    """"A guest, Anna Lee, through a shared link" for a guest's photo; None for the owner's."""
    if image.guest is None:
        return None
    name = image.guest.get("name")
    if isinstance(name, str) and name:
        return QCoreApplication.translate("ImageFacts", "{name}, a guest, through a shared "
                                          "link").format(name=name)
    return QCoreApplication.translate("ImageFacts", "A guest (no name given), through a "
                                      "shared link")


def spoken_guest(image: ImageInfo) -> str:
    """What a screen reader adds for a guest's tile (empty for the owner's)."""
    added = added_by(image)
    return ", " + QCoreApplication.translate("ImageFacts", "added by {who}").format(
        who=added) if added else ""


def taken_by(image: ImageInfo) -> str:
    """What the viewer's caption says beside the name: "01/07/2024 18:30 (UTC+02:00) · Canon EOS
    R5"; empty when nothing is known."""
    parts = [part for part in (taken_at(image), camera(image)) if part]
    return QCoreApplication.translate("ImageFacts", " · ").join(parts)
