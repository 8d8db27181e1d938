"""The summary under the queue: files ready of total, bytes, speed, time left, failures.

Everything shown comes from the queue's Totals (kept up to date by the store as rows change,
with its one speed estimator); nothing here counts rows or measures speed itself.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop.client.queue_types import Totals
from desktop.ui.units import files, human_duration, human_size, human_speed, number

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
    if totals.files_active and totals.bytes_per_second > 0:
        parts.append(human_speed(totals.bytes_per_second))
        if totals.eta_seconds is not None:
            parts.append(QCoreApplication.translate("TotalBar", "about {duration} left").format(
                duration=human_duration(totals.eta_seconds)))
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
        done = totals.bytes_done * 1000 // totals.bytes_total if totals.bytes_total else 0
        self.bar.setValue(min(1000, done))
        sentence = describe(totals)
        if sentence != self.label.text():
            self.label.setText(sentence)
            self._describe(sentence)

    def _describe(self, sentence: str) -> None:
        self.bar.setAccessibleDescription(sentence)
        self.setAccessibleDescription(sentence)
