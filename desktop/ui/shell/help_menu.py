"""The Help menu: About Thumbdrop, Open the log folder, Report a problem."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from desktop import app_log, problem_report
from desktop.settings import TokenStore
from desktop.ui.services.service import Service
from desktop.ui.shell.about_dialog import AboutDialog, backend_sentence


class HelpMenu(QMenu):
    def __init__(self, service: Service, parent: QWidget, *,
                 log_dir: Path | None = None, tokens: TokenStore | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("&Help"))
        self._service = service
        self._log_dir = log_dir or app_log.default_log_dir()
        self._tokens = tokens or TokenStore()
        self._about: AboutDialog | None = None
        self.about_action = QAction(self.tr("About Thumbdrop"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.setStatusTip(self.tr("The version, the backend in use, the licence "
                                               "and the third-party notices"))
        self.about_action.triggered.connect(self.show_about)
        self.log_folder_action = QAction(self.tr("Open the log folder"), self)
        self.log_folder_action.setStatusTip(self.tr("Show the folder with Thumbdrop's log "
                                                    "files in your file manager"))
        self.log_folder_action.triggered.connect(self.open_log_folder)
        self.report_action = QAction(self.tr("Report a problem…"), self)
        self.report_action.setStatusTip(self.tr("Copy the version, the platform and the last "
                                                "log lines for a bug report"))
        self.report_action.triggered.connect(self.report_problem)
        self.addAction(self.report_action)
        self.addAction(self.log_folder_action)
        self.addSeparator()
        self.addAction(self.about_action)

    def show_about(self) -> AboutDialog:
        if self._about is None:
            self._about = AboutDialog(self._service, self.parentWidget())
        self._about.show()
        self._about.activateWindow()  # when it was open already, behind the main window
        return self._about

    def open_log_folder(self) -> None:
        # The folder exists once the app has logged; made here too (0700) for a fresh start.
        self._log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_dir))):
            QMessageBox.information(
                self.parentWidget(), self.tr("Open the log folder"),
                self.tr("No file manager could be opened. The log files are in {folder}.")
                .format(folder=self._log_dir))

    def report_problem(self) -> None:
        """Builds the report off the UI thread (it reads the log and the keyring), then copies
        it and shows what was copied."""
        backend = backend_sentence(self._service)
        log_file = app_log.log_file_in(self._log_dir)
        tokens = self._tokens

        def build() -> str:
            return problem_report.report(log_file=log_file, backend=backend,
                                         qt_version=qVersion(), secrets=[tokens.get()])

        self._service.tasks.run(build, self._copy_report)

    def _copy_report(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Report a problem"),
                          self.tr("A description for a bug report is on the clipboard: the "
                                  "version, the platform and the last lines of the log, with "
                                  "tokens and links removed. Paste it into your report, and "
                                  "say what you did and what you expected."),
                          QMessageBox.StandardButton.Ok, self.parentWidget())
        box.setDetailedText(text)
        box.setObjectName("problem-report")
        box.open()
