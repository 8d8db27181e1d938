"""What a watched folder is, how the setting writes the list down, and which files in one
are never taken (declared once: the app's watcher, the CLI's `watch` and the settings
dialog all read it from here)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Files next to a photo that describe it (Lightroom/darktable XMP, a camera's THM preview,
# which is a small JPEG and would otherwise pass as a photo of its own; Apple's AAE edits).
SIDECAR_SUFFIXES = frozenset({".xmp", ".thm", ".aae"})
# What copy and download programs write before they rename the finished file into place.
PARTIAL_SUFFIXES = frozenset({".part", ".partial", ".tmp", ".crdownload", ".download", ".!qb"})


@dataclass(frozen=True)
class WatchedFolder:
    path: Path
    subfolders: bool = True


# The setting is one string, a folder a line: "+" watches its subfolders too, "-" doesn't.
def parse_folders(text: str) -> list[WatchedFolder]:
    folders: list[WatchedFolder] = []
    for line in text.splitlines():
        line = line.strip()
        if len(line) < 2 or line[0] not in "+-":
            continue
        folder = WatchedFolder(Path(os.path.abspath(os.path.expanduser(line[1:]))),
                               line[0] == "+")
        if all(known.path != folder.path for known in folders):
            folders.append(folder)
    return folders


def format_folders(folders: list[WatchedFolder]) -> str:
    return "\n".join(("+" if f.subfolders else "-") + str(f.path) for f in folders)


def check_folders(text: str) -> str | None:
    """The setting's validator: every line must be a marked absolute path (the dialog writes
    them so; a hand-edited file may not)."""
    for line in text.splitlines():
        line = line.strip()
        if line and (len(line) < 2 or line[0] not in "+-"
                     or not os.path.isabs(os.path.expanduser(line[1:]))):
            return line
    return None


def passed_over(path: Path, root: Path, ignored: tuple[Path, ...] = ()) -> bool:
    """True for a file under `root` the watcher never takes: hidden (itself or a folder on
    the way), a sidecar, a partial download or copy, or inside an ignored folder (the app's
    own downloads and data). Looks only at the name, never at the disk."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return True
    if not parts or any(part.startswith(".") for part in parts):
        return True
    name = parts[-1]
    suffix = os.path.splitext(name)[1].lower()
    if suffix in SIDECAR_SUFFIXES or suffix in PARTIAL_SUFFIXES or name.endswith("~"):
        return True
    return any(path.is_relative_to(folder) for folder in ignored)
