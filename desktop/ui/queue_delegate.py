"""Paints one upload row: picture, name, size and state, then a line that depends on the state
(a progress bar with bytes and speed, what happens next, or the sentence of a failure)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from desktop.client.queue_types import FileState, QueueItem
from desktop.ui.queue_model import Roles
from desktop.ui.units import human_size, human_speed

ROW_HEIGHT = 64
PICTURE = 48
PAD = 8

STATE_COLOURS = {
    FileState.READY: QColor("#2e7d32"),
    FileState.DUPLICATE: QColor("#1565c0"),
    FileState.FAILED: QColor("#c62828"),
    FileState.SKIPPED: QColor("#8d6e00"),
}
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# States whose second line is a progress bar.
_WITH_BAR = frozenset({FileState.UPLOADING, FileState.PAUSED, FileState.PROCESSING})


def second_line(item: QueueItem) -> str:
    """What the row says under the name (beside the bar when it has one)."""
    state = item.state
    if state in (FileState.FAILED, FileState.SKIPPED):
        return item.error or state.label
    if state is FileState.QUEUED:
        return "Waiting its turn"
    if state is FileState.HASHING:
        return "Reading the file to check it…"
    if state is FileState.WAITING_URL:
        return "Asking the server where to upload it…"
    if state is FileState.UPLOADING:
        caption = f"{human_size(item.bytes_done)} of {human_size(item.size)}"
        return f"{caption}  ·  {human_speed(item.speed)}" if item.speed > 0 else caption
    if state is FileState.PAUSED:
        if item.bytes_done:
            return f"Paused at {human_size(item.bytes_done)} of {human_size(item.size)}"
        return "Paused: Resume continues it"
    if state is FileState.PROCESSING:
        return "Sent  ·  making the thumbnail…"
    if state is FileState.READY:
        image = item.image
        if image is not None and image.width:
            return f"In the gallery  ·  {image.width} × {image.height} px"
        return "In the gallery"
    if state is FileState.DUPLICATE:
        name = item.image.filename if item.image is not None else None
        same = f" as “{name}”" if name and name != item.path.name else ""
        return f"Already in the gallery{same}: nothing was sent. Upload anyway adds a copy."
    if state is FileState.CANCELLED:
        return "Cancelled: Retry uploads it again"
    return state.label


class UploadRowDelegate(QStyledItemDelegate):
    def sizeHint(self, option, index) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        item: QueueItem | None = index.data(Roles.Item)
        if item is None:
            return
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
        normal = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        accent = normal if selected else STATE_COLOURS.get(item.state, normal)
        line = text.height() // 2
        top = QRect(text.left(), text.top(), text.width(), line)
        bottom = QRect(text.left(), text.top() + line, text.width(), text.height() - line)

        metrics = option.fontMetrics
        right = f"{human_size(item.size)}  ·  {item.state.label}"
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

        caption = second_line(item)
        if item.state in _WITH_BAR:
            self._paint_bar(painter, style, option, item, bottom, caption, normal)
        else:
            quiet = item.state in (FileState.QUEUED, FileState.HASHING, FileState.WAITING_URL,
                                   FileState.CANCELLED)
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText)
                           if quiet and not selected else accent)
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

    def _paint_bar(self, painter, style, option, item: QueueItem, rect: QRect, caption: str,
                   colour) -> None:
        done = item.size if item.state is FileState.PROCESSING else item.bytes_done
        # A fixed caption column keeps every row's bar the same length.
        caption_width = option.fontMetrics.horizontalAdvance(
            "888.8 MB of 888.8 MB  ·  888.8 MB/s") + PAD
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(rect.left(), rect.center().y() - 7,
                         max(40, rect.width() - caption_width - PAD), 14)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = min(1000, int(done * 1000 / max(item.size, 1)))
        bar.state = QStyle.StateFlag.State_Horizontal
        if item.state is not FileState.PAUSED:  # a paused bar is drawn greyed out
            bar.state |= QStyle.StateFlag.State_Enabled
        bar.palette = option.palette
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)
        painter.setPen(colour)
        caption_rect = QRect(bar.rect.right() + PAD, rect.top(),
                             rect.right() - bar.rect.right() - PAD, rect.height())
        painter.drawText(caption_rect, _RIGHT, option.fontMetrics.elidedText(
            caption, Qt.TextElideMode.ElideRight, caption_rect.width()))
