"""Names what a file is when no allowed decoder recognised it, for the user's sentence.

Only looks at the first bytes; never runs a decoder outside the allowlist.
"""

from __future__ import annotations

# Magic bytes of formats people commonly mistake for photos, and their names.
_SIGNATURES = (
    (b"%PDF", "PDF is not supported"),
    (b"8BPS", "Photoshop PSD is not supported"),
    (b"\x00\x00\x01\x00", "ICO is not supported"),
    (b"PK\x03\x04", "it is a ZIP archive"),
    (b"SIMPLE  =", "FITS is not supported"),
)
_FTYP_BRANDS = {b"avif": "AVIF is not supported", b"avis": "AVIF is not supported"}
_RAW_HINT = "camera RAW is not supported"


def describe_unreadable(head: bytes) -> str:
    """The sentence for a file whose first bytes are `head` and no decoder accepted."""
    return (
        f"This file is not an image Thumbdrop can read ({_what(head)}). "
        "Export it as JPEG or PNG and upload again."
    )


def _what(head: bytes) -> str:
    for magic, name in _SIGNATURES:
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp":
        return _FTYP_BRANDS.get(head[8:12], "this ISO media format is not supported")
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        # A TIFF container the TIFF decoder refused is almost always a RAW file.
        return _RAW_HINT
    text = _as_text(head)
    if text is not None:
        lowered = text.lstrip("\ufeff \t\r\n").lower()
        if "<svg" in lowered or (lowered.startswith("<?xml") and "svg" in lowered):
            return "SVG is not supported"
        if lowered.startswith(("<!doctype html", "<html")):
            return "it is a web page"
        return "it contains text"
    return "its format is not recognised"


def _as_text(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    try:
        # The head may end inside a multi-byte character; drop at most that one.
        return head.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return head[: exc.start].decode("utf-8")
        return None
