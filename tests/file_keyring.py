"""A keyring backend for the app when a test runs it as a child process: the secrets live in
the JSON file named by THUMBDROP_TEST_KEYRING. The OS keyring is not the tests' to touch, and
a child process can't share the test's in-memory one (helpers.MemoryKeyring).

Selected in the child with PYTHON_KEYRING_BACKEND=file_keyring.FileKeyring (tests/ on
PYTHONPATH); see app_environment() in tests/integration/test_app_killed.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1

    @staticmethod
    def _path() -> Path:
        return Path(os.environ["THUMBDROP_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self._path().read_text())
        except FileNotFoundError:
            return {}

    def get_password(self, service, username):
        return self._load().get(f"{service}/{username}")

    def set_password(self, service, username, password):
        secrets = self._load()
        secrets[f"{service}/{username}"] = password
        self._path().write_text(json.dumps(secrets))

    def delete_password(self, service, username):
        secrets = self._load()
        secrets.pop(f"{service}/{username}", None)
        self._path().write_text(json.dumps(secrets))
