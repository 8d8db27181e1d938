"""`thumbdrop [FILES or FOLDERS...]`: opens the main window and queues the given paths."""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings, QSocketNotifier, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop import app_log
from desktop.autostart import TRAY_ARGUMENT
from desktop.resource_files import RESOURCES
from desktop.settings import LANGUAGE, SettingsStore
from desktop.ui.shell import i18n
from desktop.ui.shell.app_style import PaletteStyleSheet
from desktop.ui.shell.error_reporter import ErrorReporter
from desktop.ui.shell.main_window import MainWindow
from desktop.ui.shell.single_instance import SingleInstance, server_name

APP_NAME = "Thumbdrop"
log = logging.getLogger(__name__)


def _close_on_signals(window: MainWindow) -> None:
    """SIGTERM (logout, `kill`) and SIGINT (Ctrl+C) close the window cleanly.

    Python runs signal handlers only when it gets control, which Qt's event loop does not give
    it; the wake-up fd makes the signal an event the loop sees.
    """
    wake_read, wake_write = socket.socketpair()
    for end in (wake_read, wake_write):
        end.setblocking(False)
    signal.set_wakeup_fd(wake_write.fileno())
    notifier = QSocketNotifier(wake_read.fileno(), QSocketNotifier.Type.Read, window)

    def on_signal() -> None:
        wake_read.recv(64)
        window.close_without_asking()

    notifier.activated.connect(on_signal)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: None)  # the wake-up fd does the work
    window._signal_sockets = (wake_read, wake_write)  # kept alive as long as the window


def receive_later_starts(instance: SingleInstance, window: MainWindow) -> None:
    """`thumbdrop FILES` while this runs: the files join the queue and the window comes up."""
    def received(paths: list[Path]) -> None:
        window.upload_view.add_paths(paths)
        window.bring_back()  # also from the tray, where it may be hidden

    instance.paths_received.connect(received)
    instance.setParent(window)  # lives (and stops listening) with the window
    # Stopping takes a moment (off the UI thread): a start meanwhile must not hand its files to
    # a window that is going away.
    window.closing.connect(instance.close)


def set_up(app: QApplication) -> None:
    """Names, settings format, language, icon and style sheet: what every Thumbdrop window
    expects (the app's, and tools/screenshots.py's)."""
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName("thumbdrop")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    # Before any widget takes its texts; a change in Settings applies at the next start.
    i18n.install(LANGUAGE.of(SettingsStore().load()), RESOURCES / "i18n")
    app.setWindowIcon(QIcon(str(RESOURCES / "icon.png")))
    style = RESOURCES / "style.qss"
    if style.exists():
        PaletteStyleSheet(app, style.read_text(encoding="utf-8"))


def main() -> int:
    app = QApplication(sys.argv)
    set_up(app)

    data_dir = Path(platformdirs.user_data_dir("thumbdrop"))
    # Qt has already taken its own options (-platform, ...) out of the arguments.
    arguments = app.arguments()[1:]
    in_tray = TRAY_ARGUMENT in arguments  # started at login: the tray icon, no window
    paths = [Path(arg) for arg in arguments if arg != TRAY_ARGUMENT]
    instance = SingleInstance(server_name(data_dir))
    if instance.hand_over_or_listen(paths):
        return 0  # the running Thumbdrop took the files

    # The window may hide in the tray with uploads running, and dialogs may close while it is
    # hidden: the app ends when the Service has stopped, not when a last window closes.
    app.setQuitOnLastWindowClosed(False)
    log_file = app_log.configure(app_log.default_log_dir())
    window = MainWindow(
        data_dir=data_dir,
        cache_dir=Path(platformdirs.user_cache_dir("thumbdrop")),
    )
    receive_later_starts(instance, window)
    reporter = ErrorReporter(log_file, window)
    reporter.message.connect(window.say)
    reporter.install()
    _close_on_signals(window)
    # From here SIGTERM closes cleanly; scripts and tests wait for this line before sending it.
    log.info("Thumbdrop running (pid %d)", os.getpid())
    window.service.stopped.connect(app.quit)
    if in_tray and window.tray.available:
        window.tray.update(False)  # the icon alone; its menu brings the window
    else:
        window.show()
    # Runs once the event loop has shown the window: `make check-dist` times starts by it.
    QTimer.singleShot(0, lambda: log.info("window shown"))
    window.start()
    window.upload_view.add_paths(paths)
    status = app.exec()
    if window.restart_requested:  # a new language: everything has stopped, start afresh
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
    return status


if __name__ == "__main__":
    sys.exit(main())
