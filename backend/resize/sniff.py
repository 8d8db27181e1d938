"""The sentences for a file no decoder would take: what it is, in the words of
backend/common/image_formats.py (the client names non-images the same way).

Only looks at the first bytes; never runs a decoder outside the table.
"""

from __future__ import annotations

from backend.common import image_formats

# Signatures whose decoder may refuse a file that is fine: name the variant, not damage.
_VARIANT_FORMATS = {"TIFF", "BMP", "HEIF", "AVIF"}


def describe_unreadable(head: bytes) -> str:
    """The sentence for a file whose first bytes are `head`, of no format we take."""
    return (
        f"This file is not an image Thumbdrop can read: it is "
        f"{image_formats.describe_other(head)}. Export it as JPEG or PNG and upload again."
    )


def unsupported_variant(image_format: image_formats.ImageFormat) -> str:
    """The sentence for a file with one of our signatures whose decoder refused its header."""
    if image_format.pillow_format not in _VARIANT_FORMATS:
        return "The image is truncated or damaged."
    return (
        f"This {image_format.name} file is damaged or uses an encoding Thumbdrop can't read "
        f"(a compression, colour model or bit depth its {image_format.name} decoder doesn't "
        "support). Export it as an 8-bit RGB JPEG, PNG or TIFF and upload again."
    )
