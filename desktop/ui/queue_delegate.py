"""Paints one upload row: picture, name, size, state, progress with speed, or the error."""

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

from desktop.ui.engine_shim import JobState
from desktop.ui.queue_model import SKIPPED, Roles
from desktop.ui.units import human_size, human_speed

ROW_HEIGHT = 64
PICTURE = 48
PAD = 8

STATE_LABELS = {
    JobState.QUEUED.value: "Queued",
    JobState.HASHING.value: "Checking",
    JobState.REQUESTING.value: "Requesting URL",
    JobState.UPLOADING.value: "Uploading",
    JobState.PROCESSING.value: "Processing",
    JobState.READY.value: "Ready",
    JobState.FAILED.value: "Failed",
    JobState.CANCELLED.value: "Cancelled",
    SKIPPED: "Skipped",
}
STATE_COLOURS = {
    JobState.READY.value: QColor("#2e7d32"),
    JobState.FAILED.value: QColor("#c62828"),
    SKIPPED: QColor("#8d6e00"),
}


class UploadRowDelegate(QStyledItemDelegate):
    def sizeHint(self, option, index) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        painter.save()
        style = option.widget.style() if option.widget else QApplication.style()
        background = QStyleOptionViewItem(option)
        background.text, background.icon = "", background.icon.__class__()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, background, painter, option.widget)

        rect = option.rect.adjusted(PAD, PAD // 2, -PAD, -PAD // 2)
        self._paint_picture(painter, index, QRect(rect.left(), rect.top() + (rect.height() - PICTURE) // 2, PICTURE, PICTURE))
        text_left = rect.left() + PICTURE + PAD
        text = QRect(text_left, rect.top(), rect.right() - text_left, rect.height())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        colour_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        normal = option.palette.color(colour_role)

        state = index.data(Roles.State)
        line = text.height() // 2
        top = QRect(text.left(), text.top(), text.width(), line)
        bottom = QRect(text.left(), text.top() + line, text.width(), text.height() - line)

        label = STATE_LABELS.get(state, state)
        size = human_size(index.data(Roles.Size))
        right = f"{size}  ·  {label}"
        metrics = option.fontMetrics
        right_width = metrics.horizontalAdvance(right) + PAD
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(normal)
        name = index.data(Qt.ItemDataRole.DisplayRole)
        name_rect = top.adjusted(0, 0, -right_width, 0)
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle, name_rect.width()))
        painter.setFont(option.font)
        painter.setPen(STATE_COLOURS.get(state, normal) if not selected else normal)
        painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)

        error = index.data(Roles.Error)
        if error:
            painter.setPen(STATE_COLOURS.get(state, normal) if not selected else normal)
            painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(error, Qt.TextElideMode.ElideRight, bottom.width()))
        elif state == JobState.READY.value:
            painter.setPen(normal)
            painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self._ready_caption(index))
        elif state == JobState.QUEUED.value:
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             "Waiting to upload")
        elif state not in (SKIPPED, JobState.CANCELLED.value):
            self._paint_progress(painter, style, option, index, state, bottom, normal)
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

    @staticmethod
    def _ready_caption(index) -> str:
        image = index.data(Roles.Image)
        if image is not None and image.width:
            return f"Uploaded · {image.width} × {image.height} px · thumbnail made by the backend"
        return "Uploaded · thumbnail made by the backend"

    def _paint_progress(self, painter, style, option, index, state, rect: QRect, colour) -> None:
        done, total = index.data(Roles.BytesDone), index.data(Roles.BytesTotal) or 1
        if state == JobState.PROCESSING.value:
            done = total
        elif state not in (JobState.UPLOADING.value, JobState.HASHING.value):
            done = 0  # requesting a URL: nothing sent yet
        caption = f"{human_size(done)} of {human_size(total)}"
        if state == JobState.PROCESSING.value:
            caption = "Sent · making the thumbnail…"
        if state == JobState.UPLOADING.value and index.data(Roles.Speed) > 0:
            caption += f"  ·  {human_speed(index.data(Roles.Speed))}"
        # A fixed caption column keeps every row's bar the same length.
        caption_width = option.fontMetrics.horizontalAdvance("888.8 MB of 888.8 MB  ·  888.8 MB/s") + PAD
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(rect.left(), rect.center().y() - 7, max(40, rect.width() - caption_width - PAD), 14)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = min(1000, int(done * 1000 / total))
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)
        painter.setPen(colour)
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, caption)
