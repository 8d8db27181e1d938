"""What weed said when it died: the cause of its first fatal line, for the sentence a person
reads instead of a guess.

weed logs through glog: a fatal line is `F1207 00:53:53.809394 server.go:363 <cause>`, printed
to stderr (weed.stderr) and to a `*.FATAL.*` file in its log dir, followed by a dump of every
goroutine. The first such line is the reason; the rest is noise to a person.
"""

from __future__ import annotations

import re
from pathlib import Path

# glog's header: severity letter, MMDD, time, then `file.go:line`.
_FATAL = re.compile(r"^F\d{4} [\d:.]+\s+\S+\.go:\d+\]?\s*(?P<cause>.+)$")
_READ_BYTES = 64 * 1024  # the fatal line comes first; the goroutine dump after it is long


def fatal_cause(weed_dir: Path, pid: int | None) -> str | None:
    """The cause in the first fatal line process `pid` logged (its stderr, which each start
    replaces, then its own FATAL file: glog names it after the pid), or None."""
    candidates = [weed_dir / "weed.stderr", *(weed_dir / "log").glob(f"*.FATAL.*.{pid}")]
    for path in candidates:
        try:
            with open(path, encoding="utf-8", errors="replace") as text:
                head = text.read(_READ_BYTES)
        except OSError:
            continue
        for line in head.splitlines():
            match = _FATAL.match(line.strip())
            if match:
                return match.group("cause").strip().rstrip(".")
    return None
