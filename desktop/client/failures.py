"""The sentences a person reads when a file can't be uploaded: which file, what happened,
what to do. One place, so the app and the CLI say the same thing."""

from __future__ import annotations

from backend.common.image_header import megapixels

from .i18n import translate
from .streaming import FileChanged

MIB = 1024 * 1024


def _sentence(text: str | None) -> str:
    text = (text or translate("Failures", "it gave no reason")).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def changed_since_queued(name: str) -> str:
    return translate("Failures", "{name} changed since it was queued (its size or modification "
                     "time differs), so it was not uploaded. Retry to upload it as it is "
                     "now.").format(name=name)


def changed_while_uploading(name: str) -> str:
    return translate("Failures", "{name}: the upload was refused because the file changed "
                     "while uploading. Wait until it is saved completely, then retry.").format(
        name=name)


def gone(name: str) -> str:
    return translate("Failures", "{name} was deleted or moved since it was queued. Add it again "
                     "from where it is now.").format(name=name)


def unreadable(name: str, error: OSError) -> str:
    return translate("Failures", "{name} can't be read ({reason}). Check that it still exists "
                     "and that you may read it.").format(name=name,
                                                         reason=error.strerror or error)


def reading_failed(name: str, error: FileChanged | OSError, *, uploading: bool) -> str:
    """The sentence for a file that could not be read as it was queued."""
    if isinstance(error, FileChanged):
        return changed_while_uploading(name) if uploading else changed_since_queued(name)
    if isinstance(error, FileNotFoundError):
        return gone(name)
    return unreadable(name, error)


def too_large(name: str, size: int, limit: int) -> str:
    return translate("Failures", "{name} is {size:,.1f} MiB; this server takes files up to "
                     "{limit:,.0f} MiB. Ask its owner to raise MAX_UPLOAD_BYTES, or upload a "
                     "smaller copy.").format(name=name, size=size / MIB, limit=limit / MIB)


def too_many_pixels(name: str, pixels: int, limit: int) -> str:
    return translate("Failures", "{name} was not uploaded: the image is too large ({pixels} "
                     "megapixels; this server takes up to {limit}). Upload a smaller copy, or "
                     "ask its owner to raise MAX_IMAGE_PIXELS.").format(
        name=name, pixels=megapixels(pixels), limit=megapixels(limit))


def cut_short(name: str) -> str:
    return translate("Failures", "{name} was not uploaded: the image is truncated or damaged "
                     "(the file ends before its own data does). Copy it again from the camera "
                     "or its source, then add the copy.").format(name=name)


def type_refused(name: str, content_type: str, accepted: tuple[str, ...]) -> str:
    return translate("Failures", "{name} is {type}, which this server does not take (it takes "
                     "{accepted}).").format(name=name, type=content_type,
                                            accepted=", ".join(accepted))


def api_failed(name: str, error: Exception) -> str:
    return f"{name}: {error}"


def storage_keeps_refusing(name: str, detail: str) -> str:
    return translate("Failures", "{name}: the storage refused the upload link again right "
                     "after it was renewed ({detail}). Check that this computer's clock is "
                     "right, then retry.").format(name=name, detail=detail)


def storage_refused(name: str, detail: str) -> str:
    return translate("Failures", "{name}: the storage refused the upload ({detail}). Retry "
                     "it; if it fails again, check the backend's bucket settings.").format(
        name=name, detail=detail)


def gave_up(name: str, tries: int, last: str) -> str:
    return translate("Failures", "{name}: the upload failed after {tries} tries; last: {last} "
                     "Check your network, then retry.").format(name=name, tries=tries,
                                                               last=_sentence(last))


def wait_too_long(name: str, seconds: float, cap: float) -> str:
    return translate("Failures", "{name}: the server asked to wait {seconds:g} s before trying "
                     "again, longer than Thumbdrop waits ({cap:g} s). Retry later.").format(
        name=name, seconds=seconds, cap=cap)


def processing_failed(name: str, reason: str | None) -> str:
    return translate("Failures", "{name}: the backend could not make thumbnails: {reason} Check "
                     "that the file opens in an image viewer, then retry or upload another "
                     "copy.").format(name=name, reason=_sentence(reason))


def processing_timed_out(name: str, seconds: float) -> str:
    return translate("Failures", "{name}: processing timed out after {seconds:g} s; the backend "
                     "made no thumbnails. Retry later, or check the backend's resize "
                     "function.").format(name=name, seconds=seconds)


def no_longer_on_server(name: str) -> str:
    return translate("Failures", "{name}: the upload is no longer on the server (it was deleted "
                     "meanwhile). Retry to upload it again.").format(name=name)


def unexpected(name: str, error: BaseException) -> str:
    return translate("Failures", "{name}: the upload stopped on an unexpected error ({error}). "
                     "Retry it; if it happens again, please report it.").format(
        name=name, error=type(error).__name__)
