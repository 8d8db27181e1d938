"""Help → Report a problem: what a bug report needs (version, platform, backend, the last log
lines), with nothing in it that is a credential or another person's.

Scrubbed from the log lines: bearer tokens and any secret the app holds (the API token is
passed in and removed wherever it appears), query strings of URLs (a presigned URL's
signature and credential live there), AWS-style access keys, `"token": "…"` fields, and the
home folder (shown as ~, so the report does not carry the account name). File names the user
uploaded stay: they are the user's own and often the point of the report. The text is shown
before the user sends it anywhere.

Qt-free; the labels stay English on purpose: the report is read by whoever fixes the bug.
"""

from __future__ import annotations

import platform
import re
import sys
from collections import deque
from collections.abc import Iterable
from pathlib import Path

from backend.common.version import VERSION

LOG_LINES = 60
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
_URL_QUERY = re.compile(r"(https?://[^\s?#\"']+)\?[^\s\"']*")
_ACCESS_KEY = re.compile(r"\b(AKIA|ASIA)[A-Z0-9]{12,}\b")
_TOKEN_FIELD = re.compile(r"(\"?(?:token|secret|password|secret_key|access_key)\"?\s*[:=]\s*)"
                          r"(\"[^\"]*\"|'[^']*'|\S+)", re.IGNORECASE)
REDACTED = "[removed]"


def scrub(line: str, *, secrets: Iterable[str] = (), home: Path | None = None) -> str:
    for secret in secrets:
        if secret and len(secret) >= 8:  # a short "secret" would cut words apart
            line = line.replace(secret, REDACTED)
    line = _BEARER.sub(rf"\g<1>{REDACTED}", line)
    line = _URL_QUERY.sub(rf"\g<1>?{REDACTED}", line)
    line = _ACCESS_KEY.sub(REDACTED, line)
    line = _TOKEN_FIELD.sub(rf"\g<1>{REDACTED}", line)
    home = Path.home() if home is None else home
    if str(home) not in ("", "/"):
        line = line.replace(str(home), "~")
    return line


def last_lines(log_file: Path, count: int = LOG_LINES) -> list[str]:
    """The last `count` lines of the log (read whole: it is rotated at 2 MB)."""
    try:
        with open(log_file, encoding="utf-8", errors="replace") as text:
            return [line.rstrip("\n") for line in deque(text, maxlen=count)]
    except OSError:
        return []


def report(*, log_file: Path, backend: str, qt_version: str, secrets: Iterable[str] = (),
           home: Path | None = None, count: int = LOG_LINES) -> str:
    """The text Report a problem copies: facts first, then the scrubbed log lines."""
    secrets = [s for s in secrets if s]
    bundle = " (desktop bundle)" if getattr(sys, "frozen", False) else ""
    lines = [
        f"Thumbdrop {VERSION}{bundle}",
        f"Platform: {platform.platform()} ({platform.machine()})",
        f"Python {platform.python_version()}, Qt {qt_version}",
        f"Backend: {scrub(backend, secrets=secrets, home=home)}",
        "",
        f"Last {count} log lines:",
        *(scrub(line, secrets=secrets, home=home) for line in last_lines(log_file, count)),
    ]
    return "\n".join(lines) + "\n"
