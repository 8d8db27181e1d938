"""The wheel (built from the sdist by `make dist`), installed into a throwaway venv outside the
checkout with the lock's versions, and run from there."""

from __future__ import annotations

import os
import subprocess
import tarfile
import zipfile

import pytest
from conftest import artefact
from installed import Installed, record_start

RESOURCES = ("icon.png", "icon.svg", "style.qss", "thumbdrop.desktop", "i18n/thumbdrop_de.qm")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    work = tmp_path_factory.mktemp("wheel")
    venv = work / "venv"
    uv = str(artefact("THUMBDROP_UV"))
    # uv installs from its cache (make install filled it), at the versions uv.lock pins.
    subprocess.run([uv, "venv", "--quiet", str(venv)], cwd=work, check=True)
    subprocess.run([uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"),
                    "--constraint", str(artefact("THUMBDROP_CONSTRAINTS")),
                    str(artefact("THUMBDROP_WHEEL"))], cwd=work, check=True,
                   env={**os.environ, "VIRTUAL_ENV": str(venv)})
    return Installed(venv / "bin", work)


def test_the_sdist_carries_what_the_wheel_is_built_from():
    with tarfile.open(artefact("THUMBDROP_SDIST")) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {f"resources/{name}" for name in RESOURCES} | {"LICENSE", "pyproject.toml"} <= names
    assert not any(name.startswith("tests/") for name in names)


def test_the_wheel_carries_the_resources_inside_the_package():
    with zipfile.ZipFile(artefact("THUMBDROP_WHEEL")) as wheel:
        names = set(wheel.namelist())
    assert {f"desktop/resources/{name}" for name in RESOURCES} <= names
    assert "thumbdrop-0.1.0.dist-info/licenses/LICENSE" in names
    assert "backend/openapi.yaml" in names


def test_every_command_says_its_version(installed):
    installed.says_its_version_everywhere()


def test_the_desktop_entry_comes_from_the_installed_package(installed):
    installed.installs_its_desktop_entry()


def test_resources_and_weed_are_found_in_the_installed_package(installed):
    found = installed.run("python", "-c", "from desktop.app import RESOURCES; "
                          "from backend.local.weed import weed_binary; "
                          "print(RESOURCES); print(weed_binary())")
    assert found.returncode == 0, found.stderr
    resources, weed = found.stdout.split()
    venv = installed.programs.parent
    assert resources.startswith(str(venv)) and resources.endswith("site-packages/desktop/resources")
    assert weed == str(installed.programs / "weed")


def test_the_built_in_backend_serves_an_upload_through_the_cli_to_ready(installed):
    installed.serves_an_upload_to_ready()


def test_the_cli_starts_its_own_backend_and_takes_it_along(installed):
    installed.starts_its_own_backend_for_the_cli()


def test_the_app_starts_offscreen_and_quits_cleanly(installed):
    record_start("wheel (pip/pipx install)", installed.opens_the_app_and_quits_cleanly())
