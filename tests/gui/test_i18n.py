"""The app in German, rows a screen reader can read, the keyboard, and state colours readable
on a light and a dark palette.

German is installed the way the app does it (desktop.ui.shell.i18n.install with the .qm files
`make install` builds) and removed again after each test: the rest of the suite runs in
English, the source language.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from helpers import PROJECT_ROOT
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QLabel,
    QStyle,
    QStyleFactory,
    QStyleOptionViewItem,
)
from uploads import upload

from backend.common import error_codes
from desktop.client import failures
from desktop.client.api import ImageInfo
from desktop.client.queue_types import FileState, QueueItem
from desktop.ui.shell import i18n
from desktop.ui.upload.queue_delegate import PICTURE, ROW_HEIGHT, UploadRowDelegate
from desktop.ui.upload.queue_model import Roles
from desktop.ui.upload.queue_sentences import WITH_BAR
from desktop.ui.widgets.state_colours import MIN_CONTRAST, contrast
from desktop.ui.widgets.units import files, human_duration, human_size, human_speed

I18N = PROJECT_ROOT / "resources" / "i18n"


@pytest.fixture
def german(qapp):
    compiled = I18N / "thumbdrop_de.qm"
    assert compiled.exists(), f"{compiled} is built by `make install` (pyside6-lrelease)"
    assert compiled.stat().st_mtime >= (I18N / "thumbdrop_de.ts").stat().st_mtime, \
        f"{compiled} is older than its .ts: run make install"
    installed = i18n.install(i18n.GERMAN, I18N)
    yield installed
    installed.remove()


def _skipped_text_file(window, qtbot, folder: Path) -> QueueItem:
    folder.mkdir(parents=True, exist_ok=True)
    notes = folder / "notes.txt"
    notes.write_text("not a photo\n")
    window.upload_view.add_paths([notes])
    model = window.upload_view.model
    qtbot.waitUntil(lambda: any(item.path == notes for item in model.items()), timeout=30_000)
    return next(item for item in model.items() if item.path == notes)


def _row_texts(view, role: QAccessible.Text) -> dict[str, str]:
    """Each row's accessible text by file name, read as a screen reader reads it."""
    interface = QAccessible.queryAccessibleInterface(view)
    texts = {}
    for n in range(interface.childCount()):
        name = interface.child(n).text(QAccessible.Text.Name)
        texts[name.split(",")[0]] = interface.child(n).text(role)
    return texts


def test_numbers_and_counts_are_english_without_a_language(qapp):
    assert human_size(1234567) == "1.2 MB" and human_size(999) == "999 bytes"
    assert human_speed(7_100_000) == "7.1 MB/s"
    assert human_duration(45) == "45 s" and human_duration(185) == "3 min 05 s"
    assert human_duration(5400) == "1 h 30 min"
    assert (files(1), files(3)) == ("1 file", "3 files")
    assert str(failures.gone("a.jpg")).startswith("a.jpg was deleted or moved")


def test_german_numbers_counts_and_client_sentences(german):
    assert any(path.endswith("thumbdrop_de.qm") for path in german.files)
    assert any(Path(path).name == "qtbase_de.qm" for path in german.files)
    assert human_size(1234567) == "1,2 MB"
    assert human_speed(7_100_000) == "7,1 MB/s"
    assert human_duration(5400) == "1 Std. 30 min"
    assert (files(1), files(3), files(1234)) == ("1 Datei", "3 Dateien", "1.234 Dateien")
    # The Qt-free client is routed through Qt's translator too.
    assert str(failures.gone("a.jpg")).startswith("a.jpg wurde seit dem Einreihen gelöscht")
    assert FileState.SKIPPED.label == "Übersprungen"


def test_the_window_speaks_german(german, make_window, qtbot, tmp_path):
    window = make_window()
    assert [window.tabs.tabText(n) for n in range(window.tabs.count())] == ["Hochladen",
                                                                           "Galerie"]
    assert [action.text() for action in window.menuBar().actions()] == [
        "&Datei", "&Warteschlange", "&Ansicht", "&Galerie", "&Hilfe"]
    view = window.upload_view
    toolbar = [action.text() for action in view.toolbar.actions() if not action.isSeparator()]
    assert toolbar[:4] == ["Dateien hinzufügen …", "Ordner hinzufügen …", "Anhalten",
                           "Fortsetzen"]
    assert "Erledigte entfernen" in toolbar
    assert view.remove_action.toolTip() == ("Die ausgewählten Zeilen aus der Warteschlange "
                                            "nehmen (die Galerie behält ihre Bilder) (Entf)")
    assert view.totals.label.text() == "Noch nichts eingereiht."

    [image] = upload(window, qtbot, tmp_path / "photos", ["Strand.jpg"])
    skipped = _skipped_text_file(window, qtbot, tmp_path / "other")
    assert skipped.state is FileState.SKIPPED
    assert skipped.error.startswith("Kein Bild (eine Textdatei). Thumbdrop nimmt JPEG")
    assert " and " not in skipped.error  # the list of formats carried an English "and"
    qtbot.waitUntil(lambda: view.totals.label.text().startswith("1 von 1 Datei fertig  ·  "),
                    timeout=60_000)
    names = _row_texts(view.list, QAccessible.Text.Name)
    assert names["Strand.jpg"] == f"Strand.jpg, Fertig, {human_size(image.bytes)}"
    assert "," in human_size(image.bytes)  # the size in German too
    assert names["notes.txt"].startswith("notes.txt, Übersprungen, ")
    described = _row_texts(view.list, QAccessible.Text.Description)
    assert described["Strand.jpg"] == f"In der Galerie  ·  {image.width} × {image.height} px"

    dialog = window.settings_dialog()
    assert dialog.windowTitle() == "Thumbdrop-Einstellungen"
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"Gleichzeitige Uploads", "URL des API-Endpunkts", "Sprache", "API-&Token"} <= labels
    dialog.show()
    for label in dialog.findChildren(QLabel):
        if label.buddy() is not None:  # "API-Toker": the last letter was clipped
            assert _ink_ends_at(label, label.width()) == _ink_ends_at(label, label.width() + 40), (
                f"{label.text()!r} is clipped")
    boxes = {box.text() for box in dialog.findChildren(QCheckBox)}
    assert "Eingebautes lokales Backend verwenden" in boxes
    language = dialog.editors["language"]
    assert [language.itemText(n) for n in range(language.count())] == [
        "Systemvorgabe", "English", "Deutsch"]
    assert "nächsten Start" in language.toolTip()
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen"  # Qt's
    dialog.editors["api_endpoint"].setText("ftp://example.com")
    dialog.accept()
    assert dialog.problem.text().startswith("Der API-Endpunkt muss eine URL sein")
    dialog.reject()


def _ink_ends_at(label: QLabel, width: int) -> int:
    """The rightmost column a copy of `label`, `width` pixels wide, paints."""
    copy = QLabel(label.text())
    copy.setFont(label.font())
    copy.setBuddy(label.buddy())  # with a buddy, "&" marks the mnemonic instead of showing
    copy.resize(width, label.height())
    picture = copy.grab().toImage()
    ground = picture.pixel(picture.width() - 1, 0)
    return max(x for x in range(picture.width()) for y in range(picture.height())
               if picture.pixel(x, y) != ground)


def _failed_on_the_server(window, qtbot, folder: Path) -> QueueItem:
    """A JPEG the client lets through (its signature, its end marker) that the backend can't
    decode: the row fails with the server's reason."""
    folder.mkdir(parents=True, exist_ok=True)
    broken = folder / "kaputt.jpg"
    broken.write_bytes(b"\xff\xd8\xff" + uuid.uuid4().hex.encode() * 40 + b"\xff\xd9")
    window.upload_view.add_paths([broken])
    model = window.upload_view.model
    qtbot.waitUntil(lambda: any(item.path == broken and item.state is FileState.FAILED
                                for item in model.items()), timeout=60_000)
    return next(item for item in model.items() if item.path == broken)


def test_a_server_reason_reads_german_and_follows_a_language_switch(german, make_window, qtbot,
                                                                    tmp_path):
    window = make_window()
    failed = _failed_on_the_server(window, qtbot, tmp_path / "broken")
    # Stored as codes, the server's among them, never as the sentence shown.
    assert failed.failure.code == "processing_failed"
    assert failed.failure.values["reason"].code == "image_damaged"
    shown = _row_texts(window.upload_view.list, QAccessible.Text.Description)["kaputt.jpg"]
    assert shown == (
        "kaputt.jpg: Das Backend konnte keine Vorschaubilder erzeugen: Das Bild ist "
        "abgeschnitten oder beschädigt. Prüfen Sie, ob sich die Datei in einem Bildbetrachter "
        "öffnen lässt, und wiederholen Sie dann den Upload oder laden Sie eine andere Kopie "
        "hoch.")
    english = [template.split("{")[0] for template in error_codes.TEMPLATES.values()]
    assert not [text for text in english if len(text) > 12 and text in shown]

    german.remove()  # the language switches: the same stored row is shown again
    shown = _row_texts(window.upload_view.list, QAccessible.Text.Description)["kaputt.jpg"]
    assert shown.startswith("kaputt.jpg: the backend could not make thumbnails: The image is "
                            "truncated or damaged. Check that the file opens")


def test_rows_and_controls_have_accessible_names(make_window, qtbot, tmp_path):
    window = make_window()
    view = window.upload_view
    [image] = upload(window, qtbot, tmp_path / "photos", ["IMG_0042.jpg"])
    skipped = _skipped_text_file(window, qtbot, tmp_path / "other")

    assert QAccessible.queryAccessibleInterface(view.list).text(
        QAccessible.Text.Name) == "Upload queue"
    names = _row_texts(view.list, QAccessible.Text.Name)
    assert names["IMG_0042.jpg"] == f"IMG_0042.jpg, Ready, {human_size(image.bytes)}"
    assert names["notes.txt"] == "notes.txt, Skipped, 12 bytes"
    described = _row_texts(view.list, QAccessible.Text.Description)
    assert described["notes.txt"] == skipped.error  # the failure's own sentence

    bar = QAccessible.queryAccessibleInterface(view.totals.bar)
    qtbot.waitUntil(lambda: bar.text(QAccessible.Text.Description) == view.totals.label.text(),
                    timeout=60_000)
    assert bar.text(QAccessible.Text.Name) == "Progress of the whole queue"
    settings = window.settings_dialog()
    for key, editor in settings.editors.items():
        assert editor.accessibleName(), f"the {key} field has no accessible name"
        assert editor.accessibleDescription(), f"the {key} field has no description"
    settings.reject()


def test_the_upload_view_works_from_the_keyboard(make_window, qtbot, tmp_path):
    window = make_window()
    view = window.upload_view
    upload(window, qtbot, tmp_path / "photos", ["a.jpg", "b.jpg"])
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is window.gallery_view
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is view
    window.activateWindow()
    view.list.setFocus()
    qtbot.waitUntil(view.list.hasFocus, timeout=5_000)
    qtbot.keyClick(view.list, Qt.Key.Key_Home)
    qtbot.keyClick(view.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(view.selected_items()) == 2
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=60_000)


# --- state colours on a light and a dark palette -------------------------------------------

def _dark_palette() -> QPalette:
    """A dark palette as people build one for Fusion."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#353535"), (roles.WindowText, "#f0f0f0"),
                         (roles.Base, "#232323"), (roles.AlternateBase, "#2d2d2d"),
                         (roles.Text, "#f0f0f0"), (roles.Button, "#353535"),
                         (roles.ButtonText, "#f0f0f0"), (roles.Highlight, "#2a82da"),
                         (roles.HighlightedText, "#000000"), (roles.Mid, "#555555"),
                         (roles.PlaceholderText, QColor(240, 240, 240, 110))):
        palette.setColor(role, QColor(colour))
    return palette


def _light_palette() -> QPalette:
    return QStyleFactory.create("Fusion").standardPalette()


def _items() -> list[QueueItem]:
    image = ImageInfo("01j8z3kq9n4m7c2x5v6b8t0wyz", "ready", None, "other name.jpg", 1600,
                      1200, 700_000, "2025-03-04T12:00:00Z", None, None)
    items = []
    for number, state in enumerate(FileState):
        failure = {FileState.FAILED: failures.storage_refused("photo.jpg", "403"),
                   FileState.SKIPPED: failures.plain("Not an image (plain text).")}.get(state)
        items.append(QueueItem(
            id=number, path=Path(f"/photos/IMG_{number:04d}.jpg"), size=7_100_000, mtime_ns=0,
            state=state, failure=failure, bytes_done=3_200_000, speed=1_500_000.0,
            image=image if state in (FileState.READY, FileState.DUPLICATE) else None))
    return items


def _render(delegate: UploadRowDelegate, item: QueueItem, palette: QPalette,
            background: QPalette.ColorRole) -> QImage:
    model = QStandardItemModel()
    row = QStandardItem()
    row.setData(item, Roles.Item)
    model.appendRow(row)
    font = QFont()
    font.setStyleStrategy(QFont.StyleStrategy.NoAntialias)  # text pixels are the pen's colour
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 720, ROW_HEIGHT)
    option.palette = palette
    option.font = font
    option.fontMetrics = QFontMetrics(font)
    option.state = QStyle.StateFlag.State_Enabled
    picture = QImage(option.rect.size(), QImage.Format.Format_RGB32)
    picture.fill(palette.color(background))
    painter = QPainter(picture)
    delegate.paint(painter, option, model.index(0, 0))
    painter.end()
    return picture


def _text_colours(picture: QImage, region: QRect, ground: QColor) -> dict[int, int]:
    """Pixel count per colour (rgb) that differs from the background, inside `region`."""
    seen: dict[int, int] = {}
    for y in range(region.top(), region.bottom() + 1):
        for x in range(region.left(), region.right() + 1):
            rgb = picture.pixel(x, y) & 0xFFFFFF
            if rgb != ground.rgb() & 0xFFFFFF:
                seen[rgb] = seen.get(rgb, 0) + 1
    return seen


@pytest.mark.parametrize("make_palette", [_light_palette, _dark_palette], ids=["light", "dark"])
def test_every_state_reads_at_least_4_5_to_1_on_its_row(qapp, make_palette):
    palette = make_palette()
    delegate = UploadRowDelegate()
    text_left = 8 + PICTURE + 8  # right of the picture
    for item in _items():
        for background in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase):
            ground = palette.color(background)
            picture = _render(delegate, item, palette, background)
            # The top line (name, size and state) always; the line under it where it is text
            # (a bar's line has the style's progress bar in it).
            lines = ROW_HEIGHT // 2 if item.state in WITH_BAR else ROW_HEIGHT - 4
            region = QRect(text_left, 4, picture.width() - text_left - 8, lines - 4)
            colours = _text_colours(picture, region, ground)
            assert sum(colours.values()) > 200, f"{item.state}: no text was drawn"
            for rgb, count in colours.items():
                ratio = contrast(QColor.fromRgb(rgb), ground)
                assert ratio >= MIN_CONTRAST, (
                    f"{item.state} on {background.name}: {QColor.fromRgb(rgb).name()} "
                    f"({count} px) has contrast {ratio:.2f} on {ground.name()}")


def test_state_colours_follow_a_palette_change(qapp):
    delegate = UploadRowDelegate()
    light = delegate.colours(_light_palette()).of(FileState.FAILED)
    dark = delegate.colours(_dark_palette()).of(FileState.FAILED)
    assert light != dark
    assert light.lightness() < 128 < dark.lightness()  # dark red on light, light red on dark
    assert light.red() > light.green() and dark.red() > dark.green()  # still red on both
