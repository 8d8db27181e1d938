"""The upload queue as a list model: one row per dropped file, fed by engine updates.

Rows are added in batches (one beginInsertRows per batch, so 10,000 files cost a
handful of model resets' worth of work, not 10,000). Engine updates arrive already
coalesced by the Service; `apply_updates` touches only the rows and roles that changed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QImage

from desktop.client.api import ImageInfo
from desktop.ui.engine_shim import JobState, JobUpdate

SKIPPED = "skipped"  # not an engine state: the file was never queued
FINISHED = {JobState.READY.value, JobState.CANCELLED.value, SKIPPED}
ACTIVE = {
    JobState.QUEUED.value, JobState.HASHING.value, JobState.REQUESTING.value,
    JobState.UPLOADING.value, JobState.PROCESSING.value,
}
RETRYABLE = {JobState.FAILED.value, JobState.CANCELLED.value}


_ROOT = QModelIndex()  # the invisible root: these are flat lists


class Roles:
    """What the delegate paints, one named role per fact (DisplayRole is the file name,
    DecorationRole the preview or thumbnail)."""

    Size = Qt.ItemDataRole.UserRole + 1
    State = Qt.ItemDataRole.UserRole + 2
    BytesDone = Qt.ItemDataRole.UserRole + 3
    BytesTotal = Qt.ItemDataRole.UserRole + 4
    Speed = Qt.ItemDataRole.UserRole + 5
    Error = Qt.ItemDataRole.UserRole + 6
    Image = Qt.ItemDataRole.UserRole + 7


@dataclass
class QueueRow:
    key: int
    path: Path
    size: int
    state: str = JobState.QUEUED.value
    error: str | None = None
    job_id: int | None = None
    bytes_done: int = 0
    bytes_total: int = 0
    speed: float = 0.0
    image: ImageInfo | None = None
    picture: QImage | None = None
    is_thumbnail: bool = False
    preview_requested: bool = False
    sample: tuple[float, int] | None = field(default=None, repr=False)

    def sent_bytes(self) -> int:
        """Bytes that reached the bucket (hashing progress is not upload progress)."""
        if self.state in (JobState.PROCESSING.value, JobState.READY.value):
            return self.size
        return self.bytes_done if self.state == JobState.UPLOADING.value else 0


@dataclass(frozen=True)
class Totals:
    files_done: int
    files_total: int
    files_failed: int
    bytes_done: int
    bytes_total: int
    active: int
    files_finished: int  # ready, cancelled or skipped: what Clear finished removes


class UploadQueueModel(QAbstractListModel):
    preview_needed = Signal(int, Path)   # row key, file: the view is showing a row with no picture
    image_ready = Signal(object)         # ImageInfo of an upload that just became ready

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[QueueRow] = []
        self._by_key: dict[int, QueueRow] = {}
        self._by_job: dict[int, QueueRow] = {}
        self._row_of: dict[int, int] = {}  # key -> row number
        self._early: dict[int, JobUpdate] = {}  # updates for jobs whose id is not assigned yet
        self._next_key = 0

    # --- Qt model API ----------------------------------------------------------------

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.path.name
        if role == Qt.ItemDataRole.DecorationRole:
            if row.picture is None and not row.preview_requested and row.state != SKIPPED:
                row.preview_requested = True
                self.preview_needed.emit(row.key, row.path)
            return row.picture
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.path}\n{row.error}" if row.error else str(row.path)
        return {
            Roles.Size: lambda: row.size,
            Roles.State: lambda: row.state,
            Roles.BytesDone: lambda: row.bytes_done,
            Roles.BytesTotal: lambda: row.bytes_total or row.size,
            Roles.Speed: lambda: row.speed,
            Roles.Error: lambda: row.error,
            Roles.Image: lambda: row.image,
        }.get(role, lambda: None)()

    # --- adding rows -----------------------------------------------------------------

    def add_files(self, files: list[tuple[Path, int, str | None]]) -> list[QueueRow]:
        """Appends one batch of (path, size, skip reason); returns the rows to submit."""
        if not files:
            return []
        start = len(self._rows)
        rows = []
        for path, size, reason in files:
            self._next_key += 1
            row = QueueRow(self._next_key, path, size)
            if reason:
                row.state, row.error = SKIPPED, f"Skipped {path.name}: {reason}"
            rows.append(row)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        for number, row in enumerate(rows, start):
            self._rows.append(row)
            self._by_key[row.key] = row
            self._row_of[row.key] = number
        self.endInsertRows()
        return [row for row in rows if row.state != SKIPPED]

    def assign_jobs(self, rows: list[QueueRow], job_ids: list[int]) -> list[int]:
        """Links rows to engine jobs; returns the jobs to cancel (rows cancelled or removed
        while the files were being submitted)."""
        to_cancel = []
        for row, job_id in zip(rows, job_ids):
            if row.key not in self._by_key:
                to_cancel.append(job_id)
                self._early.pop(job_id, None)
                continue
            row.job_id = job_id
            self._by_job[job_id] = row
            early = self._early.pop(job_id, None)
            if row.state == JobState.CANCELLED.value:
                to_cancel.append(job_id)
            elif early:
                self.apply_updates([early])
        return to_cancel

    # --- engine updates --------------------------------------------------------------

    def apply_updates(self, updates: list[JobUpdate]) -> None:
        now = time.monotonic()
        for update in updates:
            row = self._by_job.get(update.job_id)
            if row is None:
                self._early[update.job_id] = update
                continue
            roles = self._apply(row, update, now)
            if roles:
                index = self.index(self._row_of[row.key])
                self.dataChanged.emit(index, index, roles)

    def _apply(self, row: QueueRow, update: JobUpdate, now: float) -> list[int]:
        roles = []
        state = update.state.value
        if state == JobState.UPLOADING.value and row.state == JobState.UPLOADING.value:
            row.speed = self._speed(row, update.bytes_done, now)
        elif state != row.state:
            row.speed, row.sample = 0.0, None
            if state == JobState.UPLOADING.value:
                row.sample = (now, update.bytes_done)
        if state != row.state:
            row.state = state
            roles.append(Roles.State)
        if (update.bytes_done, update.bytes_total) != (row.bytes_done, row.bytes_total):
            row.bytes_done, row.bytes_total = update.bytes_done, update.bytes_total
            roles += [Roles.BytesDone, Roles.BytesTotal, Roles.Speed]
        error = update.error if state == JobState.FAILED.value else None
        if error != row.error:
            row.error = error
            roles += [Roles.Error, Qt.ItemDataRole.ToolTipRole]
        if update.image is not None and update.image != row.image:
            row.image = update.image
            if state == JobState.READY.value:
                self.image_ready.emit(update.image)
        return roles

    @staticmethod
    def _speed(row: QueueRow, bytes_done: int, now: float) -> float:
        if row.sample is None:
            row.sample = (now, bytes_done)
            return row.speed
        then, before = row.sample
        if now - then < 0.05:
            return row.speed
        instant = (bytes_done - before) / (now - then)
        row.sample = (now, bytes_done)
        # Smoothed so the number is readable, not a flicker of per-tick rates.
        return instant if row.speed == 0 else 0.6 * row.speed + 0.4 * instant

    # --- pictures --------------------------------------------------------------------

    def set_preview(self, key: int, image: QImage) -> None:
        row = self._by_key.get(key)
        if row is None or row.is_thumbnail:
            return  # row removed meanwhile, or the real thumbnail already arrived
        row.picture = image
        self._picture_changed(row)

    def set_thumbnail(self, image_id: str, image: QImage) -> None:
        for row in self._by_job.values():
            if row.image is not None and row.image.id == image_id:
                row.picture, row.is_thumbnail = image, True
                self._picture_changed(row)

    def _picture_changed(self, row: QueueRow) -> None:
        index = self.index(self._row_of[row.key])
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    # --- user actions ----------------------------------------------------------------

    def row_at(self, index: QModelIndex | QPersistentModelIndex) -> QueueRow | None:
        return self._rows[index.row()] if index.isValid() else None

    def rows(self) -> list[QueueRow]:
        return list(self._rows)

    def mark_cancelled(self, row: QueueRow) -> None:
        """For rows not yet handed to the engine; the engine reports the others itself."""
        if row.job_id is None and row.state in ACTIVE:
            row.state = JobState.CANCELLED.value
            index = self.index(self._row_of[row.key])
            self.dataChanged.emit(index, index, [Roles.State])

    def mark_requeued(self, row: QueueRow) -> None:
        """The engine took a retry; it reports again only once a worker picks the job up."""
        row.state, row.error, row.bytes_done, row.speed = JobState.QUEUED.value, None, 0, 0.0
        index = self.index(self._row_of[row.key])
        self.dataChanged.emit(index, index, [Roles.State, Roles.Error, Roles.BytesDone, Roles.Speed])

    def remove_rows(self, rows: list[QueueRow]) -> None:
        numbers = sorted((self._row_of[r.key] for r in rows if r.key in self._by_key), reverse=True)
        # Remove contiguous runs at once, from the bottom so numbers above stay valid.
        while numbers:
            last = first = numbers.pop(0)
            while numbers and numbers[0] == first - 1:
                first = numbers.pop(0)
            self.beginRemoveRows(QModelIndex(), first, last)
            for row in self._rows[first:last + 1]:
                self._by_key.pop(row.key, None)
                if row.job_id is not None:
                    self._by_job.pop(row.job_id, None)
            del self._rows[first:last + 1]
            self.endRemoveRows()
        self._row_of = {row.key: number for number, row in enumerate(self._rows)}

    def totals(self) -> Totals:
        done = total = failed = active = sent = size = finished = 0
        for row in self._rows:
            finished += row.state in FINISHED
            if row.state in (SKIPPED, JobState.CANCELLED.value):
                continue
            total += 1
            size += row.size
            sent += row.sent_bytes()
            done += row.state == JobState.READY.value
            failed += row.state == JobState.FAILED.value
            active += row.state in ACTIVE
        return Totals(done, total, failed, sent, size, active, finished)
