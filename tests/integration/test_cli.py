"""thumbdrop-cli as a person runs it: a real process against the real local backend."""

from __future__ import annotations

import os
import subprocess
import sys

import imagegen
from helpers import BackendProcess

from backend.local.instance import running


def run_cli(*args, env_extra=None, timeout=120):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "desktop.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=env, check=False)


def test_uploads_a_folder_reports_each_file_and_exits_0(tmp_path, local_backend):
    folder = tmp_path / "holiday"
    (folder / "day2").mkdir(parents=True)
    (folder / "beach.jpg").write_bytes(imagegen.jpeg())
    (folder / "day2" / "sunset.png").write_bytes(imagegen.png())
    result = run_cli("--endpoint", local_backend["api_url"], "--concurrency", "2", folder,
                     env_extra={"THUMBDROP_TOKEN": local_backend["token"]})
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert sorted(line.split()[0] for line in lines[:-1]) == ["ready", "ready"]
    assert any("beach.jpg  640x480  id " in line for line in lines)
    assert lines[-1] == "2 ready, 0 failed or cancelled, 0 skipped."
    assert local_backend["token"] not in result.stdout + result.stderr


def test_skips_and_failures_give_exit_1_with_sentences(tmp_path, local_backend):
    (tmp_path / "notes.jpg").write_text("not a picture")
    (tmp_path / "ok.jpg").write_bytes(imagegen.jpeg())
    result = run_cli("--endpoint", local_backend["api_url"], "--token", "wrong-token",
                     tmp_path / "notes.jpg", tmp_path / "ok.jpg")
    assert result.returncode == 1
    assert f"skipped  {tmp_path / 'notes.jpg'}: Not an image (plain text)." in result.stdout
    assert ("failed   ok.jpg: The API refused the token (401). Paste the right token in "
            "Settings.") in result.stdout
    assert result.stdout.splitlines()[-1] == "0 ready, 1 failed or cancelled, 1 skipped."
    assert "wrong-token" not in result.stdout + result.stderr


def test_endpoint_without_a_token_is_a_usage_error(tmp_path):
    result = run_cli("--endpoint", "http://127.0.0.1:9", tmp_path,
                     env_extra={"THUMBDROP_TOKEN": ""})
    assert result.returncode == 2
    assert "needs a token" in result.stderr


def test_local_mode_starts_its_own_backend(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(imagegen.jpeg())
    result = run_cli("--local", "--data-dir", tmp_path / "data", photo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Started the built-in local backend at http://127.0.0.1:")
    assert result.stdout.splitlines()[-1] == "1 ready, 0 failed or cancelled, 0 skipped."


def test_local_mode_attaches_to_a_running_backend_and_leaves_it_running(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(imagegen.jpeg())
    backend = BackendProcess(tmp_path / "data")
    info = backend.start()
    try:
        result = run_cli("--local", "--data-dir", tmp_path / "data", photo)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith(
            f"Using the built-in local backend already running at {info['api_url']}")
        assert backend.process.poll() is None  # the CLI did not stop what it did not start
        assert running(tmp_path / "data")["pid"] == info["pid"]
    finally:
        assert backend.stop() == 0


def test_local_mode_stops_the_backend_it_started(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(imagegen.jpeg())
    result = run_cli("--local", "--data-dir", tmp_path / "data", photo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert running(tmp_path / "data") is None
    assert not (tmp_path / "data" / "weed" / "weed.pid").exists()
