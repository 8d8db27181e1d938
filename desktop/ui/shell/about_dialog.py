"""Help → About Thumbdrop: the version, the backend in use and its version (from GET /config),
Thumbdrop's licence and the third-party notices.

The licence and the notices are read from the installed packages' metadata (desktop/notices.py)
on a worker thread: a few dozen files, not for the UI thread.
"""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from backend.common.version import VERSION
from desktop import notices
from desktop.ui.services.service import Service


def backend_sentence(service: Service) -> str:
    """Which backend the app talks to and which version it runs, as far as it has said."""
    api = service.api
    if api is None:
        return QCoreApplication.translate("AboutDialog", "Backend: not connected yet.")
    config = service.server_config
    if config is None:
        return QCoreApplication.translate(
            "AboutDialog", "Backend: {url} (it has not said its version yet).").format(
            url=api.base_url)
    if config.version is None:
        return QCoreApplication.translate(
            "AboutDialog", "Backend: {url}, an older Thumbdrop backend (API version {api})."
        ).format(url=api.base_url, api=config.api_version)
    return QCoreApplication.translate(
        "AboutDialog", "Backend: {url}, Thumbdrop {version} (API version {api}).").format(
        url=api.base_url, version=config.version, api=config.api_version)


class AboutDialog(QDialog):
    def __init__(self, service: Service, parent: QWidget | None = None):
        super().__init__(parent)
        self._service = service
        self.setWindowTitle(self.tr("About Thumbdrop"))
        self.resize(640, 520)
        title = QLabel(self.tr("Thumbdrop {version}").format(version=VERSION), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        summary = QLabel(self.tr("Drag in photos, watch them upload, and get thumbnails back "
                                 "from your own backend."), self)
        summary.setWordWrap(True)
        self.backend_label = QLabel(backend_sentence(service), self)
        self.backend_label.setWordWrap(True)
        self.backend_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        runtime = QLabel(self.tr("Qt {qt}, PySide6 {pyside}").format(
            qt=qVersion(), pyside=pyside_version), self)
        self.licence = self._text_view(self.tr("Thumbdrop's licence"))
        self.notices = self._text_view(self.tr("Third-party notices"))
        tabs = QTabWidget(self)
        tabs.addTab(self.licence, self.tr("Licence"))
        tabs.addTab(self.notices, self.tr("Third-party notices"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, summary, self.backend_label, runtime, tabs, buttons):
            layout.addWidget(widget)
        service.server_config_changed.connect(self._backend_changed)
        service.api_changed.connect(self._backend_changed)
        service.tasks.run(lambda: (notices.own_licence(), notices.third_party_notices()),
                          self._texts_read, self._texts_failed)

    def _text_view(self, name: str) -> QPlainTextEdit:
        view = QPlainTextEdit(self)
        view.setReadOnly(True)
        view.setAccessibleName(name)
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        view.setPlainText(self.tr("Reading…"))
        return view

    def _backend_changed(self) -> None:
        self.backend_label.setText(backend_sentence(self._service))

    def _texts_read(self, texts: tuple[str, str]) -> None:
        licence, third_party = texts
        self.licence.setPlainText(licence)
        self.notices.setPlainText(third_party)

    def _texts_failed(self, error: Exception) -> None:
        sentence = self.tr("The licence texts could not be read ({error}). They are in the "
                           "installed packages' metadata.").format(error=error)
        self.licence.setPlainText(sentence)
        self.notices.setPlainText(sentence)
