"""The share page: a 500-photo album's first screen in headless Chromium (issue 20: under 1 s
on the built-in backend), against an anchor measured in the same run: a static page with the
same first thumbnails' <img> tags (already minted URLs, no script, no API call) served from a
local HTTP server. The ratio is what the page's own work (its HTML, the photos request, the
script) costs beside the browser and the store alone. Also the page's weight.

"First screen": from navigation start until every image the first viewport shows is decoded
(naturalWidth > 0), read inside the page (performance.now()), median of RUNS runs each way.
Skipped when Debian's chromium and chromedriver are not installed (`make check-web` installs
them).
"""

from __future__ import annotations

import http.server
import io
import signal
import statistics
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from PIL import Image

from bench.bench_transfers import start_backend, unique

PHOTOS = 500
RUNS = 5
GOAL_MS = 1000
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

# Resolves once every <img> inside the first viewport has decoded; returns the moment.
_FIRST_SCREEN = """
var done = arguments[arguments.length - 1];
function check() {
  var imgs = Array.prototype.filter.call(document.querySelectorAll('li img'), function (i) {
    return i.getBoundingClientRect().top < window.innerHeight; });
  if (imgs.length && imgs.every(function (i) { return i.complete && i.naturalWidth > 0; })) {
    done([performance.now(), imgs.length]);
  } else { requestAnimationFrame(check); }
}
check();
"""


def _photo(n: int) -> bytes:
    # Noise over a colour of its own: thumbnails weigh what a photo's do (flat ones ~0.2 KB).
    tint = Image.new("RGB", (640, 480), ((n * 37) % 256, (n * 91) % 256, 160))
    image = Image.blend(Image.effect_noise((640, 480), 40).convert("RGB"), tint, 0.6)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return unique(out.getvalue())


def _album(info: dict) -> str:
    """A PHOTOS-photo album, shared; returns the link."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {info['token']}"
    base = info["api_url"]

    def upload(n: int) -> str:
        import base64
        import hashlib
        data = _photo(n)
        ticket = session.post(f"{base}/uploads", timeout=60, json={
            "filename": f"bench-{n:03d}.jpg", "content_type": "image/jpeg", "size": len(data),
            "sha256": base64.b64encode(hashlib.sha256(data).digest()).decode()}).json()
        requests.put(ticket["upload"]["url"], data=data, headers=ticket["upload"]["headers"],
                     timeout=60).raise_for_status()
        return ticket["id"]

    def ready(image_id: str) -> None:
        while session.get(f"{base}/images/{image_id}", timeout=60).json()["status"] == "pending":
            threading.Event().wait(0.2)

    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(upload, range(PHOTOS)))
        list(pool.map(ready, ids))
    album = session.post(f"{base}/albums", json={"name": "Bench"}, timeout=60).json()["id"]
    for start in range(0, len(ids), 100):
        session.post(f"{base}/albums/{album}/images", json={"ids": ids[start:start + 100]},
                     timeout=60).raise_for_status()
    return session.post(f"{base}/albums/{album}/shares", json={}, timeout=60).json()["url"]


def _static_anchor(folder: Path, link: str) -> str:
    """The same first page of thumbnails as plain <img> tags; returns its local URL."""
    items = requests.post(link + "/photos", json={}, timeout=60).json()["items"]
    tiles = "".join(f'<li><img src="{item["thumbnail_url"]}" width="256" height="256" '
                    'alt="" loading="lazy"></li>' for item in items)
    (folder / "index.html").write_text(
        "<!doctype html><html lang=en><meta charset=utf-8><title>anchor</title><style>"
        "ul{display:grid;gap:6px;padding:0;list-style:none;grid-template-columns:"
        "repeat(auto-fill,minmax(170px,1fr))}img{width:100%;height:100%;object-fit:cover}"
        f"</style><h1>Bench</h1><ul>{tiles}</ul></html>")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args) -> None:
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/index.html"


def _browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 "--window-size=1280,900", "--disk-cache-size=1"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    return driver


def _first_screen(url: str) -> tuple[float, int]:
    driver = _browser()  # a new browser each run: nothing cached
    try:
        driver.get(url)
        moment, shown = driver.execute_async_script(_FIRST_SCREEN)
        return moment, shown
    finally:
        driver.quit()


def main() -> None:
    print(f"== share page: a {PHOTOS}-photo album's first screen in headless Chromium ==")
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        print("  chromium/chromedriver not installed (make check-web installs them): skipped")
        return
    with tempfile.TemporaryDirectory() as name:
        temp = Path(name)
        process, info = start_backend(temp / "data")
        try:
            link = _album(info)
            anchor = _static_anchor(temp, link)
            page = requests.get(link, timeout=60)
            first = requests.post(link + "/photos", json={}, timeout=60)
            thumb_kb = _thumb_kb(first.json())
            ours = [_first_screen(link) for _ in range(RUNS)]
            static = [_first_screen(anchor) for _ in range(RUNS)]
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(60)
    ours_ms = statistics.median(moment for moment, _ in ours)
    static_ms = statistics.median(moment for moment, _ in static)
    print(f"  page {len(page.content) / 1024:.1f} KB (HTML with its style and script), first "
          f"photos answer {len(first.content) / 1024:.1f} KB for "
          f"{len(first.json()['items'])} photos; thumbnails ~{thumb_kb:.1f} KB each")
    print(f"  share page  first screen {ours_ms:6.0f} ms ({ours[0][1]} images in view; "
          f"spread {min(m for m, _ in ours):.0f}–{max(m for m, _ in ours):.0f})")
    print(f"  static page first screen {static_ms:6.0f} ms (anchor: the same thumbnails, "
          "no script, no API)")
    print(f"  ratio share/static {ours_ms / static_ms:.2f}   goal < {GOAL_MS} ms: "
          f"{'ok' if ours_ms < GOAL_MS else 'MISSED'}")


def _thumb_kb(answer: dict) -> float:
    sizes = [len(requests.get(item["thumbnail_url"], timeout=60).content)
             for item in answer["items"][:10]]
    return statistics.mean(sizes) / 1024


if __name__ == "__main__":
    main()
