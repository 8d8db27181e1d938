"""The gallery's order and filters beside the name filter: sort by date taken (the default) or
by upload time, and only photos taken between two days, with one camera, with one lens.

The server answers every choice from its index (GET /images?order=taken&from=&to=&camera=
&lens=); the cameras and lenses offered are the ones it names (GET /images/facets), asked
for off the UI thread whenever the gallery is listed afresh.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.client.gallery_listing import TAKEN, UPLOADED, Selection


class GalleryFilters(QWidget):
    changed = Signal(object)  # the new Selection

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("galleryFilters")
        self.order = QComboBox(self)
        self.order.setObjectName("gallerySort")
        self.order.addItem(self.tr("Sort by date taken"), TAKEN)
        self.order.addItem(self.tr("Sort by upload time"), UPLOADED)
        self.order.setAccessibleName(self.tr("Sort the gallery"))
        self.camera = self._choices("galleryCamera", self.tr("All cameras"),
                                    self.tr("Only photos taken with this camera"))
        self.lens = self._choices("galleryLens", self.tr("All lenses"),
                                  self.tr("Only photos taken with this lens"))
        self.dated = QCheckBox(self.tr("Taken from"), self)
        self.dated.setObjectName("galleryDated")
        self.dated.setToolTip(self.tr("Only photos taken between these two days (both "
                                      "included), on the camera's clock"))
        self.since = self._day("gallerySince", self.tr("Taken on or after"))
        self.until = self._day("galleryUntil", self.tr("Taken on or before"))
        to_label = QLabel(self.tr("to"), self)
        to_label.setBuddy(self.until)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.order, self.camera, self.lens, self.dated, self.since, to_label,
                       self.until):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._set_dates_enabled(False)
        self.order.currentIndexChanged.connect(self._changed)
        self.camera.currentIndexChanged.connect(self._changed)
        self.lens.currentIndexChanged.connect(self._changed)
        self.dated.toggled.connect(self._set_dates_enabled)
        self.dated.toggled.connect(self._changed)
        self.since.dateChanged.connect(self._dates_moved)
        self.until.dateChanged.connect(self._dates_moved)

    def _choices(self, name: str, everything: str, tip: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.addItem(everything, None)
        box.setToolTip(tip)
        box.setAccessibleName(tip)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return box

    def _day(self, name: str, tip: str) -> QDateEdit:
        edit = QDateEdit(QDate.currentDate(), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setToolTip(tip)
        edit.setAccessibleName(tip)
        edit.findChild(QLineEdit).setAccessibleName(tip)  # the field a screen reader lands in
        return edit

    def _set_dates_enabled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)

    def _dates_moved(self) -> None:
        # The range never turns round: moving one end past the other takes the other along.
        if self.since.date() > self.until.date():
            other = self.until if self.sender() is self.since else self.since
            other.setDate(self.sender().date())
        if self.dated.isChecked():
            self._changed()

    def _changed(self, *_) -> None:
        self.changed.emit(self.selection())

    def selection(self) -> Selection:
        def day(edit: QDateEdit) -> date | None:
            return edit.date().toPython() if self.dated.isChecked() else None
        return Selection(order=self.order.currentData(), camera=self.camera.currentData(),
                         lens=self.lens.currentData(), since=day(self.since),
                         until=day(self.until))

    def set_facets(self, cameras: list[str], lenses: list[str]) -> None:
        """The names the server offers; a chosen one stays chosen (and offered) meanwhile."""
        for box, names in ((self.camera, cameras), (self.lens, lenses)):
            chosen = box.currentData()
            box.blockSignals(True)  # the choice itself does not change: no new listing
            while box.count() > 1:
                box.removeItem(1)
            for name in sorted({*names, *([chosen] if chosen else [])}, key=str.casefold):
                box.addItem(name, name)
            box.setCurrentIndex(max(0, box.findData(chosen)) if chosen else 0)
            box.blockSignals(False)
