"""Acting on a selection of gallery photos against the real local backend: delete (one
question), download originals and large views into a folder, share links."""

from __future__ import annotations

import hashlib
import secrets
from urllib.parse import urlsplit

import requests
from helpers import store_client
from offline_gallery import select
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from uploads import upload

from backend.common import layout
from desktop.client.api import ApiClient
from desktop.client.api_errors import ApiError, unauthorized
from desktop.settings import SettingsStore


def listed(window, qtbot, images) -> None:
    model = window.gallery_view.model
    qtbot.waitUntil(lambda: all(model.row_of(image.id) is not None for image in images),
                    timeout=60_000)


def test_deleting_a_selection_asks_once_and_rows_vanish_as_each_delete_succeeds(
        make_window, qtbot, tmp_path, monkeypatch, local_backend):
    window = make_window()
    images = upload(window, qtbot, tmp_path, [f"clean-up-{n}.jpg" for n in range(4)])
    gallery = window.gallery_view
    listed(window, qtbot, images)
    asked = []

    def no(*args, **kwargs):
        asked.append(args)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    window.tabs.setCurrentWidget(gallery)
    select(gallery, images)
    gallery.list.setFocus()
    QTest.keyClick(gallery.list, Qt.Key.Key_Delete)
    assert len(asked) == 1 and "these 4 photos" in asked[0][2]
    assert all(gallery.model.row_of(image.id) is not None for image in images)

    removed, said = [], []
    gallery.model.rowsRemoved.connect(lambda *_: removed.append(gallery.model.images()))
    gallery.message.connect(said.append)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    QTest.keyClick(gallery.list, Qt.Key.Key_Delete)
    assert len(asked) == 2, "one question for the whole selection"
    qtbot.waitUntil(lambda: all(gallery.model.row_of(i.id) is None for i in images),
                    timeout=60_000)
    assert len(removed) >= 2, "the rows went all at once, not as each delete succeeded"
    qtbot.waitUntil(lambda: "Deleted 4 photos." in said, timeout=60_000)
    assert not still_there(local_backend, images)


def still_there(local_backend, images) -> list[str]:
    api = ApiClient(local_backend["api_url"], local_backend["token"])
    there = []
    try:
        for image in images:
            try:
                api.get_image(image.id)
            except ApiError as error:
                assert error.status == 404, error
            else:
                there.append(image.id)
    finally:
        api.close()
    return there


def test_deletes_that_fail_are_told_in_one_sentence_naming_the_files(
        make_window, qtbot, tmp_path, local_backend):
    window = make_window()
    images = upload(window, qtbot, tmp_path, ["kept-a.jpg", "kept-b.jpg", "kept-c.jpg"])
    gallery = window.gallery_view
    listed(window, qtbot, images)
    # The token stops working (rotated on the server, say) before the user deletes.
    values = SettingsStore().load()
    window.service.configure(values, "a-token-no-longer-valid")
    said: list[str] = []  # the refreshed listing fails too and says so: read every sentence
    gallery.message.connect(said.append)
    gallery.delete(images)
    qtbot.waitUntil(lambda: any("not deleted" in sentence for sentence in said), timeout=60_000)
    expected = ("kept-a.jpg, kept-b.jpg and kept-c.jpg were not deleted: "
                f"{unauthorized(window.service.api.base_url)}")
    assert [sentence for sentence in said if "deleted" in sentence] == [expected]
    assert len(still_there(local_backend, images)) == 3


def test_a_photo_deleted_elsewhere_meanwhile_counts_as_deleted(
        make_window, qtbot, tmp_path, local_backend):
    window = make_window()
    kept, gone = upload(window, qtbot, tmp_path, ["kept.jpg", "gone.jpg"])
    gallery = window.gallery_view
    listed(window, qtbot, [kept, gone])
    api = ApiClient(local_backend["api_url"], local_backend["token"])
    try:  # someone else deletes one first: our delete of it finds nothing (404)
        api.delete_image(gone.id)
    finally:
        api.close()
    said: list[str] = []
    gallery.message.connect(said.append)
    gallery.delete([kept, gone])
    qtbot.waitUntil(lambda: "Deleted 2 photos." in said, timeout=60_000)
    assert gallery.model.row_of(kept.id) is None and gallery.model.row_of(gone.id) is None
    assert not still_there(local_backend, [kept, gone])


def _storage(local_backend):
    """The backend's S3 store, with its own credentials."""
    return store_client(local_backend["data_dir"], local_backend["s3_endpoint"])


def test_download_originals_saves_each_file_and_says_which_are_no_longer_kept(
        make_window, qtbot, tmp_path, local_backend):
    window = make_window()
    tag = secrets.token_hex(3)
    # Two photos with one name (from two folders) and one whose original expires.
    images = upload(window, qtbot, tmp_path / "in", [f"same-{tag}.jpg", f"same-{tag}.jpg",
                                                     f"expired-{tag}.jpg"])
    listed(window, qtbot, images)
    sources = sorted((tmp_path / "in").rglob(f"same-{tag}.jpg"))
    # The upload bucket's lifecycle rule removes originals after ORIGINAL_RETENTION_DAYS;
    # here the expired one's original is removed the same way (a DELETE on the bucket).
    _storage(local_backend).delete_object(Bucket="thumbdrop-upload",
                                                Key=layout.input_key(images[2].id))
    target = tmp_path / "chosen folder"
    target.mkdir()
    (target / f"same-{tag}.jpg").write_bytes(b"an older file the user keeps")
    gallery = window.gallery_view
    window.tabs.setCurrentWidget(gallery)
    select(gallery, images)

    said: list[str] = []
    gallery.message.connect(said.append)
    gallery.download_into(gallery.selected_images(), target, "original")
    panel = gallery.downloads
    assert panel.isVisible() and not gallery.download_originals_action.isEnabled()
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)

    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in sources}
    saved = sorted(p.name for p in target.iterdir())
    assert saved == [f"same-{tag} (2).jpg", f"same-{tag} (3).jpg", f"same-{tag}.jpg"]
    assert (target / f"same-{tag}.jpg").read_bytes() == b"an older file the user keeps"
    assert {hashlib.sha256((target / name).read_bytes()).hexdigest()
            for name in saved[:2]} == digests
    problems = [panel.details.item(n).text() for n in range(panel.details.count())]
    expected = f"The original of expired-{tag}.jpg is no longer kept; its large view remains."
    assert problems == [expected]
    assert panel.label.text().startswith(f"Saved 2 of 3 originals to {target}.")
    assert said[-1] == panel.label.text()
    assert panel.bar.value() == panel.bar.maximum()
    assert gallery.download_originals_action.isEnabled()

    # Large views: named after the photos, WebP.
    large = tmp_path / "large"
    large.mkdir()
    gallery.download_into(images[2:], large, "large")
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    [view] = large.iterdir()
    assert view.name == f"expired-{tag}.webp" and view.read_bytes()[8:12] == b"WEBP"


def test_copy_link_offers_a_lifetime_and_says_when_the_link_expires(
        make_window, qtbot, tmp_path, monkeypatch):
    # The built-in backend serves renditions through presigned URLs (no public mode), so
    # "Copy link" opens the lifetime dialog.
    window = make_window()
    [image] = upload(window, qtbot, tmp_path, ["shared.jpg"])
    gallery = window.gallery_view
    listed(window, qtbot, [image])
    qtbot.waitUntil(lambda: window.service.server_config is not None, timeout=60_000)
    sharing = window.service.server_config
    assert sharing.output_access == "presigned"
    select(gallery, [image])

    dialog = gallery.copy_link()
    assert dialog is not None and dialog.isVisible()
    choices = [dialog.lifetime.itemData(n) for n in range(dialog.lifetime.count())]
    assert max(choices) == sharing.max_link_seconds and all(c <= max(choices) for c in choices)
    dialog.lifetime.setCurrentIndex(choices.index(6 * 3600))
    dialog.create_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)

    url = QGuiApplication.clipboard().text()
    assert url == dialog.urls.toPlainText() and url.startswith("http")
    assert "X-Amz-Expires=21600" in url
    answer = requests.get(url, timeout=10)
    assert answer.status_code == 200 and answer.content[8:12] == b"WEBP"
    sentence = dialog.result.text()
    assert sentence.startswith("Copied to the clipboard. It works until ")
    assert "(in 5 h 59 min)" in sentence or "(in 6 h 00 min)" in sentence
    assert "only on this computer" in sentence  # the built-in backend is on 127.0.0.1
    dialog.close()


def test_copy_link_in_public_mode_copies_permanent_links_at_once(
        make_window, qtbot, tmp_path, public_backend):
    # A backend started with --public-renditions serves renditions to anyone with the link,
    # so "Copy link" asks nothing and copies links that never expire.
    window = make_window(backend=public_backend)
    images = upload(window, qtbot, tmp_path, ["lasting-1.jpg", "lasting-2.jpg"])
    gallery = window.gallery_view
    listed(window, qtbot, images)
    qtbot.waitUntil(lambda: window.service.server_config is not None, timeout=60_000)
    assert window.service.server_config.output_access == "public"
    window.tabs.setCurrentWidget(gallery)
    select(gallery, images)

    said: list[str] = []
    gallery.message.connect(said.append)
    gallery.copy_link_action.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=60_000)
    assert said == ["2 permanent links copied."]
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible()], "no lifetime dialog"

    urls = QGuiApplication.clipboard().text().splitlines()
    base = f"{public_backend['s3_endpoint']}/thumbdrop-output"
    assert sorted(urls) == sorted(f"{base}/{layout.large_key(image.id)}" for image in images)
    for url in urls:
        assert not urlsplit(url).query and "X-Amz-" not in url  # nothing that expires
        answer = requests.get(url, timeout=10)  # no credentials of any kind
        assert answer.status_code == 200 and answer.content[8:12] == b"WEBP"
