"""Turns dropped paths (files and whole folders) into batches of files to queue.

Walking folders and sniffing each file's first bytes is disk I/O, so it runs on a
worker; results come back in batches so 10,000 files become ~50 model insertions and
the window keeps painting in between.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.client.files import expand_paths
from desktop.client.filetypes import skip_reason
from desktop.ui.service import Service

BATCH_FILES = 200
BATCH_SECONDS = 0.1  # a slow disk still shows the first rows quickly


def _describe(path: Path) -> tuple[Path, int, str | None]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        return path, 0, f"it cannot be read ({exc.strerror or exc})."
    return path, size, skip_reason(path)


class FileCollector(QObject):
    batch = Signal(list)  # list of (path, size, skip reason or None)

    def __init__(self, service: Service, parent: QObject | None = None):
        super().__init__(parent)
        self._service = service
        self._stop = threading.Event()

    def collect(self, paths: list[Path]) -> None:
        self._service.tasks.run(lambda: self._collect(paths))

    def stop(self) -> None:
        self._stop.set()

    def _collect(self, paths: list[Path]) -> None:
        pending, started = [], time.monotonic()
        for top in paths:
            for path in expand_paths([top]):  # hidden files and folders skipped
                if self._stop.is_set():
                    return
                pending.append(_describe(path))
                if len(pending) >= BATCH_FILES or time.monotonic() - started > BATCH_SECONDS:
                    self.batch.emit(pending)
                    pending, started = [], time.monotonic()
        if pending:
            self.batch.emit(pending)
