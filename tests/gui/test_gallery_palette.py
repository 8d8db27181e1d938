"""The gallery's colours come from the palette: painted under a light and a dark palette (and
switched between them at run time), tile captions and day headers keep WCAG AA contrast
(4.5:1) with what they sit on, and placeholder tiles stay visible on either background."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from offline_gallery import image, offline_gallery
from PySide6.QtCore import QItemSelectionModel, QRect
from PySide6.QtGui import QColor, QImage, QPalette

from desktop.ui.gallery.gallery_delegate import ICON
from desktop.ui.gallery.gallery_model import placeholder_colour
from desktop.ui.widgets.state_colours import contrast

AA = 4.5
PLACEHOLDER_AT_LEAST = 1.3  # a tile you can see against the background, quieter than a photo


def palette(**roles: str) -> QPalette:
    made = QPalette()
    for role, colour in roles.items():
        made.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    return made


# Palettes a desktop could hand the app; each meets AA itself for text on base and highlighted
# text on highlight (the test checks that the gallery paints with those roles).
LIGHT = palette(Window="#efefef", WindowText="#000000", Base="#ffffff", AlternateBase="#f5f5f5",
                Text="#1a1a1a", Button="#e8e8e8", ButtonText="#000000", Mid="#a0a0a0",
                Highlight="#1d5fa0", HighlightedText="#ffffff", PlaceholderText="#6b6b6b")
DARK = palette(Window="#2d2d2d", WindowText="#e0e0e0", Base="#1e1e1e", AlternateBase="#262626",
               Text="#e8e8e8", Button="#353535", ButtonText="#f0f0f0", Mid="#5a5a5a",
               Highlight="#3d7fc4", HighlightedText="#000000", PlaceholderText="#a0a0a0")


def pixels(picture: QImage, rect: QRect) -> list[QColor]:
    rect = rect.intersected(picture.rect())
    return [picture.pixelColor(x, y) for y in range(rect.top(), rect.bottom() + 1)
            for x in range(rect.left(), rect.right() + 1)]


def ink_contrast(picture: QImage, rect: QRect) -> tuple[QColor, float]:
    """The background of `rect` (its commonest colour) and the strongest contrast any pixel
    there has with it: the glyph cores, where the text is painted at full strength."""
    colours = pixels(picture, rect)
    background = QColor.fromRgb(Counter(c.rgb() for c in colours).most_common(1)[0][0])
    return background, max(contrast(c, background) for c in colours)


@pytest.fixture
def gallery(qtbot, tmp_path):
    today = datetime.now(UTC)
    return offline_gallery(qtbot, tmp_path, [
        image("lighthouse at dusk.jpg", today), image("harbour.jpg", today),
        image("yesterday's catch.jpg", today - timedelta(days=1))])


def test_tiles_and_headers_contrast_on_a_light_and_a_dark_palette(gallery, qtbot):
    view, model = gallery.list, gallery.model
    header, selected, plain = model.index(0), model.index(1), model.index(2)
    assert model.image_at(0) is None and model.image_at(1) and model.image_at(2)
    view.selectionModel().setCurrentIndex(selected, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    for name, colours in (("light", LIGHT), ("dark", DARK), ("light again", LIGHT)):
        gallery.setPalette(colours)  # as a theme switch does, while the gallery is shown
        qtbot.waitUntil(lambda colours=colours: view.viewport().palette().color(
            QPalette.ColorRole.Base) == colours.color(QPalette.ColorRole.Base))
        picture = view.viewport().grab().toImage()
        base = colours.color(QPalette.ColorRole.Base)

        background, ink = ink_contrast(picture, view.visualRect(header))
        assert background == base, f"{name}: the header is not on Base"
        assert ink >= AA, f"{name}: the day header's contrast is {ink:.2f}"

        tile = view.visualRect(plain)
        caption = QRect(tile.left(), tile.top() + ICON + 6, tile.width(), tile.height() - ICON - 6)
        background, ink = ink_contrast(picture, caption)
        assert background == base, f"{name}: the caption is not on Base"
        assert ink >= AA, f"{name}: a tile caption's contrast is {ink:.2f}"

        fill = picture.pixelColor(tile.center().x(), tile.top() + ICON // 2)
        assert fill.name() == placeholder_colour(colours).name(), f"{name}: the placeholder is not the palette's"
        assert contrast(fill, base) >= PLACEHOLDER_AT_LEAST, (
            f"{name}: the placeholder tile hardly shows ({contrast(fill, base):.2f})")

        tile = view.visualRect(selected)
        caption = QRect(tile.left(), tile.top() + ICON + 6, tile.width(), tile.height() - ICON - 6)
        background, ink = ink_contrast(picture, caption)
        assert background == colours.color(QPalette.ColorRole.Highlight), (
            f"{name}: the selected caption is not on Highlight")
        assert ink >= AA, f"{name}: the selected caption's contrast is {ink:.2f}"
        picked = picture.pixelColor(tile.center().x(), tile.top() + ICON // 2)
        assert picked.name() == placeholder_colour(colours).name(), (
            f"{name}: a selected photo is tinted ({picked.name()}): the picture must keep its colours")


def test_the_apps_style_sheet_follows_an_application_palette_change(gallery, qapp, qtbot):
    # style.qss names palette roles, which Qt resolves when a sheet is set: without setting it
    # again, a desktop switching to dark left the styled gallery light.
    from desktop.app import RESOURCES
    from desktop.ui.shell.app_style import PaletteStyleSheet

    before = qapp.palette()
    follower = PaletteStyleSheet(qapp, (RESOURCES / "style.qss").read_text(encoding="utf-8"))
    try:
        for colours in (DARK, LIGHT):
            qapp.setPalette(colours)
            base = colours.color(QPalette.ColorRole.Base)
            viewport = gallery.list.viewport()

            def background(viewport=viewport) -> QColor:
                return viewport.grab().toImage().pixelColor(viewport.width() - 5,
                                                            viewport.height() - 5)
            qtbot.waitUntil(lambda base=base, background=background:
                            contrast(background(), base) < 1.1, timeout=5000)
    finally:
        qapp.removeEventFilter(follower)
        follower.setParent(None)
        qapp.setStyleSheet("")
        qapp.setPalette(before)
