"""The gallery works from the keyboard alone (issue 9): arrows move between photos (over day
headers), Ctrl+A selects every photo, Enter opens the viewer, Left/Right step through photos
there and Esc closes it, Delete asks once about the selection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from offline_gallery import image, offline_gallery
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.ui.gallery.viewer import ImageViewer


def test_arrows_select_all_enter_viewer_keys_and_delete(qtbot, tmp_path, monkeypatch):
    now = datetime.now(UTC)
    images = [image("k1.jpg", now), image("k2.jpg", now - timedelta(seconds=5)),
              image("k3.jpg", now - timedelta(days=1))]  # newest first, two days
    gallery = offline_gallery(qtbot, tmp_path, images)
    listing, model = gallery.list, gallery.model
    with qtbot.waitActive(gallery):
        gallery.activateWindow()
    listing.setFocus()

    QTest.keyClick(listing, Qt.Key.Key_Home)
    assert listing.currentIndex().data() == "k1.jpg", "the cursor landed on a header"
    QTest.keyClick(listing, Qt.Key.Key_Right)
    assert listing.currentIndex().data() == "k2.jpg"
    QTest.keyClick(listing, Qt.Key.Key_End)
    assert listing.currentIndex().data() == "k3.jpg"  # under yesterday's header
    QTest.keyClick(listing, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert [i.filename for i in gallery.selected_images()] == ["k1.jpg", "k2.jpg", "k3.jpg"]

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args) or QMessageBox.StandardButton.No)
    QTest.keyClick(listing, Qt.Key.Key_Delete)
    assert len(asked) == 1 and asked[0][1] == "Delete 3 photos"
    assert model.listing.image_count() == 3  # "No" keeps them

    # QListView's page keys go by rows and would stop on a header: they pass it instead.
    QTest.keyClick(listing, Qt.Key.Key_PageUp)
    assert [i.filename for i in gallery.selected_images()] == ["k1.jpg"]
    QTest.keyClick(listing, Qt.Key.Key_Right)
    QTest.keyClick(listing, Qt.Key.Key_PageDown)  # from k2, over yesterday's header
    assert [i.filename for i in gallery.selected_images()] == ["k3.jpg"]
    QTest.keyClick(listing, Qt.Key.Key_Home)  # the first photo, not today's header
    assert [i.filename for i in gallery.selected_images()] == ["k1.jpg"]
    QTest.keyClick(listing, Qt.Key.Key_Return)
    [viewer] = gallery.findChildren(ImageViewer)
    assert viewer.current_id() == images[0].id
    viewer.activateWindow()  # the viewer is a window of its own; keys go to it
    qtbot.waitUntil(lambda: QApplication.activeWindow() is viewer)
    QTest.keyClick(viewer, Qt.Key.Key_Right)
    assert viewer.current_id() == images[1].id
    QTest.keyClick(viewer, Qt.Key.Key_Right)  # over the day header
    assert viewer.current_id() == images[2].id
    QTest.keyClick(viewer, Qt.Key.Key_Left)
    assert viewer.current_id() == images[1].id
    assert viewer.windowTitle() == "k2.jpg — Thumbdrop"
    with qtbot.waitSignal(viewer.destroyed, timeout=5_000):
        QTest.keyClick(viewer, Qt.Key.Key_Escape)
