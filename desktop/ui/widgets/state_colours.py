"""Colours that say something (ready, failed, …) derived from the palette in use, never fixed.

Each meaning has a hue (green for ready, red for failed, …); the colour shown is that hue mixed
toward the palette's text colour just enough to be readable (WCAG contrast of at least 4.5:1)
on every background it is drawn on. On a light palette that darkens it, on a dark one it
lightens it, so the same code serves both, and a palette change (dark mode switched on, a high
contrast theme) gives new colours the next time they are asked for.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QPalette

from desktop.client.queue_types import FileState

MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text
_MARGIN = 0.15       # above the minimum: antialiased edges are a little lighter than the pen

GREEN, BLUE, RED, AMBER = QColor("#2e7d32"), QColor("#1565c0"), QColor("#c62828"), QColor("#8d6e00")
STATE_HUES = {
    FileState.READY: GREEN,
    FileState.DUPLICATE: BLUE,
    FileState.FAILED: RED,
    FileState.SKIPPED: AMBER,
}
ROW_BACKGROUNDS = (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase)


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two opaque colours (1 to 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    keep = 1 - share_of_b
    return QColor.fromRgbF(a.redF() * keep + b.redF() * share_of_b,
                           a.greenF() * keep + b.greenF() * share_of_b,
                           a.blueF() * keep + b.blueF() * share_of_b)


def over(colour: QColor, background: QColor) -> QColor:
    """A translucent colour (placeholder text often is) as it shows on `background`."""
    opaque = QColor(colour)
    opaque.setAlpha(255)
    return mix(background, opaque, colour.alphaF())


def readable(colour: QColor, palette: QPalette,
             backgrounds: Iterable[QPalette.ColorRole] = ROW_BACKGROUNDS) -> QColor:
    """`colour`, mixed toward the palette's text colour just enough to reach MIN_CONTRAST on
    each of `backgrounds` (the text colour itself when even that is not enough)."""
    grounds = [palette.color(role) for role in backgrounds]
    text = palette.color(QPalette.ColorRole.Text)
    base = over(colour, grounds[0])
    for step in range(21):
        candidate = mix(base, text, step / 20)
        if all(contrast(candidate, ground) >= MIN_CONTRAST + _MARGIN for ground in grounds):
            return candidate
    return text


class StateColours:
    """The state colours for one palette, worked out once per palette (`for_palette`)."""

    def __init__(self, palette: QPalette):
        self.key = palette.cacheKey()
        self.text = palette.color(QPalette.ColorRole.Text)
        self.quiet = readable(palette.color(QPalette.ColorRole.PlaceholderText), palette)
        self.states = {state: readable(hue, palette) for state, hue in STATE_HUES.items()}

    def of(self, state: FileState) -> QColor:
        return self.states.get(state, self.text)

    @classmethod
    def for_palette(cls, palette: QPalette, cached: StateColours | None) -> StateColours:
        return cached if cached is not None and cached.key == palette.cacheKey() else cls(palette)
