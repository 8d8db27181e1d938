"""The wheel's package list is written by hand (for the resources/ mapping): keep it complete."""

from __future__ import annotations

import tomllib

from helpers import PROJECT_ROOT


def _setuptools() -> dict:
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_in_the_source_tree_is_in_the_wheel():
    package_dirs = (init.parent.relative_to(PROJECT_ROOT).parts
                    for top in ("desktop", "backend")
                    for init in (PROJECT_ROOT / top).rglob("__init__.py"))
    # Build output such as backend/.aws-sam/ has no importable name: not a package of ours.
    found = {".".join(parts) for parts in package_dirs
             if all(part.isidentifier() for part in parts)}
    listed = set(_setuptools()["packages"])
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"
    # resources/ and its translations ship inside the desktop package (no __init__.py there).
    assert listed - found == {"desktop.resources", "desktop.resources.i18n"}, \
        "a listed package no longer exists"


def test_the_app_resources_ship_inside_the_desktop_package():
    assert _setuptools()["package-dir"] == {"desktop.resources": "resources"}
    for name in ("icon.png", "icon.svg", "style.qss", "thumbdrop.desktop"):
        assert (PROJECT_ROOT / "resources" / name).is_file()
    patterns = _setuptools()["package-data"]["*"]
    assert {"*.png", "*.svg", "*.qss", "*.desktop"} <= set(patterns)
    assert _setuptools()["package-data"]["desktop.resources.i18n"] == ["*.qm"]


def test_the_default_cmyk_profile_ships_in_the_wheel_and_the_bundle():
    from backend.resize import colour

    patterns = _setuptools()["package-data"]["*"]
    assert {"profiles/*.icc", "profiles/NOTICE.txt"} <= set(patterns)
    assert (PROJECT_ROOT / "backend" / "resize" / "profiles" / colour.DEFAULT_CMYK_PROFILE).is_file()
    assert "profiles" in (PROJECT_ROOT / "packaging" / "bundle.py").read_text()
