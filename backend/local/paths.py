"""Where the local backend keeps things (its private files: backend/common/private_files.py)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "thumbdrop"


def default_data_dir() -> Path:
    """The one data dir the app, `thumbdrop-cli --local` and `thumbdrop-backend` share."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / "backend"


def legacy_data_dir() -> Path:
    """Where the app's moto-based backend kept its disk mirror before SeaweedFS."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / "local-backend"
