"""GUI test fixtures: a fresh data/config/cache dir and an in-memory keyring per test,
the real local backend (tests/conftest.py `local_backend`), and a leaked-thread check.

Qt warnings fail a test (pyproject: qt_log_level_fail = WARNING) and exceptions raised
in Qt virtual methods fail it too (qt_default_raising = true).
"""

from __future__ import annotations

import threading
from pathlib import Path

import keyring
import pytest
import shiboken6
from helpers import MemoryKeyring, wait_until
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QMessageBox

from desktop.client.queue_store import QueueStore
from desktop.settings import SettingsStore, TokenStore
from desktop.ui.shell.main_window import MainWindow
from desktop.ui.upload.queue_model import UploadQueueModel


def _running_threads() -> set[threading.Thread]:
    # Dummy threads are Qt's pool threads seen by Python; Qt's own pools are checked by
    # Service.shutdown (waitForDone), so only real Python threads are counted here.
    return {t for t in threading.enumerate()
            if t.is_alive() and not isinstance(t, threading._DummyThread)}


@pytest.fixture(autouse=True)
def fresh_environment(tmp_path, monkeypatch, qapp):
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    QStandardPaths.setTestModeEnabled(True)
    qapp.setOrganizationName("ThumbdropTests")
    qapp.setApplicationName("Thumbdrop")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    before = _running_threads()
    yield memory
    keyring.set_keyring(previous)
    wait_until(lambda: not (_running_threads() - before), timeout=15,
               what="every worker thread the test started to stop")


@pytest.fixture
def store(tmp_path):
    """A real persisted queue (SQLite) of this test's own."""
    store = QueueStore(tmp_path / "queue.sqlite3")
    yield store
    store.close()


@pytest.fixture
def make_model():
    """Models attached to a store, detached and deleted on this (the UI) thread at the end: a
    parentless QObject left to Python's collector may be freed on any thread, and a Qt object
    whose timers ran must not be destroyed off its own thread."""
    models: list[UploadQueueModel] = []

    def make(store: QueueStore) -> UploadQueueModel:
        model = UploadQueueModel()
        model.attach(store)
        models.append(model)
        return model

    yield make
    for model in models:
        model.detach()
        shiboken6.delete(model)


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    """The test's QSettings file (a fixture, not an import: `from conftest import` picks
    whichever conftest module was imported first)."""
    return tmp_path / "qsettings" / "ThumbdropTests" / "Thumbdrop.ini"


@pytest.fixture
def make_window(fresh_environment, tmp_path, local_backend, monkeypatch):
    """Builds a main window connected to the session's local backend (or the `backend` given,
    or as configured)."""
    windows: list[MainWindow] = []
    # Closing with uploads running asks first; tests quit like a user who says "yes".
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    def make(*, page_size: int = 50, concurrency: int = 4, use_backend: bool = True,
             backend: dict | None = None, **settings) -> MainWindow:
        if use_backend:
            backend = backend or local_backend
            values = SettingsStore.defaults()
            values.update(use_local_backend=False, api_endpoint=backend["api_url"],
                          upload_concurrency=concurrency, **settings)
            SettingsStore().save(values)
            assert TokenStore().set(backend["token"]) is None
        window = MainWindow(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache",
                            gallery_page_size=page_size)
        windows.append(window)
        window.show()
        window.start()
        return window

    yield make
    for window in windows:
        window.close()
        window.deleteLater()


def pytest_collection_modifyitems(items):
    # The offscreen platform plugin warns about a window-manager feature it lacks; that is
    # the test platform talking, not the app.
    for item in items:
        if "tests/gui/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))
