"""Paints the gallery grid: thumbnail tiles, and a full-width header before each day.

A header's size hint is the viewport's width, so the list view's wrapping layout puts it on a
line of its own and starts the day's images on the next line. Every colour comes from the
view's palette at paint time, so a light or dark theme (or a switch between them) is followed.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem

from desktop.ui.gallery.gallery_model import HeaderRole

ICON = 160
TILE = QSize(ICON + 24, ICON + 40)


class GalleryDelegate(QStyledItemDelegate):
    def __init__(self, view: QListView):
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        if index.data(HeaderRole):
            width = self._view.viewport().width() - 2 * self._view.spacing() - 1
            height = option.fontMetrics.height() * 2 + 8
            return QSize(max(width, TILE.width()), height)
        return TILE

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if not index.data(HeaderRole):
            super().paint(painter, option, index)
            return
        painter.save()
        font = option.font
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        palette = option.palette
        # The header sits on the view's Base, so it takes Text (WindowText is meant for Window,
        # which need not contrast with Base). Active, not the option's group: a header is a
        # disabled item (never selected), and Disabled text is too faint to read.
        painter.setPen(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text))
        text_rect = QRect(option.rect).adjusted(4, 0, -4, -4)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                         str(index.data(Qt.ItemDataRole.DisplayRole)))
        painter.setPen(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Mid))
        bottom = option.rect.bottom() - 1
        painter.drawLine(option.rect.left() + 4, bottom, option.rect.right() - 4, bottom)
        painter.restore()

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        # The tile's caption is one line, elided in the middle (file names differ at the end).
        option.textElideMode = Qt.TextElideMode.ElideMiddle
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
