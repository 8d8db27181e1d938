"""The large view of one gallery image: fit to window or actual size, next/previous."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import QLabel, QMainWindow, QScrollArea, QToolBar, QWidget

from desktop.ui.gallery_model import GalleryModel
from desktop.ui.image_facts import describe
from desktop.ui.pictures import RenditionLoader


class ImageViewer(QMainWindow):
    def __init__(self, model: GalleryModel, renditions: RenditionLoader, image_id: str,
                 parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1000, 750)
        self._model, self._renditions = model, renditions
        # The image shown, by id: rows move as pages arrive and photos are deleted.
        self._id = image_id
        self._image: QImage | None = None
        self._fit = True

        self.label = QLabel(self.tr("Loading…"))
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # sentences name files: data, not markup
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scroll = QScrollArea(self)
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scroll.setWidget(self.label)
        self._scroll.setWidgetResizable(True)
        self._scroll.setAccessibleName(self.tr("Photo"))
        self.setCentralWidget(self._scroll)

        toolbar = QToolBar(self.tr("View"), self)
        toolbar.setAccessibleName(self.tr("Viewer actions"))
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        for text, tip, keys, slot in (
            (self.tr("Previous"), self.tr("The previous photo (Left)"),
             [QKeySequence(Qt.Key.Key_Left), QKeySequence.StandardKey.Back], self.previous),
            (self.tr("Next"), self.tr("The next photo (Right)"),
             [QKeySequence(Qt.Key.Key_Right), QKeySequence.StandardKey.Forward], self.next),
            (self.tr("Fit to window"), self.tr("Shrink the photo to the window (F)"),
             [QKeySequence("F")], lambda: self.set_fit(True)),
            (self.tr("Actual size"), self.tr("One pixel of the photo per screen pixel (1)"),
             [QKeySequence("Ctrl+0"), QKeySequence("1")], lambda: self.set_fit(False)),
            (self.tr("Close"), self.tr("Close the viewer (Esc)"),
             [QKeySequence(Qt.Key.Key_Escape), QKeySequence.StandardKey.Close], self.close),
        ):
            action = QAction(text, self)
            action.setShortcuts(keys)
            action.setToolTip(tip)
            action.triggered.connect(slot)
            toolbar.addAction(action)
            toolbar.widgetForAction(action).setAccessibleDescription(tip)
        renditions.large_ready.connect(self._large_ready)
        renditions.failed.connect(self._failed)
        self._show_row()

    def current_id(self) -> str | None:
        return self._id

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        row = self._model.row_of(self._id)
        target = self._model.image_row(row, step) if row is not None else None
        if target is not None:
            self._id = self._model.image_at(target).id
            self._show_row()

    def set_fit(self, fit: bool) -> None:
        self._fit = fit
        self._scroll.setWidgetResizable(fit)
        self._render()

    def _show_row(self) -> None:
        row = self._model.row_of(self._id)
        image = self._model.image_at(row) if row is not None else None
        if image is None:
            self.close()
            return
        self.setWindowTitle(self.tr("{name} — Thumbdrop").format(name=image.filename))
        self._image = None
        self.label.setPixmap(QPixmap())
        self.label.setText(self.tr("Loading…"))
        # A screen reader hears which photo this is, and what is known about it.
        self.label.setAccessibleName(image.filename or image.id)
        self.label.setAccessibleDescription(describe(image))
        self._renditions.request_large(image)

    def _large_ready(self, image_id: str, image: QImage) -> None:
        if image_id == self.current_id():  # the user may have moved on meanwhile
            self._image = image
            self._render()

    def _failed(self, image_id: str, kind: str, sentence: str) -> None:
        if image_id == self.current_id() and kind == "large":
            self.label.setText(sentence)

    def _render(self) -> None:
        if self._image is None:
            return
        pixmap = QPixmap.fromImage(self._image)
        room = self._scroll.viewport().size()
        if self._fit and (pixmap.width() > room.width() or pixmap.height() > room.height()):
            pixmap = pixmap.scaled(room, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        self.label.setPixmap(pixmap)
        if not self._fit:
            self.label.adjustSize()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit:
            self._render()
