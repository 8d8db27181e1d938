"""The app SIGKILLed in the middle of a batch and started again: the persisted queue carries
on, and every file ends in the gallery exactly once.

The app runs as a person runs it (a real process, files on the command line, offscreen),
against the session's local backend, which runs in its own process and so survives the kill.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from helpers import PROJECT_ROOT, child_environment, wait_until
from PIL import Image

from desktop.client.api import ApiClient
from desktop.settings import KEYRING_SERVICE, KEYRING_USER


def photo(path: Path, n: int) -> Path:
    """A photo whose bytes no other test has (the backend would call it a duplicate)."""
    image = Image.new("RGB", (1200 + n, 900), (200, 40, 40))
    image.paste((40, 40, 200), (0, 450, 1200 + n, 900))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, comment=uuid.uuid4().hex.encode())
    path.write_bytes(out.getvalue())
    return path


def app_environment(home: Path, backend: dict) -> dict[str, str]:
    """A fresh home for the app, set up to use `backend` with one upload at a time."""
    env = child_environment()
    env.update(
        HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"),
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="file_keyring.FileKeyring",
        THUMBDROP_TEST_KEYRING=str(home / "keyring.json"),
    )
    env["PYTHONPATH"] += os.pathsep + str(PROJECT_ROOT / "tests")
    (home / "config" / "Thumbdrop").mkdir(parents=True)
    (home / "config" / "Thumbdrop" / "Thumbdrop.ini").write_text(
        "[settings]\n"
        f"api_endpoint={backend['api_url']}\n"
        "use_local_backend=false\n"
        "upload_concurrency=1\n")
    (home / "keyring.json").write_text(
        f'{{"{KEYRING_SERVICE}/{KEYRING_USER}": "{backend["token"]}"}}')
    return env


def gallery_counts(api: ApiClient, prefix: str) -> dict[str, int]:
    counts, cursor = {}, None
    while True:
        images, cursor = api.list_images(limit=100, cursor=cursor, query=prefix)
        for image in images:
            counts[image.filename] = counts.get(image.filename, 0) + 1
        if not cursor:
            return counts


def start_app(env: dict[str, str], *paths: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "desktop.app", *map(str, paths)], env=env,
                            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_the_app_killed_mid_batch_continues_next_time_and_uploads_each_file_once(
        tmp_path, local_backend):
    prefix = f"k{uuid.uuid4().hex[:10]}-"
    photos = [photo(tmp_path / f"{prefix}{n:02d}.jpg", n) for n in range(24)]
    env = app_environment(tmp_path / "home", local_backend)
    api = ApiClient(local_backend["api_url"], local_backend["token"])
    first = start_app(env, *photos)
    again = None
    try:
        def some_ready():
            assert first.poll() is None, first.stdout.read().decode(errors="replace")
            return len(gallery_counts(api, prefix)) >= 3
        wait_until(some_ready, timeout=120, what="the first photos in the gallery")
        first.send_signal(signal.SIGKILL)
        first.wait(30)
        at_kill = gallery_counts(api, prefix)
        assert len(at_kill) < len(photos), "the batch ended before the kill: nothing proved"

        again = start_app(env)  # no files this time: the queue on disk knows them
        log_file = tmp_path / "home" / "state" / "thumbdrop" / "log" / "thumbdrop.log"
        started = f"Thumbdrop running (pid {again.pid})"

        def running() -> bool:
            assert again.poll() is None, again.stdout.read().decode(errors="replace")
            return log_file.exists() and started in log_file.read_text(errors="replace")
        # Before that line a SIGTERM finds no handler yet (Python's default: killed). The first
        # run may have stored every file already, so the gallery can't tell that it is up.
        wait_until(running, timeout=60, what="the second run to be up")
        expected = {path.name: 1 for path in photos}

        def all_in_the_gallery():
            assert again.poll() is None, again.stdout.read().decode(errors="replace")
            return gallery_counts(api, prefix) == expected
        wait_until(all_in_the_gallery, timeout=180, what="every photo in the gallery")
        again.send_signal(signal.SIGTERM)
        code = again.wait(60)
        final = gallery_counts(api, prefix)  # nothing more arrived while it closed
    finally:
        for process in (first, again):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        api.close()
    output = again.stdout.read().decode(errors="replace")
    assert code == 0, output
    assert final == expected
    log = (tmp_path / "home" / "state" / "thumbdrop" / "log" / "thumbdrop.log").read_text()
    assert "Traceback" not in output + log
