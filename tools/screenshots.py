"""Takes the README's screenshots: the real app on the built-in backend, on a light and a dark
palette, grabbed from the X server it runs on (`make screenshots` runs it under Xvfb, once per
language and scale: `--language de`, QT_SCALE_FACTOR=2). A real window manager and panel
(openbox, tint2) run beside it where installed, so frames, the tray and placement are real.
The English 1x run also records a 200-file drop as a few frames (drop-*.png).

Everything lives in a temporary home (data, cache, settings, the backend), so it never touches
the user's gallery. The photos are drawn here; their names make the filter worth showing.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "docs" / "screenshots")
SIZE = (1280, 800)
PHOTOS = (  # (name, sky top, sky bottom, ground, sun)
    ("beach-sunrise.jpg", (46, 60, 122), (250, 170, 120), (222, 196, 150), (255, 226, 140)),
    ("beach-noon.jpg", (40, 120, 220), (150, 205, 245), (236, 214, 170), (255, 250, 220)),
    ("beach-dusk.jpg", (30, 20, 70), (230, 100, 90), (170, 130, 110), (255, 170, 90)),
    ("beach-dunes.jpg", (70, 150, 230), (200, 230, 250), (214, 170, 110), (255, 245, 200)),
    ("harbour-morning.jpg", (90, 140, 200), (220, 230, 240), (40, 70, 100), (255, 240, 210)),
    ("harbour-lights.jpg", (10, 15, 45), (60, 50, 110), (20, 30, 60), (250, 220, 150)),
    ("forest-path.jpg", (120, 170, 120), (200, 230, 190), (50, 90, 40), (240, 250, 210)),
    ("forest-fog.jpg", (160, 170, 170), (220, 225, 225), (70, 90, 80), (245, 245, 240)),
    ("mountain-lake.jpg", (60, 110, 200), (190, 215, 240), (60, 100, 130), (255, 255, 230)),
    ("city-rooftops.jpg", (230, 140, 90), (250, 210, 160), (90, 70, 70), (255, 200, 120)),
    ("desert-road.jpg", (80, 150, 230), (210, 230, 250), (200, 120, 70), (255, 250, 220)),
    ("snow-field.jpg", (120, 160, 210), (230, 240, 250), (240, 244, 250), (255, 255, 240)),
)


def draw(path: Path, top, bottom, ground, sun, seed: int) -> None:
    from PIL import Image, ImageDraw, ImageFilter

    width, height = 1800, 1200
    image = Image.new("RGB", (width, height))
    pixels = ImageDraw.Draw(image)
    horizon = int(height * (0.55 + 0.08 * math.sin(seed)))
    for y in range(horizon):
        t = y / horizon
        pixels.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t)
                                                     for a, b in zip(top, bottom, strict=True)))
    for y in range(horizon, height):
        t = (y - horizon) / (height - horizon)
        pixels.line([(0, y), (width, y)], fill=tuple(round(c * (1 - 0.35 * t)) for c in ground))
    x = int(width * (0.2 + 0.6 * ((seed * 0.37) % 1)))
    radius = 90 + 25 * (seed % 3)
    pixels.ellipse([x - radius, horizon - 2.2 * radius, x + radius, horizon - 0.2 * radius],
                   fill=sun)
    for hill in range(3):  # soft ridges so thumbnails have shapes, not only gradients
        base = horizon + 10 + 25 * hill
        shade = tuple(max(0, round(c * (0.55 + 0.12 * hill))) for c in ground)
        points = [(0, height)] + [
            (px, base - 60 * math.sin(px / (180 + 70 * hill) + seed + hill) ** 2)
            for px in range(0, width + 30, 30)] + [(width, height)]
        pixels.polygon(points, fill=shade)
    image.filter(ImageFilter.GaussianBlur(2)).save(path, quality=88)


def dark_palette():
    """A dark palette like the desktops' dark themes (Qt's Fusion style has no dark variant of
    its own without a platform theme, as under Xvfb)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role = QPalette.ColorRole
    for name, colour in (("Window", "#2b2b2b"), ("WindowText", "#e6e6e6"), ("Base", "#1e1e1e"),
                         ("AlternateBase", "#262626"), ("ToolTipBase", "#2b2b2b"),
                         ("ToolTipText", "#e6e6e6"), ("Text", "#e6e6e6"), ("Button", "#353535"),
                         ("ButtonText", "#e6e6e6"), ("BrightText", "#ff6b6b"),
                         ("Link", "#6cb6ff"), ("Highlight", "#2f6fb3"),
                         ("HighlightedText", "#ffffff"), ("PlaceholderText", "#9a9a9a"),
                         ("Mid", "#444444"), ("Dark", "#1a1a1a"), ("Light", "#505050"),
                         ("Midlight", "#3c3c3c"), ("Shadow", "#000000")):
        palette.setColor(getattr(role, name), QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for name in ("WindowText", "Text", "ButtonText"):
        palette.setColor(disabled, getattr(role, name), QColor("#7a7a7a"))
    return palette


def wait(app, condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: gave up waiting for {what}")
        app.processEvents()
        time.sleep(0.02)


def settle(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def desktop_shell() -> list[subprocess.Popen]:
    """openbox and tint2 (a window manager and a panel with a tray), where installed."""
    started = []
    for program in ("openbox", "tint2"):
        if shutil.which(program):
            started.append(subprocess.Popen([program], stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL))
    return started


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--language", default="en", choices=("en", "de"))
    language = options.parse_args().language
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    tag = ("" if language == "en" else f"-{language}") + ("" if scale == "1" else f"-{scale}x")
    if not os.environ.get("DISPLAY"):
        print("screenshots: run under an X server (make screenshots uses xvfb-run)",
              file=sys.stderr)
        return 2
    home = Path(tempfile.mkdtemp(prefix="thumbdrop-shots-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ["LC_ALL"] = os.environ["LANG"] = "de_DE.UTF-8" if language == "de" else "en_GB.UTF-8"
    shell = desktop_shell()
    photos = home / "photos"
    photos.mkdir()
    paths = []
    for seed, (name, top, bottom, ground, sun) in enumerate(PHOTOS):
        draw(photos / name, top, bottom, ground, sun, seed)
        paths.append(photos / name)
    broken = photos / "scan-0042.jpg"  # a JPEG header and then nothing usable: fails, with why
    broken.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 4000)
    notes = photos / "notes.txt"
    notes.write_text("shot list\n")

    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QApplication

    from desktop.app import set_up
    from desktop.ui.shell.main_window import MainWindow

    app = QApplication([sys.argv[0], "-style", "Fusion"])  # the same look on every machine
    set_up(app)  # as the app: names, language, icon, style sheet
    window = MainWindow(data_dir=home / "data", cache_dir=home / "cache")
    window.resize(*SIZE)
    window.move(0, 0)
    settle(app, 1)  # the window manager places and frames it
    window.show()
    window.start()
    window.upload_view.add_paths([*paths, broken, notes])
    wait(app, lambda: window.upload_view.model.rowCount() == len(paths) + 2, 120, "the queue")
    wait(app, lambda: window.upload_view.unfinished_files() == 0, 300, "the uploads")
    copy = photos / "beach-noon (copy).jpg"  # the same bytes again: "Already in the gallery"
    copy.write_bytes(paths[1].read_bytes())
    window.upload_view.add_paths([copy])
    wait(app, lambda: window.upload_view.model.rowCount() == len(paths) + 3, 60, "the copy")
    settle(app, 2)
    OUT.mkdir(parents=True, exist_ok=True)

    def shoot(name: str, shown=None) -> None:
        settle(app, 1.5)
        frame = (shown or window).frameGeometry()
        picture = app.primaryScreen().grabWindow(0, frame.x(), frame.y(), frame.width(),
                                                 frame.height())
        picture.save(str(OUT / name))
        print(f"screenshots: {OUT / name}")

    gallery = window.gallery_view
    light = app.palette()
    for suffix, palette in (("light", light), ("dark", dark_palette())):
        app.setPalette(palette)
        window.tabs.setCurrentWidget(window.upload_view)
        window.upload_view.list.scrollToBottom()  # the failed, skipped and duplicate rows
        shoot(f"upload-{suffix}{tag}.png")
        window.tabs.setCurrentWidget(gallery)
        gallery.filter.setText("beach")
        gallery.apply_filter()
        wait(app, lambda: sum(gallery.model.image_at(r) is not None
                              for r in range(gallery.model.rowCount())) == 4, 60,
             "the filtered gallery")
        rows = [r for r in range(gallery.model.rowCount()) if gallery.model.image_at(r)]
        selection = gallery.list.selectionModel()
        selection.clearSelection()
        for row in rows[:3]:
            selection.select(gallery.model.index(row, 0),
                             QItemSelectionModel.SelectionFlag.Select)
        if not gallery.info.isVisible():
            gallery.toggle_info()
        shoot(f"gallery-{suffix}{tag}.png")
        gallery.filter.clear()
        gallery.apply_filter()

    app.setPalette(light)
    if not tag:
        link_dialog(app, window, shoot)
    dialog = window.settings_dialog()  # the token label, the URL example, the language note
    dialog.editors["use_local_backend"].setChecked(False)
    dialog.editors["language"].setCurrentIndex(dialog.editors["language"].findData("de"))
    dialog.show()
    shoot(f"settings{tag}.png", dialog)
    dialog.reject()
    if not tag:
        drop_of_200(app, window, photos, shoot)
        tray_messages(app, window, photos)

    stopped: list[bool] = []
    window.service.stopped.connect(lambda: stopped.append(True))
    window.close_without_asking()  # stops the queue and the backend child it started
    wait(app, lambda: bool(stopped), 60, "Thumbdrop to stop")
    for program in shell:
        program.terminate()
        program.wait(10)
    return 0


def drop_of_200(app, window, photos: Path, shoot) -> None:
    """200 small photos dropped at once, shot as they queue, upload and finish."""
    from PIL import Image

    folder = photos / "drop"
    folder.mkdir()
    for n in range(200):
        shade = (40 + n % 180, 90 + (n * 7) % 150, 200 - n % 160)
        Image.new("RGB", (320, 240), shade).save(folder / f"IMG_{n:04}.jpg", quality=80)
    window.tabs.setCurrentWidget(window.upload_view)
    rows = window.upload_view.model.rowCount()
    window.upload_view.add_paths([folder])
    wait(app, lambda: window.upload_view.model.rowCount() == rows + 200, 120, "the drop")
    shoot("drop-1-queued.png")
    wait(app, lambda: window.upload_view.model.totals.files_done >= rows + 90, 300, "half")
    shoot("drop-2-halfway.png")
    wait(app, lambda: window.upload_view.unfinished_files() == 0, 300, "the drop's end")
    shoot("drop-3-done.png")
    window.tabs.setCurrentWidget(window.gallery_view)
    shoot("drop-4-gallery.png")


def link_dialog(app, window, shoot) -> None:
    """Copy link on one photo, the first time (no lifetime chosen yet): the dialog, its link."""
    from PySide6.QtCore import QItemSelectionModel

    gallery = window.gallery_view
    window.tabs.setCurrentWidget(gallery)
    wait(app, lambda: any(gallery.model.image_at(r) for r in range(gallery.model.rowCount())),
         60, "the gallery")
    first = next(row for row in range(gallery.model.rowCount()) if gallery.model.image_at(row))
    gallery.list.selectionModel().select(gallery.model.index(first, 0),
                                         QItemSelectionModel.SelectionFlag.ClearAndSelect)
    dialog = gallery.copy_link()
    if not dialog.busy:
        dialog.create()
    wait(app, lambda: not dialog.busy, 60, "the link")
    shoot("link-dialog.png")
    dialog.close()


def tray_messages(app, window, photos: Path) -> None:
    """The window closed while photos upload, then the batch's end: the tray's two messages,
    grabbed from the panel's corner of the screen (where tint2 puts the tray)."""
    from PIL import Image

    folder = photos / "evening"
    folder.mkdir()
    for n in range(60):
        Image.new("RGB", (2400, 1600), (20 + n, 40, 90)).save(folder / f"DSC_{n:04}.jpg")
    screen = app.primaryScreen().geometry()

    def balloon() -> bool:  # Qt's own message bubble, where the tray has no notifications
        return any(shown.metaObject().className() == "QBalloonTip" and shown.isVisible()
                   for shown in app.topLevelWidgets())

    def corner(name: str) -> None:
        wait(app, balloon, 30, "the tray's message")
        settle(app, 1)
        app.primaryScreen().grabWindow(0, screen.width() - 640, screen.height() - 140,
                                       640, 140).save(str(OUT / name))
        print(f"screenshots: {OUT / name}")

    said = len(window.tray.notifications)
    window.upload_view.add_paths([folder])
    wait(app, lambda: window.upload_view.unfinished_files() > 0, 60, "the evening's photos")
    window.close()  # keeps uploading from the tray (the default)
    corner("tray-keeps-uploading.png")
    wait(app, lambda: window.upload_view.unfinished_files() == 0, 300, "the evening's end")
    wait(app, lambda: len(window.tray.notifications) >= said + 2, 60, "the end-of-batch message")
    corner("tray-batch-finished.png")
    print(f"screenshots: the tray said {window.tray.notifications[said:]}")
    window.show()


if __name__ == "__main__":
    sys.exit(main())
