"""The sentences for a file no decoder would take: what it is, in the words of
backend/common/image_formats.py (the client names non-images the same way).

Only looks at the first bytes; never runs a decoder outside the table.
"""

from __future__ import annotations

from backend.common import image_formats
from backend.common.error_codes import Reason, reason

# Signatures whose decoder may refuse a file that is fine: name the variant, not damage.
_VARIANT_FORMATS = {"TIFF", "BMP", "HEIF", "AVIF"}


def describe_unreadable(head: bytes) -> Reason:
    """Why a file whose first bytes are `head`, of no format we take, is refused."""
    return reason("not_an_image", what=image_formats.describe_other(head))


def unsupported_variant(image_format: image_formats.ImageFormat) -> Reason:
    """Why a file with one of our signatures whose decoder refused its header is refused."""
    if image_format.pillow_format not in _VARIANT_FORMATS:
        return reason("image_damaged")
    return reason("unsupported_variant", format=image_format.name)
