"""The Upload tab: the queue with per-row actions, and the total bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.collector import FileCollector
from desktop.ui.engine_shim import JobState
from desktop.ui.hint_list_view import HintListView
from desktop.ui.pictures import PreviewLoader, RenditionLoader
from desktop.ui.queue_delegate import UploadRowDelegate
from desktop.ui.queue_model import (
    ACTIVE,
    FINISHED,
    RETRYABLE,
    QueueRow,
    Totals,
    UploadQueueModel,
)
from desktop.ui.service import Service
from desktop.ui.total_bar import TotalBar

IMAGE_FILTER = ("Images (*.jpg *.jpeg *.png *.webp *.gif *.heic *.heif *.tif *.tiff *.bmp *.dng *.nef "
                "*.cr2 *.cr3 *.arw *.raf *.orf *.rw2);;All files (*)")


class UploadView(QWidget):
    message = Signal(str)  # a sentence for the status bar

    def __init__(self, service: Service, renditions: RenditionLoader, parent: QWidget | None = None):
        super().__init__(parent)
        self._service = service
        self.model = UploadQueueModel(self)
        self.collector = FileCollector(service, self)
        self._previews = PreviewLoader(service, self)

        self.list = HintListView("Drop photos or whole folders anywhere on this window,\n"
                                 "or use Add files… (Ctrl+O).", self)
        self.list.setObjectName("uploadList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(UploadRowDelegate(self.list))
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(True)  # 10,000 rows lay out without measuring each
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.totals = TotalBar(self)

        self.add_files_action = self._action("Add files…", QKeySequence.StandardKey.Open, self.add_files_dialog)
        self.add_folder_action = self._action("Add folder…", "Ctrl+Shift+O", self.add_folder_dialog)
        self.cancel_action = self._action("Cancel", "Ctrl+.", self.cancel_selected)
        self.retry_action = self._action("Retry", "Ctrl+R", self.retry_selected)
        self.remove_action = self._action("Remove from list", QKeySequence.StandardKey.Delete, self.remove_selected)
        self.retry_failed_action = self._action("Retry all failed", "Ctrl+Shift+R", self.retry_all_failed)
        self.clear_finished_action = self._action("Clear finished", None, self.clear_finished)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        buttons = QHBoxLayout()
        for action in (self.add_files_action, self.add_folder_action, None, self.cancel_action,
                       self.retry_action, self.retry_failed_action, self.clear_finished_action):
            if action is None:
                buttons.addStretch(1)
                continue
            button = QPushButton(action.text(), self)
            button.setToolTip(f"{action.text()} ({action.shortcut().toString()})" if not action.shortcut().isEmpty() else action.text())
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.totals)

        self.collector.batch.connect(self._queue_batch)
        self.model.preview_needed.connect(self._previews.request)
        self._previews.ready.connect(self.model.set_preview)
        self.model.image_ready.connect(renditions.request_thumbnail)
        renditions.thumbnail_ready.connect(self.model.set_thumbnail)
        service.job_updates.connect(self._apply_updates)
        self.model.rowsInserted.connect(self._refresh_totals)
        self.model.rowsRemoved.connect(self._refresh_totals)
        self.list.selectionModel().selectionChanged.connect(self._refresh_actions)
        self._refresh_totals()

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- adding files ----------------------------------------------------------------

    def add_paths(self, paths: list[Path]) -> None:
        """Queues files and folders (walked recursively off the UI thread)."""
        if paths:
            self.collector.collect(paths)

    def add_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add photos", "", IMAGE_FILTER)
        self.add_paths([Path(f) for f in files])

    def add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of photos")
        if folder:
            self.add_paths([Path(folder)])

    def _queue_batch(self, files: list) -> None:
        rows = self.model.add_files(files)
        skipped = len(files) - len(rows)
        if skipped:
            self.message.emit(f"{skipped} file(s) skipped: they are not images Thumbdrop can upload "
                              "(the reason is on each row).")
        if rows:
            self._service.when_ready(lambda: self._submit(rows))

    def _submit(self, rows: list[QueueRow]) -> None:
        engine = self._service.engine
        paths = [row.path for row in rows]

        def assigned(job_ids: list[int]) -> None:
            for job_id in self.model.assign_jobs(rows, job_ids):
                engine.cancel(job_id)

        self._service.tasks.run(lambda: [engine.submit(p) for p in paths], assigned,
                                lambda e: self.message.emit(f"Could not queue {len(paths)} file(s): {e}"))

    # --- progress --------------------------------------------------------------------

    def _apply_updates(self, updates: list) -> None:
        self.model.apply_updates(updates)
        self._refresh_totals()

    def _refresh_totals(self) -> None:
        totals = self.model.totals()
        self.totals.show_totals(totals)
        self._refresh_actions(totals=totals)

    def _refresh_actions(self, *_, totals: Totals | None = None) -> None:
        """Enables each action only where it would do something, for the buttons and menus."""
        totals = totals or self.model.totals()
        rows = self._selected_rows()
        self.cancel_action.setEnabled(any(r.state in ACTIVE for r in rows))
        self.retry_action.setEnabled(any(r.state in RETRYABLE for r in rows))
        self.remove_action.setEnabled(bool(rows))
        self.retry_failed_action.setEnabled(totals.files_failed > 0)
        self.clear_finished_action.setEnabled(totals.files_finished > 0)

    def has_running_uploads(self) -> bool:
        return self.model.totals().active > 0

    # --- row actions -----------------------------------------------------------------

    def _selected_rows(self) -> list[QueueRow]:
        return [self.model.row_at(i) for i in self.list.selectionModel().selectedIndexes()]

    def cancel_selected(self) -> None:
        self._cancel(self._selected_rows())

    def _cancel(self, rows: list[QueueRow]) -> None:
        engine = self._service.engine
        for row in rows:
            if row.state not in ACTIVE:
                continue
            if row.job_id is not None and engine is not None:
                engine.cancel(row.job_id)
            else:
                self.model.mark_cancelled(row)

    def retry_selected(self) -> None:
        self._retry([r for r in self._selected_rows() if r.state in RETRYABLE])

    def retry_all_failed(self) -> None:
        self._retry([r for r in self.model.rows() if r.state == JobState.FAILED.value])

    def _retry(self, rows: list[QueueRow]) -> None:
        engine = self._service.engine
        for row in rows:
            if row.job_id is not None and engine is not None and engine.retry(row.job_id):
                self.model.mark_requeued(row)
        self._refresh_totals()

    def remove_selected(self) -> None:
        rows = self._selected_rows()
        self._cancel(rows)
        self.model.remove_rows(rows)

    def clear_finished(self) -> None:
        self.model.remove_rows([r for r in self.model.rows() if r.state in FINISHED])

    def _context_menu(self, pos: QPoint) -> None:
        if not self.list.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        for action in (self.cancel_action, self.retry_action, self.remove_action):
            menu.addAction(action)
        menu.exec(self.list.viewport().mapToGlobal(pos))
