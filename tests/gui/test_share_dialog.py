"""Sharing an album from the app against the real local backend: the album list's Share…
opens the album's links, a new link with a password and an expiry is made and copied, its page
opens for a stranger (no token), and turning it off kills the page."""

from __future__ import annotations

import uuid

import requests
from PySide6.QtCore import QDate
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
