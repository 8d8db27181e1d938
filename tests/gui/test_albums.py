"""The album list beside the gallery against the real local backend: making albums, adding
photos by the context menu and by dragging them onto an album, choosing an album to list
only its photos, and dropping files on an album to upload them straight into it."""

from __future__ import annotations

import uuid

from offline_gallery import select
from photos import write_jpeg
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu
from uploads import upload

from desktop.client.api import ApiClient
from desktop.ui.gallery import album_list
from desktop.ui.gallery.album_list import AlbumRole
from desktop.ui.gallery.gallery_list_view import drag_mime


def albums_named(window, name: str):
    return [a for a in window.gallery_view.albums.albums if a.name == name]


def make_album(window, qtbot, monkeypatch, name: str):
    monkeypatch.setattr(album_list, "ask_name", lambda *args, **kwargs: name)
    qtbot.waitUntil(lambda: window.service.api is not None, timeout=60_000)
    window.gallery_view.albums.new_button.click()
    qtbot.waitUntil(lambda: bool(albums_named(window, name)), timeout=60_000)
    return albums_named(window, name)[0]


def row_of(window, album_id: str):
    items = window.gallery_view.albums.items
    for row in range(items.count()):
        album = items.item(row).data(AlbumRole)
        if album is not None and album.id == album_id:
            return items.item(row)
    return None


def count_of(window, album_id: str) -> int | None:
    album = next((a for a in window.gallery_view.albums.albums if a.id == album_id), None)
    return album.count if album else None


def drop_on(window, album_id: str, mime: QMimeData) -> None:
    """A drag that ends on the album's row, as Qt delivers it."""
    items = window.gallery_view.albums.items
    point = items.visualItemRect(row_of(window, album_id)).center()
    target = items.viewport()
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(point, *args)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point, *args)
    QApplication.sendEvent(target, move)
    assert move.isAccepted(), "the album's row refused the drag"
    drop = QDropEvent(QPointF(point), *args)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def album_ids_on_server(local_backend, album_id: str) -> list[str]:
    api = ApiClient(local_backend["api_url"], local_backend["token"])
    try:
        return [image.id for image in api.album_images(album_id, 100)[0]]
    finally:
        api.close()


def test_an_album_is_made_and_photos_join_it_by_the_context_menu(
        make_window, qtbot, tmp_path, monkeypatch, local_backend):
    window = make_window()
    images = upload(window, qtbot, tmp_path, [f"menu-{n}.jpg" for n in range(3)])
    gallery = window.gallery_view
    window.tabs.setCurrentWidget(gallery)
    qtbot.waitUntil(lambda: all(gallery.model.row_of(i.id) is not None for i in images),
                    timeout=60_000)
    name = f"Menu {uuid.uuid4().hex[:6]}"
    album = make_album(window, qtbot, monkeypatch, name)
    assert row_of(window, album.id).text() == f"{name} (0)"
    select(gallery, images[:2])
    menu = QMenu()
    gallery._album_actions(menu)
    [into] = [a.menu() for a in menu.actions() if a.menu() is not None]
    [add] = [a for a in into.actions() if a.text() == name]
    add.trigger()
    qtbot.waitUntil(lambda: count_of(window, album.id) == 2, timeout=60_000)
    assert row_of(window, album.id).text() == f"{name} (2)"
    assert sorted(album_ids_on_server(local_backend, album.id)) == sorted(
        i.id for i in images[:2])
    # Choosing the album lists only its photos; "All photos" lists them all again.
    gallery.albums.items.setCurrentItem(row_of(window, album.id))
    qtbot.waitUntil(lambda: sorted(i.id for i in gallery.model.images()) == sorted(
        i.id for i in images[:2]), timeout=60_000)
    # The cover (the newest photo) arrives as the row's icon.
    qtbot.waitUntil(lambda: not row_of(window, album.id).icon().isNull(), timeout=60_000)
    # Remove from this album: the photo leaves the album, not the gallery.
    select(gallery, [images[1]])
    menu = QMenu()
    gallery._album_actions(menu)
    [remove] = [a for a in menu.actions() if a.text() == "Remove from this album"]
    remove.trigger()
    qtbot.waitUntil(lambda: [i.id for i in gallery.model.images()] == [images[0].id],
                    timeout=60_000)
    gallery.albums.items.setCurrentRow(0)
    qtbot.waitUntil(lambda: all(gallery.model.row_of(i.id) is not None for i in images),
                    timeout=60_000)


def test_photos_dragged_from_the_grid_onto_an_album_join_it(
        make_window, qtbot, tmp_path, monkeypatch, local_backend):
    window = make_window()
    images = upload(window, qtbot, tmp_path, [f"drag-{n}.jpg" for n in range(2)])
    name = f"Drag {uuid.uuid4().hex[:6]}"
    album = make_album(window, qtbot, monkeypatch, name)
    said = []
    window.gallery_view.message.connect(said.append)
    drop_on(window, album.id, drag_mime(images, []))
    qtbot.waitUntil(lambda: count_of(window, album.id) == 2, timeout=60_000)
    assert f"Added 2 photos to “{name}”." in said
    assert sorted(album_ids_on_server(local_backend, album.id)) == sorted(i.id for i in images)


def test_files_dropped_on_an_album_upload_straight_into_it(
        make_window, qtbot, tmp_path, monkeypatch, local_backend):
    window = make_window()
    name = f"Drop {uuid.uuid4().hex[:6]}"
    album = make_album(window, qtbot, monkeypatch, name)
    folder = tmp_path / "from the camera"
    folder.mkdir()
    paths = [write_jpeg(folder / f"drop-{n}.jpg", (300 + 8 * n, 200)) for n in range(3)]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])  # a folder, as a file manager sends it
    drop_on(window, album.id, mime)
    qtbot.waitUntil(lambda: count_of(window, album.id) == 3, timeout=90_000)
    uploaded = {item.image.id for item in window.upload_view.model.items()
                if item.path in paths and item.image is not None}
    assert sorted(album_ids_on_server(local_backend, album.id)) == sorted(uploaded)
    # Settled: the intent is forgotten, so nothing is added again.
    intents = window.album_uploads._intents
    qtbot.waitUntil(lambda: intents._load() == [], timeout=30_000)
