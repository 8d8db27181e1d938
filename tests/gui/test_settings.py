"""Settings: round trip, token only in the keyring, no-keyring machines, Test connection."""

from __future__ import annotations

import keyring
from keyring.backends import fail
from PySide6.QtWidgets import QDialogButtonBox

from desktop.settings import KEYRING_SERVICE, KEYRING_USER, SettingsStore


def test_settings_round_trip_with_the_token_in_the_keyring_only(
        make_window, qtbot, tmp_path, local_backend, fresh_environment, settings_file):
    window = make_window()
    dialog = window.settings_dialog()
    dialog.editors["upload_concurrency"].setValue(7)
    dialog.editors["processing_timeout"].setValue(45)
    dialog.token_edit.setText("  s3cr3t-token-value  ")
    dialog.accept()

    # The keyring is written off the UI thread.
    qtbot.waitUntil(lambda: keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
                    == "s3cr3t-token-value", timeout=60_000)
    saved = SettingsStore().load()
    assert saved["upload_concurrency"] == 7 and saved["processing_timeout"] == 45
    assert saved["api_endpoint"] == local_backend["api_url"] and saved["use_local_backend"] is False
    assert keyring.get_password(KEYRING_SERVICE, KEYRING_USER) == "s3cr3t-token-value"
    assert "s3cr3t" not in settings_file.read_text()
    # Applied without a restart: the engine runs with the new concurrency and token.
    qtbot.waitUntil(lambda: window.service.engine is not None, timeout=30_000)
    assert window.service.engine.concurrency == 7
    assert window.service.api.check_connection().kind == "unauthorized"  # the new (wrong) token

    # Reopened, the dialog shows what was saved; Cancel keeps it; defaults can be restored.
    dialog = window.settings_dialog()
    assert dialog.editors["upload_concurrency"].value() == 7
    assert dialog.token() == "s3cr3t-token-value"
    dialog.editors["upload_concurrency"].setValue(2)
    dialog.reject()
    assert SettingsStore().load()["upload_concurrency"] == 7
    dialog = window.settings_dialog()
    assert dialog.editors["upload_concurrency"].value() == 7
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.values() == SettingsStore.defaults()
    dialog.reject()


def test_invalid_values_are_refused_with_a_sentence(make_window):
    window = make_window()
    dialog = window.settings_dialog()
    dialog.editors["api_endpoint"].setText("ftp://example.com")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "http://" in dialog.problem.text()
    dialog.reject()


def test_without_a_keyring_the_token_is_kept_for_the_session_and_the_user_is_told(
        make_window, qtbot, tmp_path, local_backend):
    window = make_window()
    keyring.set_keyring(fail.Keyring())  # what a machine with no Secret Service gets
    # Every sentence the status bar showed: a connection status may follow this one at once.
    shown = []
    window.statusBar().messageChanged.connect(shown.append)
    dialog = window.settings_dialog()
    dialog.token_edit.setText("wrong-for-a-moment")
    dialog.accept()
    dialog = window.settings_dialog()
    dialog.token_edit.setText(local_backend["token"])
    dialog.accept()

    qtbot.waitUntil(lambda: any("session only" in message for message in shown),
                    timeout=60_000)
    assert window.tokens.get() == local_backend["token"]
    assert window.service.api.check_connection().kind == "ok"
    secret = local_backend["token"].encode()
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.stat().st_size < 1_000_000:
            assert secret not in path.read_bytes(), f"token written to {path}"


def test_test_connection_says_plainly_when_the_token_is_wrong(make_window, qtbot):
    window = make_window()
    dialog = window.settings_dialog()
    dialog.token_edit.setText("not-the-token")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=60_000)
    assert "401" in dialog.test_result.text() and "token" in dialog.test_result.text()

    dialog.token_edit.setText(window.tokens.get())
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=60_000)
    assert dialog.test_result.text().startswith("Connected")

    dialog.editors["api_endpoint"].setText("http://127.0.0.1:9")  # nothing listens there
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=60_000)
    assert dialog.test_result.property("kind") == "unreachable"
    dialog.reject()


def test_the_settings_action_opens_the_dialog_with_the_saved_token(make_window, qtbot,
                                                                   local_backend):
    window = make_window()
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    window.settings_action.trigger()  # the token is read off the UI thread, then the dialog opens
    qtbot.waitUntil(lambda: window._settings_dialog is not None
                    and window._settings_dialog.isVisible(), timeout=60_000)
    assert window._settings_dialog.token() == local_backend["token"]
    window._settings_dialog.reject()


def test_test_connection_tests_what_the_dialog_shows(make_window, qtbot):
    # The window talks to an endpoint (here the test backend, as a "remote" API) ...
    window = make_window()
    qtbot.waitUntil(lambda: window.service.api is not None, timeout=60_000)
    dialog = window.settings_dialog()
    # ... while the dialog has "use the built-in backend" ticked: that is what gets tested,
    # and it is not running in this window yet.
    dialog.editors["use_local_backend"].setChecked(True)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=60_000)
    assert dialog.test_result.text() == ("The built-in local backend is not running yet: it "
                                         "starts when you press OK.")
    # Unticked with no endpoint typed: nothing to test.
    dialog.editors["use_local_backend"].setChecked(False)
    dialog.editors["api_endpoint"].setText("")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=60_000)
    assert dialog.test_result.text() == "Type the API endpoint URL first."
    dialog.reject()
