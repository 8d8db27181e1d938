"""The gallery as a list model, fed page by page from GET /images as the view scrolls.

Qt's views call canFetchMore()/fetchMore() when the user scrolls to the end; each
call asks for one page off the UI thread. A refresh bumps a generation number so a
page that arrives for the old listing is dropped, and thumbnails that arrive for
rows no longer present are dropped too.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap

from desktop.client.api import ImageInfo
from desktop.ui.pictures import RenditionLoader
from desktop.ui.service import Service
from desktop.ui.units import human_size

ImageRole = Qt.ItemDataRole.UserRole + 1
THUMB_SIZE = 256


def _placeholder() -> QIcon:
    pixmap = QPixmap(THUMB_SIZE, THUMB_SIZE)
    pixmap.fill(QColor(128, 128, 128, 40))
    return QIcon(pixmap)


_ROOT = QModelIndex()  # the invisible root: these are flat lists


class GalleryModel(QAbstractListModel):
    message = Signal(str)  # a sentence for the status bar

    def __init__(self, service: Service, renditions: RenditionLoader, page_size: int = 50, parent=None):
        super().__init__(parent)
        self._service = service
        self._renditions = renditions
        self.page_size = page_size
        self._items: list[ImageInfo] = []
        # QIcon, not QImage: views scale icons to their icon size, images they draw 1:1.
        self._pictures: dict[str, QIcon] = {}
        self._broken: set[str] = set()  # thumbnails that failed: not asked for again on repaint
        self._cursor: str | None = None
        self._started = False  # no page asked for yet
        self._loading = False
        self._generation = 0
        self._placeholder = _placeholder()
        renditions.thumbnail_ready.connect(self._thumbnail_ready)
        renditions.failed.connect(self._thumbnail_failed)

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._items):
            return None
        image = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return image.filename
        if role == Qt.ItemDataRole.DecorationRole:
            picture = self._pictures.get(image.id)
            if picture is None and image.id not in self._broken:
                self._renditions.request_thumbnail(image)
            return picture if picture is not None else self._placeholder
        if role == Qt.ItemDataRole.ToolTipRole:
            size = f"{image.width} × {image.height}, " if image.width else ""
            return f"{image.filename}\n{size}{human_size(image.bytes or 0)}\n{image.created_at}"
        if role == ImageRole:
            return image
        return None

    def image_at(self, row: int) -> ImageInfo | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def has_thumbnail(self, row: int) -> bool:
        image = self.image_at(row)
        return image is not None and image.id in self._pictures

    # --- paging ----------------------------------------------------------------------

    def canFetchMore(self, parent=_ROOT) -> bool:
        if parent.isValid() or self._loading or self._service.api is None:
            return False
        return not self._started or self._cursor is not None

    def fetchMore(self, parent=_ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        self._loading, self._started = True, True
        api, cursor, limit, generation = self._service.api, self._cursor, self.page_size, self._generation
        self._service.tasks.run(
            lambda: api.list_images(limit=limit, cursor=cursor),
            lambda page: self._page_arrived(generation, page),
            lambda error: self._page_failed(generation, error),
        )

    def _page_arrived(self, generation: int, page) -> None:
        if generation != self._generation:
            return  # a refresh happened meanwhile; this page belongs to the old listing
        self._loading = False
        items, self._cursor = page
        known = {image.id for image in self._items}
        fresh = [image for image in items if image.id not in known]
        if fresh:
            self.beginInsertRows(QModelIndex(), len(self._items), len(self._items) + len(fresh) - 1)
            self._items.extend(fresh)
            self.endInsertRows()

    def _page_failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._cursor = None  # stop asking until the user refreshes
        self.message.emit(f"The gallery could not be loaded: {error} Press F5 to try again.")

    def refresh(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._items, self._pictures, self._broken = [], {}, set()
        self._cursor, self._started, self._loading = None, False, False
        self.endResetModel()
        self.fetchMore()

    # --- changes ---------------------------------------------------------------------

    def add_new(self, image: ImageInfo) -> None:
        """A fresh upload is ready: it is the newest, so it goes on top."""
        if any(item.id == image.id for item in self._items):
            return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._items.insert(0, image)
        self.endInsertRows()

    def remove(self, image_id: str) -> None:
        row = self._row_of(image_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._items[row]
        self._pictures.pop(image_id, None)
        self.endRemoveRows()

    def _row_of(self, image_id: str) -> int | None:
        return next((row for row, item in enumerate(self._items) if item.id == image_id), None)

    def _thumbnail_ready(self, image_id: str, picture: QImage) -> None:
        row = self._row_of(image_id)
        if row is None:
            return  # removed or refreshed away while downloading
        self._pictures[image_id] = QIcon(QPixmap.fromImage(picture))
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _thumbnail_failed(self, image_id: str, kind: str, sentence: str) -> None:
        if kind == "thumbnail" and self._row_of(image_id) is not None:
            self._broken.add(image_id)
            self.message.emit(sentence)
