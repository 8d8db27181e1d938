"""The Gallery tab: renditions in a grid, newest first, with a viewer and a context menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.client.api import ImageInfo
from desktop.ui.gallery_model import GalleryModel, ImageRole
from desktop.ui.hint_list_view import HintListView
from desktop.ui.pictures import RenditionLoader
from desktop.ui.service import Service
from desktop.ui.viewer import ImageViewer

ICON = 160


class GalleryView(QWidget):
    message = Signal(str)  # a sentence for the status bar

    def __init__(self, service: Service, renditions: RenditionLoader, page_size: int = 50,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._service = service
        self._renditions = renditions
        self.model = GalleryModel(service, renditions, page_size, self)
        self.model.message.connect(self.message)

        self.list = HintListView("No photos yet. Uploads appear here as soon as they are ready.", self)
        self.list.setObjectName("galleryList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(ICON, ICON))
        self.list.setGridSize(QSize(ICON + 24, ICON + 40))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setUniformItemSizes(True)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setDragEnabled(False)  # icon mode turns dragging on; drops go to the window
        self.list.setAcceptDrops(False)
        self.list.setModel(self.model)
        self.list.doubleClicked.connect(self.open_viewer)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)

        self.refresh_action = QAction("Refresh", self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.model.refresh)
        self.addAction(self.refresh_action)
        refresh = QPushButton("Refresh", self)
        refresh.setToolTip("Reload the gallery (F5)")
        refresh.clicked.connect(self.refresh_action.trigger)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)

        service.api_changed.connect(self.model.refresh)

    def add_new(self, image: ImageInfo) -> None:
        self.model.add_new(image)

    def open_viewer(self, index: QModelIndex) -> ImageViewer:
        viewer = ImageViewer(self.model, self._renditions, index.row(), self)
        viewer.show()
        return viewer

    # --- context menu ----------------------------------------------------------------

    def _context_menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        if not index.isValid():
            return
        image: ImageInfo = index.data(ImageRole)
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.open_viewer(index))
        menu.addAction("Copy link", lambda: self.copy_link(image))
        menu.addAction("Open in browser", lambda: QDesktopServices.openUrl(QUrl(image.large_url)))
        menu.addAction("Save large view as…", lambda: self.save_as(image))
        menu.addSeparator()
        menu.addAction("Delete…", lambda: self.delete(image))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def copy_link(self, image: ImageInfo) -> None:
        QGuiApplication.clipboard().setText(image.large_url or "")
        self.message.emit(f"Link to {image.filename} copied. It works for a limited time.")

    def save_as(self, image: ImageInfo) -> None:
        suggested = f"{Path(image.filename).stem}.webp"
        target, _ = QFileDialog.getSaveFileName(self, "Save large view as", suggested, "WebP image (*.webp)")
        if not target:
            return
        self._renditions.save_large(
            image, Path(target),
            lambda dest: self.message.emit(f"Saved {image.filename} to {dest}."),
            lambda error: self.message.emit(f"{image.filename} could not be saved to {target}: {error}"),
        )

    def delete(self, image: ImageInfo) -> None:
        answer = QMessageBox.question(
            self, "Delete photo",
            f"Delete {image.filename} from the backend? The original and its thumbnails are removed "
            "for good.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        api = self._service.api
        self._service.tasks.run(
            lambda: api.delete_image(image.id),
            lambda _: (self.model.remove(image.id), self.message.emit(f"Deleted {image.filename}.")),
            lambda error: self.message.emit(f"{image.filename} was not deleted: {error}"),
        )
