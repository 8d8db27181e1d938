"""The settings dialog, built from the declarations in desktop/settings.py.

Nothing is stored until OK: Cancel simply closes, so the saved values stay as they
were. Test connection checks the values in the form (not the saved ones) off the UI
thread and answers with one plain sentence.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.client.api import ConnectionCheck
from desktop.settings import (
    API_ENDPOINT,
    LANGUAGE,
    SETTINGS,
    USE_LOCAL_BACKEND,
    WATCHED_FOLDERS,
    Setting,
    SettingsStore,
    api_choice,
)
from desktop.ui.services.service import Service
from desktop.ui.shell.folder_list_editor import FolderListEditor
from desktop.ui.widgets.mnemonic_label import MnemonicLabel
from desktop.ui.widgets.state_colours import RED, readable


def _editor_for(setting: Setting, parent: QWidget) -> QWidget:
    if setting is WATCHED_FOLDERS:
        return FolderListEditor(parent)  # a list, kept as the setting's one string
    if setting.choices:
        combo = QComboBox(parent)
        for value, name in setting.choice_names():
            combo.addItem(name, value)
        return combo
    if setting.type is bool:
        return QCheckBox(parent)
    if setting.type is int:
        spin = QSpinBox(parent)
        spin.setRange(setting.minimum or 0, setting.maximum or 1_000_000)
        return spin
    line = QLineEdit(parent)
    line.setClearButtonEnabled(True)
    return line


def _value_of(editor: QWidget) -> Any:
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox):
        return editor.value()
    return editor.text().strip()


def _set_value(editor: QWidget, value: Any) -> None:
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(max(0, editor.findData(value)))
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QSpinBox):
        editor.setValue(int(value))
    else:
        editor.setText(str(value))


class SettingsDialog(QDialog):
    def __init__(self, store: SettingsStore, token: str, service: Service, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Thumbdrop settings"))
        self.setMinimumWidth(560)
        self._store, self._service = store, service
        form = QFormLayout()
        self.editors: dict[str, QWidget] = {}
        for setting in SETTINGS:
            editor = _editor_for(setting, self)
            # The help is both the tooltip and what a screen reader says after the name.
            editor.setToolTip(setting.explanation)
            editor.setAccessibleName(setting.title)
            editor.setAccessibleDescription(setting.explanation)
            if isinstance(editor, QCheckBox):
                editor.setText(setting.title)
                form.addRow(editor)
            else:
                label = MnemonicLabel(setting.title, self)
                label.setBuddy(editor)  # the label names the field, and clicking it focuses it
                form.addRow(label, editor)
            self.editors[setting.key] = editor
        self.editors[API_ENDPOINT.key].setPlaceholderText(
            self.tr("e.g. https://abc123.lambda-url.eu-west-1.on.aws"))
        # Said in the dialog, not only in a tooltip: the window's texts change at a restart.
        self.language_note = QLabel(self.tr("A new language applies at the next start: after "
                                            "OK, Thumbdrop offers to restart."), self)
        self.language_note.setWordWrap(True)
        self.language_note.setObjectName("languageNote")
        form.insertRow(form.rowCount(), "", self.language_note)
        self.language_note.hide()
        self._loaded_language = ""
        self.editors[LANGUAGE.key].currentIndexChanged.connect(
            lambda _: self.language_note.setVisible(self.language_changed()))
        self.token_edit = QLineEdit(self)
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        token_help = self.tr("The bearer token of your deployment (its SHA-256 is what the "
                             "deployment keeps). Stored in the system keyring.")
        self.token_edit.setToolTip(token_help)
        self.token_edit.setAccessibleName(self.tr("API token"))
        self.token_edit.setAccessibleDescription(token_help)
        token_label = MnemonicLabel(self.tr("API &token"), self)
        token_label.setBuddy(self.token_edit)
        form.addRow(token_label, self.token_edit)
        self.editors[USE_LOCAL_BACKEND.key].toggled.connect(self._local_toggled)

        self.test_button = QPushButton(self.tr("Test &connection"), self)
        self.test_button.setAccessibleDescription(self.tr(
            "Checks that the API shown here answers and accepts the token"))
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel("", self)
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName(self.tr("Connection test result"))
        self.problem = QLabel("", self)
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problems with these settings"))
        self._colour_problem()
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults, self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.load(store.load(), token)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_problem()

    def _colour_problem(self) -> None:
        """The problem sentence in red, as red as the palette allows while staying readable."""
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         readable(RED, palette, (QPalette.ColorRole.Window,)))
        self.problem.setPalette(palette)

    def load(self, values: dict[str, Any], token: str | None = None) -> None:
        """Shows `values` (and `token` when given), clearing earlier messages."""
        if token is not None:
            self.token_edit.setText(token)
        self.problem.clear()
        self.test_result.clear()
        for key, editor in self.editors.items():
            _set_value(editor, values[key])
        self._local_toggled(USE_LOCAL_BACKEND.of(values))
        self._loaded_language = LANGUAGE.of(values)
        self.language_note.setVisible(self.language_changed())

    def language_changed(self) -> bool:
        return _value_of(self.editors[LANGUAGE.key]) != self._loaded_language

    def values(self) -> dict[str, Any]:
        return {key: _value_of(editor) for key, editor in self.editors.items()}

    def token(self) -> str:
        return self.token_edit.text().strip()

    def restore_defaults(self) -> None:
        self.load(SettingsStore.defaults())

    def _local_toggled(self, local: bool) -> None:
        # The local backend makes its own endpoint and token: editing them would do nothing.
        self.editors[API_ENDPOINT.key].setEnabled(not local)
        self.token_edit.setEnabled(not local)

    def accept(self) -> None:
        values = self.values()
        problems = [p for s in SETTINGS if (p := s.check(values[s.key]))]
        if api_choice(values).incomplete:
            problems.append(self.tr("Set an API endpoint URL, or use the built-in local backend."))
        if problems:
            self.problem.setText(" ".join(problems))
            return
        super().accept()

    def test_connection(self) -> None:
        values = self.values()
        choice = api_choice(values)
        problem = API_ENDPOINT.check(API_ENDPOINT.of(values))
        if problem and not USE_LOCAL_BACKEND.of(values):
            self.test_result.setText(problem)
            return
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Testing…"))
        self._service.check_connection(choice, self.token(), self._tested)

    def _tested(self, check: ConnectionCheck) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText(check.message)
        self.test_result.setProperty("kind", check.kind)
