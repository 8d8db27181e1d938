"""Why the API refused a request or an image failed: a stable code, its parameters and the
English sentence, declared once here.

Every JSON error the API sends is `{"error": <category>, "code": <code>, "message": <English
sentence>, "params": {...}}`; a failed image record carries `error` (the sentence),
`error_code` and `error_params`. The category is the coarse code tied to the HTTP status
(`bad_request`, `not_found`, ...), kept for clients older than codes; `code` names the reason.
A refusal only a faulty client can meet (a malformed body, an unknown query parameter) has
its category as its code and no template: its message is the English written where it is
raised.

The desktop client renders a known code from its own translation of the template below
(lupdate reads `QT_TRANSLATE_NOOP` here; the backend never translates) and shows the
server's English `message` for a code it does not know, so a newer server's codes are never
lost on an older client. backend/openapi.yaml lists the codes (tests/integration/
test_openapi.py holds it to this table).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks `text` for extraction under `context` without translating it now."""
    return text


CONTEXT = "ServerErrors"  # the translation context of every template below

# Categories: the `error` field, one per HTTP status the API answers with.
CATEGORIES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 410: "gone", 413: "too_large", 415: "unsupported_type",
    431: "bad_request", 500: "internal", 502: "internal", 503: "internal",
    507: "insufficient_storage",
}

# code -> the English sentence with its {params}. Image failures (no HTTP status) and API
# refusals share one namespace, so a client needs one table.
TEMPLATES: dict[str, str] = {
    # -- the bearer token (401) --
    "token_missing": QT_TRANSLATE_NOOP(
        "ServerErrors", "The request has no bearer token; add the API token in Settings."),
    "token_refused": QT_TRANSLATE_NOOP(
        "ServerErrors", "The API token was not accepted; check the token in Settings."),
    "token_not_configured": QT_TRANSLATE_NOOP(
        "ServerErrors", "This server has no API token configured, so it refuses every "
        "request; set API_TOKEN_SHA256 on the server."),
    "token_config_invalid": QT_TRANSLATE_NOOP(
        "ServerErrors", "This server's API_TOKEN_SHA256 is not a comma-separated list of "
        "SHA-256 digests (64 hex characters each), so it refuses every request; fix it on the "
        "server."),
    # -- what a file's name, type and size may be (400, 413, 415) --
    "filename_too_long": QT_TRANSLATE_NOOP(
        "ServerErrors", "The filename is longer than {limit} bytes; rename the file and "
        "retry."),
    "filename_control_characters": QT_TRANSLATE_NOOP(
        "ServerErrors", "The filename contains control characters; rename the file and "
        "retry."),
    "filename_direction_controls": QT_TRANSLATE_NOOP(
        "ServerErrors", "The filename contains invisible characters that change the direction "
        "of text (they can disguise a name); rename the file and retry."),
    "type_not_accepted": QT_TRANSLATE_NOOP(
        "ServerErrors", "The type {type} is not accepted; Thumbdrop takes {accepted}."),
    "file_empty": QT_TRANSLATE_NOOP(
        "ServerErrors", "The file is empty (or its size is not positive); files from 1 byte "
        "up to {limit} bytes are accepted."),
    "file_too_large": QT_TRANSLATE_NOOP(
        "ServerErrors", "The file is {size} bytes; files from 1 byte up to {limit} bytes are "
        "accepted."),
    "file_too_large_for_one_put": QT_TRANSLATE_NOOP(
        "ServerErrors", "The file is {size} bytes; files from 1 byte up to {limit} bytes are "
        "accepted in one PUT; files up to {multipart_limit} bytes go through POST "
        "/uploads/multipart."),
    # -- multipart uploads (400, 404) --
    "parts_over_limit": QT_TRANSLATE_NOOP(
        "ServerErrors", "The parts add up to {size} bytes; files up to {limit} bytes are "
        "accepted. The upload was cancelled."),
    "parts_not_declared_size": QT_TRANSLATE_NOOP(
        "ServerErrors", "The parts add up to {size} bytes, but the upload was created for a "
        "file of {declared} bytes; it was cancelled. Start it again with the file's real "
        "size."),
    "part_not_stored": QT_TRANSLATE_NOOP(
        "ServerErrors", "Part {number} was never stored (or has expired); upload it and "
        "complete again."),
    "multipart_not_found": QT_TRANSLATE_NOOP(
        "ServerErrors", "There is no multipart upload with this upload_id for image {id} (it "
        "was completed, cancelled or has expired); start the upload again."),
    # -- images (404, 409, 410) --
    "image_not_found": QT_TRANSLATE_NOOP(
        "ServerErrors", "There is no image with id {id}; it may have been deleted."),
    "image_pending": QT_TRANSLATE_NOOP(
        "ServerErrors", "{name} is still being processed; ask again once it is ready."),
    "image_failed": QT_TRANSLATE_NOOP(
        "ServerErrors", "{name} failed to process, so it has no renditions to share."),
    "original_expired": QT_TRANSLATE_NOOP(
        "ServerErrors", "The original of {name} is no longer stored; its thumbnail and large "
        "view remain."),
    "original_expired_after_days": QT_TRANSLATE_NOOP(
        "ServerErrors", "The original of {name} is no longer stored (this server keeps "
        "originals for {days} days); its thumbnail and large view remain."),
    # -- albums (400, 404, 409) --
    "album_not_found": QT_TRANSLATE_NOOP(
        "ServerErrors", "There is no album with id {id}; it may have been deleted."),
    "album_name_empty": QT_TRANSLATE_NOOP(
        "ServerErrors", "The album has no name; type a name and try again."),
    "album_name_too_long": QT_TRANSLATE_NOOP(
        "ServerErrors", "The album name is longer than {limit} characters; shorten it and try "
        "again."),
    "album_name_control_characters": QT_TRANSLATE_NOOP(
        "ServerErrors", "The album name contains control characters; type it again without "
        "them."),
    "album_busy": QT_TRANSLATE_NOOP(
        "ServerErrors", "Album {id} was being changed by others at the same moment; try "
        "again."),
    # -- album shares (400, 401, 403, 404, 410): the page a link opens says these --
    "share_not_found": QT_TRANSLATE_NOOP(
        "ServerErrors", "This link does not open anything; check that it was copied whole, or "
        "ask whoever sent it for a new one."),
    "share_expired": QT_TRANSLATE_NOOP(
        "ServerErrors", "This link expired on {date}; ask whoever shared it for a new one."),
    "share_revoked": QT_TRANSLATE_NOOP(
        "ServerErrors", "This link was turned off by whoever shared it; ask them for a new "
        "one."),
    "share_album_gone": QT_TRANSLATE_NOOP(
        "ServerErrors", "The album this link showed has been deleted."),
    "share_password_needed": QT_TRANSLATE_NOOP(
        "ServerErrors", "This album is protected by a password; type it to see the photos."),
    "share_password_wrong": QT_TRANSLATE_NOOP(
        "ServerErrors", "That password is not right; check it and try again."),
    "share_expiry_passed": QT_TRANSLATE_NOOP(
        "ServerErrors", "The expiry {date} has already passed; choose a later date."),
    "share_uploads_off": QT_TRANSLATE_NOOP(
        "ServerErrors", "Adding photos through this link has been turned off by whoever "
        "shared it; send them your photos another way."),
    "share_upload_limit": QT_TRANSLATE_NOOP(
        "ServerErrors", "This link takes at most {limit} photos and has them all; ask whoever "
        "shared it to allow more."),
    "share_upload_type": QT_TRANSLATE_NOOP(
        "ServerErrors", "{filename} is not a kind of photo this link takes ({types}); send a "
        "JPEG or export it as one."),
    "share_not_in_gallery": QT_TRANSLATE_NOOP(
        "ServerErrors", "There is no share with id {id}; it may have been revoked already."),
    # -- the server itself (404, 405, 500, 503, 507) --
    "route_not_found": QT_TRANSLATE_NOOP(
        "ServerErrors", "There is no API route {path}; check the API URL in Settings."),
    "method_not_allowed": QT_TRANSLATE_NOOP(
        "ServerErrors", "{method} is not supported on {path}; use {allowed}."),
    "server_failed": QT_TRANSLATE_NOOP(
        "ServerErrors", "The server failed while handling this request; try again, and if it "
        "keeps failing check the backend's logs."),
    "server_failed_on_file": QT_TRANSLATE_NOOP(
        "ServerErrors", "The server failed while preparing this file's upload; try again."),
    "storage_full": QT_TRANSLATE_NOOP(
        "ServerErrors", "The backend's storage is full or read-only, so nothing new can be "
        "stored; free space on the machine that runs the backend (or make its data folder "
        "writable) and try again."),
    # -- why an image failed (the status record) --
    "image_empty": QT_TRANSLATE_NOOP("ServerErrors", "The file is empty."),
    "image_damaged": QT_TRANSLATE_NOOP("ServerErrors", "The image is truncated or damaged."),
    "image_too_many_pixels": QT_TRANSLATE_NOOP(
        "ServerErrors", "The image is too large: {pixels} megapixels, the limit is {limit}."),
    "image_over_decoder_limit": QT_TRANSLATE_NOOP(
        "ServerErrors", "The image is too large: more than {pixels} megapixels, the limit is "
        "{limit}."),
    "not_an_image": QT_TRANSLATE_NOOP(
        "ServerErrors", "This file is not an image Thumbdrop can read: it is {what}. Export it "
        "as JPEG or PNG and upload again."),
    "unsupported_variant": QT_TRANSLATE_NOOP(
        "ServerErrors", "This {format} file is damaged or uses an encoding Thumbdrop can't "
        "read (a compression, colour model or bit depth its {format} decoder doesn't "
        "support). Export it as an 8-bit RGB JPEG, PNG or TIFF and upload again."),
    "unsupported_tiff_encoding": QT_TRANSLATE_NOOP(
        "ServerErrors", "This TIFF file uses {encoding}, which Thumbdrop can't read. Export "
        "it as an 8-bit or 16-bit RGB TIFF, a JPEG or a PNG and upload again."),
    "unsupported_colour_mode": QT_TRANSLATE_NOOP(
        "ServerErrors", "This file is not an image Thumbdrop can read (its colour mode {mode} "
        "is not supported). Export it as JPEG or PNG and upload again."),
    "raw_not_readable": QT_TRANSLATE_NOOP(
        "ServerErrors", "Thumbdrop's RAW decoder can't read this {format} file (a camera model "
        "or compression it doesn't know yet). Export it as JPEG, or convert it to DNG, and "
        "upload that."),
    "raw_compression_without_preview": QT_TRANSLATE_NOOP(
        "ServerErrors", "This {format} file uses a compression Thumbdrop's RAW decoder can't "
        "read, and it carries no preview large enough to show instead. Export it as JPEG and "
        "upload that."),
    "raw_format_not_taken": QT_TRANSLATE_NOOP(
        "ServerErrors", "A camera RAW file ({format}), which Thumbdrop can't read: it takes "
        "{accepted}. Convert it to DNG (Adobe DNG Converter is free) or export a JPEG, and add "
        "that."),
    "dng_jpeg_xl_without_preview": QT_TRANSLATE_NOOP(
        "ServerErrors", "A DNG compressed with JPEG XL and without a large preview, which "
        "Thumbdrop's RAW decoder can't read yet. Save it as a DNG without that compression or "
        "with a full-size preview (or export a JPEG), and add that."),
    "gopro_gpr_without_preview": QT_TRANSLATE_NOOP(
        "ServerErrors", "A GoPro GPR file (a DNG compressed with VC-5) and without a large "
        "preview, which Thumbdrop's RAW decoder can't read yet. Save it as a DNG without that "
        "compression or with a full-size preview (or export a JPEG), and add that."),
    "bytes_differ_from_checksum": QT_TRANSLATE_NOOP(
        "ServerErrors", "The uploaded bytes do not match the file's SHA-256 checksum (the file "
        "may have changed while it was uploading). Upload it again."),
    "not_processed_in_minutes": QT_TRANSLATE_NOOP(
        "ServerErrors", "The image was not processed within {minutes} minutes of its upload. "
        "Delete it and upload it again; if that fails too, the backend's log says why."),
    "not_processed_in_seconds": QT_TRANSLATE_NOOP(
        "ServerErrors", "The image was not processed within {seconds} seconds of its upload. "
        "Delete it and upload it again; if that fails too, the backend's log says why."),
    "processing_too_old": QT_TRANSLATE_NOOP(
        "ServerErrors", "Processing did not start in time (the backend was overloaded or "
        "stopped for too long). Delete the image and upload it again."),
    "processing_timed_out": QT_TRANSLATE_NOOP(
        "ServerErrors", "Processing took longer than the backend allows. Try a smaller version "
        "of the image (fewer megapixels), or ask whoever runs the backend to give the resize "
        "function more time."),
    "processing_out_of_memory": QT_TRANSLATE_NOOP(
        "ServerErrors", "The image needs more memory to process than the backend has. Try a "
        "smaller version of the image (fewer megapixels), or ask whoever runs the backend to "
        "give the resize function more memory."),
    "processing_gave_up": QT_TRANSLATE_NOOP(
        "ServerErrors", "The backend failed to process the image every time (a server problem, "
        "not the file). Delete the image and upload it again; if it keeps failing, the "
        "backend's log says why."),
    "processing_gave_up_after": QT_TRANSLATE_NOOP(
        "ServerErrors", "The backend failed to process the image {count} times (a server "
        "problem, not the file). Delete the image and upload it again; if it keeps failing, "
        "the backend's log says why."),
}

# Parameters whose value is itself an English phrase the client translates, by the context
# its translation lives in (image_formats' names for what a file is, tiff_encoding's names of
# the TIFF encodings not read).
TRANSLATED_PARAMS: dict[str, dict[str, str]] = {"not_an_image": {"what": "FileTypes"},
                                               "unsupported_tiff_encoding": {
                                                   "encoding": "FileTypes"}}

# Every code a JSON error or a record may carry: the templates', and each category standing
# for itself where a refusal has no template.
CODES = frozenset(TEMPLATES) | frozenset(CATEGORIES.values())


def fields(template: str) -> frozenset[str]:
    """The {names} a template fills in."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


@dataclass(frozen=True)
class Reason:
    """One refusal or failure: its code, the values its sentence names, and the sentence."""

    code: str
    params: dict = field(default_factory=dict)
    free_text: str | None = None  # a category's own message (no template)

    @property
    def message(self) -> str:
        if self.free_text is not None:
            return self.free_text
        return TEMPLATES[self.code].format(**self.params)


def reason(code: str, **params) -> Reason:
    """The Reason for a code of TEMPLATES; its params must be exactly the template's."""
    missing = fields(TEMPLATES[code]) ^ set(params)
    if missing:
        raise ValueError(f"{code}: the parameters {sorted(missing)} don't match its template")
    return Reason(code, params)


def plain(category: str, message: str) -> Reason:
    """A refusal with no template: its category is its code, `message` its sentence."""
    return Reason(category, {}, message)


def error_body(category: str, why: Reason) -> dict:
    """The JSON error body the API answers with."""
    return {"error": category, "code": why.code, "message": why.message, "params": why.params}
