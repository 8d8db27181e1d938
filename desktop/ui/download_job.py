"""One "Download originals / large views" of a selection, as the UI sees it.

The Service runs the files on its download pool and hands each outcome to `saved()` or
`failed()` on the UI thread. Bytes arrive from the workers through a thread-safe counter
(desktop.client.downloads.Progress) that a timer turns into `progress` a few times a second,
so a fast download never floods the event loop.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.client.api import ImageInfo
from desktop.client.api_errors import ApiError
from desktop.client.downloads import Cancelled, Progress

TICK_MS = 200


class DownloadJob(QObject):
    progress_changed = Signal(int, int)     # done, total (bytes for originals, else files)
    file_finished = Signal(object, str, bool)  # ImageInfo, sentence, saved
    finished = Signal(str)                  # one sentence for the whole job

    def __init__(self, images: list[ImageInfo], kind: str, folder: Path,
                 retention_days: int | None, parent: QObject | None = None):
        super().__init__(parent)
        self.images = list(images)
        self.kind = kind  # "original" or "large"
        self.folder = folder
        self._retention_days = retention_days
        self.progress = Progress()
        self.saved_paths: list[Path] = []
        self.problems: list[str] = []
        self._cancelled_files = 0
        # Originals have known sizes: progress in bytes. Large views: in files.
        self._bytes_total = sum(image.bytes or 0 for image in images) if kind == "original" else 0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        if images:
            self._timer.start()

    @property
    def what(self) -> str:
        return "originals" if self.kind == "original" else "large views"

    @property
    def done_files(self) -> int:
        return len(self.saved_paths) + len(self.problems) + self._cancelled_files

    @property
    def running(self) -> bool:
        return self.done_files < len(self.images)

    def cancel(self) -> None:
        self.progress.cancel()

    def totals(self) -> tuple[int, int]:
        if self._bytes_total:
            return min(self.progress.bytes, self._bytes_total), self._bytes_total
        return self.done_files, len(self.images)

    # --- outcomes (UI thread, from the Service) --------------------------------------

    def saved(self, image: ImageInfo, path: Path) -> None:
        self.saved_paths.append(path)
        noun = "original" if self.kind == "original" else "large view"
        self.file_finished.emit(image, f"Saved the {noun} of {image.filename} as {path.name}.",
                                True)
        self._after_file()

    def failed(self, image: ImageInfo, error: Exception) -> None:
        if isinstance(error, Cancelled):
            self._cancelled_files += 1
        else:
            sentence = self.sentence_for(image, error)
            self.problems.append(sentence)
            self.file_finished.emit(image, sentence, False)
        self._after_file()

    def sentence_for(self, image: ImageInfo, error: Exception) -> str:
        name = image.filename or image.id
        if isinstance(error, ApiError) and error.code == "gone":
            kept = (f" (originals are kept {self._retention_days} days)"
                    if self._retention_days else "")
            return f"The original of {name} is no longer kept{kept}; its large view remains."
        noun = "original" if self.kind == "original" else "large view"
        return f"The {noun} of {name} was not saved: {error}"

    def _after_file(self) -> None:
        self._tick()
        if not self.running:
            self._timer.stop()
            self.finished.emit(self.summary())

    def _tick(self) -> None:
        self.progress_changed.emit(*self.totals())

    def summary(self) -> str:
        saved, total = len(self.saved_paths), len(self.images)
        parts = [f"Saved {saved} of {total} {self.what} to {self.folder}."]
        if self._cancelled_files:
            parts.append(f"{self._cancelled_files} cancelled.")
        if len(self.problems) == 1:
            parts.append(self.problems[0])
        elif self.problems:
            parts.append(f"{len(self.problems)} were not saved; the list says why.")
        return " ".join(parts)
