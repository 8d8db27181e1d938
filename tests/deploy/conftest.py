"""tests/deploy: the template as AWS would receive it, verified offline.

Tests marked `deploy_tools` need the tool venvs `make check-deploy` installs (checkov, the SAM
CLI) and run only when THUMBDROP_DEPLOY_TOOLS=1, which `make check-deploy` (and so .ci/run)
sets; then a missing tool fails the test rather than skipping it. Otherwise they are
deselected, so `make test` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import deselect_unless


def pytest_configure(config):
    config.addinivalue_line("markers", "deploy_tools: needs checkov / the SAM CLI "
                                       "(make check-deploy)")


def pytest_collection_modifyitems(config, items):
    deselect_unless(config, items, "THUMBDROP_DEPLOY_TOOLS",
                    lambda item: "deploy_tools" in item.keywords)


def tool(variable: str) -> Path:
    """A tool's path from the environment `make check-deploy` sets."""
    value = os.environ.get(variable)
    if not value or not Path(value).exists():
        pytest.fail(f"{variable} does not name an installed tool; run `make check-deploy`")
    return Path(value)
