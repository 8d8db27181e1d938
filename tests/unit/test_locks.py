"""The locks `make` installs from agree with each other: the Lambda bundles pin the versions the
app's lock (and so every test of the handlers) uses, and each requirements.in is satisfied by
its requirements.txt. pyproject.toml against uv.lock is `make install`'s own check."""

from __future__ import annotations

import re
import tomllib

import pytest
from helpers import PROJECT_ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

FUNCTIONS = ("presign", "resize")


def _app_lock() -> dict[str, set[str]]:
    lock = tomllib.loads((PROJECT_ROOT / "uv.lock").read_text())
    versions: dict[str, set[str]] = {}
    for package in lock["package"]:
        # thumbdrop itself has no version in the lock: it is dynamic (backend/common/version.py)
        versions.setdefault(canonicalize_name(package["name"]), set()).add(package.get("version"))
    return versions


def _pins(function: str) -> dict[str, str]:
    text = (PROJECT_ROOT / "backend" / function / "requirements.txt").read_text()
    return {canonicalize_name(name): version
            for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", text, re.MULTILINE)}


@pytest.mark.parametrize("function", FUNCTIONS)
def test_every_lambda_pin_is_a_version_the_app_lock_holds(function):
    app = _app_lock()
    for name, version in _pins(function).items():
        assert name in app, f"{name} in backend/{function}/requirements.txt is not in uv.lock"
        assert version in app[name], (
            f"backend/{function}/requirements.txt pins {name}=={version}, the tests run "
            f"{sorted(app[name])}: run `make lock`")


@pytest.mark.parametrize("function", FUNCTIONS)
def test_each_lambda_requirement_is_pinned_and_hashed(function):
    folder = PROJECT_ROOT / "backend" / function
    pins = _pins(function)
    for line in (folder / "requirements.in").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            wanted = Requirement(line)
            name = canonicalize_name(wanted.name)
            assert name in pins and pins[name] in wanted.specifier, (
                f"backend/{function}/requirements.txt does not satisfy {line!r}: run `make lock`")
    # pip's --require-hashes (backend/Makefile) refuses a pin without one
    blocks = re.split(r"^(?=[A-Za-z0-9_.\-]+==)", (folder / "requirements.txt").read_text(),
                      flags=re.MULTILINE)
    unhashed = [block.split()[0] for block in blocks[1:] if "--hash=sha256:" not in block]
    assert not unhashed, f"pinned without a hash: {unhashed}"


