"""The app's log file: rotated by size, readable by its owner only.

Presigned URLs are credentials for a while and file names are private, so the file is created
0600 (and an older one tightened to 0600); the rotated copies keep the mode they were
created with.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

from backend.common.private_files import private_file

MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files are created with mode 0600."""

    def _open(self):
        private_file(Path(self.baseFilename))
        return super()._open()


def default_log_dir() -> Path:
    """The user log dir, where the app logs and where Help → Open the log folder goes."""
    return Path(platformdirs.user_log_dir("thumbdrop"))


def log_file_in(log_dir: Path) -> Path:
    return log_dir / "thumbdrop.log"


def configure(log_dir: Path) -> Path:
    """Sends the app's log records to `log_dir`/thumbdrop.log; returns the file's path."""
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    log_file = log_file_in(log_dir)
    handler = PrivateRotatingFileHandler(log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                         encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    # urllib3 logs full request URLs; presigned URLs are credentials for a while.
    logging.getLogger("urllib3").setLevel(logging.WARNING)
    return log_file
