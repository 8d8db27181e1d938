"""Paints one upload row: picture, name, size and state, then a line that depends on the state
(a progress bar with bytes and speed, what happens next, or the sentence of a failure)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from desktop.client.queue_types import FileState, QueueItem
from desktop.ui.upload.queue_model import Roles
from desktop.ui.upload.queue_sentences import SEPARATOR, second_line, state_label, with_bar
from desktop.ui.widgets.state_colours import StateColours
from desktop.ui.widgets.units import human_size, human_speed

__all__ = ["PICTURE", "ROW_HEIGHT", "UploadRowDelegate", "second_line"]

ROW_HEIGHT = 64
PICTURE = 48
PAD = 8

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# States whose caption is quiet (nothing to act on yet).
_QUIET = frozenset({FileState.QUEUED, FileState.HASHING, FileState.WAITING_URL,
                    FileState.CANCELLED})


class UploadRowDelegate(QStyledItemDelegate):
    """Colours come from the palette the row is painted with (worked out again whenever that
    palette changes: a dark theme, high contrast), never from fixed values."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._colours: StateColours | None = None

    def colours(self, palette: QPalette) -> StateColours:
        self._colours = StateColours.for_palette(palette, self._colours)
        return self._colours

    def sizeHint(self, option, index) -> QSize:
        # No width of its own: a top-to-bottom list makes each row as wide as its viewport.
        # (option.rect is the last layout's row; kept after a vertical scroll bar appeared, it
        # made rows wider than the list and gave it a sideways scroll bar.)
        return QSize(0, ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        item: QueueItem | None = index.data(Roles.Item)
        if item is None:
            return
        held = bool(index.data(Roles.Held))  # the whole queue is paused
        shown = item.seen_state(held)
        painter.save()
        style = option.widget.style() if option.widget else QApplication.style()
        background = QStyleOptionViewItem(option)
        background.text, background.icon = "", background.icon.__class__()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, background, painter,
                            option.widget)

        rect = option.rect.adjusted(PAD, PAD // 2, -PAD, -PAD // 2)
        self._paint_picture(painter, index, QRect(
            rect.left(), rect.top() + (rect.height() - PICTURE) // 2, PICTURE, PICTURE))
        text_left = rect.left() + PICTURE + PAD
        text = QRect(text_left, rect.top(), rect.right() - text_left, rect.height())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        colours = self.colours(option.palette)
        normal = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        accent = normal if selected else colours.of(shown)
        line = text.height() // 2
        top = QRect(text.left(), text.top(), text.width(), line)
        bottom = QRect(text.left(), text.top() + line, text.width(), text.height() - line)

        metrics = option.fontMetrics
        right = f"{human_size(item.size)}{SEPARATOR}{state_label(item, held)}"
        right_width = metrics.horizontalAdvance(right) + PAD
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(normal)
        name_rect = top.adjusted(0, 0, -right_width, 0)
        painter.drawText(name_rect, _LEFT, painter.fontMetrics().elidedText(
            item.path.name, Qt.TextElideMode.ElideMiddle, name_rect.width()))
        painter.setFont(option.font)
        painter.setPen(accent)
        painter.drawText(top, _RIGHT, right)

        caption = second_line(item, held)
        if with_bar(item, held):
            self._paint_bar(painter, style, option, item, shown, bottom, caption, normal)
        else:
            quiet = shown in _QUIET and not selected
            painter.setPen(colours.quiet if quiet else accent)
            painter.drawText(bottom, _LEFT, metrics.elidedText(
                caption, Qt.TextElideMode.ElideRight, bottom.width()))
        painter.restore()

    def _paint_picture(self, painter: QPainter, index, box: QRect) -> None:
        picture = index.data(Qt.ItemDataRole.DecorationRole)
        if picture is None or picture.isNull():
            painter.fillRect(box, QColor(128, 128, 128, 50))
            return
        scaled = picture.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, scaled.width(), scaled.height())
        target.moveCenter(box.center())
        painter.drawImage(target, picture)

    def _paint_bar(self, painter, style, option, item: QueueItem, shown: FileState, rect: QRect,
                   caption: str, colour) -> None:
        done = item.progress_bytes
        # A fixed caption column keeps every row's bar the same length.
        widest = human_size(888_800_000)
        caption_width = option.fontMetrics.horizontalAdvance(
            QCoreApplication.translate("UploadRow", "{done} of {size}").format(
                done=widest, size=widest) + SEPARATOR + human_speed(888_800_000)) + PAD
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(rect.left(), rect.center().y() - 7,
                         max(40, rect.width() - caption_width - PAD), 14)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = min(1000, int(done * 1000 / max(item.size, 1)))
        bar.state = QStyle.StateFlag.State_Horizontal
        if shown is not FileState.PAUSED:  # a paused bar is drawn greyed out
            bar.state |= QStyle.StateFlag.State_Enabled
        bar.palette = option.palette
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)
        painter.setPen(colour)
        caption_rect = QRect(bar.rect.right() + PAD, rect.top(),
                             rect.right() - bar.rect.right() - PAD, rect.height())
        painter.drawText(caption_rect, _RIGHT, option.fontMetrics.elidedText(
            caption, Qt.TextElideMode.ElideRight, caption_rect.width()))
