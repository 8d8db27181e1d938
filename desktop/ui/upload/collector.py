"""Turns dropped paths (files and whole folders) into rows of the upload queue, off the UI thread.

Walking folders and looking at each file (size, mtime, its first bytes) is disk I/O, so it all
runs on a worker of the Service's pool, which hands the queue BATCH_FILES files at a time
(desktop/client/add_batches.py): the store commits each batch in one transaction and the view
appends it as one insertion, so 10,000 files become ~50 insertions and the window keeps
painting in between.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.client.add_batches import add_in_batches
from desktop.client.engine import TransferEngine
from desktop.client.files import expand_paths
from desktop.client.queue_types import FileState
from desktop.ui.services.service import Service

BATCH_FILES = 200
BATCH_SECONDS = 0.1  # a slow disk still shows the first rows quickly


class FileCollector(QObject):
    finished = Signal(int, int)  # files queued (or already queued), of which skipped
    failed = Signal(str)         # a sentence: the files could not be queued

    def __init__(self, service: Service, parent: QObject | None = None):
        super().__init__(parent)
        self._service = service
        self._stop = threading.Event()
        self.running = 0  # collections under way (read on the UI thread: album uploads)
        self.finished.connect(self._one_ended)
        self.failed.connect(self._one_ended)

    def _one_ended(self, *_) -> None:
        self.running = max(0, self.running - 1)

    def collect(self, paths: list[Path]) -> None:
        """Queues these files and everything under these folders (hidden files skipped)."""
        self.running += 1
        if self._service.queue_error:
            self.failed.emit(self._service.queue_error)
            return
        self._service.when_queue_ready(lambda engine: self._service.tasks.run(
            lambda: self._collect(engine, paths), None,
            lambda error: self.failed.emit(
                self.tr("Some files could not be queued: {error}").format(error=error))))

    def stop(self) -> None:
        self._stop.set()

    def _collect(self, engine: TransferEngine, paths: list[Path]) -> None:
        total = skipped = 0
        for items in add_in_batches(engine.add_files, expand_paths(paths), files=BATCH_FILES,
                                    seconds=BATCH_SECONDS, stop=self._stop):
            total += len(items)
            skipped += sum(item.state is FileState.SKIPPED for item in items)
        if not self._stop.is_set():
            self.finished.emit(total, skipped)
