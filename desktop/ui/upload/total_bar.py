"""The summary under the queue: files ready of total, bytes, speed, time left, failures.

Everything shown comes from the queue's Totals (kept up to date by the store as rows change,
with its one speed estimator); nothing here counts rows or measures speed itself.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop.client.queue_types import FEW_SECONDS, Totals
from desktop.ui.widgets.units import files, human_duration, human_size, human_speed, number

SEPARATOR = "  ·  "


def describe(totals: Totals) -> str:
    """The summary sentence, e.g. "3 of 10 files ready · 1.2 MB of 4.0 MB · 2 failed"."""
    if totals.files_total == 0:
        return QCoreApplication.translate("TotalBar", "Nothing queued yet.")
    parts = [
        QCoreApplication.translate("TotalBar", "{done} of {files} ready").format(
            done=number(totals.files_done), files=files(totals.files_total)),
        QCoreApplication.translate("TotalBar", "{done} of {total}").format(
            done=human_size(totals.bytes_done), total=human_size(totals.bytes_total)),
    ]
    left = totals.eta_seconds  # sending only: processing has no honest estimate
    if left is not None:
        parts.append(human_speed(totals.bytes_per_second))
        if left < FEW_SECONDS:
            parts.append(QCoreApplication.translate("TotalBar", "a few seconds left"))
        else:
            parts.append(QCoreApplication.translate("TotalBar", "about {duration} left").format(
                duration=human_duration(left)))
    if totals.files_processing:
        parts.append(QCoreApplication.translate("TotalBar", "{count} making thumbnails").format(
            count=number(totals.files_processing)))
    if totals.files_paused:
        parts.append(QCoreApplication.translate("TotalBar", "{count} paused").format(
            count=number(totals.files_paused)))
    if totals.files_failed:
        parts.append(QCoreApplication.translate("TotalBar", "{count} failed").format(
            count=number(totals.files_failed)))
    return SEPARATOR.join(parts)


class TotalBar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("totalBar")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(220)
        self.bar.setAccessibleName(self.tr("Progress of the whole queue"))
        self.label = QLabel(describe(Totals()), self)
        self.label.setAccessibleName(self.tr("Queue summary"))
        # Keyboard users reach the summary with Tab and can read or copy it.
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                           | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(self.tr("Queue totals"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        self._describe(describe(Totals()))

    def show_totals(self, totals: Totals) -> None:
        self.bar.setValue(totals.permille)
        sentence = describe(totals)
        if sentence != self.label.text():
            self.label.setText(sentence)
            self._describe(sentence)

    def _describe(self, sentence: str) -> None:
        self.bar.setAccessibleDescription(sentence)
        self.setAccessibleDescription(sentence)
