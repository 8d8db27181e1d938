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

from backend.common import image_formats, raw_formats, tiff_encoding
from backend.common.error_codes import reason
from desktop.client.failures import Failure, failure, from_reason

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


def skip_reason(path: Path) -> Failure | None:
    """None when the file can be queued, else why not."""
    return skip_reason_and_type(path)[0]


def skip_reason_and_type(path: Path) -> tuple[Failure | None, str | None]:
    """(None, content type) when the file can be queued, else (why not, None). One stat and
    one read of the first bytes."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return failure("no_such_file"), None
    except OSError as exc:
        return _unreadable(exc), None
    if stat.S_ISDIR(info.st_mode):
        return failure("is_a_folder"), None
    if not stat.S_ISREG(info.st_mode):
        return failure("not_a_regular_file"), None
    if info.st_size == 0:
        return failure("empty_file"), None
    try:
        with open(path, "rb") as handle:
            camera_raw = raw_formats.identify(handle)
            handle.seek(0)
            head = handle.read(SNIFF_BYTES)
            tiff_refusal = (_tiff_refusal(handle) if camera_raw is None
                            and content_type_of(head) == "image/tiff" else None)
    except OSError as exc:
        return _unreadable(exc), None
    if tiff_refusal is not None:
        return tiff_refusal, None
    if camera_raw is not None:
        # The RAWs the backend decodes have a content type; the others a refusal.
        refusal = camera_raw.refusal
        return (None if refusal is None else from_reason(refusal)), camera_raw.content_type
    content_type = content_type_of(head)
    if content_type is None:
        return failure("not_an_image_here", what=image_formats.describe_other(head),
                       formats=image_formats.NAMES, raw=raw_formats.ACCEPTED), None
    return None, content_type


def _tiff_refusal(handle) -> Failure | None:
    """The resize function's refusal of a TIFF encoding it can't render (LogLuv, JPEG XL,
    floating point...), told before a byte is sent: IFD0 says it."""
    directory = tiff_encoding.read_directory(handle)
    encoding = tiff_encoding.unsupported(directory) if directory is not None else None
    if encoding is None:
        return None
    return from_reason(reason("unsupported_tiff_encoding", encoding=encoding))


def _unreadable(error: OSError) -> Failure:
    return failure("cannot_read", reason=error.strerror or str(error))
