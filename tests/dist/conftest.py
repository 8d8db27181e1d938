"""tests/dist: what people install, installed and run as they would, outside the checkout.

These run only with THUMBDROP_DIST=1, which `make check-dist` (and so .ci/run) sets after
building the wheel, the sdist and the bundle; then a missing artefact fails the test rather
than skipping it. Otherwise they are deselected, so `make test` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import deselect_unless


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    deselect_unless(config, items, "THUMBDROP_DIST",
                    lambda item: here in Path(item.fspath).parents)


def artefact(variable: str) -> Path:
    """A path `make check-dist` passes in the environment."""
    value = os.environ.get(variable)
    if not value or not Path(value).exists():
        pytest.fail(f"{variable} does not name a built file; run `make check-dist`")
    return Path(value)
