"""The gallery's info panel: what is known about the selected image (or the selection)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from desktop.client.api import ImageInfo
from desktop.ui.image_facts import dimensions, type_name, uploaded_at
from desktop.ui.units import human_size

FIELDS = (
    ("name", "Original name"),
    ("dimensions", "Dimensions"),
    ("bytes", "Size"),
    ("type", "Type"),
    ("uploaded", "Uploaded"),
    ("id", "Id"),
)


def _size(n: int | None) -> str:
    if n is None:
        return "unknown"
    return f"{human_size(n)} ({n:,} bytes)"


class InfoPanel(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("infoPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(220)
        self.setAccessibleName("Photo details")
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # file names are data, never markup
        self.title.setWordWrap(True)
        self.title.setObjectName("infoTitle")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.values: dict[str, QLabel] = {}
        self._labels: dict[str, QLabel] = {}
        for key, label in FIELDS:
            value = QLabel(self)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            value.setAccessibleName(label)
            caption = QLabel(f"<b>{label}</b>", self)
            caption.setBuddy(value)
            form.addRow(caption, value)
            self.values[key] = value
            self._labels[key] = caption
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addStretch(1)
        self.show_images([])

    def show_images(self, images: list[ImageInfo]) -> None:
        self.title.setVisible(len(images) != 1)
        if len(images) == 1:
            self._show_one(images[0])
            return
        for key in self.values:
            self.values[key].setVisible(False)
            self._labels[key].setVisible(False)
        if not images:
            self.title.setText("Select a photo to see its details.")
        else:
            total = sum(image.bytes or 0 for image in images)
            self.title.setText(f"{len(images)} photos selected, {human_size(total)} in all.")
        self.setAccessibleDescription(self.title.text())

    def _show_one(self, image: ImageInfo) -> None:
        self.title.setText("")
        texts = {
            "name": image.filename or "(no name)",
            "dimensions": dimensions(image),
            "bytes": _size(image.bytes),
            "type": type_name(image.content_type),
            "uploaded": uploaded_at(image),
            "id": image.id,
        }
        for key, text in texts.items():
            self.values[key].setText(text)
            self.values[key].setVisible(True)
            self._labels[key].setVisible(True)
        self.setAccessibleDescription(", ".join(f"{label}: {texts[key]}" for key, label in FIELDS))
