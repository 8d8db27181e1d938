"""The finish of the desktop app (issue 18): a hidden selection enables nothing, new photos
never move the grid under the user's eyes, file dialogs start in Pictures and remember the
last folder, no two actions share a key, the tray menu follows the queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from offline_gallery import image, offline_gallery, select
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QSystemTrayIcon

from desktop.client.queue_types import Totals
from desktop.ui.shell.main_window import MainWindow

OFFSCREEN = ("systemTrayWindowChanged|does not support raise|"
             "does not support propagateSizeHints")


def _photos(count: int) -> list:
    start = datetime.now(UTC) - timedelta(minutes=count)
    return [image(f"photo-{n:03}.jpg", start + timedelta(seconds=n)) for n in range(count)]


def test_a_selection_hidden_by_a_filter_enables_no_action(qtbot, tmp_path):
    photos = _photos(6)
    gallery = offline_gallery(qtbot, tmp_path, photos)
    select(gallery, photos[:3])
    assert gallery.delete_action.isEnabled() and gallery.copy_link_action.isEnabled()

    gallery.model.set_query("nothing-is-called-this")  # the listing starts again, rows go
    for action in (gallery.delete_action, gallery.copy_link_action,
                   gallery.download_originals_action, gallery.download_large_action,
                   gallery.open_browser_action):
        assert not action.isEnabled(), f"{action.text()} stays enabled for hidden photos"
    assert gallery.info.title.text() == "Select a photo to see its details."
    assert "selected" not in gallery.count.text()


def test_new_photos_wait_behind_a_bar_and_the_first_visible_tile_stays_still(qtbot, tmp_path):
    photos = _photos(80)
    gallery = offline_gallery(qtbot, tmp_path, photos)
    view = gallery.list
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    qtbot.waitUntil(lambda: view.indexAt(QPoint(20, 20)).isValid())
    first = view.indexAt(QPoint(20, 20))
    first_id, first_rect = first.data(Qt.ItemDataRole.DisplayRole), view.visualRect(first)

    newer = [image(f"new-{n}.jpg", datetime.now(UTC) + timedelta(seconds=n)) for n in range(12)]
    for made in newer:
        gallery.add_new(made)
    now = view.indexAt(QPoint(20, 20))
    assert now.data(Qt.ItemDataRole.DisplayRole) == first_id
    assert view.visualRect(now) == first_rect, "the grid moved under the user's eyes"
    assert gallery.new_bar.isVisible() and gallery.new_bar.text() == "12 new photos — show"

    gallery.new_bar.click()
    assert not gallery.new_bar.isVisible()
    assert gallery.model.listing.image_count() == 92
    assert gallery.model.images()[0].filename == "new-11.jpg"  # newest first, at the top
    assert view.verticalScrollBar().value() == 0


def test_the_count_says_more_than_when_more_pages_wait(qtbot, tmp_path, monkeypatch):
    gallery = offline_gallery(qtbot, tmp_path, _photos(3))
    monkeypatch.setattr(gallery.model, "canFetchMore", lambda *_: True)
    gallery._show_count()
    assert gallery.count.text() == "more than 3 photos"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A temporary home with a Pictures folder (and no XDG user-dirs file: the default)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "Pictures").mkdir(parents=True)
    return tmp_path / "home"


def test_file_dialogs_start_in_pictures_and_remember_the_last_folder(home, qtbot, tmp_path,
                                                                     monkeypatch):
    started: list[str] = []
    chosen = home / "trip" / "day-1"
    chosen.mkdir(parents=True)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda parent, title, folder: started.append(folder) or str(chosen))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda parent, title, folder, wanted:
                        started.append(folder) or ([str(chosen / "a.nef")], ""))
    window = MainWindow(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    qtbot.addWidget(window)
    view = window.upload_view
    monkeypatch.setattr(view, "add_paths", lambda paths: None)

    view.add_folder_dialog()
    assert started[-1] == str(home / "Pictures")
    view.add_files_dialog()
    assert started[-1] == str(home / "trip"), "the folder chosen last was forgotten"
    view.add_folder_dialog()
    assert started[-1] == str(chosen)

    gallery = offline_gallery(qtbot, tmp_path / "gallery", photos := _photos(2))
    select(gallery, photos[:1])
    monkeypatch.setattr(gallery, "download_into", lambda *args: None)
    gallery.download_selected("original")
    assert started[-1] == str(home / "Pictures"), "downloads remember their own folder"


def test_the_add_files_filter_takes_camera_raw(qtbot, tmp_path, monkeypatch, home):
    filters: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda parent, title, folder, wanted:
                        filters.append(wanted) or ([], ""))
    window = MainWindow(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    qtbot.addWidget(window)
    window.upload_view.add_files_dialog()
    for raw in ("*.dng", "*.nef", "*.cr2", "*.cr3", "*.arw", "*.raf", "*.orf", "*.rw2"):
        assert raw in filters[0]


def _scope(action: QAction) -> object:
    """Where an action's key works: the whole window, or one widget and its children."""
    if action.shortcutContext() in (Qt.ShortcutContext.WindowShortcut,
                                    Qt.ShortcutContext.ApplicationShortcut):
        return "window"
    return action.parent()


def test_no_two_actions_share_a_key_and_refresh_is_f5(qtbot, tmp_path):
    window = MainWindow(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    qtbot.addWidget(window)
    owners: dict[tuple[object, str], str] = {}
    for action in set(window.findChildren(QAction)):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            scopes = [("window", text)] if _scope(action) == "window" else [
                (_scope(action), text), ("window", text)]
            for scope in scopes:
                other = owners.get(scope)
                # A widget's own key may repeat in a sibling widget (Delete in either tab),
                # never a window-wide one.
                clash = other is not None and other != action.text() and (
                    scope[0] != "window" or _scope(action) == "window"
                    or owners.get(("window-only", text)))
                assert not clash, f"{text} is both {other!r} and {action.text()!r}"
                owners.setdefault(scope, action.text())
            if _scope(action) == "window":
                owners[("window-only", text)] = action.text()
    # Not StandardKey.Refresh: GTK's key theme makes that Ctrl+R, Retry's key.
    assert [k.toString() for k in window.gallery_view.refresh_action.shortcuts()] == ["F5"]
    assert window.upload_view.retry_action.shortcut().toString() == "Ctrl+R"


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_the_tray_menu_follows_the_queue(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    window = MainWindow(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    qtbot.addWidget(window)
    window._uploads_changed(Totals(files_total=200, files_done=12, files_active=188))
    menu = window.tray.menu
    texts = [action.text() for action in menu.actions() if action.isVisible()
             and not action.isSeparator()]
    assert texts[0] == "Uploading 12 of 200" and not menu.actions()[0].isEnabled()
    assert "Pause all" in texts and "Show Thumbdrop" in texts and "Quit" in texts
    window.upload_view.pause_all_action.setVisible(False)  # as a paused queue shows them
    window.upload_view.resume_all_action.setVisible(True)
    texts = [action.text() for action in menu.actions() if action.isVisible()]
    assert "Resume all" in texts and "Pause all" not in texts
    window._uploads_changed(Totals(files_total=200, files_done=200))
    assert not window.tray.progress_action.isVisible()
