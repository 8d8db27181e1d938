"""The gallery against the real local backend: paging, day groups, the filter, keyboard,
viewer, info panel, accessible names and dragging photos out."""

from __future__ import annotations

import secrets
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QLocale, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from uploads import upload

from desktop.client.gallery_listing import UPLOADED
from desktop.ui.gallery.gallery_model import HeaderRole
from desktop.ui.gallery.image_facts import uploaded_at
from desktop.ui.gallery.viewer import ImageViewer


def image_ids(model) -> list[str]:
    return [image.id for image in model.images()]


def wait_listed(qtbot, model) -> None:
    qtbot.waitUntil(lambda: not model.loading, timeout=60_000)


def test_gallery_lists_uploads_newest_first_grouped_by_day_and_pages_on_scroll(
        make_window, qtbot, tmp_path):
    window = make_window(page_size=2)
    window.resize(520, 420)  # room for a row or two of icons: the first pages fill it
    uploaded = upload(window, qtbot, tmp_path, [f"gallery-{n}.jpg" for n in range(9)])
    window.tabs.setCurrentWidget(window.gallery_view)
    gallery = window.gallery_view
    model = gallery.model
    # By upload time (test_gallery_taken.py covers the default order, by date taken).
    gallery.filters.order.setCurrentIndex(gallery.filters.order.findData(UPLOADED))

    gallery.refresh_action.trigger()
    qtbot.waitUntil(lambda: model.listing.image_count() >= 2 and not model.loading, timeout=60_000)
    qtbot.wait(200)  # let the view ask for whatever it needs to fill the viewport
    wait_listed(qtbot, model)
    first = model.listing.image_count()
    scrollbar = gallery.list.verticalScrollBar()
    assert scrollbar.maximum() > 0, "the first pages should overflow the window"
    assert model.canFetchMore()

    for _ in range(10):  # scroll to the end until the nine uploads are all there
        scrollbar.setValue(scrollbar.maximum())
        wait_listed(qtbot, model)
        if model.listing.image_count() >= 9:
            break
    assert model.listing.image_count() > first
    newest = image_ids(model)[:9]
    assert sorted(newest) == sorted(image.id for image in uploaded)
    assert newest == sorted(newest, reverse=True), "the gallery is not newest first"
    # Today's uploads sit under one "Today" header: the first row, never selectable.
    header = model.index(0)
    assert header.data(HeaderRole) and header.data() == "Today"
    assert not header.flags() & Qt.ItemFlag.ItemIsSelectable
    assert model.image_at(1).id == newest[0]
    qtbot.waitUntil(lambda: model.has_thumbnail(1), timeout=60_000)


def test_typing_a_filter_asks_the_server_and_drops_pages_of_the_earlier_filter(
        make_window, qtbot, tmp_path, monkeypatch):
    tag = secrets.token_hex(4)  # the backend is shared: names no other test uses
    window = make_window()
    beach = upload(window, qtbot, tmp_path, [f"Beach-{tag}-{n}.jpg" for n in range(3)])
    city = upload(window, qtbot, tmp_path / "city", [f"city-{tag}-{n}.jpg" for n in range(2)])
    gallery = window.gallery_view
    model = gallery.model
    window.tabs.setCurrentWidget(window.upload_view)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is gallery, "Ctrl+F did not bring the gallery forward"
    assert gallery.filter.hasFocus()
    QTest.keyClicks(gallery.filter, f"beach-{tag}")  # case differs: the server folds case
    assert model.query == "", "asked on every key instead of once the typing paused"
    qtbot.waitUntil(lambda: model.query == f"beach-{tag}" and not model.loading, timeout=60_000)
    assert sorted(image_ids(model)) == sorted(image.id for image in beach)
    assert gallery.count.text().startswith("3 matching")
    QTest.keyClick(gallery.filter, Qt.Key.Key_Return)  # Enter goes on to the photos
    assert gallery.list.hasFocus()

    # A page asked for an earlier filter that arrives after a newer one is dropped.
    calls = window.service.gallery
    asked, answered = [], []
    list_images = calls.list_images

    def counted(query, cursor, limit, on_done, on_error, selection=None):
        asked.append(query)
        return list_images(query, cursor, limit,
                           lambda page: (answered.append(query), on_done(page)),
                           lambda error: (answered.append(query), on_error(error)),
                           selection=selection)

    monkeypatch.setattr(calls, "list_images", counted)
    inserted: list[str] = []
    model.rowsInserted.connect(
        lambda _parent, first, last: inserted.extend(
            model.image_at(row).filename for row in range(first, last + 1)
            if model.image_at(row) is not None))
    model.set_query(f"city-{tag}")
    model.set_query(f"beach-{tag}-1")
    qtbot.waitUntil(lambda: len(answered) >= 2, timeout=60_000)
    # Both went out (a later ask may be the periodic look for new photos, on a slow machine).
    assert asked[:2] == [f"city-{tag}", f"beach-{tag}-1"]
    assert image_ids(model) == [beach[1].id]
    assert not any(name.startswith("city") for name in inserted)

    # A new upload joins the listing only if it matches the filter; while the gallery is
    # shown it waits behind the "new photos" bar, so the grid never moves by itself.
    late = upload(window, qtbot, tmp_path / "late", [f"beach-{tag}-1 again.jpg", f"x-{tag}.jpg"])
    qtbot.waitUntil(lambda: gallery.new_bar.text() == "1 new photo — show", timeout=60_000)
    assert late[0].id not in image_ids(model)
    gallery.new_bar.click()
    qtbot.waitUntil(lambda: late[0].id in image_ids(model), timeout=60_000)
    assert late[1].id not in image_ids(model)

    model.set_query(f"nothing-{tag}")
    qtbot.waitUntil(lambda: not model.loading, timeout=60_000)
    assert model.rowCount() == 0
    assert gallery.list.hint.startswith(f"No photo's file name contains “nothing-{tag}”.")
    assert gallery.count.text() == f"Nothing matches “nothing-{tag}”"

    gallery.filter.setFocus()
    QTest.keyClick(gallery.filter, Qt.Key.Key_Escape)  # clears the filter
    assert gallery.filter.text() == ""
    qtbot.waitUntil(lambda: model.query == "" and not model.loading, timeout=60_000)
    assert {image.id for image in city} <= set(image_ids(model))


def test_keyboard_select_all_arrows_and_enter_open_the_viewer(make_window, qtbot, tmp_path):
    window = make_window()
    uploaded = upload(window, qtbot, tmp_path, ["k1.jpg", "k2.jpg", "k3.jpg"])
    newest = sorted(uploaded, key=lambda image: image.id, reverse=True)  # ids sort by time
    gallery = window.gallery_view
    window.tabs.setCurrentWidget(gallery)
    listing = gallery.list
    qtbot.waitUntil(lambda: image_ids(gallery.model)[:3] == [i.id for i in newest],
                    timeout=60_000)
    listing.setFocus()
    QTest.keyClick(listing, Qt.Key.Key_Home)
    assert listing.currentIndex().row() == 1, "the cursor landed on a header"
    QTest.keyClick(listing, Qt.Key.Key_Right)
    assert listing.currentIndex().data() == newest[1].filename
    QTest.keyClick(listing, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(gallery.selected_images()) == gallery.model.listing.image_count()
    assert "selected" in gallery.count.text()

    listing.selectionModel().setCurrentIndex(gallery.model.index(1),
                                             QItemSelectionModel.SelectionFlag.ClearAndSelect)
    QTest.keyClick(listing, Qt.Key.Key_Return)
    viewers = window.findChildren(ImageViewer)
    assert len(viewers) == 1 and viewers[0].current_id() == newest[0].id
    viewer = viewers[0]
    qtbot.waitUntil(lambda: viewer._image is not None, timeout=60_000)
    assert (viewer._image.width(), viewer._image.height()) == (newest[0].width, newest[0].height)
    viewer.next()  # steps over headers, by image
    assert viewer.current_id() == newest[1].id and viewer.label.text() == "Loading…"
    qtbot.waitUntil(lambda: viewer._image is not None, timeout=60_000)
    for shown in viewers:
        shown.close()


def test_info_panel_and_accessible_names_describe_the_photos(make_window, qtbot, tmp_path):
    window = make_window()
    [image] = upload(window, qtbot, tmp_path, ["harbour <b>at dusk.jpg"], size=(400, 300))
    gallery = window.gallery_view
    model = gallery.model
    qtbot.waitUntil(lambda: model.image_at(1) is not None and model.image_at(1).id == image.id,
                    timeout=60_000)
    gallery.list.setCurrentIndex(model.index(1))
    info = gallery.info.values
    assert info["name"].text() == "harbour <b>at dusk.jpg"
    assert info["name"].textFormat() == Qt.TextFormat.PlainText  # a name is never markup
    assert info["dimensions"].text() == "400 × 300"
    # The exact byte count is grouped as the locale groups digits.
    assert info["bytes"].text().endswith(f"({QLocale().toString(image.bytes)} bytes)")
    assert info["type"].text() == "JPEG"
    assert info["id"].text() == image.id
    assert info["uploaded"].text() == uploaded_at(image)
    assert QAccessible.queryAccessibleInterface(info["dimensions"]).text(
        QAccessible.Text.Name) == "Dimensions"

    # A screen reader hears each tile's name, state and upload time, then its facts.
    view = QAccessible.queryAccessibleInterface(gallery.list)
    assert view.text(QAccessible.Text.Name) == "Gallery"
    children = [view.child(n) for n in range(view.childCount())]
    spoken = f"harbour <b>at dusk.jpg, ready, uploaded {uploaded_at(image)}"
    tile = [child for child in children if child.text(QAccessible.Text.Name) == spoken]
    assert tile, [child.text(QAccessible.Text.Name) for child in children]
    described = tile[0].text(QAccessible.Text.Description)
    assert described.startswith("400 × 300, ") and described.endswith(", JPEG")
    assert "Today" in {child.text(QAccessible.Text.Name) for child in children}
    assert QAccessible.queryAccessibleInterface(gallery.filter).text(
        QAccessible.Text.Name) == "Filter by file name"


def test_dragging_a_photo_out_hands_over_a_file_on_disk(make_window, qtbot, tmp_path):
    window = make_window()
    shot, other = upload(window, qtbot, tmp_path, ["dragged photo.jpg", "second.jpg"])
    gallery = window.gallery_view
    model = gallery.model
    qtbot.waitUntil(lambda: model.row_of(shot.id) is not None, timeout=60_000)
    # This session uploaded it: the drag gives the original file itself.
    gallery.list.setCurrentIndex(model.index(model.row_of(shot.id)))
    qtbot.waitUntil(lambda: bool(gallery.list.drag_files()[0]), timeout=60_000)
    assert gallery.list.drag_files() == ([tmp_path / "dragged photo.jpg"], [])

    # Without the local original (moved away since), the large view, named after the photo.
    (tmp_path / "second.jpg").unlink()
    gallery.list.setCurrentIndex(model.index(model.row_of(other.id)))
    qtbot.waitUntil(lambda: bool(gallery.list.drag_files()[0]), timeout=60_000)
    [path], waiting = gallery.list.drag_files()
    assert not waiting and path.name == "second.webp"
    cached = window.renditions.cache.get(other.id, "large")
    assert Path(path).read_bytes() == cached.read_bytes()


def test_a_large_selection_prepares_drag_files_only_when_the_mouse_goes_down_on_it(
        make_window, qtbot, tmp_path):
    window = make_window()
    images = upload(window, qtbot, tmp_path, [f"many-{n}.jpg" for n in range(5)])
    for n in range(5):
        (tmp_path / f"many-{n}.jpg").unlink()  # no local originals: large views are fetched
    gallery = window.gallery_view
    model = gallery.model
    window.tabs.setCurrentWidget(gallery)
    qtbot.waitUntil(lambda: all(model.row_of(i.id) is not None for i in images), timeout=60_000)
    gallery.list.selectAll()  # more than a few: nothing is fetched yet
    assert not gallery._drag_asked
    rect = gallery.list.visualRect(model.index(model.row_of(images[0].id)))
    QTest.mousePress(gallery.list.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, rect.center())
    qtbot.waitUntil(lambda: len(gallery.list.drag_files()[0]) >= 5, timeout=60_000)
    QTest.mouseRelease(gallery.list.viewport(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, rect.center())
