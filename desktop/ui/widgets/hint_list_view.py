"""A QListView that says what to do when it is empty, instead of showing a blank box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QListView, QWidget


class HintListView(QListView):
    def __init__(self, hint: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._hint = hint

    @property
    def hint(self) -> str:
        return self._hint

    def set_hint(self, hint: str) -> None:
        if hint != self._hint:
            self._hint = hint
            self.viewport().update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.model() is None or self.model().rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        painter.setFont(font)
        painter.drawText(self.viewport().rect().adjusted(24, 24, -24, -24),
                         Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._hint)
