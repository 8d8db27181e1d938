"""One "Download originals / large views" of a selection, as the UI sees it.

The Service runs the files on its download pool and hands each outcome to `saved()` or
`failed()` on the UI thread. Bytes arrive from the workers through a thread-safe counter
(desktop.client.downloads.Progress) that a timer turns into `progress` a few times a second,
so a fast download never floods the event loop.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

from desktop.client.api import ImageInfo
from desktop.client.api_errors import ApiError
from desktop.client.downloads import Cancelled, Progress
from desktop.ui.widgets.units import files, human_size

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
        sentence = (self.tr("Saved the original of {name} as {file}.") if self.originals else
                    self.tr("Saved the large view of {name} as {file}."))
        self.file_finished.emit(image, sentence.format(name=image.filename, file=path.name), True)
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
            days = self._retention_days
            if not days:
                sentence = self.tr("The original of {name} is no longer kept; its large view "
                                   "remains.")
            elif days == 1:
                sentence = self.tr("The original of {name} is no longer kept (originals are kept "
                                   "1 day); its large view remains.")
            else:
                sentence = self.tr("The original of {name} is no longer kept (originals are kept "
                                   "%n days); its large view remains.", "", days)
            return sentence.format(name=name)
        sentence = (self.tr("The original of {name} was not saved: {reason}") if self.originals
                    else self.tr("The large view of {name} was not saved: {reason}"))
        return sentence.format(name=name, reason=error)

    def _after_file(self) -> None:
        self._tick()
        if not self.running:
            self._timer.stop()
            self.finished.emit(self.summary())

    def _tick(self) -> None:
        self.progress_changed.emit(*self.totals())

    @property
    def originals(self) -> bool:
        return self.kind == "original"

    def starting(self) -> str:
        """"Downloading 12 originals to /home/me/Pictures…"."""
        count, folder = len(self.images), str(self.folder)
        if count == 1:
            sentence = (self.tr("Downloading the original of {name} to {folder}…")
                        if self.originals else
                        self.tr("Downloading the large view of {name} to {folder}…"))
            return sentence.format(name=self.images[0].filename, folder=folder)
        sentence = (self.tr("Downloading %Ln originals to {folder}…", "", count) if self.originals
                    else self.tr("Downloading %Ln large views to {folder}…", "", count))
        return sentence.format(folder=folder)

    def progress_text(self, done: int, total: int) -> str:
        """What the progress bar says to a screen reader: "3.1 MB of 12.0 MB" / "2 of 5 files"."""
        if self._bytes_total:
            return self.tr("{done} of {total}").format(done=human_size(done),
                                                      total=human_size(total))
        return self.tr("{done} of {total}").format(done=QLocale().toString(done),
                                                  total=files(total))

    def summary(self) -> str:
        saved, total, folder = len(self.saved_paths), len(self.images), str(self.folder)
        locale = QLocale()
        parts = [(self.tr("Saved {saved} of {total} originals to {folder}.") if self.originals
                  else self.tr("Saved {saved} of {total} large views to {folder}.")).format(
                      saved=locale.toString(saved), total=locale.toString(total), folder=folder)]
        if self._cancelled_files:
            parts.append(self.tr("%Ln cancelled.", "", self._cancelled_files))
        if len(self.problems) == 1:
            parts.append(self.problems[0])
        elif self.problems:
            parts.append(self.tr("%Ln were not saved; the list says why.", "",
                                 len(self.problems)))
        return " ".join(parts)
