"""An album shown in the grid against the real local backend: it lists its photos newest
upload first, so its headers are upload days (not the gallery's days taken, which repeated
inside an album), the gallery's order and filters stand aside, and a new upload elsewhere
raises no "new photos" bar over it."""

from __future__ import annotations

import secrets

import imagegen
from photos import unique, write_jpeg
from test_albums import make_album, row_of
from test_gallery_taken import SHOTS, shapes
from uploads import upload_paths

from desktop.client.gallery_listing import TAKEN


def test_an_album_lists_by_upload_under_upload_days_and_no_new_bar(
        make_window, qtbot, tmp_path, monkeypatch):
    tag = secrets.token_hex(4)
    paths = []
    for n, (taken, offset, camera, lens) in enumerate(SHOTS):
        exif = imagegen.camera_exif(taken=taken, offset=offset, make=camera.split()[0],
                                    model=camera, lens=lens)
        path = tmp_path / f"{tag}-{n}.jpg"
        path.write_bytes(unique(imagegen.jpeg_with(exif)))
        paths.append(path)
    window = make_window()
    uploaded = upload_paths(window, qtbot, paths)
    gallery = window.gallery_view
    window.tabs.setCurrentWidget(gallery)
    album = make_album(window, qtbot, monkeypatch, f"Days {tag}")
    done = []
    gallery.albums._calls.add(album.id, [i.id for i in uploaded], done.append, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    gallery.albums.reload()
    qtbot.waitUntil(lambda: row_of(window, album.id) is not None, timeout=60_000)

    gallery.albums.items.setCurrentItem(row_of(window, album.id))
    model = gallery.model
    qtbot.waitUntil(lambda: model.listing.image_count() == 3 and not model.loading,
                    timeout=60_000)
    # Taken on two days in 1901, uploaded today: one header, the upload order under it (the
    # ids' order: three files hashed at once are not always presigned in the order added).
    newest_first = [image.filename for image in sorted(uploaded, key=lambda i: i.id,
                                                       reverse=True)]
    assert shapes(model) == ["Today", *newest_first]
    assert not gallery.filters.isEnabled() and "upload" in gallery.filters.toolTip()

    # A photo uploaded now is in no album: no bar offers it over this one.
    upload_paths(window, qtbot, [write_jpeg(tmp_path / f"{tag}-later.jpg")])
    window.tabs.setCurrentWidget(gallery)
    gallery.poll()
    qtbot.wait(200)
    assert gallery.new_bar.isHidden() and shapes(model)[1:] == newest_first

    # All photos: the gallery's own order and filters again.
    gallery.albums.items.setCurrentRow(0)
    assert gallery.filters.isEnabled() and model.selection.order == TAKEN
