"""Unexpected exceptions become a log entry and a status-bar sentence, never a traceback dialog."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("thumbdrop")


class ErrorReporter(QObject):
    # Emitted from whichever thread failed; Qt queues it to the UI thread.
    message = Signal(str)

    def __init__(self, log_file: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._log_file = log_file

    def install(self) -> None:
        sys.excepthook = self.report
        threading.excepthook = lambda args: self.report(args.exc_type, args.exc_value, args.exc_traceback)

    def report(self, exc_type, exc_value, tb) -> None:
        log.error("unexpected error", exc_info=(exc_type, exc_value, tb))
        self.message.emit(self.tr(
            "Something went wrong inside Thumbdrop ({error}). Your uploads carry on; the "
            "details are in {log}.").format(error=f"{exc_type.__name__}: {exc_value}",
                                            log=self._log_file))
