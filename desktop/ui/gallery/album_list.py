"""The album list beside the gallery: "All photos", then every album with its cover and
how many photos it holds. Choosing one lists only its photos in the grid.

- New album…, Rename…, Share album…, Delete… (buttons and the context menu); deleting asks
  first and says the photos stay; sharing opens the album's web links (share_dialog.py).
- Photos dragged from the grid onto an album join it (IMAGE_IDS_MIME); files dragged from
  outside onto an album are uploaded and put into it (`files_dropped`, handled by the
  window, which owns the upload queue).
Every call runs off the UI thread (services/album_calls.py); failures reach the status bar
as the server's sentence.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.client.albums import Added, Album
from desktop.client.api import ImageInfo
from desktop.ui.gallery.gallery_list_view import IMAGE_IDS_MIME
from desktop.ui.gallery.share_dialog import ShareDialog
from desktop.ui.services.album_calls import AlbumCalls
from desktop.ui.services.picture_loaders import RenditionLoader
from desktop.ui.widgets.plain_tooltip import plain_tooltip

AlbumRole = Qt.ItemDataRole.UserRole + 1  # the Album, None on "All photos"
COVER = 48


def ask_name(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """The name typed, or None when cancelled (tests replace this)."""
    name, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return name.strip() if ok and name.strip() else None


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Yes to the question (tests replace this)."""
    return QMessageBox.question(parent, title, question) == QMessageBox.StandardButton.Yes


class _AlbumItems(QListWidget):
    """The list itself: takes drops of photos (ids) and of files on an album's row."""

    ids_dropped = Signal(str, list)     # album id, image ids
    files_dropped = Signal(str, list)   # album id, paths

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setIconSize(QPixmap(COVER, COVER).size())

    def album_at(self, pos: QPoint) -> Album | None:
        item = self.itemAt(pos)
        return item.data(AlbumRole) if item is not None else None

    def _wanted(self, event) -> bool:
        mime = event.mimeData()
        return self.album_at(event.position().toPoint()) is not None and (
            mime.hasFormat(IMAGE_IDS_MIME) or mime.hasUrls())

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(IMAGE_IDS_MIME) or event.mimeData().hasUrls():
            event.acceptProposedAction()  # moves over the list decide per row
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self._wanted(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        album = self.album_at(event.position().toPoint())
        mime = event.mimeData()
        if album is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if mime.hasFormat(IMAGE_IDS_MIME):
            ids = bytes(mime.data(IMAGE_IDS_MIME)).decode("ascii").split(",")
            self.ids_dropped.emit(album.id, [image_id for image_id in ids if image_id])
        else:
            paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
            if paths:
                self.files_dropped.emit(album.id, paths)


class AlbumList(QWidget):
    album_chosen = Signal(object)        # album id, or None for the whole gallery
    files_dropped = Signal(str, list)    # upload these paths into this album
    message = Signal(str)
    changed = Signal()                   # an album's photos changed: the grid may refresh

    def __init__(self, calls: AlbumCalls, renditions: RenditionLoader,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("albumList")
        self._calls = calls
        self._renditions = renditions
        self.albums: list[Album] = []
        self.items = _AlbumItems(self)
        self.items.setObjectName("albumItems")
        self.items.setAccessibleName(self.tr("Albums"))
        self.items.setAccessibleDescription(self.tr(
            "Choose an album to list only its photos. Drop photos from the grid on an album "
            "to add them, or files from elsewhere to upload them into it."))
        self.items.currentItemChanged.connect(self._current_changed)
        self.items.ids_dropped.connect(self.add)
        self.items.files_dropped.connect(self.files_dropped)
        self.items.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.items.customContextMenuRequested.connect(self._context_menu)
        renditions.thumbnail_ready.connect(self._cover_ready)
        self.new_button = QPushButton(self.tr("New album…"), self)
        self.new_button.clicked.connect(self.create)
        self.share_button = QPushButton(self.tr("Share…"), self)
        self.share_button.setObjectName("shareAlbum")
        self.share_button.setToolTip(self.tr("Make a link that shows this album as a web page"))
        self.share_button.clicked.connect(lambda: self.current and self.share(self.current))
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.share_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.items, 1)
        layout.addLayout(buttons)
        self._fill([])

    # --- the list ------------------------------------------------------------------------

    @property
    def current(self) -> Album | None:
        item = self.items.currentItem()
        return item.data(AlbumRole) if item is not None else None

    def reload(self) -> None:
        self._calls.list(self._fill, self._failed(self.tr("The albums could not be loaded")))

    def _fill(self, albums: list[Album]) -> None:
        chosen = self.current.id if self.current else None
        self.albums = albums
        self.items.blockSignals(True)
        self.items.clear()
        everything = QListWidgetItem(self.tr("All photos"), self.items)
        everything.setData(AlbumRole, None)
        current = everything
        for album in albums:
            item = QListWidgetItem(self._label(album), self.items)
            item.setData(AlbumRole, album)
            item.setToolTip(plain_tooltip(album.name))
            if album.cover_id and album.cover_thumbnail_url:
                self._renditions.request_thumbnail(_cover_image(album))
            if album.id == chosen:
                current = item
        self.items.setCurrentItem(current)
        self.items.blockSignals(False)
        self.share_button.setEnabled(self.current is not None)
        if (current.data(AlbumRole) or None) is None and chosen is not None:
            self.album_chosen.emit(None)  # the album shown was deleted elsewhere

    def _label(self, album: Album) -> str:
        return self.tr("{name} (%n)", "", album.count).format(name=album.name)

    def _cover_ready(self, image_id: str, picture: QImage) -> None:
        for row in range(self.items.count()):
            album = self.items.item(row).data(AlbumRole)
            if album is not None and album.cover_id == image_id:
                self.items.item(row).setIcon(QIcon(QPixmap.fromImage(picture)))

    def _current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        album = current.data(AlbumRole) if current is not None else None
        self.share_button.setEnabled(album is not None)
        self.album_chosen.emit(album.id if album else None)

    def _context_menu(self, pos: QPoint) -> None:
        album = self.items.album_at(pos)
        menu = QMenu(self)
        menu.addAction(self.tr("New album…"), self.create)
        if album is not None:
            menu.addAction(self.tr("Rename…"), lambda: self.rename(album))
            menu.addAction(self.tr("Share album…"), lambda: self.share(album))
            menu.addAction(self.tr("Delete album…"), lambda: self.delete(album))
        menu.exec(self.items.viewport().mapToGlobal(pos))

    # --- actions ------------------------------------------------------------------------

    def create(self, then=None) -> None:
        """Asks for a name and makes the album; `then(album)` once it exists."""
        name = ask_name(self, self.tr("New album"), self.tr("Name of the new album:"))
        if name is None:
            return

        def made(album: Album) -> None:
            self.message.emit(self.tr("Made the album “{name}”.").format(name=album.name))
            self.reload()
            if callable(then):
                then(album)
        if not self._calls.create(name, made,
                                  self._failed(self.tr("The album could not be made"))):
            self.message.emit(self.tr("Thumbdrop is not connected to a backend yet; make the "
                                      "album once the gallery is listed."))

    def rename(self, album: Album) -> None:
        name = ask_name(self, self.tr("Rename album"), self.tr("New name of “{name}”:").format(
            name=album.name), album.name)
        if name is None or name == album.name:
            return
        self._calls.rename(album.id, name, lambda _album: self.reload(),
                           self._failed(self.tr("The album could not be renamed")))

    def share(self, album: Album) -> ShareDialog:
        """Opens the album's links (non-modal: the gallery stays usable beside it)."""
        dialog = ShareDialog(self._calls, album, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def delete(self, album: Album) -> None:
        question = self.tr("Delete the album “{name}”? Its %n photos stay in the gallery.", "",
                           album.count).format(name=album.name)
        if not confirm(self, self.tr("Delete album"), question):
            return

        def deleted(_none) -> None:
            self.message.emit(self.tr("Deleted the album “{name}”; its photos stay in the "
                                      "gallery.").format(name=album.name))
            self.reload()
        self._calls.delete(album.id, deleted,
                           self._failed(self.tr("The album could not be deleted")))

    def add(self, album_id: str, image_ids: list[str]) -> None:
        name = self._name(album_id)

        def added(answer: Added) -> None:
            sentence = self.tr("Added %n photos to “{name}”.", "", len(answer.added))
            if answer.missing:
                sentence += " " + self.tr("%n photos were deleted meanwhile and were not "
                                          "added.", "", len(answer.missing))
            self.message.emit(sentence.format(name=name))
            self.reload()
            self.changed.emit()
        self._calls.add(album_id, image_ids, added,
                        self._failed(self.tr("The photos could not be added to “{name}”")
                                     .format(name=name)))

    def remove(self, album_id: str, image_ids: list[str]) -> None:
        name = self._name(album_id)

        def removed(_none) -> None:
            self.message.emit(self.tr("Took %n photos out of “{name}”; they stay in the "
                                      "gallery.", "", len(image_ids)).format(name=name))
            self.reload()
            self.changed.emit()
        self._calls.remove(album_id, image_ids, removed,
                           self._failed(self.tr("The photos could not be taken out of "
                                                "“{name}”").format(name=name)))

    def _name(self, album_id: str) -> str:
        return next((album.name for album in self.albums if album.id == album_id), album_id)

    def _failed(self, what: str):
        def say(error: Exception) -> None:
            self.message.emit(self.tr("{what}: {reason}").format(what=what, reason=error))
        return say


def _cover_image(album: Album) -> ImageInfo:
    """Enough of an ImageInfo for the rendition loader to fetch the cover's thumbnail."""
    return ImageInfo(id=album.cover_id, status="ready", error=None, filename=album.name,
                     width=None, height=None, bytes=None, created_at=album.created_at,
                     thumbnail_url=album.cover_thumbnail_url, large_url=None)
