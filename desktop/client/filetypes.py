"""Which files can be queued, decided by their first bytes, not their names.

The API accepts only the content types in backend/common/layout.py; sniffing
here lets the desktop refuse a text file renamed .jpg before it costs a
presign request and an upload. Size limits are the server's to say (`GET /config`):
the engine checks them once it has asked, nothing here hard-codes one.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from backend.common import raw_formats
from desktop.client.i18n import translate

SNIFF_BYTES = 32

# ISO base media "ftyp" brands that mean HEIC (HEVC-coded) or generic HEIF.
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_HEIF_BRANDS = {b"mif1", b"msf1", b"heif", b"mif2"}
_AVIF_BRANDS = {b"avif", b"avis"}


def content_type_of(head: bytes) -> str | None:
    """The allowlisted content type these leading bytes announce, else None.

    Camera RAW is not among them: a NEF starts like a TIFF, and only raw_formats (which
    reads IFD0) tells them apart; sniff_content_type asks it first."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head[:2] == b"BM" and len(head) >= 14:
        return "image/bmp"
    if head[4:8] == b"ftyp":
        return _heif_type(head)
    return None


def _heif_type(head: bytes) -> str | None:
    # The major brand sits at 8..12; compatible brands follow the minor version.
    if head[8:12] in _AVIF_BRANDS:
        return None  # AV1 in a HEIF box: the backend's decoders don't read it
    brands = [head[8:12]] + [head[i:i + 4] for i in range(16, len(head) - 3, 4)]
    if any(brand in _HEIC_BRANDS for brand in brands):
        return "image/heic"
    if any(brand in _HEIF_BRANDS for brand in brands):
        return "image/heif"
    return None


def sniff_content_type(path: Path) -> str | None:
    """The file's content type by magic bytes, one of the API allowlist, else None."""
    try:
        with open(path, "rb") as handle:
            camera_raw = raw_formats.identify(handle)  # by real signatures: never "TIFF"
            handle.seek(0)
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return None
    return camera_raw.content_type if camera_raw is not None else content_type_of(head)


def _describe_non_image(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return translate("FileTypes", "a PDF document")
    if head.lstrip().startswith((b"<svg", b"<?xml")):
        return translate("FileTypes", "an SVG or XML file")
    if head.startswith(b"PK\x03\x04"):
        return translate("FileTypes", "a ZIP archive or office document")
    if head[4:8] == b"ftyp":
        return translate("FileTypes", "a video or another ISO media file")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return translate("FileTypes", "an unknown file type")
    return translate("FileTypes", "plain text")


def skip_reason(path: Path) -> str | None:
    """None when the file can be queued, else a short sentence saying why not."""
    return skip_reason_and_type(path)[0]


def skip_reason_and_type(path: Path) -> tuple[str | None, str | None]:
    """(None, content type) when the file can be queued, else (a sentence saying why not,
    None). One stat and one read of the first bytes."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return translate("FileTypes", "The file no longer exists."), None
    except OSError as exc:
        return _unreadable(exc), None
    if stat.S_ISDIR(info.st_mode):
        return translate("FileTypes", "It is a folder; add the folder to queue the images "
                                      "inside it."), None
    if not stat.S_ISREG(info.st_mode):
        return translate("FileTypes", "It is not a regular file."), None
    if info.st_size == 0:
        return translate("FileTypes", "The file is empty."), None
    try:
        with open(path, "rb") as handle:
            camera_raw = raw_formats.identify(handle)
            handle.seek(0)
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        return _unreadable(exc), None
    if camera_raw is not None:
        # The RAWs the backend decodes have a content type; the others a refusal sentence.
        return camera_raw.refusal, camera_raw.content_type
    content_type = content_type_of(head)
    if content_type is None:
        what = (translate("FileTypes", "An AVIF image, which the backend can't read")
                if head[8:12] in _AVIF_BRANDS
                else translate("FileTypes", "Not an image ({what})").format(
                    what=_describe_non_image(head)))
        return translate("FileTypes", "{refusal}. Thumbdrop takes JPEG, PNG, GIF, WebP, TIFF, "
                                      "HEIC/HEIF, BMP and camera RAW ({raw}).").format(
            refusal=what, raw=raw_formats.ACCEPTED), None
    return None, content_type


def _unreadable(error: OSError) -> str:
    return translate("FileTypes", "The file can't be read ({reason}).").format(
        reason=error.strerror or error)
