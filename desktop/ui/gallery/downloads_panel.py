"""The strip under the gallery that follows a download of the selection into a folder:
progress, Cancel, and one sentence per file that did not go as planned."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.client.api import ImageInfo
from desktop.ui.services.download_job import DownloadJob


class DownloadsPanel(QFrame):
    message = Signal(str)  # a sentence for the status bar

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("downloadsPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Downloads"))
        self.job: DownloadJob | None = None
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Download status"))
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Download progress"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop downloading; files saved so far stay"))
        self.cancel_button.setAccessibleDescription(self.cancel_button.toolTip())
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton(self.tr("Open folder"), self)
        self.open_button.setAccessibleDescription(self.tr(
            "Shows the folder the files were saved in"))
        self.open_button.clicked.connect(self._open_folder)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAccessibleDescription(self.tr("Hides this download's summary"))
        self.close_button.clicked.connect(self.hide)
        self.details = QListWidget(self)
        self.details.setAccessibleName(self.tr("Files not saved"))
        self.details.setMaximumHeight(90)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.open_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addWidget(self.details)
        self.hide()

    @property
    def busy(self) -> bool:
        return self.job is not None and self.job.running

    def track(self, job: DownloadJob) -> None:
        self.job = job
        self.details.clear()
        self.details.hide()
        self.label.setText(job.starting())
        self.bar.setRange(0, 0)  # busy until the first progress
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.open_button.setVisible(False)
        self.close_button.setVisible(False)
        job.progress_changed.connect(self._progress)
        job.file_finished.connect(self._file_finished)
        job.finished.connect(self._finished)
        self.show()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))

    def _progress(self, done: int, total: int) -> None:
        # QProgressBar takes ints: scale bytes to KiB so files over 2 GiB still fit.
        scale = 1024 if total > 2**31 - 1 else 1
        self.bar.setRange(0, max(1, total // scale))
        self.bar.setValue(done // scale)
        if self.job is not None:
            self.bar.setAccessibleDescription(self.job.progress_text(done, total))

    def _file_finished(self, image: ImageInfo, sentence: str, saved: bool) -> None:
        if not saved:
            self.details.addItem(sentence)
            self.details.show()

    def _finished(self, summary: str) -> None:
        self.label.setText(summary)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.cancel_button.setVisible(False)
        self.open_button.setVisible(bool(self.job and self.job.saved_paths))
        self.close_button.setVisible(True)
        self.message.emit(summary)

    def _open_folder(self) -> None:
        if self.job is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.job.folder)))
