"""The summary under the queue: files done of total, bytes, speed and time left."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop.ui.queue_model import Totals
from desktop.ui.units import human_duration, human_size, human_speed


class TotalBar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("totalBar")
        self._bar = QProgressBar(self)
        self._bar.setRange(0, 1000)
        self._bar.setTextVisible(False)
        self._bar.setFixedWidth(220)
        self.label = QLabel("Nothing queued yet.", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self._bar)
        layout.addWidget(self.label, 1)
        self._sample: tuple[float, int] | None = None
        self._speed = 0.0

    def show_totals(self, totals: Totals) -> None:
        self._update_speed(totals)
        if totals.files_total == 0:
            self._bar.setValue(0)
            self.label.setText("Nothing queued yet.")
            return
        self._bar.setValue(int(totals.bytes_done * 1000 / max(totals.bytes_total, 1)))
        parts = [
            f"{totals.files_done} of {totals.files_total} files ready",
            f"{human_size(totals.bytes_done)} of {human_size(totals.bytes_total)}",
        ]
        if totals.active and self._speed > 0:
            left = (totals.bytes_total - totals.bytes_done) / self._speed
            parts += [human_speed(self._speed), f"about {human_duration(left)} left"]
        if totals.files_failed:
            parts.append(f"{totals.files_failed} failed")
        self.label.setText("  ·  ".join(parts))

    def _update_speed(self, totals: Totals) -> None:
        now = time.monotonic()
        if not totals.active:
            self._sample, self._speed = None, 0.0
            return
        if self._sample is not None and now - self._sample[0] > 0.05:
            then, before = self._sample
            instant = max(0.0, (totals.bytes_done - before) / (now - then))
            self._speed = instant if self._speed == 0 else 0.7 * self._speed + 0.3 * instant
        if self._sample is None or now - self._sample[0] > 0.05:
            self._sample = (now, totals.bytes_done)
