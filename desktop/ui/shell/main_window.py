"""The main window: Upload and Gallery tabs, drops anywhere, menus, settings, clean close.

Closing the window while uploads run leaves them going with the window hidden and a tray
icon (where the desktop has a tray and the setting allows); Quit stops them. Quitting never
waits on the UI thread: the Service stops in the background and says `stopped`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget

from backend.common.private_files import private_dir, private_file
from desktop.client.batch_watch import BatchEnd, BatchWatcher
from desktop.client.queue_types import Totals
from desktop.client.thumb_cache import ThumbCache
from desktop.settings import KEEP_UPLOADING_IN_TRAY, SettingsStore, TokenStore, api_choice
from desktop.ui.cards.card_offers import CardOffers
from desktop.ui.gallery.gallery_view import GalleryView
from desktop.ui.services.picture_loaders import RenditionLoader
from desktop.ui.services.service import Service
from desktop.ui.shell.help_menu import HelpMenu
from desktop.ui.shell.metered import follow_metered
from desktop.ui.shell.settings_dialog import SettingsDialog
from desktop.ui.shell.tray import Tray
from desktop.ui.upload.album_uploads import AlbumUploads
from desktop.ui.upload.upload_view import UploadView
from desktop.ui.widgets.units import number, plural

STATUS_SECONDS = 15


class MainWindow(QMainWindow):
    closing = Signal()  # the window really closes (not into the tray): the app is stopping
    def __init__(self, *, data_dir: Path, cache_dir: Path, gallery_page_size: int = 50):
        super().__init__()
        self.setWindowTitle(self.tr("Thumbdrop"))
        self.setAcceptDrops(True)
        self.store = SettingsStore()
        self.tokens = TokenStore()
        # The queue names the user's files and the cache holds their photos: this user only.
        settings_file = Path(self.store.qsettings.fileName())
        for folder in (data_dir, cache_dir, settings_file.parent):
            private_dir(folder)
        # QSettings replaces its file keeping the old one's mode, so a 0600 file stays 0600.
        private_file(settings_file)
        self.service = Service(data_dir / "backend", self)
        self._queue_path = data_dir / "queue.sqlite3"
        self.renditions = RenditionLoader(self.service, ThumbCache(cache_dir / "renditions"), self)
        self.upload_view = UploadView(self.service, self.renditions, self)
        self.gallery_view = GalleryView(self.service, self.renditions, gallery_page_size, self,
                                        local_original=self._local_original)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.upload_view, self.tr("Upload"))
        self.tabs.addTab(self.gallery_view, self.tr("Gallery"))
        self.tabs.setAccessibleName(self.tr("Upload and gallery"))
        self.tabs.setTabToolTip(0, self.tr("Photos on their way, and how far each is (Alt+1)"))
        self.tabs.setTabToolTip(1, self.tr("The photos in your gallery (Alt+2)"))
        self.setCentralWidget(self.tabs)
        self._settings_dialog: SettingsDialog | None = None
        self._closing = False
        self._ask_before_closing = True
        self._quit_requested = False  # Quit (menu, tray) rather than the window's close button
        self.restart_requested = False  # app.main starts Thumbdrop again once it has stopped
        self.tray = Tray(self, self, (self.upload_view.pause_all_action,
                                      self.upload_view.resume_all_action))
        self.tray.show_requested.connect(self.bring_back)
        self.tray.quit_requested.connect(self.quit)
        self.batches = BatchWatcher()

        self.upload_view.message.connect(self.say)
        self.gallery_view.message.connect(self.say)
        self.service.status.connect(self.say)
        self.upload_view.model.image_ready.connect(self.gallery_view.add_new)
        self.gallery_view.show_me.connect(lambda: self.tabs.setCurrentWidget(self.gallery_view))
        self.upload_view.model.image_ready.connect(lambda _: self.batches.image_ready())
        self.upload_view.model.image_known.connect(lambda _: self.batches.image_known())
        self.upload_view.model.totals_changed.connect(self._uploads_changed)
        self.album_uploads = AlbumUploads(self.service, self.upload_view, self)
        self.album_uploads.message.connect(self.say)
        self.album_uploads.albums_changed.connect(self.gallery_view.albums.reload)
        self.gallery_view.upload_into_album.connect(self._upload_into_album)
        self._build_menus()
        self._restore_window_state()
        self.statusBar().setAccessibleName(self.tr("Status"))
        self.statusBar().showMessage(self.tr("Starting…"))

    def start(self) -> None:
        """Opens the upload queue (unfinished files continue) and connects to the configured
        backend (starting the local one when needed)."""
        self.service.open_queue(self._queue_path)
        follow_metered(self.service)
        self.service.watch_problem.connect(self.say)
        self.cards.start()
        # Reading the keyring may wait on D-Bus (or an unlock prompt): not on the UI thread.
        # The callback reads the store again: settings saved meanwhile must win.
        self.service.tasks.run(self.tokens.get,
                               lambda _: self.service.configure(self.store.load(), self.tokens.get()))

    def say(self, sentence: str) -> None:
        self.statusBar().showMessage(sentence, STATUS_SECONDS * 1000)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.upload_view.add_files_action)
        file_menu.addAction(self.upload_view.add_folder_action)
        # "Import from <card>…" actions go here while a card is in.
        self.cards = CardOffers(self.service, file_menu, file_menu.addSeparator(), self)
        self.cards.message.connect(self.say)
        self.settings_action = QAction(self.tr("Settings…"), self)
        self.settings_action.setStatusTip(self.tr("Backend, uploads, tray and language"))
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setStatusTip(self.tr("Stop Thumbdrop (unfinished uploads continue next "
                                         "time)"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.quit)
        file_menu.addAction(quit_action)
        queue_menu = self.menuBar().addMenu(self.tr("&Queue"))
        view = self.upload_view
        for group in ((view.pause_action, view.resume_action, view.pause_all_action,
                       view.resume_all_action),
                      (view.cancel_action, view.retry_action, view.upload_anyway_action,
                       view.remove_action),
                      (view.retry_failed_action, view.clear_finished_action)):
            if queue_menu.actions():
                queue_menu.addSeparator()
            queue_menu.addActions(list(group))
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        # Alt+1 / Alt+2 switch tabs from anywhere (Ctrl+Tab works once a tab has focus).
        for tab, view in enumerate((self.upload_view, self.gallery_view)):
            show = QAction(self.tabs.tabText(tab), self)
            show.setShortcut(QKeySequence(f"Alt+{tab + 1}"))
            show.triggered.connect(lambda _=False, view=view: self._show_tab(view))
            view_menu.addAction(show)
        view_menu.addSeparator()
        view_menu.addAction(self.gallery_view.refresh_action)
        gallery = self.gallery_view
        self.addAction(gallery.find_action)  # Ctrl+F from either tab
        gallery_menu = self.menuBar().addMenu(self.tr("&Gallery"))
        for group in ((gallery.find_action, gallery.select_all_action),
                      (gallery.copy_link_action, gallery.download_originals_action,
                       gallery.download_large_action),
                      (gallery.info_action, gallery.delete_action)):
            if gallery_menu.actions():
                gallery_menu.addSeparator()
            gallery_menu.addActions(list(group))
        self.help_menu = HelpMenu(self.service, self, tokens=self.tokens)
        self.menuBar().addMenu(self.help_menu)

    # --- drops -----------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        if not event.mimeData().hasUrls():
            return
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.tabs.setCurrentWidget(self.upload_view)
            self.upload_view.add_paths(paths)

    def _upload_into_album(self, album_id: str, paths: list[Path]) -> None:
        self.tabs.setCurrentWidget(self.upload_view)
        self.album_uploads.drop(album_id, paths)

    # --- settings --------------------------------------------------------------------

    def settings_dialog(self) -> SettingsDialog:
        if self._settings_dialog is None:
            self._settings_dialog = SettingsDialog(self.store, self.tokens.get(), self.service, self)
            self._settings_dialog.accepted.connect(self._settings_accepted)
        else:
            self._settings_dialog.load(self.store.load(), self.tokens.get())
        return self._settings_dialog

    def open_settings(self) -> None:
        # The dialog shows the token: read it (at most once, it is remembered) off the UI thread.
        self.service.tasks.run(self.tokens.get, lambda _: self.settings_dialog().open())

    def _settings_accepted(self) -> None:
        dialog = self._settings_dialog
        values = dialog.values()
        language_changed = dialog.language_changed()
        self.store.save(values)
        if language_changed:
            self._offer_restart()
        if api_choice(values).local:
            self.service.configure(values, "")  # the built-in backend brings its own token
            return
        token = dialog.token()
        self.tokens.remember(token)
        self.service.configure(values, token)
        self.service.tasks.run(self.tokens.save,
                               lambda not_saved: not_saved and self.say(not_saved))

    def _offer_restart(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("Restart Thumbdrop?"),
            self.tr("The new language applies when Thumbdrop starts again. Restart now? "
                    "Unfinished uploads continue after the restart."))
        if answer == QMessageBox.StandardButton.Yes:
            self.restart_requested = True
            self.quit()
            self.restart_requested = self._closing  # the user may have kept the uploads going

    # --- window state and closing -----------------------------------------------------

    def _restore_window_state(self) -> None:
        qs = self.store.qsettings
        geometry = qs.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(960, 680)
        tab = qs.value("window/tab")
        if tab is not None and str(tab).isdigit():
            self.tabs.setCurrentIndex(int(tab))

    # --- uploads in the background, tray, notifications -------------------------------------

    def _local_original(self, image_id: str) -> Path | None:
        """The file this computer uploaded as `image_id`, if the queue still lists it."""
        for item in self.upload_view.model.items():
            if item.image is not None and item.image.id == image_id:
                return item.path
        return None

    def _uploads_changed(self, totals: Totals) -> None:
        ended = self.batches.update(totals.files_active, totals.files_failed,
                                    totals.files_paused)
        watching = self.service.watching
        parts = [plural(self.tr("Watching %n folder(s)", "", watching), watching)] if watching else []
        if totals.files_active:
            parts.append(self.tr("Uploading {done} of {total}").format(
                done=number(totals.files_done), total=number(totals.files_total)))
        summary = " · ".join(parts)  # "Watching 2 folders · Uploading 3 of 10"
        self.tray.update(totals.files_active > 0, summary)
        if ended is not None:
            self._batch_ended(ended)

    def _batch_ended(self, ended: BatchEnd) -> None:
        sentence = ended.sentence()
        self.say(self.tr("Uploads finished: {outcome}").format(outcome=sentence))
        if not self.isVisible() or not self.isActiveWindow():
            self.tray.notify(self.tr("Thumbdrop: uploads finished"), sentence)

    def _show_tab(self, view) -> None:
        self.tabs.setCurrentWidget(view)
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def bring_back(self) -> None:
        """Shows the window again (from the tray, a notification or a second start)."""
        self.show()
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.raise_()
        self.activateWindow()
        self.tray.update(self.upload_view.has_running_uploads())

    def _keeps_uploading_in_tray(self) -> bool:
        return KEEP_UPLOADING_IN_TRAY.of(self.store.load()) and self.tray.available

    def quit(self) -> None:
        """Quit from the menu or the tray: asks about running uploads, then stops."""
        self._quit_requested = True
        self.close()
        self._quit_requested = False  # the user may have said no

    def close_without_asking(self) -> None:
        """Closes as a user who said "stop them" would: for SIGTERM at logout or SIGINT."""
        self._ask_before_closing = False
        self._quit_requested = True
        self.close()

    def closeEvent(self, event) -> None:
        if self._closing:
            event.accept()
            return
        running = self.upload_view.unfinished_files()
        watching = self.service.watching  # watched folders keep working from the tray too
        if ((running or watching) and not self._quit_requested
                and self._keeps_uploading_in_tray()):
            event.ignore()
            self.hide()
            self.tray.update(True)
            self.tray.notify(self.tr("Thumbdrop keeps uploading"),
                             self.tr("Your photos keep uploading in the background. Quit from "
                                     "the tray icon's menu stops them."))
            return
        if self._ask_before_closing and running:
            question = plural(self.tr(
                "Still uploading: %Ln file(s). Quit now? Unfinished files stay in the queue and "
                "continue the next time you open Thumbdrop.", "", running), running)
            if not self.tray.available and KEEP_UPLOADING_IN_TRAY.of(self.store.load()):
                question += "\n\n" + self.tr("This desktop has no system tray, so Thumbdrop "
                                              "can't keep uploading with its window closed.")
            answer = QMessageBox.question(self, self.tr("Uploads are running"), question)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        qs = self.store.qsettings
        qs.setValue("window/geometry", self.saveGeometry())
        qs.setValue("window/tab", self.tabs.currentIndex())
        qs.sync()
        self._closing = True
        self.closing.emit()
        self.tray.hide()
        self.upload_view.collector.stop()
        self.cards.watcher.stop()
        self.upload_view.model.detach()
        self.service.shutdown()  # returns at once; `service.stopped` follows
        event.accept()
