"""Where the app's resources are (icons, style sheet, .desktop entry, compiled translations).

Installed from a wheel or in the bundle, resources/ ships inside this package (pyproject's
package-dir; the bundle keeps the same path); in a checkout it is the repository's top-level
resources/. Only stdlib: the launcher reads it before Qt loads.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
RESOURCES = _PACKAGE / "resources" if (_PACKAGE / "resources").is_dir() else \
    _PACKAGE.parent / "resources"
