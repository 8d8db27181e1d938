"""Thumbdrop's version: declared here once. pyproject.toml reads it for the package's metadata
(setuptools `dynamic`), the presign handler answers it in `GET /config` (this module ships to
Lambda with backend/common), and every command's `--version` prints it."""

from __future__ import annotations

import platform
import sys

VERSION = "0.1.0"


def version_text(program: str) -> str:
    """What `PROGRAM --version` prints (one line: argparse joins lines): the version, and the
    Python and OS it runs on, which a bug report needs beside it."""
    bundle = ", bundle" if getattr(sys, "frozen", False) else ""
    return (f"{program} {VERSION} (Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}{bundle})")
