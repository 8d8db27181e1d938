"""One version, declared in backend/common/version.py: the package metadata, every command's
--version and the backend's GET /config all say it."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest
from test_presign_support import presign_backend

from backend.common.version import VERSION

BIN = Path(sys.executable).parent


def test_the_installed_metadata_carries_the_declared_version():
    assert importlib.metadata.version("thumbdrop") == VERSION


@pytest.mark.parametrize("command", ["thumbdrop", "thumbdrop-cli", "thumbdrop-backend"])
def test_every_command_says_its_version(command):
    # `thumbdrop --version` answers before Qt loads, so it works with no display at all.
    result = subprocess.run([str(BIN / command), "--version"], capture_output=True, text=True,
                            timeout=60, env={"PATH": "/usr/bin:/bin"}, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{command} {VERSION} (Python ")


def test_config_names_the_backend_version_beside_the_api_version(monkeypatch):
    with presign_backend(monkeypatch) as backend:
        body = backend.call("GET", "/config").body
    assert body["version"] == VERSION and body["api_version"] == 2
