"""The gallery's grid of thumbnails: a wrapping icon list with day headers, several selected
at once, and dragging out to other applications.

A drag hands over files that are already on this computer: the original when Thumbdrop knows a
local copy, else the large view, fetched into the cache beforehand (the gallery prepares the
files off the UI thread when a few photos are selected, or the mouse goes down on a selection).
Files not prepared yet are left out of the drag, and the status bar says so. The drag also
carries the photos' ids (IMAGE_IDS_MIME): dropped on an album beside the grid, they join it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from desktop.client.api import ImageInfo
from desktop.ui.gallery.gallery_delegate import ICON, GalleryDelegate
from desktop.ui.gallery.gallery_model import GalleryModel, HeaderRole, ImageRole

IMAGE_IDS_MIME = "application/x-thumbdrop-image-ids"  # comma-separated image ids
_Move = QAbstractItemView.CursorAction
_BACKWARD = {_Move.MoveUp, _Move.MoveLeft, _Move.MovePrevious, _Move.MovePageUp}
from desktop.ui.widgets.hint_list_view import HintListView


class GalleryListView(HintListView):
    message = Signal(str)
    pressed_on_selection = Signal()  # the mouse went down on a selected photo: a drag may follow

    def __init__(self, hint: str, prepared: Callable[[ImageInfo], Path | None],
                 parent: QWidget | None = None):
        super().__init__(hint, parent)
        self._prepared = prepared
        self.setObjectName("galleryList")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(ICON, ICON))
        self.setSpacing(4)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)  # tiles stay in the grid; drags go out
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setUniformItemSizes(False)  # day headers are as wide as the view
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setAcceptDrops(False)  # drops of new photos go to the window
        self.setItemDelegate(GalleryDelegate(self))
        self.setAccessibleName(self.tr("Gallery"))
        self.setAccessibleDescription(self.tr(
            "Uploaded photos, newest first, grouped by day. Enter opens the selected photo; "
            "Delete deletes the selection; Ctrl+F filters by file name."))

    def setModel(self, model) -> None:
        super().setModel(model)
        self._palette_to_model()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._palette_to_model()

    def _palette_to_model(self) -> None:
        # The model draws the placeholder tiles; they follow this view's (Base, Text) colours.
        model = self.model()
        if isinstance(model, GalleryModel):
            model.set_palette(self.palette())

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Keys never land on a day header: QListView's Home, PageUp and PageDown go by rows
        and stop on a header (which can't be current), leaving the cursor where it was.
        A header is passed in the key's direction, or the other way at the ends."""
        index = super().moveCursor(action, modifiers)
        model = self.model()
        if not index.isValid() or not index.data(HeaderRole):
            return index
        for step in (-1, 1) if action in _BACKWARD else (1, -1):
            row = model.image_row(index.row(), step)
            if row is not None:
                return model.index(row)
        return self.currentIndex()

    def selected_images(self) -> list[ImageInfo]:
        """The selected images in the gallery's order."""
        indexes = sorted(self.selectionModel().selectedIndexes(), key=lambda i: i.row())
        return [image for index in indexes if (image := index.data(ImageRole)) is not None]

    def drag_files(self) -> tuple[list[Path], list[ImageInfo]]:
        """The files a drag of the selection hands over, and the images not ready yet."""
        ready, waiting = [], []
        for image in self.selected_images():
            path = self._prepared(image)
            (ready.append(path) if path is not None else waiting.append(image))
        return ready, waiting

    def mousePressEvent(self, event) -> None:
        super().mousePressEvent(event)
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and self.selectionModel().isSelected(index):
            self.pressed_on_selection.emit()

    def startDrag(self, supported: Qt.DropAction) -> None:
        images = self.selected_images()
        if not images:
            return
        ready, waiting = self.drag_files()
        drag = QDrag(self)
        drag.setMimeData(drag_mime(images, ready))
        current = self.currentIndex()
        icon = current.data(Qt.ItemDataRole.DecorationRole) if current.isValid() else None
        if icon is not None and not icon.isNull():
            drag.setPixmap(icon.pixmap(QSize(96, 96)))
        drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)
        if drag.target() is not None:
            return  # dropped inside Thumbdrop (an album): the files did not matter
        if len(waiting) == 1:
            self.message.emit(self.tr("{name} is still being fetched for dragging; drag again "
                                      "in a moment.").format(name=waiting[0].filename))
        elif waiting:
            self.message.emit(self.tr("%n photos are still being fetched for dragging; drag "
                                      "again in a moment.", "", len(waiting)))


def drag_mime(images: list[ImageInfo], files: list[Path]) -> QMimeData:
    """What a drag of `images` carries: the files ready on this computer (for other
    applications) and the ids (dropped on an album beside the grid, no file is needed)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in files])
    mime.setData(IMAGE_IDS_MIME, ",".join(image.id for image in images).encode("ascii"))
    return mime
