"""Every control of the gallery, its link dialog and its viewer has a name a screen reader can
say; the tiles and the details say what they show."""

from __future__ import annotations

from offline_gallery import image, offline_gallery
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from desktop.ui.gallery.link_dialog import LinkDialog


def unnamed_controls(top: QWidget) -> list[str]:
    """The shown widgets that take focus (what a keyboard or screen reader user reaches) and
    that QAccessible has no name for."""
    missing = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
        if not name.strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_every_gallery_control_has_an_accessible_name(qtbot, tmp_path):
    photo = image("pier.jpg", status="ready")
    gallery = offline_gallery(qtbot, tmp_path, [photo])
    gallery.list.setCurrentIndex(gallery.model.index(1))
    assert unnamed_controls(gallery) == []
    info = QAccessible.queryAccessibleInterface(gallery.info)
    assert info.text(QAccessible.Text.Name) == "Photo details"
    assert "Dimensions: 4000 × 3000" in info.text(QAccessible.Text.Description)

    dialog = LinkDialog([photo], gallery._service, gallery)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert unnamed_controls(dialog) == []
    # On Linux a combo box's name is its value ("12 hours"); its label comes by relation.
    lifetime = QAccessible.queryAccessibleInterface(dialog.lifetime)
    labels = [other.text(QAccessible.Text.Name)
              for other, _ in lifetime.relations(QAccessible.RelationFlag.Label)]
    assert labels == ["Works for"]

    viewer = gallery.open_viewer(gallery.model.index(1))
    qtbot.waitExposed(viewer)
    assert unnamed_controls(viewer) == []
    picture = QAccessible.queryAccessibleInterface(viewer.label)
    assert picture.text(QAccessible.Text.Name) == "pier.jpg"
    assert picture.text(QAccessible.Text.Description).startswith("4000 × 3000, ")
    viewer.close()


def test_a_tile_says_its_state(qtbot, tmp_path):
    gallery = offline_gallery(qtbot, tmp_path, [
        image("ok.jpg"), image("slow.jpg", status="pending"),
        image("bad.jpg", status="failed", error="bad.jpg is not a picture the backend can read.")])
    spoken = {gallery.model.index(row).data(Qt.ItemDataRole.AccessibleTextRole).split(", ")[0]:
              gallery.model.index(row).data(Qt.ItemDataRole.AccessibleTextRole)
              for row in range(gallery.model.rowCount()) if gallery.model.image_at(row)}
    assert spoken["ok.jpg"].startswith("ok.jpg, ready, uploaded ")
    assert spoken["slow.jpg"].startswith("slow.jpg, processing, uploaded ")
    assert spoken["bad.jpg"].startswith(
        "bad.jpg, failed: bad.jpg is not a picture the backend can read., uploaded ")
