"""Import from <card>: the card's photos the gallery doesn't hold yet, by day taken, ticked.

Everything that touches the card or the disk runs on the Service's card pool (card_scan:
reading and hashing, asking the server about digests in batches; card_import: the verified
copies, queueing, eject); progress and results come back as signals and callbacks on the UI
thread. The dialog is not modal: the window keeps working while a card is read. Closing it
stops the reading or copying at the next chunk; copies already made stay in their day folders
and are found again (not copied twice) by the next import.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from desktop.client.api import ApiClient
from desktop.client.card_import import ImportResult, run_import
from desktop.client.card_scan import CardPhoto, Volume, by_day, not_in_gallery, scan_card
from desktop.client.engine import TransferEngine
from desktop.ui.services.service import Service
from desktop.ui.widgets.units import human_size, plural

PHOTO = Qt.ItemDataRole.UserRole


class CardImportDialog(QDialog):
    imported = Signal(str)      # a sentence for the status bar once the photos are queued
    _read = Signal(int)         # photos read so far (from the worker)
    _copied = Signal(int)       # photos copied so far (from the worker)

    def __init__(self, service: Service, card: Volume, pictures: Path, parent=None):
        super().__init__(parent)
        self._service, self.card, self._pictures = service, card, pictures
        self._count = 0
        # Reading or importing: the dialog lives until the worker answers.
        self._worker_running = False
        self._stop = threading.Event()  # closing the dialog stops the card's reading or copying
        self.setWindowTitle(self.tr("Import from {card}").format(card=card.name))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.photos = QTreeWidget(self)
        self.photos.setHeaderLabels([self.tr("Photo"), self.tr("Size")])
        self.photos.setAccessibleName(self.tr("Photos to import"))
        self.photos.itemChanged.connect(self._ticks_changed)
        self.copy_first = QCheckBox(self.tr("Copy to {folder}/<yyyy>/<yyyy-mm-dd>/ first").format(
            folder=_shown(pictures)), self)
        self.copy_first.setToolTip(self.tr("Each copy is checked against the card's photo "
                                           "before it is uploaded; no file is ever replaced."))
        self.copy_first.setChecked(True)
        self.eject_when_done = QCheckBox(self.tr("Eject when done"), self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(self.tr("Import"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.photos, self.copy_first, self.eject_when_done,
                       self.buttons):
            layout.addWidget(widget)
        self._read.connect(self._show_read)
        self._copied.connect(self._show_copied)
        self.resize(520, 480)

    # --- reading the card -----------------------------------------------------------

    def start(self) -> None:
        """Reads the card and asks the server which photos it holds (on the card pool)."""
        self._say(self.tr("Looking for new photos on {card}…").format(card=self.card.name))
        config = self._service.server_config
        self._worker_running = self._service.gallery.card_work(
            lambda api: self._scan(api, config), self._scanned, self._scan_failed)
        if not self._worker_running:
            self._say(self.tr("Thumbdrop isn't connected to a backend yet, so it can't tell "
                              "which photos on {card} are new; check Settings, then open "
                              "File → Import from {card}… again.").format(card=self.card.name))

    def _scan(self, api: ApiClient, config) -> tuple[int, list[CardPhoto]]:
        photos = scan_card(self.card.root, cancel=self._stops(),
                           on_photo=self._read.emit)
        batch = (config or api.get_config()).max_batch
        return len(photos), not_in_gallery(photos, api.held_digests, batch)

    def _show_read(self, count: int) -> None:
        self._say(self.tr("Looking for new photos on {card}… {count} read.").format(
            card=self.card.name, count=QLocale().toString(count)))

    def _scanned(self, answer: tuple[int, list[CardPhoto]]) -> None:
        if self._idle_and_closed():
            return
        total, new = answer
        self.photos.blockSignals(True)
        for day, photos in by_day(new):
            group = QTreeWidgetItem(self.photos, [self._day_title(day, len(photos))])
            group.setFlags(group.flags() | Qt.ItemFlag.ItemIsUserCheckable
                           | Qt.ItemFlag.ItemIsAutoTristate)
            for photo in photos:
                row = QTreeWidgetItem(group, [photo.path.name, human_size(photo.size)])
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                row.setData(0, PHOTO, photo)
                row.setCheckState(0, Qt.CheckState.Checked)
            group.setCheckState(0, Qt.CheckState.Checked)
            group.setExpanded(True)
        self.photos.blockSignals(False)
        self.photos.resizeColumnToContents(0)
        if new:
            self._say(plural(self.tr("%Ln new photo(s) on {card}, not in the gallery yet "
                                     "({held} already are).", "", len(new)), len(new)).format(
                card=self.card.name, held=QLocale().toString(total - len(new))))
        else:
            self._say(self.tr("Every photo on {card} is already in the gallery.").format(
                card=self.card.name))
        self._ticks_changed()

    def _day_title(self, day, count: int) -> str:
        return plural(self.tr("{day}: %Ln photo(s)", "", count), count).format(
            day=QLocale().toString(QDate(day.year, day.month, day.day),
                                   QLocale.FormatType.LongFormat))

    def _scan_failed(self, error: Exception) -> None:
        if self._idle_and_closed():
            return
        self._say(self.tr("Couldn't look at the photos on {card}: {error} Check that the card "
                          "is still in, then open File → Import from {card}… again.").format(
            card=self.card.name, error=_sentence(error)))

    def ticked(self) -> list[CardPhoto]:
        photos = []
        for day in range(self.photos.topLevelItemCount()):
            group = self.photos.topLevelItem(day)
            for index in range(group.childCount()):
                row = group.child(index)
                if row.checkState(0) == Qt.CheckState.Checked:
                    photos.append(row.data(0, PHOTO))
        return photos

    def _ticks_changed(self, *_args) -> None:
        self.import_button.setEnabled(bool(self.ticked()))

    # --- importing --------------------------------------------------------------------

    def start_import(self) -> None:
        photos = self.ticked()
        if not photos:
            return
        if self._service.queue_error:  # the queue can't be opened: nothing could be queued
            self._say(self._service.queue_error)
            return
        copy_to = self._pictures if self.copy_first.isChecked() else None
        eject_after = self.eject_when_done.isChecked()
        count = self._count = len(photos)
        self._worker_running = True
        for widget in (self.photos, self.copy_first, self.eject_when_done, self.import_button):
            widget.setEnabled(False)
        starting = (self.tr("Copying %Ln photo(s) from {card}…", "", count) if copy_to else
                    self.tr("Queueing %Ln photo(s) from {card}…", "", count))
        self._say(plural(starting, count).format(card=self.card.name))
        service = self._service

        def run(engine: TransferEngine) -> None:
            service.cards.run(lambda: run_import(
                self.card, photos, copy_to=copy_to, eject_after=eject_after,
                add=lambda paths: engine.add_files(paths).result(), store=service.store,
                cancel=self._stops(), on_copied=self._copied.emit),
                self._imported, self._import_failed)
        service.when_queue_ready(run)

    def _show_copied(self, count: int) -> None:
        self._say(plural(self.tr("Copied and checked {done} of %Ln photo(s) from {card}…", "",
                                 self._count), self._count).format(
            done=QLocale().toString(count), card=self.card.name))

    def _imported(self, result: ImportResult) -> None:
        if self._idle_and_closed():
            return
        count = len(result.queued)
        summary = plural(self.tr("%Ln photo(s) from {card} queued for upload.", "", count),
                         count).format(card=self.card.name)
        if result.copied:
            summary += " " + plural(self.tr("%Ln copied to {folder}.", "", result.copied),
                                    result.copied).format(folder=_shown(self._pictures))
        problems = result.failures + ([result.eject_problem] if result.eject_problem else [])
        self.imported.emit(summary)
        if not problems:
            self.accept()
            return
        self._say("\n".join([summary, *problems]))
        self.buttons.clear()
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)

    def _import_failed(self, error: Exception) -> None:
        if self._idle_and_closed():
            return
        self._say(self.tr("The import from {card} stopped: {error}").format(
            card=self.card.name, error=_sentence(error)))
        self.buttons.clear()
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)

    def _stops(self) -> _Either:
        return _Either(self._stop, self._service.card_cancel)

    def done(self, result: int) -> None:
        if self._worker_running:
            self._stop.set()  # the worker stops at its next chunk and answers
        super().done(result)
        if not self._worker_running:
            self.deleteLater()

    def _idle_and_closed(self) -> bool:
        """Marks the worker's answer as arrived; True (and the dialog released) when the
        dialog was closed meanwhile, so the answer has nobody to show it to."""
        self._worker_running = False
        if self.isVisible():
            return False
        self.deleteLater()
        return True

    def _say(self, sentence: str) -> None:
        self.status.setText(sentence)
        self.status.setAccessibleName(sentence)


class _Either:
    """Set when either event is: the dialog closed, or the app is quitting."""

    def __init__(self, *events: threading.Event):
        self._events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self._events)


def _shown(folder: Path) -> str:
    """~/Pictures rather than /home/someone/Pictures."""
    home = Path.home()
    return "~/" + folder.relative_to(home).as_posix() if folder.is_relative_to(home) else str(folder)


def _sentence(error: Exception) -> str:
    if isinstance(error, OSError):
        return f"{error.strerror or error} ({error.filename})." if error.filename else f"{error}."
    return str(error)
