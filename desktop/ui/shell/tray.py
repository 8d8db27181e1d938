"""The system tray icon: there while uploads run or while the window is closed with uploads
still going, with the progress ("Uploading 12 of 200"), Pause all / Resume all, Show and
Quit in its menu, and the notification when a batch ends (from the icon, once it is placed).

Where the desktop has no system tray (some Wayland and minimal X11 sessions), `available` is
False: the window then closes as it always did, and says why it can't keep uploading.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QSystemTrayIcon, QWidget

NOTIFICATION_MS = 10_000
# Without a notification daemon Qt draws the message beside the icon: an icon shown a moment
# ago has no place yet (the message would land at the screen's corner), so wait for one.
PLACE_CHECK_MS = 50
PLACE_CHECKS = 40


class Tray(QObject):
    show_requested = Signal()
    quit_requested = Signal()

    def __init__(self, window: QWidget, parent: QObject | None = None,
                 queue_actions: tuple[QAction, ...] = ()):
        super().__init__(parent)
        self._window = window
        self._queue_actions = queue_actions  # the window's own Pause all / Resume all
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.icon: QSystemTrayIcon | None = None
        self.menu: QMenu | None = None
        self.notifications: list[tuple[str, str]] = []  # what was said, for the curious
        self._uploading = False
        self._summary = ""
        # After a notification the icon stays a while: clicking the message needs it.
        self._linger = QTimer(self)
        self._linger.setSingleShot(True)
        self._linger.setInterval(NOTIFICATION_MS)
        self._linger.timeout.connect(lambda: self.update(self._uploading, self._summary))

    def _made(self) -> QSystemTrayIcon:
        """The icon, made on first use (only where a tray exists)."""
        if self.icon is None:
            icon = QApplication.windowIcon()
            if icon.isNull():  # the app sets its icon; a bare QApplication (tests) has none
                icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DriveNetIcon)
            self.icon = QSystemTrayIcon(icon, self)
            self.menu = QMenu()
            self.progress_action = QAction(self.menu)
            self.progress_action.setEnabled(False)  # a line to read, not a command
            self.progress_action.setVisible(False)
            self.menu.addAction(self.progress_action)
            self.menu.addActions(list(self._queue_actions))
            self.menu.addSeparator()
            self.show_action = QAction(self.tr("Show Thumbdrop"), self.menu)
            self.show_action.triggered.connect(self.show_requested)
            self.quit_action = QAction(self.tr("Quit"), self.menu)
            self.quit_action.triggered.connect(self.quit_requested)
            self.menu.addActions([self.show_action, self.quit_action])
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)
            self.icon.messageClicked.connect(self.show_requested)
            self.icon.setToolTip(self.tr("Thumbdrop"))
        return self.icon

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_requested.emit()

    @property
    def visible(self) -> bool:
        return self.icon is not None and self.icon.isVisible()

    def update(self, uploading: bool, summary: str = "") -> None:
        """Shows the icon while uploads run or the window is hidden; hides it otherwise."""
        self._uploading, self._summary = uploading, summary
        wanted = self.available and (uploading or not self._window.isVisible()
                                     or self._linger.isActive())
        if wanted:
            icon = self._made()
            icon.setToolTip(self.tr("Thumbdrop — {summary}").format(summary=summary) if summary
                            else self.tr("Thumbdrop"))
            self.progress_action.setText(summary)
            self.progress_action.setVisible(bool(summary))
            icon.show()
        elif self.icon is not None:
            self.icon.hide()

    def notify(self, title: str, text: str) -> None:
        """A system notification (through the tray icon); without a tray, the window's
        taskbar entry asks for attention instead."""
        self.notifications.append((title, text))
        if self.available and QSystemTrayIcon.supportsMessages():
            icon = self._made()
            if not icon.isVisible():
                icon.show()
            self._linger.start()
            self._show_message(title, text, PLACE_CHECKS)
        else:
            QApplication.alert(self._window)

    def _show_message(self, title: str, text: str, checks: int) -> None:
        icon = self.icon
        if icon is None or not icon.isVisible():
            return  # hidden meanwhile (the app quit)
        if icon.geometry().isEmpty() and checks:
            QTimer.singleShot(PLACE_CHECK_MS, self,
                              lambda: self._show_message(title, text, checks - 1))
            return
        icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, NOTIFICATION_MS)

    def hide(self) -> None:
        self._linger.stop()
        if self.icon is not None:
            self.icon.hide()
