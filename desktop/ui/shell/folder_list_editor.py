"""The settings dialog's watched-folders list: a row per folder, ticked = its subfolders
too, with Add… and Remove. It reads and writes the setting's one string (watch_rules), so
the dialog treats it like a line edit (text() / setText())."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.client.watch_rules import WatchedFolder, format_folders, parse_folders


class FolderListEditor(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Watched folders (ticked: with subfolders)"))
        self.list.setMaximumHeight(110)
        add = QPushButton(self.tr("&Add folder…"), self)
        add.clicked.connect(self._choose)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self._remove)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)

    def add_folder(self, folder: WatchedFolder) -> None:
        item = QListWidgetItem(str(folder.path), self.list)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if folder.subfolders
                           else Qt.CheckState.Unchecked)
        item.setToolTip(self.tr("Ticked: photos in its subfolders upload too"))

    def text(self) -> str:
        return format_folders([
            WatchedFolder(Path(self.list.item(row).text()),
                          self.list.item(row).checkState() == Qt.CheckState.Checked)
            for row in range(self.list.count())])

    def setText(self, text: str) -> None:
        self.list.clear()
        for folder in parse_folders(text):
            self.add_folder(folder)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Watch a folder"))
        if folder:
            current = self.text()
            self.setText(current + "\n+" + folder if current else "+" + folder)

    def _remove(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
