"""Tooltips whose text is data (file names, album names, a guest's name): Qt shows a tooltip
as rich text when it looks like markup, so "<b>Anna</b>" or an <img> would be rendered. The
text is escaped and kept as written (line breaks and runs of spaces), so it shows literally."""

from __future__ import annotations

import html


def plain_tooltip(text: str) -> str:
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"
