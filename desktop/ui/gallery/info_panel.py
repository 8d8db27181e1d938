"""The gallery's info panel: what is known about the selected image (or the selection)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from desktop.client.api import ImageInfo
from desktop.ui.gallery import image_facts
from desktop.ui.gallery.image_facts import dimensions, type_name, uploaded_at
from desktop.ui.widgets.units import human_size

FIELDS = ("name", "taken", "camera", "lens", "exposure", "location", "dimensions", "bytes",
          "type", "uploaded", "added_by", "id")
# What the camera knew (a row only for a photo whose camera recorded it), and who added it
# (only for a guest's photo).
OPTIONAL = frozenset({"taken", "camera", "lens", "exposure", "location", "added_by"})


class InfoPanel(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("infoPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(220)
        self.setAccessibleName(self.tr("Photo details"))
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # file names are data, never markup
        self.title.setWordWrap(True)
        self.title.setObjectName("infoTitle")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.values: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        for key in FIELDS:
            label = self.label_text(key)
            value = QLabel(self)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            value.setAccessibleName(label)
            caption = QLabel(label, self)
            caption.setTextFormat(Qt.TextFormat.PlainText)
            font = caption.font()
            font.setBold(True)
            caption.setFont(font)
            caption.setBuddy(value)
            form.addRow(caption, value)
            self.values[key] = value
            self.labels[key] = caption
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addStretch(1)
        self.show_images([])

    def label_text(self, key: str) -> str:
        return {
            "name": self.tr("Original name"),
            "taken": self.tr("Taken"),
            "camera": self.tr("Camera"),
            "lens": self.tr("Lens"),
            "exposure": self.tr("Exposure"),
            "location": self.tr("Location"),
            "dimensions": self.tr("Dimensions"),
            "bytes": self.tr("Size"),
            "type": self.tr("Type"),
            "uploaded": self.tr("Uploaded"),
            "added_by": self.tr("Added by"),
            "id": self.tr("Id"),
        }[key]

    def show_images(self, images: list[ImageInfo]) -> None:
        self.title.setVisible(len(images) != 1)
        if len(images) == 1:
            self._show_one(images[0])
            return
        for key in self.values:
            self.values[key].setVisible(False)
            self.labels[key].setVisible(False)
        if not images:
            self.title.setText(self.tr("Select a photo to see its details."))
        else:
            total = sum(image.bytes or 0 for image in images)
            self.title.setText(self.tr("%Ln photos selected, {size} in all.", "",
                                       len(images)).format(size=human_size(total)))
        self.setAccessibleDescription(self.title.text())

    def _size(self, n: int | None) -> str:
        if n is None:
            return self.tr("unknown")
        # The exact count too: "5.2 MB (5,213,442 bytes)", grouped as the locale groups.
        return self.tr("{size} ({bytes} bytes)").format(size=human_size(n),
                                                        bytes=QLocale().toString(n))

    def _show_one(self, image: ImageInfo) -> None:
        self.title.setText("")
        texts = {
            "name": image.filename or self.tr("(no name)"),
            "taken": image_facts.taken_at(image),
            "camera": image_facts.camera(image),
            "lens": image_facts.lens(image),
            "exposure": image_facts.exposure(image),
            "location": image_facts.location(image),
            "dimensions": dimensions(image),
            "bytes": self._size(image.bytes),
            "type": type_name(image.content_type),
            "uploaded": uploaded_at(image),
            "added_by": image_facts.added_by(image),
            "id": image.id,
        }
        # An id has no spaces to wrap at: the panel widens to show it whole, never clipped.
        ident = self.values["id"]
        ident.setMinimumWidth(ident.fontMetrics().horizontalAdvance(image.id) + 4)
        for key, text in texts.items():
            shown = text is not None or key not in OPTIONAL
            self.values[key].setText(text or "")
            self.values[key].setVisible(shown)
            self.labels[key].setVisible(shown)
        self.setAccessibleDescription(self.tr(", ").join(
            self.tr("{label}: {value}").format(label=self.labels[key].text(), value=texts[key])
            for key in FIELDS if texts[key] is not None))
