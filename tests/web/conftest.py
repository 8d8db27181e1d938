"""tests/web: the share page in a real browser (headless Debian Chromium through Selenium).

These run only with THUMBDROP_WEB=1, which `make check-web` (and so .ci/run) sets after
installing chromium and chromium-driver; otherwise they are deselected, so `make test` needs
no browser. With THUMBDROP_WEB=1 a missing browser fails the tests rather than skipping them.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import deselect_unless

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    deselect_unless(config, items, "THUMBDROP_WEB",
                    lambda item: here in Path(item.fspath).parents)


@pytest.fixture
def browser():
    """A fresh headless Chromium (its own empty profile), logging the console and network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for program in (CHROMIUM, CHROMEDRIVER):
        if not Path(program).exists():
            pytest.fail(f"{program} is missing: `make check-web` installs chromium and "
                        "chromium-driver")
    profile = tempfile.mkdtemp(prefix="thumbdrop-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # This machine's network is closed: Chromium's own background connections are turned off
    # (else they are refused, many at a time), so every request seen is the page's.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
