"""Sharing an album from the app against the real local backend: the album list's Share…
opens the album's links, a new link with a password and an expiry is made and copied, its page
opens for a stranger (no token), and turning it off kills the page."""

from __future__ import annotations

import uuid

import requests
from helpers import sha256_b64
from photos import write_jpeg
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from test_albums import make_album, row_of
from uploads import upload

from desktop.ui.gallery.share_dialog import ShareDialog


def test_share_make_copy_open_and_turn_off_a_link(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    images = upload(window, qtbot, tmp_path, [f"share-{n}.jpg" for n in range(2)])
    gallery = window.gallery_view
    window.tabs.setCurrentWidget(gallery)
    album = make_album(window, qtbot, monkeypatch, f"Shared {uuid.uuid4().hex[:6]}")
    done = []
    gallery.albums._calls.add(album.id, [i.id for i in images], done.append, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert not gallery.albums.share_button.isEnabled(), "no album chosen yet"
    gallery.albums.items.setCurrentItem(row_of(window, album.id))
    assert gallery.albums.share_button.isEnabled()

    gallery.albums.share_button.click()
    [dialog] = gallery.albums.findChildren(ShareDialog)
    assert dialog.isVisible() and album.name in dialog.windowTitle()
    qtbot.waitUntil(lambda: dialog.links.count() == 1 and dialog.current() is None,
                    timeout=60_000)  # "No links yet."
    dialog.expiry.setDate(QDate.currentDate().addDays(3))
    dialog.password.setText("open sesame")
    dialog.show_names.setChecked(True)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.current() is not None, timeout=60_000)
    share = dialog.current()
    assert share.has_password and share.show_names and not share.show_dates
    assert share.expires_at and share.expires_at.endswith("Z")
    assert QGuiApplication.clipboard().text() == share.url
    assert "copied" in dialog.result.text() and "only on this computer" in dialog.result.text()
    assert dialog.password.text() == "", "the password is not kept in the dialog"
    assert "password" in dialog.links.currentItem().text()

    # A stranger with the link: the page, then the photos behind the password.
    assert requests.get(share.url, timeout=30).status_code == 200
    photos = requests.post(share.url + "/photos", json={"password": "open sesame"}, timeout=30)
    assert photos.status_code == 200, photos.text
    assert sorted(item["name"] for item in photos.json()["items"]) == [
        "share-0.jpg", "share-1.jpg"]

    dialog.revoke_button.click()
    qtbot.waitUntil(lambda: "turned off" in dialog.result.text(), timeout=60_000)
    qtbot.waitUntil(lambda: dialog.current() is None, timeout=60_000)
    assert requests.get(share.url, timeout=30).status_code == 410
    dialog.close()


def test_guests_add_photos_through_a_link_until_the_owner_stops_it(
        make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    gallery = window.gallery_view
    window.tabs.setCurrentWidget(gallery)
    album = make_album(window, qtbot, monkeypatch, f"Wedding {uuid.uuid4().hex[:6]}")
    qtbot.waitUntil(lambda: row_of(window, album.id) is not None, timeout=60_000)
    gallery.albums.items.setCurrentItem(row_of(window, album.id))
    gallery.albums.share_button.click()
    [dialog] = gallery.albums.findChildren(ShareDialog)
    qtbot.waitUntil(lambda: dialog.links.count() == 1, timeout=60_000)
    assert not dialog.upload_limit.isEnabled()
    dialog.allow_uploads.setChecked(True)
    dialog.upload_limit.setValue(5)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.current() is not None, timeout=60_000)
    share = dialog.current()
    assert share.allow_uploads and share.upload_limit == 5
    assert dialog.guests_button.text() == "Stop guest uploads"

    # A guest with the link, and nothing else, sends a photo; it shows in the album as theirs.
    data = write_jpeg(tmp_path / "guest.jpg").read_bytes()
    # A guest's name is data: markup in it shows as typed, never rendered.
    ticket = requests.post(share.url + "/uploads", timeout=30, json={
        "name": "Anna <b>Lee</b>", "files": [
        {"filename": "IMG_7.jpg", "content_type": "image/jpeg", "size": len(data),
         "sha256": sha256_b64(data)}]}).json()["items"][0]
    assert requests.put(ticket["upload"]["url"], data=data, headers=ticket["upload"]["headers"],
                        timeout=30).status_code == 200
    dialog.reload(select=share.id)
    qtbot.waitUntil(lambda: dialog.current() is not None
                    and dialog.current().uploads_used == 1, timeout=60_000)
    assert "guests add photos (1 of 5)" in dialog.links.currentItem().text()

    dialog.guests_button.click()
    qtbot.waitUntil(lambda: "no longer add photos" in dialog.result.text(), timeout=60_000)
    qtbot.waitUntil(lambda: dialog.current() is not None
                    and not dialog.current().allow_uploads, timeout=60_000)
    assert dialog.guests_button.text() == "Let guests add photos"
    refused = requests.post(share.url + "/uploads", timeout=30, json={"files": [
        {"filename": "late.jpg", "content_type": "image/jpeg", "size": len(data),
         "sha256": sha256_b64(data)}]})
    assert refused.status_code == 403 and refused.json()["code"] == "share_uploads_off"
    dialog.close()

    qtbot.waitUntil(lambda: len(requests.post(share.url + "/photos", json={}, timeout=30)
                                .json()["items"]) == 1, timeout=120_000)  # ready
    model = gallery.model
    model.refresh()
    qtbot.waitUntil(lambda: model.listing.image_count() == 1 and not model.loading,
                    timeout=60_000)
    image = model.images()[0]
    assert image.guest == {"name": "Anna <b>Lee</b>"}
    gallery.info.show_images([image])
    assert gallery.info.values["added_by"].text() == (
        "Anna <b>Lee</b>, a guest, through a shared link")
    assert "Added by Anna &lt;b&gt;Lee&lt;/b&gt;" in model.data(
        model.index(model.row_of(image.id), 0), Qt.ItemDataRole.ToolTipRole)
