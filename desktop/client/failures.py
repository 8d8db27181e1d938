"""Why a file can't be uploaded, and the sentence a person reads about it: which file, what
happened, what to do. One place, so the app and the CLI say the same thing.

A failure is kept as a `Failure`: a code, its parameters and an English fallback, never as
a rendered sentence. The queue stores it that way and `str(failure)` renders it in the
language installed *now*, so a row failed under German reads English after a switch back.
Codes are this module's (`TEMPLATES`) or the server's (backend/common/error_codes.py, which
the client translates under the "ServerErrors" context); a code this client does not know
(a newer server's) shows the server's English message, its fallback.

Parameters are plain JSON values or nested Failures (the server's reason inside "the backend
could not make thumbnails: …"), rendered in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.common import error_codes
from backend.common.error_codes import Reason
from backend.common.image_header import megapixels

from .i18n import QT_TRANSLATE_NOOP, translate
from .streaming import FileChanged

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Failure:
    """One failure as stored: `code` names its sentence, `params` fill it in, `fallback` is
    the English shown when the code is unknown here (the server's message, or the sentence
    a row held before failures had codes). Hashable and immutable, like the rows holding it.

    Room to grow: a flag such as "retrying can't change this" belongs here as a field with a
    default, stored in `to_json` only when set, so older rows read back unchanged."""

    code: str | None
    params: tuple[tuple[str, Param], ...] = ()
    fallback: str | None = None

    def __str__(self) -> str:
        return render(self)

    @property
    def values(self) -> dict[str, Param]:
        return dict(self.params)

    def to_json(self) -> dict:
        return {"code": self.code,
                "params": {name: value.to_json() if isinstance(value, Failure) else value
                           for name, value in self.params},
                "fallback": self.fallback}

    @classmethod
    def from_json(cls, value: Mapping) -> Failure:
        params = value.get("params") or {}
        return cls(value.get("code"), tuple(
            (name, cls.from_json(param) if isinstance(param, Mapping) else param)
            for name, param in params.items()), value.get("fallback"))


Param = str | int | float | None | Failure


def failure(code: str, /, **params: Param) -> Failure:
    """A Failure of this module's TEMPLATES (or the server's), its English as fallback."""
    values = tuple(params.items())
    return Failure(code, values, _english(code, values))


def plain(sentence: str | None) -> Failure:
    """A sentence with no code of its own (it shows as it is, in the language it was made)."""
    return Failure(None, (), sentence)


def from_server(code: str | None, params: object, message: str | None) -> Failure:
    """The failure the API named (a JSON error or a failed image): its code and params when
    it sent them, its English message as the fallback."""
    values = params if isinstance(params, Mapping) else {}
    return Failure(code if isinstance(code, str) else None, tuple(
        (str(name), value) for name, value in values.items()
        if isinstance(value, str | int | float) or value is None), message)


def from_reason(why: Reason) -> Failure:
    """A backend Reason the client made itself (camera RAW refusals are decided here too)."""
    return from_server(why.code, why.params, why.message)


# -- rendering --------------------------------------------------------------------------------

def render(found: Failure) -> str:
    """The sentence in the installed language; the fallback when the code is unknown here
    or its parameters don't fit the template (a server newer than this client)."""
    entry = _CATALOGUE.get(found.code or "")
    if entry is None:
        return found.fallback or translate("Failures", "it gave no reason")
    context, template = entry
    values = _rendered_values(found)
    for text in (translate(context, template), template):  # a faulty translation: English
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            continue
    return found.fallback or template


def _english(code: str, params: tuple[tuple[str, Param], ...]) -> str | None:
    entry = _CATALOGUE.get(code)
    if entry is None:
        return None
    values = {name: _sentence(value.fallback) if isinstance(value, Failure) else value
              for name, value in params}
    return entry[1].format(**values)


def _rendered_values(found: Failure) -> dict[str, Any]:
    phrases = {**error_codes.TRANSLATED_PARAMS, **_PHRASES}.get(found.code or "", {})
    values: dict[str, Any] = {}
    for name, value in found.params:
        if isinstance(value, Failure):
            value = _sentence(render(value))
        elif name in phrases and isinstance(value, str):
            value = translate(phrases[name], value)
        values[name] = value
    return values


def _sentence(text: str | None) -> str:
    """A reason set inside a sentence ends with a full stop ("…: {reason} Check …")."""
    text = (text or translate("Failures", "it gave no reason")).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


# code -> (translation context, English template). The server's codes come from
# backend/common/error_codes.py; lupdate reads both files.
TEMPLATES: dict[str, tuple[str, str]] = {
    "changed_since_queued": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name} changed since it was queued (its size or modification time "
        "differs), so it was not uploaded. Retry to upload it as it is now.")),
    "changed_while_uploading": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name}: the upload was refused because the file changed while uploading. "
        "Wait until it is saved completely, then retry.")),
    "file_gone": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name} was deleted or moved since it was queued. Add it again from where "
        "it is now.")),
    "unreadable": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name} can't be read ({reason}). Check that it still exists and that you "
        "may read it.")),
    "file_over_limit": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name} is {size:,.1f} MiB; this server takes files up to {limit:,.0f} "
        "MiB. Ask its owner to raise MAX_UPLOAD_BYTES, or upload a smaller copy.")),
    "too_many_pixels": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name} was not uploaded: the image is too large ({pixels} megapixels; "
        "this server takes up to {limit}). Upload a smaller copy, or ask its owner to raise "
        "MAX_IMAGE_PIXELS.")),
    "cut_short": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name} was not uploaded: the image is truncated or damaged (the file ends "
        "before its own data does). Copy it again from the camera or its source, then add the "
        "copy.")),
    "type_refused": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name} is {type}, which this server does not take (it takes "
        "{accepted}).")),
    "api_failed": ("Failures", QT_TRANSLATE_NOOP("Failures", "{name}: {reason}")),
    "renditions_not_ready": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name} has no thumbnails yet: they are still being made. Try again in a "
        "moment.")),
    "storage_keeps_refusing": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name}: the storage refused the upload link again right after it was "
        "renewed ({detail}). Check that this computer's clock is right, then retry.")),
    "storage_refused": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name}: the storage refused the upload ({detail}). Retry it; if it fails "
        "again, check the backend's bucket settings.")),
    "gave_up": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name}: the upload failed after {tries} tries; last: {last} Check your "
        "network, then retry.")),
    "wait_too_long": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name}: the server asked to wait {seconds:g} s before trying again, longer "
        "than Thumbdrop waits ({cap:g} s). Retry later.")),
    "processing_failed": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name}: the backend could not make thumbnails: {reason} Check that the "
        "file opens in an image viewer, then retry or upload another copy.")),
    "processing_timed_out_here": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name}: processing timed out after {seconds:g} s; the backend made no "
        "thumbnails. Retry later, or check the backend's resize function.")),
    "no_longer_on_server": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name}: the upload is no longer on the server (it was deleted meanwhile). "
        "Retry to upload it again.")),
    "unexpected": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{name}: the upload stopped on an unexpected error ({error}). Retry it; if "
        "it happens again, please report it.")),
    "asked_to_wait_too_long": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "{reason} (It asked to wait {seconds:g} s, longer than Thumbdrop waits: "
        "{cap:g} s.)")),
    "no_part_url": ("Failures", QT_TRANSLATE_NOOP(
        "Failures", "The API signed no URL for part {number}.")),
    "no_endpoint": ("Failures", QT_TRANSLATE_NOOP("Failures", "No API endpoint is set.")),
    # what an API answer (or its absence) means: desktop/client/api_errors.py
    "api_token_refused": ("ApiErrors", QT_TRANSLATE_NOOP(
        "ApiErrors", "The API at {url} refused the token (401). Use the token of the backend "
        "you connect to: for thumbdrop-backend, the file named token in its data folder "
        "({data_dir} on this computer) or the \"token\" in the line it prints when it is "
        "ready; for an AWS deployment, the token you chose when deploying it (the stack keeps "
        "only its SHA-256). Paste it as the API token.")),
    "not_thumbdrop": ("ApiErrors", QT_TRANSLATE_NOOP(
        "ApiErrors", "{url} answered, but it is not a Thumbdrop API. Check the API endpoint "
        "URL: it is the api_url that thumbdrop-backend prints when it is ready, or the ApiUrl "
        "output of your AWS stack.")),
    "not_thumbdrop_status": ("ApiErrors", QT_TRANSLATE_NOOP(
        "ApiErrors", "{url} answered (HTTP {status}), but it is not a Thumbdrop API: another "
        "server, a web page or a proxy answered. Check the API endpoint URL: it is the api_url "
        "that thumbdrop-backend prints when it is ready, or the ApiUrl output of your AWS "
        "stack.")),
    "invalid_id": ("ApiErrors", QT_TRANSLATE_NOOP(
        "ApiErrors", "The API at {url} answered with an image id that is not valid ({id}); "
        "Thumbdrop does not use it. Check that the API endpoint URL is a Thumbdrop API.")),
    "rate_limited": ("ApiErrors", QT_TRANSLATE_NOOP(
        "ApiErrors", "The Thumbdrop API at {url} is busy (429). Try again in a minute.")),
    "server_error": ("ApiErrors", QT_TRANSLATE_NOOP(
        "ApiErrors", "The Thumbdrop API at {url} had a server error ({status}). Try again in a "
        "minute.")),
    # why a file is skipped (never queued)
    "no_such_file": ("FileTypes", QT_TRANSLATE_NOOP("FileTypes", "The file no longer exists.")),
    "is_a_folder": ("FileTypes", QT_TRANSLATE_NOOP(
        "FileTypes", "It is a folder; add the folder to queue the images inside it.")),
    "not_a_regular_file": ("FileTypes", QT_TRANSLATE_NOOP(
        "FileTypes", "It is not a regular file.")),
    "empty_file": ("FileTypes", QT_TRANSLATE_NOOP("FileTypes", "The file is empty.")),
    "not_an_image_here": ("FileTypes", QT_TRANSLATE_NOOP(
        "FileTypes", "Not an image ({what}). Thumbdrop takes {formats} and camera RAW "
        "({raw}).")),
    "cannot_read": ("FileTypes", QT_TRANSLATE_NOOP(
        "FileTypes", "The file can't be read ({reason}).")),
}
# Parameters of this module's codes that are phrases to translate, like the server's.
_PHRASES = {"not_an_image_here": {"what": "FileTypes"}}
# backend/common/image_formats.describe_other's words for what a file is, which the
# sentences above name translated (_PHRASES); lupdate sees each literal here.
_NON_IMAGES = (
    QT_TRANSLATE_NOOP("FileTypes", "a PDF document"),
    QT_TRANSLATE_NOOP("FileTypes", "a Photoshop PSD file"),
    QT_TRANSLATE_NOOP("FileTypes", "a Windows icon (ICO)"),
    QT_TRANSLATE_NOOP("FileTypes", "a PCX image"),
    QT_TRANSLATE_NOOP("FileTypes", "an OpenEXR image"),
    QT_TRANSLATE_NOOP("FileTypes", "a FITS file"),
    QT_TRANSLATE_NOOP("FileTypes", "a JPEG XL image"),
    QT_TRANSLATE_NOOP("FileTypes", "a JPEG 2000 image"),
    QT_TRANSLATE_NOOP("FileTypes", "a ZIP archive or office document"),
    QT_TRANSLATE_NOOP("FileTypes", "a video or another ISO media file"),
    QT_TRANSLATE_NOOP("FileTypes", "a file of an unknown format"),
    QT_TRANSLATE_NOOP("FileTypes", "an SVG drawing"),
    QT_TRANSLATE_NOOP("FileTypes", "a web page"),
    QT_TRANSLATE_NOOP("FileTypes", "a text file"),
)
# backend/common/tiff_encoding's names of the TIFF encodings nothing here renders, named in
# the server's unsupported_tiff_encoding sentence (error_codes.TRANSLATED_PARAMS).
_TIFF_ENCODINGS = (
    QT_TRANSLATE_NOOP("FileTypes", "SGI LogLuv compression (HDR)"),
    QT_TRANSLATE_NOOP("FileTypes", "JPEG XL compression"),
    QT_TRANSLATE_NOOP("FileTypes", "JPEG 2000 compression"),
    QT_TRANSLATE_NOOP("FileTypes", "LERC compression"),
    QT_TRANSLATE_NOOP("FileTypes", "JPEG XR compression"),
    QT_TRANSLATE_NOOP("FileTypes", "the LogL colour model (HDR)"),
    QT_TRANSLATE_NOOP("FileTypes", "the LogLuv colour model (HDR)"),
    QT_TRANSLATE_NOOP("FileTypes", "the ITU Lab colour model"),
    QT_TRANSLATE_NOOP("FileTypes", "floating-point colour samples (HDR or scientific data)"),
    QT_TRANSLATE_NOOP("FileTypes", "32-bit integer colour samples"),
    QT_TRANSLATE_NOOP("FileTypes", "complex-number samples"),
)


_CATALOGUE = {**{code: (error_codes.CONTEXT, template)
                 for code, template in error_codes.TEMPLATES.items()}, **TEMPLATES}


# The backend's verdicts on the bytes themselves, given after they were sent: the same bytes
# get the same verdict, so retrying a file unchanged on disk would only send it again
# (issue 17). The client's own pre-checks are not here: redoing them sends nothing, and a
# server whose limits were raised meanwhile takes the file.
VERDICTS_ON_CONTENT = frozenset({
    "image_empty", "image_damaged", "image_too_many_pixels", "image_over_decoder_limit",
    "not_an_image", "unsupported_variant", "unsupported_colour_mode", "raw_not_readable",
    "unsupported_tiff_encoding", "raw_compression_without_preview", "raw_format_not_taken",
    "dng_jpeg_xl_without_preview", "gopro_gpr_without_preview",
})


def cannot_change(found: Failure | None) -> bool:
    """Whether retrying the same bytes can't change this failure (it, or a reason inside it,
    is a verdict on the content)."""
    if found is None:
        return False
    return found.code in VERDICTS_ON_CONTENT or any(
        isinstance(value, Failure) and cannot_change(value) for _, value in found.params)


# -- the failures the client itself decides --------------------------------------------------

def changed_since_queued(name: str) -> Failure:
    return failure("changed_since_queued", name=name)


def changed_while_uploading(name: str) -> Failure:
    return failure("changed_while_uploading", name=name)


def gone(name: str) -> Failure:
    return failure("file_gone", name=name)


def unreadable(name: str, error: OSError) -> Failure:
    return failure("unreadable", name=name, reason=error.strerror or str(error))


def reading_failed(name: str, error: FileChanged | OSError, *, uploading: bool) -> Failure:
    """The failure of a file that could not be read as it was queued."""
    if isinstance(error, FileChanged):
        return changed_while_uploading(name) if uploading else changed_since_queued(name)
    if isinstance(error, FileNotFoundError):
        return gone(name)
    return unreadable(name, error)


def too_large(name: str, size: int, limit: int) -> Failure:
    return failure("file_over_limit", name=name, size=size / MIB, limit=limit / MIB)


def too_many_pixels(name: str, pixels: int, limit: int) -> Failure:
    return failure("too_many_pixels", name=name, pixels=megapixels(pixels),
                   limit=megapixels(limit))


def cut_short(name: str) -> Failure:
    return failure("cut_short", name=name)


def type_refused(name: str, content_type: str, accepted: tuple[str, ...]) -> Failure:
    return failure("type_refused", name=name, type=content_type, accepted=", ".join(accepted))


def api_failed(name: str, reason: Failure | Exception) -> Failure:
    """What the API (or the network on the way to it) said about this file."""
    return failure("api_failed", name=name, reason=as_failure(reason))


def storage_keeps_refusing(name: str, detail: str) -> Failure:
    return failure("storage_keeps_refusing", name=name, detail=detail)


def storage_refused(name: str, detail: str) -> Failure:
    return failure("storage_refused", name=name, detail=detail)


def gave_up(name: str, tries: int, last: Failure | Exception | str) -> Failure:
    return failure("gave_up", name=name, tries=tries, last=as_failure(last))


def wait_too_long(name: str, seconds: float, cap: float) -> Failure:
    return failure("wait_too_long", name=name, seconds=seconds, cap=cap)


def processing_failed(name: str, reason: Failure | None) -> Failure:
    return failure("processing_failed", name=name, reason=reason or plain(None))


def processing_timed_out(name: str, seconds: float) -> Failure:
    return failure("processing_timed_out_here", name=name, seconds=seconds)


def no_longer_on_server(name: str) -> Failure:
    return failure("no_longer_on_server", name=name)


def renditions_not_ready(name: str) -> Failure:
    return failure("renditions_not_ready", name=name)


def unexpected(name: str, error: BaseException) -> Failure:
    return failure("unexpected", name=name, error=type(error).__name__)


def as_failure(reason: Failure | BaseException | str | None) -> Failure:
    """A Failure for what an API error, an exception or an old sentence says."""
    if isinstance(reason, Failure):
        return reason
    carried = getattr(reason, "failure", None)
    if isinstance(carried, Failure):
        return carried
    return plain(None if reason is None else str(reason))
