"""The Gallery tab: find photos by name, select several, delete, download, share, inspect.

- The filter asks the server (`q=`) a moment after the typing stops; pages of an older filter
  are dropped by the model.
- The grid groups photos by the day taken (or, sorted by upload time, the upload day), newest
  first; GalleryFilters picks the order and the date, camera and lens filters; several can be selected (Shift/Ctrl,
  Ctrl+A). Enter opens the viewer, Delete deletes the selection after one question.
- Deletes run off the UI thread; each row vanishes as its delete succeeds, and what failed is
  told in one sentence naming the files.
- Download originals / large views saves the selection into a chosen folder (DownloadsPanel).
- Copy link: permanent URLs where the API serves renditions publicly, else LinkDialog
  (which creates the links at once with the last lifetime used, once one was chosen).
- New photos (uploads from here, or found by the poll of the newest page) never move the
  grid under the user's eyes: while the gallery is shown and has photos they wait behind a
  "12 new photos — show" bar; when it is hidden or empty they join at once.
- The info panel shows the selected photo's facts.
- The album list (gallery/album_list.py) stands beside the grid; the context menu adds the
  selection to an album or takes it out of the one shown.
Every call to the backend goes through the Service.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.client.api import ImageInfo, Link
from desktop.client.api_errors import ApiError
from desktop.client.downloads import large_view_name
from desktop.client.renditions import Rendition
from desktop.settings import DOWNLOAD_FOLDER, last_folder, remember_folder
from desktop.ui.gallery.album_list import AlbumList
from desktop.ui.gallery.downloads_panel import DownloadsPanel
from desktop.ui.gallery.gallery_filters import GalleryFilters
from desktop.ui.gallery.gallery_list_view import GalleryListView
from desktop.ui.gallery.gallery_model import GalleryModel, ImageRole
from desktop.ui.gallery.info_panel import InfoPanel
from desktop.ui.gallery.link_dialog import LinkDialog
from desktop.ui.gallery.viewer import ImageViewer
from desktop.ui.services.album_calls import AlbumCalls
from desktop.ui.services.picture_loaders import RenditionLoader
from desktop.ui.services.service import Service
from desktop.ui.widgets.units import plural

FILTER_DELAY_MS = 300  # ask the server once the typing pauses, not on every key
# Files for a drag are fetched ahead: as soon as a few photos are selected, and for up to
# PREPARE_AT_MOST when the mouse goes down on a selection (a drag may follow), so Ctrl+A on
# 10,000 photos does not download large views nobody drags.
PREPARE_ON_SELECT = 3
PREPARE_AT_MOST = 30
# Photos uploaded elsewhere (the CLI, a colleague) are picked up by asking for the newest page
# this often while the window is open: one indexed query, off the UI thread.
POLL_MS = 20_000


class PhotoNames(QObject):
    """Lists photos by name inside a sentence. A QObject so its plural goes through tr():
    lupdate sees plural forms only there."""

    def of(self, images: list[ImageInfo], shown: int) -> str:
        names = [image.filename or image.id for image in images]
        if len(names) == 1:
            return names[0]
        if len(names) <= shown:
            return self.tr("{names} and {last}").format(
                names=self.tr(", ").join(names[:-1]), last=names[-1])
        return self.tr("{names} and %n more", "", len(names) - shown).format(
            names=self.tr(", ").join(names[:shown]))


def names_of(images: list[ImageInfo], shown: int = 3) -> str:
    """"a.jpg, b.jpg and c.jpg" / "a.jpg, b.jpg, c.jpg and 4 more"."""
    return PhotoNames().of(images, shown)


class Deletion(QObject):
    """One confirmed delete of several images: counts outcomes, then says one sentence."""

    def __init__(self, images: list[ImageInfo], removed: Callable[[str], None],
                 done: Callable[[str], None]):
        super().__init__()
        self.images, self._removed, self._done = images, removed, done
        self.remaining = len(images)
        self.failures: list[tuple[ImageInfo, Exception]] = []

    def succeeded(self, image: ImageInfo) -> None:
        self._removed(image.id)
        self._finished_one()

    def failed(self, image: ImageInfo, error: Exception) -> None:
        if isinstance(error, ApiError) and error.status == 404:
            self.succeeded(image)  # deleted meanwhile (elsewhere): gone, as asked
            return
        self.failures.append((image, error))
        self._finished_one()

    def _finished_one(self) -> None:
        self.remaining -= 1
        if not self.remaining:
            self._done(self.sentence())

    def sentence(self) -> str:
        deleted = len(self.images) - len(self.failures)
        if not self.failures:
            if deleted == 1:
                return self.tr("Deleted {name}.").format(name=names_of(self.images))
            return self.tr("Deleted %n photos.", "", deleted)
        failing = {image.id for image, _ in self.failures}
        failed = [image for image in self.images if image.id in failing]  # in gallery order
        reasons = list(dict.fromkeys(str(error) for _, error in self.failures))
        reason = reasons[0] if len(reasons) == 1 else " / ".join(reasons[:2])
        if len(failed) == 1:
            told = self.tr("{name} was not deleted: {reason}").format(
                name=names_of(failed, 5), reason=reason)
        else:
            told = self.tr("{names} were not deleted: {reason}", "", len(failed)).format(
                names=names_of(failed, 5), reason=reason)
        if not deleted:
            return told
        return self.tr("Deleted %n; {failures}", "", deleted).format(failures=told)


class GalleryView(QWidget):
    message = Signal(str)   # a sentence for the status bar
    show_me = Signal()      # Ctrl+F from elsewhere in the window: bring this tab forward
    upload_into_album = Signal(str, list)  # album id, paths dropped on it from outside

    def __init__(self, service: Service, renditions: RenditionLoader, page_size: int = 50,
                 parent: QWidget | None = None,
                 local_original: Callable[[str], Path | None] | None = None):
        super().__init__(parent)
        self._service = service
        self._renditions = renditions
        self._local_original = local_original or (lambda image_id: None)
        self._drag_ready: dict[str, Path] = {}
        self._drag_asked: set[str] = set()
        self._deletions: list[Deletion] = []
        self.model = GalleryModel(service, renditions, page_size, self)
        self.model.message.connect(self.message)

        self.filter = QLineEdit(self)
        self.filter.setObjectName("galleryFilter")
        self.filter.setPlaceholderText(self.tr("Filter by file name (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Filter by file name"))
        self.filter.setAccessibleDescription(self.tr(
            "Lists only the photos whose file name contains this text. Enter moves to the "
            "photos; Esc clears the filter."))
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(lambda _: self._filter_timer.start())
        self.filter.returnPressed.connect(self._filter_entered)
        clear_filter = QAction(self.tr("Clear the filter"), self.filter)
        clear_filter.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear_filter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear_filter.triggered.connect(self.filter.clear)
        self.filter.addAction(clear_filter)
        self.filters = GalleryFilters(self)
        self.filters.changed.connect(self.model.set_selection)
        self.count = QLabel(self)
        self.count.setObjectName("galleryCount")
        self.count.setAccessibleName(self.tr("Photos listed"))

        self.list = GalleryListView(self.empty_hint(), self._prepared, self)
        self.list.setModel(self.model)
        self.list.message.connect(self.message)
        self.list.pressed_on_selection.connect(
            lambda: self._prepare_drag(self.selected_images()[:PREPARE_AT_MOST]))
        self.list.activated.connect(self.open_viewer)  # Enter, or a double click
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.selectionModel().selectionChanged.connect(self._selection_changed)
        self._pending: dict[str, ImageInfo] = {}  # new photos held back (see the docstring)
        self.new_bar = QPushButton(self)
        self.new_bar.setObjectName("galleryNewPhotos")
        self.new_bar.setFlat(True)
        self.new_bar.clicked.connect(self.show_new)
        self.new_bar.hide()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.poll)
        self._poll.start()
        self.info = InfoPanel(self)
        self.downloads = DownloadsPanel(self)
        self.downloads.message.connect(self.message)

        self._build_actions()
        top = QHBoxLayout()
        top.addWidget(self.filter, 2)
        top.addWidget(self.count, 1)
        for action in (self.download_originals_action, self.copy_link_action,
                       self.delete_action):
            top.addWidget(self._button(action))
        more = QToolButton(self)
        more.setText(self.tr("More"))
        more.setAccessibleName(self.tr("More gallery actions"))
        more.setToolTip(self.tr("Download large views, open in the browser, select all, "
                                "refresh"))
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(more)
        menu.addActions([self.download_large_action, self.open_browser_action,
                         self.select_all_action, self.refresh_action])
        more.setMenu(menu)
        top.addWidget(more)
        top.addWidget(self._button(self.info_action))
        self.albums = AlbumList(AlbumCalls(service), renditions, self)
        self.albums.album_chosen.connect(self.model.set_album)
        self.albums.album_chosen.connect(self._album_chosen)
        self.albums.changed.connect(self._album_changed)
        self.albums.message.connect(self.message)
        self.albums.files_dropped.connect(self.upload_into_album)
        service.api_changed.connect(self.albums.reload)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.albums)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.info)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.new_bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.downloads)

        self.model.listing_changed.connect(self._show_count)
        self.model.rowsInserted.connect(self._show_count)
        self.model.rowsRemoved.connect(self._show_count)
        # A reset (a filter, a refresh) clears the selection without selectionChanged: the
        # info panel and the selection's actions must not keep a photo that is gone.
        self.model.modelReset.connect(self._selection_changed)
        self.model.modelReset.connect(self._drop_pending)
        self.model.rowsRemoved.connect(self._selection_changed)
        service.api_changed.connect(self.model.refresh)
        self.model.modelReset.connect(self._load_facets)
        service.server_config_changed.connect(self._config_known)
        self._selection_changed()
        self._show_count()

    def _build_actions(self) -> None:
        def action(text: str, slot, shortcut=None, tip: str = "") -> QAction:
            made = QAction(text, self)
            if shortcut is not None:
                made.setShortcut(QKeySequence(shortcut))
                made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.setToolTip(tip or text)
            made.triggered.connect(slot)
            self.addAction(made)
            return made

        # F5 itself, not StandardKey.Refresh: GTK's key theme makes that Ctrl+R (Retry's key).
        self.refresh_action = action(self.tr("Refresh"), self.model.refresh, "F5",
                                     self.tr("Reload the gallery (F5)"))
        self.delete_action = action(self.tr("Delete…"), self.delete_selected,
                                    QKeySequence.StandardKey.Delete,
                                    self.tr("Delete the selected photos from the backend (Delete)"))
        self.select_all_action = action(self.tr("Select all"), self.list.selectAll,
                                        QKeySequence.StandardKey.SelectAll,
                                        self.tr("Select every photo listed (Ctrl+A)"))
        self.download_originals_action = action(
            self.tr("Download originals…"), lambda: self.download_selected(Rendition.ORIGINAL),
            "Ctrl+Shift+D",
            self.tr("Save the selected photos' original files into a folder (Ctrl+Shift+D)"))
        self.download_large_action = action(
            self.tr("Download large views…"), lambda: self.download_selected(Rendition.LARGE), None,
            self.tr("Save the selected photos' large views (WebP) into a folder"))
        self.copy_link_action = action(self.tr("Copy link"), self.copy_link, "Ctrl+Shift+C",
                                       self.tr("Copy a link to the selected photos (Ctrl+Shift+C)"))
        self.open_browser_action = action(self.tr("Open in browser"), self.open_in_browser)
        self.info_action = action(self.tr("Info"), self.toggle_info, "Ctrl+I",
                                  self.tr("Show or hide the photo details (Ctrl+I)"))
        self.info_action.setCheckable(True)
        self.info_action.setChecked(True)
        self.find_action = QAction(self.tr("Find…"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.setToolTip(self.tr("Filter the gallery by file name (Ctrl+F)"))
        self.find_action.triggered.connect(self.focus_filter)

    def _button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.text(), self)
        button.setToolTip(action.toolTip())
        button.setAccessibleName(action.text().rstrip("….").strip())
        button.setAccessibleDescription(action.toolTip())
        button.setCheckable(action.isCheckable())
        button.setChecked(action.isChecked())
        button.clicked.connect(action.trigger)
        action.enabledChanged.connect(button.setEnabled)
        action.toggled.connect(button.setChecked)
        action.changed.connect(lambda: (button.setToolTip(action.toolTip()),
                                        button.setAccessibleDescription(action.toolTip())))
        button.setEnabled(action.isEnabled())
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    # --- filter ------------------------------------------------------------------------

    def _load_facets(self) -> None:
        """The cameras and lenses the filters offer, asked again with each new listing."""
        self._service.gallery.facets(lambda found: self.filters.set_facets(*found),
                             lambda _error: None)  # the filters keep what they offered

    def focus_filter(self) -> None:
        self.show_me.emit()
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_query(self.filter.text())

    def _filter_entered(self) -> None:
        self.apply_filter()
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def empty_hint(self) -> str:
        return self.tr("No photos yet. Uploads appear here as soon as they are ready.")

    def _show_count(self, *_) -> None:
        shown = self.model.listing.image_count()
        more = self.model.canFetchMore()  # "50+": more pages wait on the server
        query = self.model.query
        if self.model.loading and not shown:
            text = self.tr("Searching…") if query else self.tr("Loading…")
        elif query and not shown:
            text = self.tr("Nothing matches “{query}”").format(query=query)
        elif query:
            text = (self.tr("more than %Ln matching “{query}”", "", shown) if more else
                    self.tr("%Ln matching “{query}”", "", shown)).format(query=query)
        elif more:
            text = self.tr("more than %Ln photos", "", shown)
        else:
            text = self.tr("1 photo") if shown == 1 else self.tr("%Ln photos", "", shown)
        selected = len(self.list.selected_images())
        if selected > 1:
            text = self.tr("{count}, %Ln selected", "", selected).format(count=text)
        self.count.setText(text)
        self.list.set_hint(
            self.empty_hint() if not query else "" if self.model.loading else
            self.tr("No photo's file name contains “{query}”. Clear the filter (Esc) to see "
                    "them all.").format(query=query))

    # --- selection, info, drag ----------------------------------------------------------

    def selected_images(self) -> list[ImageInfo]:
        return self.list.selected_images()

    def _selection_changed(self, *_) -> None:
        images = self.selected_images()
        for action in (self.delete_action, self.download_originals_action,
                       self.download_large_action, self.copy_link_action,
                       self.open_browser_action):
            action.setEnabled(bool(images))
        self.open_browser_action.setEnabled(len(images) == 1)
        if self.downloads.busy:
            self.download_originals_action.setEnabled(False)
            self.download_large_action.setEnabled(False)
        self.info.show_images(images)
        self._show_count()
        if len(images) <= PREPARE_ON_SELECT:
            self._prepare_drag(images)

    def toggle_info(self) -> None:
        self.info.setVisible(self.info_action.isChecked())

    def _prepared(self, image: ImageInfo) -> Path | None:
        return self._drag_ready.get(image.id)

    def _prepare_drag(self, images: list[ImageInfo]) -> None:
        """Gets a file for each image ready before a drag starts (off the UI thread): the
        original when this computer has it, else the large view under the photo's name."""
        cache = self._renditions.cache
        for image in images:
            if image.id in self._drag_asked:
                continue
            self._drag_asked.add(image.id)
            local = self._local_original(image.id)
            name = large_view_name(image)

            def then(path: Path, image=image, local=local, name=name) -> Path:
                if local is not None and local.is_file() and local.stat().st_size == image.bytes:
                    return local
                return cache.named_copy(path, image.id, name)

            def done(path: Path, image=image) -> None:
                self._drag_ready[image.id] = path

            def failed(error: Exception, image=image) -> None:
                self._drag_asked.discard(image.id)  # try again on the next selection

            if not self._service.gallery.fetch_rendition(cache, image, Rendition.LARGE, then, done, failed):
                self._drag_asked.discard(image.id)

    # --- opening -----------------------------------------------------------------------

    def add_new(self, image: ImageInfo) -> None:
        """A photo ready on the server: into the grid now, or behind the bar (see above). Not
        while an album is shown: a new upload is in no album until someone puts it there (the
        album's own refresh brings those)."""
        if (image.id in self._pending or self.model.row_of(image.id) is not None
                or self.model.album_id is not None):
            return
        if not (self.list.isVisible() and self.model.listing.image_count()):
            self.model.add_new(image)
            return
        if not self.model.listing.matches(image):
            return
        self._pending[image.id] = image
        count = len(self._pending)
        self.new_bar.setText(plural(self.tr("%Ln new photo(s) — show", "", count), count))
        self.new_bar.setAccessibleName(self.new_bar.text())
        self.new_bar.show()

    def show_new(self) -> None:
        """The held-back photos join the grid, and the grid shows them (the top)."""
        pending, self._pending = list(self._pending.values()), {}
        self.new_bar.hide()
        for image in sorted(pending, key=lambda i: i.id, reverse=True):
            self.model.add_new(image)
        self.list.scrollToTop()

    def _drop_pending(self) -> None:
        # A new listing asks the server afresh: the held-back photos come with it.
        self._pending = {}
        self.new_bar.hide()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if self._pending:  # nobody looks: nothing can move under their eyes
            pending, self._pending = list(self._pending.values()), {}
            self.new_bar.hide()
            for image in pending:
                self.model.add_new(image)

    def poll(self) -> None:
        """Asks for the newest page by upload time (whatever order is shown); photos uploaded
        after any listed join (uploads made elsewhere) where their date puts them."""
        if not self.window().isVisible() or self.model.loading or self._service.api is None:
            return
        generation = self.model.listing.generation
        newest = self.model.listing.newest_id

        def arrived(page) -> None:
            if generation != self.model.listing.generation:
                return  # a refresh or filter meanwhile lists them anyway
            for image in page[0]:
                if image.status == "ready" and (newest is None or image.id > newest):
                    self.add_new(image)

        self._service.gallery.list_images(self.model.query, None, self.model.page_size, arrived,
                                  lambda _error: None)  # silent: the next poll asks again

    def open_viewer(self, index: QModelIndex | None = None) -> ImageViewer | None:
        index = index if index is not None else self.list.currentIndex()
        image = index.data(ImageRole) if index.isValid() else None
        if image is None:
            return None
        viewer = ImageViewer(self.model, self._renditions, image.id, self)
        viewer.show()
        return viewer

    def open_in_browser(self) -> None:
        images = self.selected_images()
        if len(images) == 1 and images[0].large_url:
            QDesktopServices.openUrl(QUrl(images[0].large_url))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        if not index.isValid() or index.data(ImageRole) is None:
            return
        if not self.list.selectionModel().isSelected(index):
            self.list.setCurrentIndex(index)  # a right click on an unselected photo selects it
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self.open_viewer(index))
        menu.addActions([self.copy_link_action, self.open_browser_action])
        menu.addSeparator()
        menu.addActions([self.download_originals_action, self.download_large_action])
        menu.addSeparator()
        self._album_actions(menu)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def _album_actions(self, menu: QMenu) -> None:
        """Add to album ▸ (each album, New album…), and Remove from the album shown."""
        ids = [image.id for image in self.selected_images()]
        into = menu.addMenu(self.tr("Add to album"))
        for album in self.albums.albums:
            into.addAction(album.name, lambda album=album: self.albums.add(album.id, ids))
        into.addSeparator()
        into.addAction(self.tr("New album…"), lambda: self.albums.create(
            then=lambda album: self.albums.add(album.id, ids)))
        if self.model.album_id is not None:
            menu.addAction(self.tr("Remove from this album"),
                           lambda: self.albums.remove(self.model.album_id, ids))

    def _album_chosen(self, album_id: str | None) -> None:
        # An album lists its photos by upload, unfiltered: the gallery's order and filters
        # (kept for "All photos") would say otherwise.
        self.filters.setEnabled(album_id is None)
        self.filters.setToolTip("" if album_id is None else self.tr(
            "An album lists its photos newest upload first; the order and filters apply to "
            "All photos."))
        self._drop_pending()

    def _album_changed(self) -> None:
        if self.model.album_id is not None:
            self.model.refresh()

    # --- links ---------------------------------------------------------------------------

    def _config_known(self) -> None:
        sharing = self._service.server_config
        self.copy_link_action.setToolTip(
            self.tr("Copy a permanent link to the selected photos (Ctrl+Shift+C)")
            if sharing is not None and sharing.output_access == "public" else
            self.tr("Copy a link to the selected photos that works as long as you choose "
                    "(Ctrl+Shift+C)"))

    def copy_link(self) -> LinkDialog | None:
        """Public output: copies permanent links at once. Else opens the lifetime dialog."""
        images = self.selected_images()
        if not images:
            return None
        sharing = self._service.server_config
        if sharing is None or sharing.output_access != "public":
            dialog = LinkDialog(images, self._service, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
            if dialog.has_remembered_lifetime():  # chosen once: copy at once, change it here
                dialog.create()
            return dialog
        links: dict[str, Link] = {}
        problems: list[str] = []

        def arrived(image: ImageInfo, link: Link | None, error: Exception | None) -> None:
            if link is not None:
                links[image.id] = link
            else:
                problems.append(self.tr("{name}: {reason}").format(name=image.filename,
                                                                    reason=error))
            if len(links) + len(problems) < len(images):
                return
            urls = [links[i.id].url for i in images if i.id in links]
            if urls:
                QGuiApplication.clipboard().setText("\n".join(urls))
            sentences = []
            if len(urls) == 1:
                linked = next(i for i in images if i.id in links)
                sentences.append(self.tr("Permanent link to {name} copied.").format(
                    name=linked.filename))
            elif urls:
                sentences.append(self.tr("%Ln permanent links copied.", "", len(urls)))
            if problems:
                sentences.append(self.tr("No link for {problems}").format(
                    problems="; ".join(problems)))
            self.message.emit(" ".join(sentences))

        for image in images:
            self._service.gallery.create_link(
                image.id, None, lambda link, image=image: arrived(image, link, None),
                lambda error, image=image: arrived(image, None, error))
        return None

    # --- delete --------------------------------------------------------------------------

    def delete_selected(self) -> None:
        images = self.selected_images()
        if not images:
            return
        if len(images) == 1:
            question = self.tr("Delete {name} from the backend? The original and its "
                               "thumbnails are removed for good.").format(name=images[0].filename)
        else:
            question = self.tr("Delete these %Ln photos from the backend ({names})? Their "
                               "originals and thumbnails are removed for good.", "",
                               len(images)).format(names=names_of(images))
        title = (self.tr("Delete photo") if len(images) == 1 else
                 self.tr("Delete %Ln photos", "", len(images)))
        if QMessageBox.question(self, title, question) != QMessageBox.StandardButton.Yes:
            return
        self.delete(images)

    def delete(self, images: list[ImageInfo]) -> None:
        """Deletes without asking (the question was asked), each off the UI thread."""
        deletion = Deletion(images, self.model.remove, self._deleted)
        self._deletions.append(deletion)
        if len(images) > 1:
            self.message.emit(self.tr("Deleting %Ln photos…", "", len(images)))
        for image in images:
            asked = self._service.gallery.delete_image(
                image.id, lambda _, image=image: deletion.succeeded(image),
                lambda error, image=image: deletion.failed(image, error))
            if not asked:
                deletion.failed(image, RuntimeError(self.tr("Thumbdrop is not connected to an "
                                                            "API.")))

    def _deleted(self, sentence: str) -> None:
        self._deletions = [d for d in self._deletions if d.remaining]
        self.message.emit(sentence)
        self.albums.reload()  # a deleted photo leaves its albums: counts and covers change

    # --- downloads ---------------------------------------------------------------------

    def download_selected(self, kind: str) -> None:
        images = self.selected_images()
        if not images or self.downloads.busy:
            return
        count = len(images)
        if kind == Rendition.ORIGINAL:
            title = (self.tr("Save the original of {name} in").format(name=images[0].filename)
                     if count == 1 else self.tr("Save the originals of %Ln photos in", "", count))
        else:
            title = (self.tr("Save the large view of {name} in").format(name=images[0].filename)
                     if count == 1 else
                     self.tr("Save the large views of %Ln photos in", "", count))
        folder = QFileDialog.getExistingDirectory(self, title,
                                                  str(last_folder(DOWNLOAD_FOLDER)))
        if not folder:
            return
        remember_folder(DOWNLOAD_FOLDER, Path(folder))
        self.download_into(images, Path(folder), kind)

    def download_into(self, images: list[ImageInfo], folder: Path, kind: str) -> None:
        job = self._service.gallery.download_images(images, folder, kind, self._renditions.cache)
        if job is None:
            self.message.emit(self.tr("Thumbdrop is not connected to an API yet; try again in a "
                                      "moment."))
            return
        self.downloads.track(job)
        job.finished.connect(lambda _: self._selection_changed())
        self._selection_changed()
