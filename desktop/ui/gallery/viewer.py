"""The large view of one gallery image: fit to window, actual size or zoomed (Ctrl+wheel, a
pinch, +/-), next/previous, with "3 of 5" and what is shown (the large view is at most
1600 px: the original's size is said beside it when it is bigger).

The viewer is a window of the main window's: it shares its palette (a dark theme stays dark),
opens over it on its screen and inside that screen's free area (never under a taskbar)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import QLabel, QMainWindow, QScrollArea, QSizePolicy, QToolBar, QWidget

from desktop.client.renditions import Rendition
from desktop.ui.gallery.gallery_model import GalleryModel
from desktop.ui.gallery.image_facts import describe, taken_by

WHEEL_STEP = 1.25  # zoom factor per wheel notch (120 units) or +/- press
ZOOM_LIMITS = (0.05, 8.0)
from desktop.ui.services.picture_loaders import RenditionLoader


class ImageViewer(QMainWindow):
    def __init__(self, model: GalleryModel, renditions: RenditionLoader, image_id: str,
                 parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)  # the parent's palette, font
        self._place(parent)
        self._model, self._renditions = model, renditions
        # The image shown, by id: rows move as pages arrive and photos are deleted.
        self._id = image_id
        self._image: QImage | None = None
        self._fit = True
        self._zoom = 1.0  # when not fitted: screen pixels per pixel of the large view

        self.label = QLabel(self.tr("Loading…"))
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # sentences name files: data, not markup
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scroll = QScrollArea(self)
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scroll.setWidget(self.label)
        self._scroll.setWidgetResizable(True)
        self._scroll.setAccessibleName(self.tr("Photo"))
        self._scroll.viewport().installEventFilter(self)  # Ctrl+wheel and pinches zoom
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
            (self.tr("Actual size"),
             self.tr("One pixel of the large view (at most 1600 px) per screen pixel (1)"),
             [QKeySequence("Ctrl+0"), QKeySequence("1")], lambda: self.set_zoom(1.0)),
            (self.tr("Zoom in"), self.tr("Zoom in (+, Ctrl+wheel)"),
             [QKeySequence.StandardKey.ZoomIn, QKeySequence("+")],
             lambda: self.zoom_by(WHEEL_STEP)),
            (self.tr("Zoom out"), self.tr("Zoom out (-, Ctrl+wheel)"),
             [QKeySequence.StandardKey.ZoomOut, QKeySequence("-")],
             lambda: self.zoom_by(1 / WHEEL_STEP)),
            (self.tr("Close"), self.tr("Close the viewer (Esc)"),
             [QKeySequence(Qt.Key.Key_Escape), QKeySequence.StandardKey.Close], self.close),
        ):
            action = QAction(text, self)
            action.setShortcuts(keys)
            action.setToolTip(tip)
            action.triggered.connect(slot)
            toolbar.addAction(action)
            toolbar.widgetForAction(action).setAccessibleDescription(tip)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.taken = QLabel(toolbar)  # "01/07/2024 18:30 (UTC+02:00) · Canon EOS R5"
        self.taken.setObjectName("viewerTaken")
        self.taken.setTextFormat(Qt.TextFormat.PlainText)  # camera names are data
        self.taken.setAccessibleName(self.tr("Date taken and camera"))
        toolbar.addWidget(self.taken)
        self.where = QLabel(toolbar)  # "3 of 5 · large view 1600 × 1200 (original 4000 × 3000)"
        self.where.setObjectName("viewerPosition")
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setAccessibleName(self.tr("Position and size"))
        toolbar.addWidget(self.where)
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

    def _place(self, parent: QWidget | None) -> None:
        """Over the main window, on its screen, inside the screen's free area."""
        owner = parent.window() if parent is not None else None
        screen = owner.screen() if owner is not None else self.screen()
        room = screen.availableGeometry()
        width, height = min(1000, room.width()), min(750, room.height())
        self.resize(width, height)
        centre = owner.frameGeometry().center() if owner is not None else room.center()
        frame = QRect(0, 0, width, height)
        frame.moveCenter(centre)
        frame.moveLeft(max(room.left(), min(frame.left(), room.right() - width)))
        frame.moveTop(max(room.top(), min(frame.top(), room.bottom() - height)))
        self.move(frame.topLeft())

    def set_fit(self, fit: bool) -> None:
        self._fit = fit
        self._scroll.setWidgetResizable(fit)
        self._render()

    @property
    def zoom(self) -> float | None:
        """Screen pixels per pixel of the large view; None while fitted to the window."""
        return None if self._fit else self._zoom

    def set_zoom(self, zoom: float) -> None:
        self._zoom = max(ZOOM_LIMITS[0], min(ZOOM_LIMITS[1], zoom))
        self.set_fit(False)

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self._shown_scale() * factor)

    def _shown_scale(self) -> float:
        """The scale the photo has on screen now (fitted or zoomed)."""
        if not self._fit or self._image is None or self._image.isNull():
            return self._zoom
        room = self._scroll.viewport().size()
        return min(1.0, room.width() / self._image.width(), room.height() / self._image.height())

    def eventFilter(self, watched, event) -> bool:
        if watched is self._scroll.viewport():
            if (event.type() == QEvent.Type.Wheel
                    and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                notches = event.angleDelta().y() / 120
                if notches:
                    self.zoom_by(WHEEL_STEP ** notches)
                return True
            if (event.type() == QEvent.Type.NativeGesture
                    and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture):
                self.zoom_by(1 + event.value())  # a pinch on a touchpad or screen
                return True
        return super().eventFilter(watched, event)

    def _position(self, image) -> str:
        listed = self._model.images()
        number = next((n for n, i in enumerate(listed, 1) if i.id == image.id), 0)
        total = len(listed)
        if self._model.canFetchMore():
            return self.tr("{number} of more than {total}").format(number=number, total=total)
        return self.tr("{number} of {total}").format(number=number, total=total)

    def _describe_shown(self) -> None:
        row = self._model.row_of(self._id)
        image = self._model.image_at(row) if row is not None else None
        if image is None:
            return
        where = self._position(image)
        if self._image is not None and not self._image.isNull():
            shown = self.tr("large view {width} × {height}").format(
                width=self._image.width(), height=self._image.height())
            if image.width and image.width > self._image.width():
                shown = self.tr("{shown} (original {width} × {height})").format(
                    shown=shown, width=image.width, height=image.height)
            where = self.tr("{where} · {shown}").format(where=where, shown=shown)
        self.where.setText(where)

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
        self.taken.setText(taken_by(image))
        self._describe_shown()
        self._renditions.request_large(image)

    def _large_ready(self, image_id: str, image: QImage) -> None:
        if image_id == self.current_id():  # the user may have moved on meanwhile
            self._image = image
            self._describe_shown()
            self._render()

    def _failed(self, image_id: str, kind: str, sentence: str) -> None:
        if image_id == self.current_id() and kind == Rendition.LARGE:
            self.label.setText(sentence)

    def _render(self) -> None:
        if self._image is None:
            return
        pixmap = QPixmap.fromImage(self._image)
        room = self._scroll.viewport().size()
        if self._fit and (pixmap.width() > room.width() or pixmap.height() > room.height()):
            pixmap = pixmap.scaled(room, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        elif not self._fit and self._zoom != 1.0:
            pixmap = pixmap.scaled(pixmap.size() * self._zoom, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        self.label.setPixmap(pixmap)
        if not self._fit:
            self.label.adjustSize()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit:
            self._render()
