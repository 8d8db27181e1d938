"""The gallery in German: the shipped translation (resources/i18n/thumbdrop_de.ts, compiled here
with the venv's lrelease) turns what the gallery shows into German, dates included."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import PROJECT_ROOT
from offline_gallery import image, offline_gallery, select
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QMessageBox

from desktop.ui.gallery.image_facts import uploaded_at
from desktop.ui.gallery.link_dialog import expiry_sentence, lifetimes
from desktop.ui.widgets.units import human_size

TS = PROJECT_ROOT / "resources" / "i18n" / "thumbdrop_de.ts"


@pytest.fixture
def german(qapp, tmp_path):
    """The gallery's German translation installed and German the default locale, for one test."""
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    qm = tmp_path / "thumbdrop_de.qm"
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm)), f"{qm} did not load"
    previous = QLocale()
    QLocale.setDefault(QLocale("de_DE"))
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)
    QLocale.setDefault(previous)



def test_the_gallery_speaks_german(german, qtbot, tmp_path, monkeypatch):
    empty = offline_gallery(qtbot, tmp_path / "empty")
    assert empty.list.hint == ("Noch keine Fotos. Hochgeladene Fotos erscheinen hier, sobald "
                               "sie bereit sind.")

    today = [image("hafen.jpg"), image("möwe.jpg")]
    march = image("markt.jpg", datetime(2025, 3, 4, 11, 30, tzinfo=UTC))
    gallery = offline_gallery(qtbot, tmp_path / "full", [*today, march])
    model = gallery.model
    assert gallery.filter.placeholderText() == "Nach Dateiname filtern (Strg+F)"
    assert gallery.count.text() == "3 Fotos"
    headers = [model.index(row).data() for row in range(model.rowCount())
               if model.image_at(row) is None]
    assert headers == ["Heute", "Dienstag, 4. März 2025"]  # the locale's long date

    select(gallery, today)
    assert gallery.count.text() == "3 Fotos, 2 ausgewählt"
    # Sizes are desktop.ui.widgets.units' (locale-aware there): the sentence around them is German.
    assert gallery.info.title.text() == (f"2 Fotos ausgewählt, insgesamt "
                                         f"{human_size(2 * 5_213_442)}.")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args) or QMessageBox.StandardButton.No)
    gallery.delete_selected()
    [(_, title, question)] = asked
    newer, older = sorted(today, key=lambda i: i.id, reverse=True)
    assert title == "2 Fotos löschen"
    assert question == (f"Diese 2 Fotos aus dem Backend löschen ({newer.filename} und "
                        f"{older.filename})? Ihre Originaldateien und Vorschaubilder werden "
                        "endgültig entfernt.")

    select(gallery, [march])
    labels = {key: label.text() for key, label in gallery.info.labels.items()}
    assert labels == {"name": "Ursprünglicher Name", "dimensions": "Abmessungen",
                      "bytes": "Größe", "type": "Typ", "uploaded": "Hochgeladen", "id": "ID",
                      "taken": "Aufgenommen", "camera": "Kamera", "lens": "Objektiv",
                      "exposure": "Belichtung", "location": "Ort", "added_by": "Hinzugefügt von"}
    values = gallery.info.values
    assert values["bytes"].text().endswith("(5.213.442 Bytes)")  # German digit groups
    assert values["uploaded"].text() == uploaded_at(march) and "04.03.25" in uploaded_at(march)
    asked.clear()
    gallery.delete_selected()
    assert asked[0][1:] == ("Foto löschen", ("markt.jpg aus dem Backend löschen? Die "
                                             "Originaldatei und ihre Vorschaubilder werden "
                                             "endgültig entfernt."))

    # What a screen reader hears of a tile, in German too.
    view = QAccessible.queryAccessibleInterface(gallery.list)
    assert view.text(QAccessible.Text.Name) == "Galerie"
    names = [view.child(n).text(QAccessible.Text.Name) for n in range(view.childCount())]
    assert f"markt.jpg, bereit, hochgeladen am {uploaded_at(march)}" in names
    described = {view.child(n).text(QAccessible.Text.Description)
                 for n in range(view.childCount())}
    assert f"4000 × 3000, {human_size(5_213_442)}, JPEG" in described


def test_link_lifetimes_and_expiry_in_german(german):
    assert [text for _, text in lifetimes(3 * 86400)] == [
        "1 Stunde", "6 Stunden", "12 Stunden", "1 Tag", "3 Tage"]
    now = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)
    sentence = expiry_sentence("2025-03-04T18:00:00Z", plural=True, now=now)
    assert sentence.startswith("Sie gelten bis Dienstag, 4. März 2025 ")
