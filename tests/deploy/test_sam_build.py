"""A real `sam build` (no Docker) into a temporary directory: each function gets its own
package plus exactly the pinned wheels, for Lambda's arm64, within Lambda's size limit."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.deploy.cfn import ROOT, TEMPLATE
from tests.deploy.conftest import tool

pytestmark = pytest.mark.deploy_tools

ELF_MACHINE_AARCH64 = 183
UNZIPPED_LIMIT = 250 * 1024 * 1024  # a function's code and layers, unzipped
FUNCTIONS = {"PresignFunction": "presign", "ResizeFunction": "resize",
             "ResizeFailuresFunction": "resize"}


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    sam = tool("THUMBDROP_SAM")
    out = tmp_path_factory.mktemp("sam") / "build"
    # Offline: sam wants a region and some credentials, and must not phone home.
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "us-east-1", "SAM_CLI_TELEMETRY": "0",
           "PIP": f"{sam.parent / 'python'} -m pip"}
    result = subprocess.run([str(sam), "build", "--template", str(TEMPLATE),
                             "--build-dir", str(out)], cwd=TEMPLATE.parent, env=env,
                            check=False, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return out


def _pins(package: str) -> dict[str, str]:
    text = (ROOT / "backend" / package / "requirements.txt").read_text()
    return {name.lower().replace("_", "-"): version for name, version in
            re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, flags=re.MULTILINE)}


def _installed(bundle: Path) -> dict[str, str]:
    found = {}
    for info in bundle.glob("*.dist-info"):
        name, version = info.name.removesuffix(".dist-info").rsplit("-", 1)
        found[name.lower().replace("_", "-")] = version
    return found


def _elf_machine(path: Path) -> int | None:
    with path.open("rb") as handle:
        header = handle.read(20)
    if header[:4] != b"\x7fELF":
        return None
    return int.from_bytes(header[18:20], "little" if header[5] == 1 else "big")


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_each_bundle_holds_its_package_and_exactly_the_pinned_wheels(build, function):
    bundle = build / function
    package = FUNCTIONS[function]
    code = bundle / "backend"
    assert (code / "__init__.py").exists() and (code / "common").is_dir()
    assert (code / package / "handler.py").exists()
    others = {"presign", "resize", "local"} - {package}
    assert not any((code / other).exists() for other in others)
    assert not list(code.rglob("requirements.*")) and not list(code.rglob("__pycache__"))
    assert _installed(bundle) == _pins(package)
    if package == "resize":  # colour.py's default CMYK profile and its notice
        assert (code / "resize" / "profiles" / "cmyk-chemical-proof.icc").is_file()
        assert (code / "resize" / "profiles" / "NOTICE.txt").is_file()


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_every_native_library_and_wheel_is_for_lambda_arm64(build, function):
    bundle = build / function
    natives = [p for p in bundle.rglob("*") if p.is_file() and (
        p.suffix == ".so" or ".so." in p.name)]
    if FUNCTIONS[function] == "resize":
        assert natives, "Pillow and pillow-heif bring native code"
    for library in natives:
        assert _elf_machine(library) == ELF_MACHINE_AARCH64, library
    for wheel in bundle.glob("*.dist-info/WHEEL"):
        tags = re.findall(r"^Tag: (\S+)$", wheel.read_text(), flags=re.MULTILINE)
        assert tags, wheel
        if all(t.endswith("-any") for t in tags):  # pure Python: must run on Python 3
            assert any(t.startswith("py3-") for t in tags), (wheel, tags)
        else:  # native: CPython 3.12 (or the stable ABI) on arm64 Linux
            for interpreter, abi, platform in (t.split("-") for t in tags):
                assert "aarch64" in platform, (wheel, tags)
                assert interpreter == "cp312" or abi == "abi3", (wheel, tags)


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_each_bundle_is_within_lambdas_size_limit(build, function, tmp_path):
    bundle = build / function
    unzipped = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    archive = tmp_path / f"{function}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in bundle.rglob("*"):
            if path.is_file():
                out.write(path, path.relative_to(bundle))
    zipped = archive.stat().st_size
    print(f"{function}: {unzipped / 1e6:.1f} MB unzipped, {zipped / 1e6:.1f} MB zipped")
    assert unzipped < UNZIPPED_LIMIT
