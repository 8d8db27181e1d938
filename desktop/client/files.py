"""Finding the files to queue: folders walked, hidden files skipped, each file looked at once.

Shared by the app's drop handling and the CLI so both queue exactly the same files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .filetypes import skip_reason_and_type
from .queue_store import NewFile


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and every file under each folder (name order), skipping hidden
    files and folders (.git, .DS_Store, …): they are not photos someone dropped."""
    for path in paths:
        path = Path(path)
        if not path.is_dir():
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(root, name)


def probe_file(path: Path, *, allow_duplicates: bool = False) -> NewFile:
    """What the queue needs to know about a file now: its absolute path, size, mtime and
    content type, or why it can't be queued. Reads at most a few bytes of it."""
    path = Path(os.path.abspath(path))
    try:
        info = os.stat(path)
        size, mtime_ns = info.st_size, info.st_mtime_ns
    except OSError:
        size, mtime_ns = 0, 0
    reason, content_type = skip_reason_and_type(path)
    return NewFile(path=path, size=size, mtime_ns=mtime_ns, content_type=content_type,
                   skip_reason=reason, allow_duplicates=allow_duplicates)
