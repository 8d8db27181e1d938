"""The Upload tab: the persisted queue with its toolbar, per-row actions, a line that says when
the whole queue is paused or waiting for the network, and the total bar.

Every action is a command to the TransferEngine (it changes the queue on disk); what changed
comes back through the store's change batches into the model, like any other change. So the
view never edits a row itself, and the CLI and the app always agree on what the queue holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from backend.common import image_formats, raw_formats
from desktop.client.queue_store import QueueStore
from desktop.client.queue_types import (
    CANCELLABLE,
    PAUSABLE,
    RETRYABLE,
    FileState,
    QueueItem,
    QueueStatus,
    RunState,
    Totals,
)
from desktop.settings import ADD_FOLDER, last_folder, remember_folder
from desktop.ui.services.picture_loaders import PreviewLoader, RenditionLoader
from desktop.ui.services.service import Service
from desktop.ui.upload.collector import FileCollector
from desktop.ui.upload.queue_list_view import QueueListView
from desktop.ui.upload.queue_model import Roles, UploadQueueModel
from desktop.ui.upload.total_bar import TotalBar
from desktop.ui.widgets.fitting_toolbar import FittingToolBar
from desktop.ui.widgets.icons import themed
from desktop.ui.widgets.units import plural

# Every extension of the formats' table and of camera RAW: the dialog offers what is taken.
IMAGE_PATTERNS = " ".join(
    [f"*{extension}" for entry in image_formats.FORMATS for extension in entry.extensions]
    + [f"*{extension}" for extension in raw_formats.EXTENSIONS.values()])


class UploadView(QWidget):
    message = Signal(str)  # a sentence for the status bar

    def __init__(self, service: Service, renditions: RenditionLoader,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._service = service
        self.model = UploadQueueModel(self)
        self.collector = FileCollector(service, self)
        self._previews = PreviewLoader(service, self)

        self.list = QueueListView(self.tr("Drop photos or whole folders anywhere on this "
                                          "window,\nor use Add files… (Ctrl+O)."), self.model,
                                  self)
        self.list.setObjectName("uploadList")
        self.list.setAccessibleName(self.tr("Upload queue"))
        self.list.setAccessibleDescription(self.tr(
            "One row per photo: its name, state and progress. Delete removes the selected rows "
            "from the list; the context menu key lists what else applies to them."))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.banner = QLabel(self)
        self.banner.setObjectName("queueBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("Queue status"))
        self.banner.hide()
        self.totals = TotalBar(self)

        action = self._action
        self.add_files_action = action(self.tr("Add files…"), QKeySequence.StandardKey.Open,
                                       self.add_files_dialog,
                                       self.tr("Choose photos to upload"))
        self.add_folder_action = action(self.tr("Add folder…"), "Ctrl+Shift+O",
                                        self.add_folder_dialog,
                                        self.tr("Choose a folder: every photo in it is uploaded"))
        self.pause_action = action(self.tr("Pause"), "Ctrl+P", self.pause_selected,
                                   self.tr("Pause the selected files"))
        self.resume_action = action(self.tr("Resume"), "Ctrl+S", self.resume_selected,
                                    self.tr("Resume the selected files"))
        self.pause_all_action = action(self.tr("Pause all"), "Ctrl+Shift+P", self.pause_all,
                                       self.tr("Pause the whole queue (remembered when you "
                                               "quit)"))
        self.resume_all_action = action(self.tr("Resume all"), "Ctrl+Shift+S", self.resume_all,
                                        self.tr("Resume the whole queue"))
        self.cancel_action = action(self.tr("Cancel"), "Ctrl+.", self.cancel_selected,
                                    self.tr("Stop the selected files (nothing of them stays on "
                                            "the server)"))
        self.retry_action = action(self.tr("Retry"), "Ctrl+R", self.retry_selected,
                                   self.tr("Upload the selected failed or cancelled files again"))
        self.upload_anyway_action = action(self.tr("Upload anyway"), "Ctrl+U",
                                           self.upload_anyway_selected,
                                           self.tr("Upload a copy of files already in the "
                                                   "gallery"))
        self.remove_action = action(self.tr("Remove from list"), QKeySequence.StandardKey.Delete,
                                    self.remove_selected,
                                    self.tr("Take the selected rows out of the queue (the "
                                            "gallery keeps its images)"))
        self.retry_failed_action = action(self.tr("Retry all failed"), "Ctrl+Shift+R",
                                          self.retry_all_failed,
                                          self.tr("Upload every failed file again"))
        self.clear_finished_action = action(self.tr("Clear finished"), None, self.clear_finished,
                                            self.tr("Remove ready, cancelled and skipped rows"))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.resume_all_action.setVisible(False)  # shown instead of Pause all while paused

        for action, icon in ((self.add_files_action, "list-add"),
                             (self.add_folder_action, "folder-open"),
                             (self.pause_action, "media-playback-pause"),
                             (self.resume_action, "media-playback-start"),
                             (self.pause_all_action, "media-playback-pause"),
                             (self.resume_all_action, "media-playback-start"),
                             (self.cancel_action, "process-stop"),
                             (self.retry_action, "view-refresh"),
                             (self.upload_anyway_action, "go-up"),
                             (self.retry_failed_action, "view-refresh"),
                             (self.clear_finished_action, "edit-clear")):
            action.setIcon(themed(icon))
        self.toolbar = FittingToolBar(self.tr("Queue"), self)
        self.toolbar.setAccessibleName(self.tr("Queue actions"))
        self.toolbar.setObjectName("queueToolbar")
        for group in ((self.add_files_action, self.add_folder_action),
                      (self.pause_action, self.resume_action, self.pause_all_action,
                       self.resume_all_action),
                      (self.cancel_action, self.retry_action, self.upload_anyway_action),
                      (self.retry_failed_action, self.clear_finished_action)):
            if self.toolbar.actions():
                self.toolbar.addSeparator()
            self.toolbar.addActions(list(group))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.banner)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.totals)
        # The window's Tab lands on the list; from there Tab reaches the summary under it.
        self.setFocusProxy(self.list)
        QWidget.setTabOrder(self.list, self.totals.label)

        self.collector.finished.connect(self._collected)
        self.collector.failed.connect(self.message)
        self.model.preview_needed.connect(self._previews.request)
        self._previews.ready.connect(self.model.set_preview)
        self.model.thumbnail_needed.connect(renditions.request_thumbnail)
        renditions.thumbnail_ready.connect(self.model.set_thumbnail)
        self.model.totals_changed.connect(self._show_totals)
        self.model.status_changed.connect(self._show_status)
        # When selected rows change state, the selection's actions are worked out again at
        # most once per turn of the event loop, however many of them one refresh changed.
        self._actions_due = QTimer(self)
        self._actions_due.setSingleShot(True)
        self._actions_due.setInterval(0)
        self._actions_due.timeout.connect(self._refresh_actions)
        self.model.dataChanged.connect(self._rows_changed)
        self.model.rowsRemoved.connect(self._refresh_actions)
        self.list.selectionModel().selectionChanged.connect(self._refresh_actions)
        service.queue_ready.connect(self._queue_ready)
        service.queue_failed.connect(self._queue_failed)
        self._refresh_actions()

    def _action(self, text: str, shortcut, slot, tip: str) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        # The tooltip is also what a screen reader gives as the toolbar button's description.
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- the queue -----------------------------------------------------------------------

    def _queue_ready(self, store: QueueStore) -> None:
        self.model.attach(store)
        unfinished = store.totals().files_active
        if unfinished:  # rows restored from disk
            self.message.emit(plural(self.tr("%Ln file(s) from last time continue uploading.",
                                             "", unfinished), unfinished))
        self._refresh_actions()

    def _queue_failed(self, sentence: str) -> None:
        self.banner.setText(sentence)
        self.banner.show()
        self.message.emit(sentence)

    def _show_totals(self, totals: Totals) -> None:
        self.totals.show_totals(totals)
        self._refresh_queue_actions(totals)

    def _show_status(self, status: QueueStatus) -> None:
        paused = status.state is RunState.PAUSED
        self.pause_all_action.setVisible(not paused)
        self.resume_all_action.setVisible(paused)
        if status.state is RunState.RUNNING:
            self.banner.hide()
            return
        sentence = status.message or (
            self.tr("Waiting for the network… Uploads continue by themselves as soon as the "
                    "server answers again.") if status.state is RunState.OFFLINE
            else self.tr("Uploads are paused. Resume all (Ctrl+Shift+S) continues them."))
        self.banner.setText(sentence)
        self.banner.show()
        if status.state is RunState.OFFLINE:
            self.message.emit(sentence)

    # --- adding files --------------------------------------------------------------------

    def add_paths(self, paths: list[Path]) -> None:
        """Queues files and folders (walked and looked at off the UI thread)."""
        if paths:
            self.collector.collect(paths)

    def add_files_dialog(self) -> None:
        wanted = ";;".join((self.tr("Images ({patterns})").format(patterns=IMAGE_PATTERNS),
                            self.tr("All files (*)")))
        chosen, _ = QFileDialog.getOpenFileNames(self, self.tr("Add photos"),
                                                 str(last_folder(ADD_FOLDER)), wanted)
        if chosen:
            remember_folder(ADD_FOLDER, Path(chosen[0]).parent)
        self.add_paths([Path(f) for f in chosen])

    def add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder of photos"),
                                                  str(last_folder(ADD_FOLDER)))
        if folder:
            remember_folder(ADD_FOLDER, Path(folder).parent)  # its siblings come next
            self.add_paths([Path(folder)])

    def _collected(self, total: int, skipped: int) -> None:
        if skipped:
            self.message.emit(plural(self.tr(
                "%Ln file(s) skipped: not images Thumbdrop can upload (the reason is on each "
                "row).", "", skipped), skipped))

    # --- actions ---------------------------------------------------------------------------

    def selected_items(self) -> list[QueueItem]:
        model = self.model
        return [item for index in self.list.selectionModel().selectedRows()
                if (item := model.item_at(index)) is not None]

    def _rows_changed(self, top, bottom, roles) -> None:
        selection = self.list.selectionModel()
        if Roles.State in roles and any(
                selection.isRowSelected(row) for row in range(top.row(), bottom.row() + 1)):
            self._actions_due.start()

    def _ready(self) -> bool:
        return self._service.engine is not None and self.model.store is not None

    def _refresh_actions(self, *_) -> None:
        """Enables each action only where it would do something (buttons and menus alike)."""
        states = {item.state for item in self.selected_items()} if self._ready() else set()
        self.pause_action.setEnabled(bool(states & PAUSABLE))
        self.resume_action.setEnabled(FileState.PAUSED in states)
        self.cancel_action.setEnabled(bool(states & CANCELLABLE))
        self.retry_action.setEnabled(bool(states & RETRYABLE))
        self.upload_anyway_action.setEnabled(FileState.DUPLICATE in states)
        self.remove_action.setEnabled(bool(states))
        self._refresh_queue_actions(self.model.totals)

    def _refresh_queue_actions(self, totals: Totals) -> None:
        """The actions on the whole queue: they follow the totals, not the selection."""
        ready = self._ready()
        self.retry_failed_action.setEnabled(ready and totals.files_failed > 0)
        self.clear_finished_action.setEnabled(ready and totals.files_clearable > 0)
        self.pause_all_action.setEnabled(ready and totals.files_active > 0)  # nothing to pause
        self.resume_all_action.setEnabled(ready)

    def unfinished_files(self) -> int:
        """Files still on their way (running now); paused ones are not counted."""
        store = self.model.store
        return store.totals().files_active if store is not None else 0

    def has_running_uploads(self) -> bool:
        return self.unfinished_files() > 0

    def _run(self, command: str, ids: Iterable[int] | None = None,
             then: Callable[[Any], None] | None = None) -> None:
        """Sends a command to the engine; a failure (e.g. the disk refused the queue's write)
        becomes a sentence. `then(result)` runs on the store's writer thread: signals only."""
        engine = self._service.engine
        if engine is None:
            return
        method = getattr(engine, command)
        future: Future = method() if ids is None else method(list(ids))

        def done(result: Future) -> None:  # the store's writer thread: only a signal
            if result.exception() is not None:
                self.message.emit(self.tr("That did not work: {error}").format(
                    error=result.exception()))
            elif then is not None:
                then(result.result())
        future.add_done_callback(done)

    def _retry(self, ids: list[int]) -> None:
        """Runs rows again; the engine keeps those whose unchanged bytes the backend already
        refused for their content, and the status bar says so."""
        def said(retried: list) -> None:
            kept = len(ids) - len(retried)
            if kept:
                self.message.emit(plural(self.tr(
                    "%Ln file(s) not sent again: the backend refused what is in them, and the "
                    "same bytes would be refused again. Fix or replace the file, then retry.",
                    "", kept), kept))
        self._run("retry", ids, said)

    def _ids(self, states: frozenset[FileState]) -> list[int]:
        return [item.id for item in self.selected_items() if item.state in states]

    def pause_selected(self) -> None:
        self._run("pause", self._ids(PAUSABLE))

    def resume_selected(self) -> None:
        self._run("resume", self._ids(frozenset({FileState.PAUSED})))

    def pause_all(self) -> None:
        self._run("pause_all")

    def resume_all(self) -> None:
        self._run("resume_all")

    def cancel_selected(self) -> None:
        self._run("cancel", self._ids(CANCELLABLE))

    def retry_selected(self) -> None:
        self._retry(self._ids(RETRYABLE))

    def upload_anyway_selected(self) -> None:
        self._run("upload_anyway", self._ids(frozenset({FileState.DUPLICATE})))

    def remove_selected(self) -> None:
        ids = [item.id for item in self.selected_items()]
        if ids:
            self._run("remove", ids)

    def retry_all_failed(self) -> None:
        self._retry([item.id for item in self.model.items() if item.state is FileState.FAILED])

    def clear_finished(self) -> None:
        self._run("clear_finished")

    def _context_menu(self, pos: QPoint) -> None:
        if not self.list.indexAt(pos).isValid():
            # From the keyboard (the menu key, Shift+F10) the menu belongs to the current row.
            current = self.list.currentIndex()
            if not current.isValid() or not self.list.hasFocus():
                return
            pos = self.list.visualRect(current).center()
        menu = QMenu(self)
        for action in (self.pause_action, self.resume_action, None, self.cancel_action,
                       self.retry_action, self.upload_anyway_action, None, self.remove_action):
            if action is None:
                menu.addSeparator()
            elif action.isEnabled():
                menu.addAction(action)
        menu.exec(self.list.viewport().mapToGlobal(pos))
