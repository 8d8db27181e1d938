"""Files and folders only this user may read (0600/0700), written atomically: the
local backend's secrets and the desktop's queue, settings and logs."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def private_dir(path: Path) -> Path:
    """Creates `path` (and missing parents) for this user only (0700), and returns it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)  # mkdir's mode is masked by the umask, and an existing dir keeps its own
    return path


def private_file(path: Path) -> Path:
    """Creates `path` empty if missing, readable by this user only (0600), and returns it; an
    existing file is narrowed to 0600 (an older one may have been created wider)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)
    return path


def write_private(path: Path, text: str) -> None:
    """Writes a whole file readable by this user only (0600), replacing any old one atomically:
    a crash leaves either the old file or the new one, never a half-written secret."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
