"""The image formats Thumbdrop takes (camera RAW aside: raw_formats.py), declared once.

Each row says how the format is recognised (its first bytes), the content type it travels
as, the file name extensions a dialog offers and a download gets, the one Pillow decoder the
resize function lets open it, and the name people know it by. The client's sniffing, the
API's allow-list (layout.EXTENSIONS), the resize decoders, the file dialog's filter, the
gallery's info panel and the README's list all read this table (tests/unit/
test_image_formats.py checks they agree).

Also here: the names of files people mistake for photos (PDF, PSD, ...), so that the client
and the backend call a non-image the same thing. Standard library only: this module runs in
the Lambda bundle and the desktop app alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Every check below looks at no more than this many leading bytes.
HEAD_BYTES = 32

TIFF_MAGICS = (b"II*\x00", b"MM\x00*")
BIGTIFF_MAGICS = (b"II+\x00", b"MM\x00+")

# ISO base media "ftyp" brands: AV1 (AVIF), HEVC (HEIC), and HEIF in general.
_AVIF_BRANDS = {b"avif", b"avis"}
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_HEIF_BRANDS = {b"mif1", b"msf1", b"heif", b"mif2"}


@dataclass(frozen=True)
class ImageFormat:
    content_type: str
    name: str  # what people call it: "JPEG", "HEIC"
    extensions: tuple[str, ...]  # the first is the one a downloaded original gets
    pillow_format: str  # the only decoder resize runs on it
    matches: Callable[[bytes], bool]  # given the first HEAD_BYTES bytes
    uti: str  # its macOS Uniform Type Identifier (the app bundle's document types)


def _iso_kind(head: bytes) -> str | None:
    """"avif", "heic" or "heif" by the ftyp brands: a specific major brand decides first."""
    if head[4:8] != b"ftyp":
        return None
    major = head[8:12]
    brands = [major] + [head[i:i + 4] for i in range(16, len(head) - 3, 4)]
    if major in _AVIF_BRANDS:
        return "avif"
    if any(brand in _HEIC_BRANDS for brand in brands):
        return "heic"
    if any(brand in _AVIF_BRANDS for brand in brands):
        return "avif"
    if any(brand in _HEIF_BRANDS for brand in brands):
        return "heif"
    return None


FORMATS: tuple[ImageFormat, ...] = (
    ImageFormat("image/jpeg", "JPEG", (".jpg", ".jpeg", ".jpe"), "JPEG",
                lambda head: head.startswith(b"\xff\xd8\xff"),
                uti="public.jpeg"),
    ImageFormat("image/png", "PNG", (".png",), "PNG",
                lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
                uti="public.png"),
    ImageFormat("image/gif", "GIF", (".gif",), "GIF",
                lambda head: head[:6] in (b"GIF87a", b"GIF89a"),
                uti="com.compuserve.gif"),
    ImageFormat("image/webp", "WebP", (".webp",), "WEBP",
                lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
                uti="org.webmproject.webp"),
    ImageFormat("image/tiff", "TIFF", (".tif", ".tiff"), "TIFF",
                lambda head: head[:4] in TIFF_MAGICS + BIGTIFF_MAGICS,
                uti="public.tiff"),
    ImageFormat("image/heic", "HEIC", (".heic",), "HEIF",
                lambda head: _iso_kind(head) == "heic",
                uti="public.heic"),
    ImageFormat("image/heif", "HEIF", (".heif", ".hif"), "HEIF",
                lambda head: _iso_kind(head) == "heif",
                uti="public.heif"),
    ImageFormat("image/avif", "AVIF", (".avif",), "AVIF",
                lambda head: _iso_kind(head) == "avif",
                uti="public.avif"),
    ImageFormat("image/bmp", "BMP", (".bmp", ".dib"), "BMP",
                # "BM" alone starts many texts; a BMP's file header is 14 bytes
                lambda head: head[:2] == b"BM" and len(head) >= 14,
                uti="com.microsoft.bmp"),
)
BY_CONTENT_TYPE = {entry.content_type: entry for entry in FORMATS}

# For sentences: "JPEG, PNG, GIF, WebP, TIFF, HEIC, HEIF, AVIF, BMP". Commas only: the list
# goes into sentences in every language, and an English "and" inside it stayed English there.
NAMES = ", ".join(entry.name for entry in FORMATS)


def identify(head: bytes) -> ImageFormat | None:
    """The format these leading bytes announce, else None (camera RAW is raw_formats' to
    tell: a NEF starts like a TIFF, so ask it first)."""
    for entry in FORMATS:
        if entry.matches(head):
            return entry
    return None


# Files people mistake for photos, by their first bytes, and what they are called.
_OTHERS: tuple[tuple[Callable[[bytes], bool], str], ...] = (
    (lambda head: head.startswith(b"%PDF"), "a PDF document"),
    (lambda head: head.startswith(b"8BPS"), "a Photoshop PSD file"),
    (lambda head: head[:4] in (b"\x00\x00\x01\x00", b"\x00\x00\x02\x00"),
     "a Windows icon (ICO)"),
    (lambda head: head[:1] == b"\x0a" and head[1:2] in (b"\x00", b"\x02", b"\x03", b"\x04",
                                                        b"\x05") and head[2:3] == b"\x01",
     "a PCX image"),
    (lambda head: head.startswith(b"v/1\x01"), "an OpenEXR image"),
    (lambda head: head.startswith(b"SIMPLE  ="), "a FITS file"),
    (lambda head: head.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL ")), "a JPEG XL image"),
    (lambda head: head.startswith((b"\x00\x00\x00\x0cjP  ", b"\xff\x4f\xff\x51")),
     "a JPEG 2000 image"),
    (lambda head: head.startswith(b"PK\x03\x04"), "a ZIP archive or office document"),
    (lambda head: head[4:8] == b"ftyp", "a video or another ISO media file"),
)


def describe_other(head: bytes) -> str:
    """What a file of no format we take is, e.g. "a Photoshop PSD file" (the client
    translates these same words)."""
    for matches, name in _OTHERS:
        if matches(head):
            return name
    text = as_text(head)
    if text is None:
        return "a file of an unknown format"
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if "<svg" in lowered or (lowered.startswith("<?xml") and "svg" in lowered):
        return "an SVG drawing"
    if lowered.startswith(("<!doctype html", "<html")):
        return "a web page"
    return "a text file"


def as_text(head: bytes) -> str | None:
    """The head as UTF-8 text when it is text (no NUL or other control bytes), else None.

    NUL is valid UTF-8: decoding alone would call every binary format "text"."""
    if any(byte < 0x20 and byte not in b"\t\n\r\f" for byte in head):
        return None
    try:
        return head.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        # The head may end inside a multi-byte character; drop at most that one.
        if exc.start >= len(head) - 3:
            return head[: exc.start].decode("utf-8")
        return None
