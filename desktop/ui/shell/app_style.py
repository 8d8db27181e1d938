"""The app's style sheet, kept in step with the palette.

resources/style.qss names colours only as palette roles (`palette(mid)`), and Qt resolves those
when a sheet is set: after a palette change (the desktop switching to dark) styled widgets would
keep the old colours. So the sheet is set again on every application palette change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication


class PaletteStyleSheet(QObject):
    def __init__(self, app: QApplication, sheet: str):
        super().__init__(app)
        self._sheet = sheet
        app.setStyleSheet(sheet)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.ApplicationPaletteChange:
            self.parent().setStyleSheet(self._sheet)
        return False
