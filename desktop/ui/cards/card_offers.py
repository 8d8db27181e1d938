"""Offering "Import from <card>…" while a memory card or camera is mounted.

The offer is an action in the File menu (one per card, gone when the card is) and a sentence
in the status bar, never a dialog that pops up by itself: a card inserted for another reason
must not interrupt whatever the person is doing. The action opens the card's import dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from desktop.client.card_copy import pictures_folder
from desktop.client.card_scan import Volume
from desktop.ui.cards.card_import_dialog import CardImportDialog
from desktop.ui.cards.card_watch import CardWatcher
from desktop.ui.services.service import Service


class CardOffers(QObject):
    message = Signal(str)  # a sentence for the status bar

    def __init__(self, service: Service, menu: QMenu, before: QAction, window: QWidget,
                 pictures: Callable[[], Path] = pictures_folder):
        super().__init__(window)
        self._service, self._menu, self._before, self._window = service, menu, before, window
        self._find_pictures = pictures
        self._pictures: Path | None = None  # looked up on a worker (it may read a config file)
        self.actions: dict[Path, QAction] = {}
        self.dialogs: dict[Path, CardImportDialog] = {}
        self.watcher = CardWatcher(service.tasks, self)
        self.watcher.inserted.connect(self._inserted)
        self.watcher.removed.connect(self._removed)

    def start(self) -> None:
        """Looks up the pictures folder, then watches for cards (so an offer can be opened)."""
        self._service.tasks.run(self._find_pictures, self._pictures_known)

    def _pictures_known(self, folder: Path) -> None:
        self._pictures = folder
        self.watcher.start()

    def _inserted(self, card: Volume) -> None:
        action = QAction(self.tr("Import from {card}…").format(card=card.name), self)
        action.setStatusTip(self.tr("The photos on {card} that are not in the gallery yet")
                            .format(card=card.name))
        action.triggered.connect(lambda _=False, card=card: self.open(card))
        self._menu.insertAction(self._before, action)
        self.actions[card.root] = action
        self.message.emit(self.tr("{card} is in: File → Import from {card}… shows its new "
                                  "photos.").format(card=card.name))

    def _removed(self, root: Path) -> None:
        action = self.actions.pop(root, None)
        if action is not None:
            self._menu.removeAction(action)
            action.deleteLater()

    def open(self, card: Volume) -> CardImportDialog:
        """The card's import dialog, shown and reading the card (one per card at a time)."""
        dialog = self.dialogs.get(card.root)
        if dialog is not None and dialog.isVisible():
            dialog.raise_()
            return dialog
        dialog = CardImportDialog(self._service, card, self._pictures, self._window)
        dialog.imported.connect(self.message)
        dialog.finished.connect(lambda _result, root=card.root: self._closed(root))
        self.dialogs[card.root] = dialog
        dialog.show()
        dialog.start()
        return dialog

    def _closed(self, root: Path) -> None:
        self.dialogs.pop(root, None)  # the dialog releases itself once its worker answered
