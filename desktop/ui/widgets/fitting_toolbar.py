"""A toolbar that shows its buttons' text beside their icons where the window is wide enough,
under them where that fits, and icons alone (text in tooltips and for screen readers) where
nothing else does: it never hides actions behind the "»" extension button (German labels are
a third longer than English ones)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar, QWidget

STYLES = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon, Qt.ToolButtonStyle.ToolButtonTextUnderIcon,
          Qt.ToolButtonStyle.ToolButtonIconOnly)


class FittingToolBar(QToolBar):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.setMovable(False)
        self._fitting = False

    def needed_width(self) -> int:
        """The width every visible button and separator takes in the current style."""
        widgets = [self.widgetForAction(action) for action in self.actions() if action.isVisible()]
        widths = [widget.sizeHint().width() for widget in widgets if widget is not None]
        margins = self.contentsMargins()
        return (sum(widths) + self.layout().spacing() * max(0, len(widths) - 1)
                + margins.left() + margins.right() + 2 * self.layout().contentsMargins().left())

    def fit(self) -> None:
        if self._fitting:
            return
        self._fitting = True
        try:
            for style in STYLES:
                self.setToolButtonStyle(style)
                if self.needed_width() <= self.width():
                    break
        finally:
            self._fitting = False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def actionEvent(self, event) -> None:  # an action shown or hidden (Pause all / Resume all)
        super().actionEvent(event)
        if self.isVisible():
            self.fit()
