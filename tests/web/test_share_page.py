"""A shared album's page as people open it: headless Chromium against the real local backend
(SeaweedFS + the same handlers), the images really loaded, the viewer driven by the keyboard,
a phone's viewport, and nothing fetched from any host but the API and the store."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import Api, wait_until
from PIL import Image, ImageDraw
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

SHOTS = os.environ.get("THUMBDROP_WEB_SHOTS")  # a folder: the page's screenshots go there


@pytest.fixture
def api(local_backend):
    client = Api(local_backend)
    yield client
    client.close()


def _photo(n: int) -> bytes:
    """A photo of its own: a gradient in a hue of its own, landscape or portrait."""
    size = (1200, 800) if n % 3 else (800, 1200)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(0, size[1], 8):
        shade = y * 200 // size[1]
        draw.rectangle((0, y, size[0], y + 8), fill=((40 + 53 * n) % 256, shade, 255 - shade))
    draw.ellipse((size[0] // 3, size[1] // 3, size[0] // 3 * 2, size[1] // 3 * 2),
                 fill=(255, 220 - 15 * n % 200, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, comment=f"web-{os.getpid()}-{n}".encode())
    return out.getvalue()


def _share(api: Api, count: int, **options) -> dict:
    album = api.session.post(f"{api.base}/albums", json={"name": "Lake weekend"}, timeout=30)
    album_id = album.json()["id"]
    tickets = [api.upload(f"lake-{n:02d}.jpg", "image/jpeg", _photo(n)) for n in range(count)]
    ids = [ticket["id"] for ticket in tickets]
    for image_id in ids:
        assert api.wait_done(image_id)["status"] == "ready"
    api.session.post(f"{api.base}/albums/{album_id}/images", json={"ids": ids}, timeout=30)
    made = api.session.post(f"{api.base}/albums/{album_id}/shares", json=options, timeout=30)
    assert made.status_code == 201, made.text
    return made.json()


def _images_loaded(browser, count: int) -> None:
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(
        "var imgs = document.querySelectorAll('#grid img');"
        "return imgs.length === arguments[0] && Array.prototype.every.call(imgs, "
        "function (i) { return i.complete && i.naturalWidth > 0; });", count))


def _requests_sent(browser) -> list[dict]:
    """Every request the page sent, from Chromium's own network log."""
    return [message["params"]["request"] for entry in browser.get_log("performance")
            if (message := json.loads(entry["message"])["message"])["method"]
            == "Network.requestWillBeSent"]


def _shot(browser, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(SHOTS) / name))


def test_the_grid_loads_the_viewer_moves_with_the_keyboard_and_nothing_else_is_asked(
        api, browser, local_backend):
    share = _share(api, 9, show_names=True, show_dates=True)
    browser.get(share["url"])
    _images_loaded(browser, 9)
    assert browser.title == "Lake weekend"
    assert not browser.find_element(By.ID, "password-form").is_displayed(), "no password here"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    alts = [img.get_attribute("alt") for img in browser.find_elements(By.CSS_SELECTOR, "#grid img")]
    assert all(alt.startswith("lake-") and "taken" in alt for alt in alts)
    _shot(browser, "share-page-desktop.png")

    first = browser.find_element(By.CSS_SELECTOR, "#grid .tile")
    first.send_keys(Keys.ENTER)  # a button: the keyboard opens it
    viewer = browser.find_element(By.ID, "viewer")
    WebDriverWait(browser, 30).until(lambda b: viewer.is_displayed() and b.execute_script(
        "var i = document.getElementById('big'); return i.complete && i.naturalWidth > 0;"))
    where = browser.find_element(By.ID, "where")
    assert where.text == "1 of 9"
    big = browser.find_element(By.ID, "big")
    assert max(big.get_property("naturalWidth"), big.get_property("naturalHeight")) == 1200
    _shot(browser, "share-page-viewer.png")
    browser.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    WebDriverWait(browser, 10).until(lambda b: where.text == "2 of 9")
    browser.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
    WebDriverWait(browser, 10).until(lambda b: where.text == "1 of 9")
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    WebDriverWait(browser, 10).until(lambda b: not viewer.is_displayed())
    assert browser.switch_to.active_element == first, "closing gave the focus back to the tile"

    page = urlsplit(share["url"]).netloc
    store = urlsplit(local_backend["s3_endpoint"]).netloc
    sent = _requests_sent(browser)
    assert {urlsplit(r["url"]).netloc for r in sent if r["url"].startswith("http")} <= {
        page, store}
    # Its one POST carries its body's SHA-256, as Lambda behind origin access control needs.
    [asked] = [r for r in sent if r["url"].endswith("/photos")]
    assert asked["headers"]["x-amz-content-sha256"] == hashlib.sha256(
        asked["postData"].encode()).hexdigest()
    problems = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert problems == [], problems  # a CSP refusal or a script error shows here


def test_a_phone_sees_two_columns(api, browser):
    share = _share(api, 4)
    browser.set_window_size(390, 844)
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True})
    browser.get(share["url"])
    _images_loaded(browser, 4)
    columns = browser.execute_script(
        "return getComputedStyle(document.getElementById('grid'))"
        ".gridTemplateColumns.split(' ').length;")
    assert columns in (1, 2)
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth;"), "no sideways scroll"
    _shot(browser, "share-page-phone.png")


def test_a_wrong_password_is_refused_and_the_right_one_shows_the_photos(api, browser):
    share = _share(api, 2, password="swordfish")
    browser.get(share["url"])
    field = WebDriverWait(browser, 30).until(
        lambda b: (f := b.find_element(By.ID, "password")).is_displayed() and f)
    assert browser.find_elements(By.CSS_SELECTOR, "#grid img") == []
    field.send_keys("guess", Keys.ENTER)
    problem = browser.find_element(By.ID, "problem")
    WebDriverWait(browser, 30).until(lambda b: "not right" in problem.text)
    field.clear()
    field.send_keys("swordfish", Keys.ENTER)
    _images_loaded(browser, 2)
    assert not problem.is_displayed()


def test_a_revoked_link_shows_a_page_that_says_so(api, browser):
    share = _share(api, 1)
    assert api.session.delete(f"{api.base}/shares/{share['id']}", timeout=30).status_code == 204
    browser.get(share["url"])
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading == "This link no longer works"
    assert "turned off" in browser.find_element(By.CLASS_NAME, "note").text


def test_scrolling_down_brings_the_next_pages(api, browser):
    """An album longer than one answer (backend PAGE_PHOTOS = 60): the rest comes as one
    scrolls, each photo once."""
    share = _share(api, 64)
    browser.get(share["url"])
    WebDriverWait(browser, 60).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#grid img")) == 60)
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight);")
    _images_loaded(browser, 64)
    sources = [img.get_attribute("src") for img in browser.find_elements(By.CSS_SELECTOR, "#grid img")]
    assert len(set(sources)) == 64
    assert browser.find_element(By.ID, "note").text == "64 photos"


def _noise_jpeg(path: Path, size=(1400, 1000)) -> Path:
    """Over a megabyte (random pixels barely compress): the page hashes it in slices."""
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(path, "JPEG",
                                                                         quality=92)
    return path


def test_a_guest_adds_photos_from_the_page_and_they_end_in_the_album(
        api, browser, local_backend, tmp_path):
    share = _share(api, 1, allow_uploads=True, upload_limit=3)
    picked = [_noise_jpeg(tmp_path / "guest-big.jpg"),
              _noise_jpeg(tmp_path / "guest-small.jpg", (300, 200)), tmp_path / "notes.txt"]
    picked[2].write_text("not a photo")
    assert picked[0].stat().st_size > 1 << 20
    browser.get(share["url"])
    _images_loaded(browser, 1)
    panel = browser.find_element(By.ID, "add")
    assert panel.is_displayed() and "up to 50 MB" in panel.text
    browser.find_element(By.ID, "guest-name").send_keys("Anna")
    browser.find_element(By.ID, "files").send_keys("\n".join(str(p) for p in picked))

    def states():
        return [row.text for row in browser.find_elements(By.CSS_SELECTOR, "#sending li")]
    WebDriverWait(browser, 120).until(
        lambda b: len(states()) == 3 and all("Sent" in s or "not a kind" in s for s in states()))
    assert any("notes.txt is not a kind of photo" in s for s in states())
    _shot(browser, "share-page-guest-upload.png")

    album_id = share["album_id"]

    def guests_photos():
        items = api.session.get(f"{api.base}/albums/{album_id}/images", timeout=30).json()["items"]
        return sorted(i["filename"] for i in items if i["guest"] == {"name": "Anna"})
    assert wait_until(lambda: guests_photos() == ["guest-big.jpg", "guest-small.jpg"],
                      timeout=120, what="the guest's photos in the album")
    fresh = browser.find_element(By.ID, "fresh")
    assert fresh.is_displayed()
    fresh.click()
    _images_loaded(browser, 3)  # the album again, the guest's two photos in it
    # Straight to the store: the page's PUTs went to the store's origin with the checksum.
    store = urlsplit(local_backend["s3_endpoint"]).netloc
    puts = [r for r in _requests_sent(browser) if r["method"] == "PUT"]
    assert len(puts) == 2 and all(urlsplit(r["url"]).netloc == store for r in puts)
    assert all("x-amz-checksum-sha256" in r["headers"] for r in puts)
    problems = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert problems == [], problems
