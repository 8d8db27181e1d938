"""The local API token: made once per data dir so the app and a restarted backend agree."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TOKEN_FILE = "token"


def load_or_create(data_dir: Path) -> str:
    path = data_dir / TOKEN_FILE
    if path.exists():
        token = path.read_text(encoding="ascii").strip()
        if token:
            return token
    token = secrets.token_urlsafe(32)
    # Written whole under a temporary name, created 0600 so the token is never readable by others.
    temp = data_dir / f".{TOKEN_FILE}.{secrets.token_hex(4)}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(token + "\n")
    os.replace(temp, path)
    return token
