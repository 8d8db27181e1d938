"""`thumbdrop FILES` while Thumbdrop runs hands FILES to the running window: a real second
`python -m desktop.app` process, as a file manager's "Open with" would start it."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import imagegen
import platformdirs
import pytest
from helpers import PROJECT_ROOT, child_environment
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalSocket

from desktop.app import receive_later_starts
from desktop.client.queue_types import FileState
from desktop.ui.shell.single_instance import SingleInstance, server_name


@pytest.fixture
def instance(qapp):
    # fresh_environment gives each test its own XDG_DATA_HOME, so its own instance name.
    made = SingleInstance(server_name(Path(platformdirs.user_data_dir("thumbdrop"))))
    yield made
    made.close()


def start_app(*args: str) -> subprocess.Popen:
    env = child_environment()
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.Popen([sys.executable, "-m", "desktop.app", *args], cwd=PROJECT_ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


# The window raises itself; the offscreen test platform says it cannot (a platform fact).
@pytest.mark.qt_log_ignore("does not support raise", "does not support propagateSizeHints")
def test_a_second_start_hands_its_files_to_the_running_window(make_window, instance, qtbot,
                                                              tmp_path):
    window = make_window()
    assert instance.hand_over_or_listen([]) is False  # nobody runs yet: this one listens
    receive_later_starts(instance, window)
    photo = tmp_path / "opened with.jpg"
    photo.write_bytes(imagegen.jpeg())

    second = start_app(str(photo))
    model = window.upload_view.model
    qtbot.waitUntil(lambda: second.poll() is not None and model.rowCount() == 1,
                    timeout=60_000)
    output = second.stdout.read().decode(errors="replace")
    second.stdout.close()
    assert second.returncode == 0, output
    # The second start opened no window and started no backend of its own.
    assert not (Path(platformdirs.user_data_dir("thumbdrop")) / "backend").exists()
    qtbot.waitUntil(lambda: model.items()[0].state is FileState.READY, timeout=60_000)


def test_a_name_left_by_a_crashed_instance_is_taken_over(instance, qtbot):
    stale = Path(QDir.tempPath()) / server_name(Path(platformdirs.user_data_dir("thumbdrop")))
    with socket.socket(socket.AF_UNIX) as left_behind:  # bound, never listening: a dead app
        left_behind.bind(str(stale))
    try:
        assert instance.hand_over_or_listen([]) is False
        received = []
        instance.paths_received.connect(received.append)
        client = QLocalSocket()
        client.connectToServer(server_name(Path(platformdirs.user_data_dir("thumbdrop"))))
        assert client.waitForConnected(5000)
        client.write(b'["/photos/a.jpg"]\n')
        qtbot.waitUntil(lambda: received == [[Path("/photos/a.jpg")]], timeout=5000)
        client.abort()
    finally:
        instance.close()
        stale.unlink(missing_ok=True)


def test_a_malformed_message_is_ignored(instance, qtbot):
    assert instance.hand_over_or_listen([]) is False
    received = []
    instance.paths_received.connect(received.append)
    client = QLocalSocket()
    client.connectToServer(server_name(Path(platformdirs.user_data_dir("thumbdrop"))))
    assert client.waitForConnected(5000)
    client.write(b"this is not json\n")
    qtbot.waitUntil(lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState,
                    timeout=5000)
    assert received == []
