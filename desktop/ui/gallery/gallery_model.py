"""The gallery as a list model: a Qt adapter of GalleryListing (desktop/client/gallery_listing.py).

Rows are images and, before each day's first image (the day taken, or the upload day when
sorted by upload time), a header row (disabled, so it is never
selected and the keyboard steps over it). Pages come from the Service as the view scrolls
(canFetchMore/fetchMore) or, while a filter finds few images per page, one after another
until a page's worth is found. A page for an older listing (an earlier filter, before a
refresh) is dropped, and so are thumbnails for rows no longer present.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPalette, QPixmap

from desktop.client.api import ImageInfo
from desktop.client.gallery_listing import (
    UPLOADED,
    Change,
    GalleryListing,
    Insert,
    PageRequest,
    Selection,
)
from desktop.client.renditions import Rendition
from desktop.ui.gallery.image_facts import added_by, describe, spoken, uploaded_at
from desktop.ui.services.album_calls import AlbumCalls
from desktop.ui.services.picture_loaders import RenditionLoader
from desktop.ui.services.service import Service
from desktop.ui.widgets.plain_tooltip import plain_tooltip

# What an album lists, whatever the gallery's order and filters: its photos newest upload first
# (the album route has no other order), so its day headers are upload days.
ALBUM_SELECTION = Selection(order=UPLOADED)

ImageRole = Qt.ItemDataRole.UserRole + 1
HeaderRole = Qt.ItemDataRole.UserRole + 2  # True on a day's header row
THUMB_SIZE = 256
_DISPLAY = Qt.ItemDataRole.DisplayRole
# How far the placeholder tile leans from the background toward the text colour: visibly a
# tile on a light and a dark palette alike, yet quieter than any thumbnail.
PLACEHOLDER_MIX = 0.14


def mixed(base: QColor, toward: QColor, amount: float) -> QColor:
    """`base` moved `amount` (0..1) of the way to `toward`, channel by channel."""
    return QColor.fromRgbF(*(b + (t - b) * amount for b, t in zip(
        base.getRgbF()[:3], toward.getRgbF()[:3], strict=True)))


def placeholder_colour(palette: QPalette) -> QColor:
    return mixed(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text),
                 PLACEHOLDER_MIX)


def _placeholder(colour: QColor) -> QIcon:
    pixmap = QPixmap(THUMB_SIZE, THUMB_SIZE)
    pixmap.fill(colour)
    return photo_icon(pixmap)


def photo_icon(pixmap: QPixmap) -> QIcon:
    """An icon whose selected look is the photo itself: without a Selected pixmap, the style
    tints a selected icon with the highlight colour, which washes out exactly the photos a user
    picked to look at. The tile's highlight behind the picture shows the selection."""
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon


def day_title(day: date | None, today: date | None = None) -> str:
    """"Today", "Yesterday", or the day in the user's locale ("Monday, 3 March 2025")."""
    if day is None:
        return QCoreApplication.translate("GalleryModel", "Date unknown")
    today = today or date.today()
    if day == today:
        return QCoreApplication.translate("GalleryModel", "Today")
    if day == today - timedelta(days=1):
        return QCoreApplication.translate("GalleryModel", "Yesterday")
    return QLocale().toString(day, QLocale.FormatType.LongFormat)


_ROOT = QModelIndex()  # the invisible root: these are flat lists


class GalleryModel(QAbstractListModel):
    message = Signal(str)        # a sentence for the status bar
    listing_changed = Signal()   # a new listing started (filter or refresh) or a page came

    def __init__(self, service: Service, renditions: RenditionLoader, page_size: int = 50,
                 parent=None):
        super().__init__(parent)
        self._service = service
        self._renditions = renditions
        self.listing = GalleryListing(page_size)
        self._albums = AlbumCalls(service)
        self.album_id: str | None = None  # an album chosen beside the grid: only its photos
        self._chosen = self.listing.selection  # the gallery's order and filters, kept for later
        # QIcon, not QImage: views scale icons to their icon size, images they draw 1:1.
        self._pictures: dict[str, QIcon] = {}
        self._broken: set[str] = set()  # thumbnails that failed: not asked for again on repaint
        self._placeholder_colour = placeholder_colour(QGuiApplication.palette())
        self._placeholder = _placeholder(self._placeholder_colour)
        renditions.thumbnail_ready.connect(self._thumbnail_ready)
        renditions.failed.connect(self._thumbnail_failed)

    @property
    def page_size(self) -> int:
        return self.listing.page_size

    @property
    def query(self) -> str:
        return self.listing.query

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.listing.rows)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid() or index.row() >= len(self.listing.rows):
            return Qt.ItemFlag.NoItemFlags
        if self.listing.rows[index.row()].is_header:
            return Qt.ItemFlag.NoItemFlags  # not selectable; arrows step over it
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemNeverHasChildren)

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        if not index.isValid() or index.row() >= len(self.listing.rows):
            return None
        row = self.listing.rows[index.row()]
        if row.is_header:
            if role in (_DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
                return day_title(row.day)
            if role == HeaderRole:
                return True
            return None
        image = row.image
        if role == _DISPLAY:
            return image.filename
        if role == Qt.ItemDataRole.DecorationRole:
            picture = self._pictures.get(image.id)
            if picture is None and image.id not in self._broken:
                self._renditions.request_thumbnail(image)
            return picture if picture is not None else self._placeholder
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tr("{name}\n{facts}\nUploaded {when}").format(
                name=image.filename, facts=describe(image), when=uploaded_at(image))
            added = added_by(image)
            if added:
                tip += "\n" + self.tr("Added by {who}").format(who=added)
            return plain_tooltip(tip)  # names are data: a guest's "<b>" shows as written
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return spoken(image)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return describe(image)
        if role == ImageRole:
            return image
        if role == HeaderRole:
            return False
        return None

    def set_palette(self, palette: QPalette) -> None:
        """The view's palette changed (a dark theme, say): placeholders follow it."""
        colour = placeholder_colour(palette)
        if colour == self._placeholder_colour:
            return
        self._placeholder_colour, self._placeholder = colour, _placeholder(colour)
        if self.rowCount():
            self.dataChanged.emit(self.index(0), self.index(self.rowCount() - 1),
                                  [Qt.ItemDataRole.DecorationRole])

    def image_at(self, row: int) -> ImageInfo | None:
        return self.listing.image_at(row)

    def images(self) -> list[ImageInfo]:
        return list(self.listing.images())

    def image_row(self, row: int, step: int) -> int | None:
        """The row of the image `step` images away from `row` (headers skipped)."""
        return self.listing.image_row(row, step)

    def row_of(self, image_id: str) -> int | None:
        return self.listing.row_of(image_id)

    def has_thumbnail(self, row: int) -> bool:
        image = self.image_at(row)
        return image is not None and image.id in self._pictures

    @property
    def loading(self) -> bool:
        return self.listing.loading

    # --- paging ----------------------------------------------------------------------

    def canFetchMore(self, parent=_ROOT) -> bool:
        if parent.isValid() or self._service.api is None:
            return False
        return self.listing.can_fetch_more()

    def fetchMore(self, parent=_ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        self._ask(self.listing.next_request())

    def _ask(self, request: PageRequest | None) -> None:
        if request is None:
            return
        fetch = self._service.gallery.list_images if self.album_id is None else partial(
            self._albums.images, self.album_id)
        asked = fetch(
            request.query, request.cursor, request.limit,
            lambda page: self._page_arrived(request.generation, page),
            lambda error: self._page_failed(request.generation, error),
            selection=request.selection.params(),
        )
        if not asked:  # no API yet: ask again once there is one (api_changed refreshes)
            self.listing.page_failed(request.generation)

    def _page_arrived(self, generation: int, page) -> None:
        items, cursor = page
        outcome = self.listing.page_arrived(generation, items, cursor)
        if outcome is None:
            return  # a refresh or a new filter happened meanwhile: this page is stale
        changes, go_on = outcome
        self._apply(changes)
        self.listing_changed.emit()
        if go_on:
            self._ask(self.listing.next_request())

    def _page_failed(self, generation: int, error: Exception) -> None:
        if not self.listing.page_failed(generation):
            return
        self.listing_changed.emit()
        self.message.emit(self.tr("The gallery could not be loaded: {reason} Press F5 to try "
                                  "again.").format(reason=error))

    def refresh(self) -> None:
        self._restart(None)

    def set_query(self, query: str) -> None:
        """Lists only images whose filename contains `query` (the server filters)."""
        query = query.strip()
        if query != self.listing.query:
            self._restart(query)

    @property
    def selection(self) -> Selection:
        return self.listing.selection

    def set_selection(self, selection: Selection) -> None:
        """Another order (date taken / upload time) or other date, camera, lens filters (for
        the whole gallery: an album shown keeps ALBUM_SELECTION)."""
        self._chosen = selection
        if self.album_id is None and selection != self.listing.selection:
            self._restart(None, selection)

    def _restart(self, query: str | None, selection: Selection | None = None) -> None:
        self.beginResetModel()
        for change in self.listing.restart(query, selection):
            self.listing.apply(change)
        self._pictures, self._broken = {}, set()
        self.endResetModel()
        self.listing_changed.emit()
        self.fetchMore()

    # --- changes ---------------------------------------------------------------------

    def set_album(self, album_id: str | None) -> None:
        """Lists only the album's photos (None: the whole gallery)."""
        if album_id != self.album_id:
            self.album_id = album_id
            self._restart(None, self._chosen if album_id is None else ALBUM_SELECTION)

    def add_new(self, image: ImageInfo) -> None:
        """A fresh upload is ready: it joins the listing at its place (if the filter allows;
        an album shown gets its new photos by a refresh, since not every upload is in it)."""
        if self.album_id is None:
            self._apply(self.listing.added(image))

    def remove(self, image_id: str) -> None:
        self._apply(self.listing.removed(image_id))
        self._pictures.pop(image_id, None)
        self._broken.discard(image_id)

    def _apply(self, changes: list[Change]) -> None:
        for change in changes:
            if isinstance(change, Insert):
                last = change.row + len(change.rows) - 1
                self.beginInsertRows(_ROOT, change.row, last)
                self.listing.apply(change)
                self.endInsertRows()
            else:
                self.beginRemoveRows(_ROOT, change.row, change.row + change.count - 1)
                self.listing.apply(change)
                self.endRemoveRows()

    def _thumbnail_ready(self, image_id: str, picture: QImage) -> None:
        row = self.row_of(image_id)
        if row is None:
            return  # removed or refreshed away while downloading
        self._pictures[image_id] = photo_icon(QPixmap.fromImage(picture))
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _thumbnail_failed(self, image_id: str, kind: str, sentence: str) -> None:
        if kind == Rendition.THUMBNAIL and self.row_of(image_id) is not None:
            self._broken.add(image_id)
            self.message.emit(sentence)
