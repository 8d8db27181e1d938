"""The summary under the queue: files ready of total, bytes, speed, time left, failures.

Everything shown comes from the queue's Totals (kept up to date by the store as rows change,
with its one speed estimator); nothing here counts rows or measures speed itself.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop.client.queue_types import Totals
from desktop.ui.units import human_duration, human_size, human_speed


def describe(totals: Totals) -> str:
    """The summary sentence, e.g. "3 of 10 files ready · 1.2 MB of 4.0 MB · 2 failed"."""
    if totals.files_total == 0:
        return "Nothing queued yet."
    parts = [
        f"{totals.files_done} of {totals.files_total} files ready",
        f"{human_size(totals.bytes_done)} of {human_size(totals.bytes_total)}",
    ]
    if totals.files_active and totals.bytes_per_second > 0:
        parts.append(human_speed(totals.bytes_per_second))
        if totals.eta_seconds is not None:
            parts.append(f"about {human_duration(totals.eta_seconds)} left")
    if totals.files_paused:
        parts.append(f"{totals.files_paused} paused")
    if totals.files_failed:
        parts.append(f"{totals.files_failed} failed")
    return "  ·  ".join(parts)


class TotalBar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("totalBar")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(220)
        self.label = QLabel(describe(Totals()), self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)

    def show_totals(self, totals: Totals) -> None:
        done = totals.bytes_done * 1000 // totals.bytes_total if totals.bytes_total else 0
        self.bar.setValue(min(1000, done))
        self.label.setText(describe(totals))
