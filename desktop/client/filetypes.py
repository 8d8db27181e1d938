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

from backend.common import image_formats, raw_formats
from desktop.client.i18n import translate

SNIFF_BYTES = image_formats.HEAD_BYTES


def content_type_of(head: bytes) -> str | None:
    """The accepted content type these leading bytes announce, else None.

    Camera RAW is not among them: a NEF starts like a TIFF, and only raw_formats (which
    reads IFD0) tells them apart; sniff_content_type asks it first."""
    image_format = image_formats.identify(head)
    return image_format.content_type if image_format is not None else None


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


# image_formats.describe_other's words, translated when asked (the translator is installed
# after import); lupdate sees each literal here.
_NON_IMAGES = {
    "a PDF document": lambda: translate("FileTypes", "a PDF document"),
    "a Photoshop PSD file": lambda: translate("FileTypes", "a Photoshop PSD file"),
    "a Windows icon (ICO)": lambda: translate("FileTypes", "a Windows icon (ICO)"),
    "a PCX image": lambda: translate("FileTypes", "a PCX image"),
    "an OpenEXR image": lambda: translate("FileTypes", "an OpenEXR image"),
    "a FITS file": lambda: translate("FileTypes", "a FITS file"),
    "a JPEG XL image": lambda: translate("FileTypes", "a JPEG XL image"),
    "a JPEG 2000 image": lambda: translate("FileTypes", "a JPEG 2000 image"),
    "a ZIP archive or office document": lambda: translate("FileTypes",
                                                  "a ZIP archive or office document"),
    "a video or another ISO media file": lambda: translate("FileTypes",
                                                   "a video or another ISO media file"),
    "a file of an unknown format": lambda: translate("FileTypes", "a file of an unknown format"),
    "an SVG drawing": lambda: translate("FileTypes", "an SVG drawing"),
    "a web page": lambda: translate("FileTypes", "a web page"),
    "a text file": lambda: translate("FileTypes", "a text file"),
}


def _describe_non_image(head: bytes) -> str:
    what = image_formats.describe_other(head)
    return _NON_IMAGES[what]() if what in _NON_IMAGES else what


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
        return translate("FileTypes", "Not an image ({what}). Thumbdrop takes {formats} and "
                                      "camera RAW ({raw}).").format(
            what=_describe_non_image(head), formats=image_formats.NAMES,
            raw=raw_formats.ACCEPTED), None
    return None, content_type


def _unreadable(error: OSError) -> str:
    return translate("FileTypes", "The file can't be read ({reason}).").format(
        reason=error.strerror or error)
