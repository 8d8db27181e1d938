"""Runs an installed Thumbdrop (a venv's bin/ or an unpacked bundle) as a person would: from a
folder outside the checkout, with a PATH and PYTHONPATH holding nothing of ours and a home of
its own, so nothing can be found from the source tree or this test's environment."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import imagegen
from helpers import PROJECT_ROOT, Api, process_exists, wait_until

from backend.common.version import VERSION
from backend.local.instance import running

PROGRAMS = ("thumbdrop", "thumbdrop-cli", "thumbdrop-backend")
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


def _die_with_test():
    """The child gets SIGTERM if this test process dies (Linux), so nothing is left running."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)


class Installed:
    def __init__(self, programs: Path, work: Path, *, path: str = SYSTEM_PATH,
                 outside: bool = True):
        if outside:
            assert PROJECT_ROOT not in programs.resolve().parents, "must be outside the checkout"
        self.programs = programs
        self.path = path
        self.work = work
        self.home = work / "home"
        self.home.mkdir(parents=True, exist_ok=True)

    def environment(self, **extra: str) -> dict[str, str]:
        home = self.home
        env = {"PATH": self.path, "HOME": str(home), "LANG": "C.UTF-8",
               "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
               "XDG_CACHE_HOME": str(home / "cache"), "XDG_STATE_HOME": str(home / "state"),
               # No Secret Service here: the built-in backend brings its own token anyway.
               "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
        env.update(extra)
        assert "PYTHONPATH" not in env and str(PROJECT_ROOT) not in json.dumps(env)
        return env

    def program(self, name: str) -> str:
        return str(self.programs / name)

    def run(self, name: str, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run([self.program(name), *args], cwd=self.work, timeout=timeout,
                              env=self.environment(), capture_output=True, text=True,
                              check=False, preexec_fn=_die_with_test)  # noqa: PLW1509

    # --- what the tests check -----------------------------------------------------------

    def says_its_version_everywhere(self) -> None:
        for name in PROGRAMS:
            result = self.run(name, "--version", timeout=60)
            assert result.returncode == 0, result.stderr
            assert result.stdout.startswith(f"{name} {VERSION} ("), result.stdout

    def installs_its_desktop_entry(self) -> None:
        """The .desktop entry and icon come from the installed package and run this copy."""
        result = self.run("thumbdrop", "--install-desktop-entry", timeout=60)
        assert result.returncode == 0, result.stderr
        share = self.home / "data"
        entry = (share / "applications" / "thumbdrop.desktop").read_text().splitlines()
        assert f"Exec={self.programs.resolve() / 'thumbdrop'} %F" in entry
        assert "MimeType=image/jpeg;" in "\n".join(entry)
        assert (share / "icons" / "hicolor" / "scalable" / "apps" / "thumbdrop.svg").is_file()

    def serves_an_upload_to_ready(self) -> None:
        """thumbdrop-backend started by hand; thumbdrop-cli attaches to it and uploads one
        photo to ready; SIGTERM stops the backend cleanly."""
        photo = self.work / "harbour.jpg"
        photo.write_bytes(imagegen.jpeg((1600, 1200)))
        log_path = self.work / "backend.log"
        with open(log_path, "wb") as log:
            backend = subprocess.Popen(
                [self.program("thumbdrop-backend"), "--data-dir", "backend-data"],
                cwd=self.work, env=self.environment(), stdout=subprocess.PIPE, stderr=log,
                preexec_fn=_die_with_test)  # noqa: PLW1509
        try:
            info = json.loads(_first_line(backend, 120, log_path))
            assert info["data_dir"] == str(self.work / "backend-data")
            # The share page's style and script ship too: a link opens its page.
            try:
                urllib.request.urlopen(info["api_url"] + "/s/no-such-link", timeout=30)
            except urllib.error.HTTPError as refused:
                assert refused.code == 404 and b"No album here" in refused.read()
            else:
                raise AssertionError("a link never made opened something")
            upload = self.run("thumbdrop-cli", "upload", "--local", "--data-dir",
                              "backend-data", "--json", str(photo))
            assert upload.returncode == 0, upload.stdout + upload.stderr
            answer = json.loads(upload.stdout.splitlines()[-1])
            assert answer["status"] == "ready" and answer["bytes_sent"] == photo.stat().st_size
            assert "already running" in upload.stderr  # it used ours, not one of its own
            listing = self.run("thumbdrop-cli", "list", "--local", "--data-dir",
                               "backend-data", "--json")
            assert json.loads(listing.stdout.splitlines()[0])["filename"] == "harbour.jpg"
        finally:
            backend.send_signal(signal.SIGTERM)
            code = backend.wait(60)
        assert code == 0, log_path.read_text(errors="replace")

    def starts_its_own_backend_for_the_cli(self) -> None:
        """With none running, thumbdrop-cli starts the built-in backend as its child (in a
        bundle: the bundled thumbdrop-backend) and takes it along when it ends."""
        photo = self.work / "dune.png"
        photo.write_bytes(imagegen.png((900, 700)))
        upload = self.run("thumbdrop-cli", "upload", "--local", "--data-dir", "cli-data",
                          "--json", str(photo))
        assert upload.returncode == 0, upload.stdout + upload.stderr
        assert json.loads(upload.stdout.splitlines()[-1])["status"] == "ready"
        assert "Started the built-in local backend" in upload.stderr
        assert running(self.work / "cli-data") is None

    def opens_the_app_and_quits_cleanly(self) -> float:
        """The app offscreen, with a photo on its command line, on the backend it starts
        itself; SIGTERM closes it cleanly. Returns the seconds from start to its window."""
        photo = self.work / "meadow.jpg"
        photo.write_bytes(imagegen.jpeg((1200, 900)))
        log = self.home / "state" / "thumbdrop" / "log" / "thumbdrop.log"
        backend_dir = self.home / "data" / "thumbdrop" / "backend"
        started = time.perf_counter()
        app = subprocess.Popen([self.program("thumbdrop"), str(photo)], cwd=self.work,
                               env=self.environment(QT_QPA_PLATFORM="offscreen"),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               preexec_fn=_die_with_test)  # noqa: PLW1509
        def window_shown() -> bool:
            assert app.poll() is None, app.stdout.read().decode(errors="replace")
            return log.exists() and "window shown" in log.read_text()

        try:
            wait_until(window_shown, timeout=120, interval=0.01, what="the app's window")
            to_window = time.perf_counter() - started
            info = wait_until(lambda: app.poll() is None and running(backend_dir),
                              timeout=120, what="the app's built-in backend")
            wait_until(lambda: _gallery_has(info, "meadow.jpg"), timeout=120,
                       what="the photo on the app's command line to be ready")
            app.send_signal(signal.SIGTERM)
            code = app.wait(90)
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
        output = app.stdout.read().decode(errors="replace")
        text = log.read_text()
        assert code == 0, output + text
        assert "Traceback" not in output + text
        assert "built-in local backend stopped" in text
        assert running(backend_dir) is None and not process_exists(info["pid"])
        return to_window


def _gallery_has(info: dict, filename: str) -> bool:
    api = Api(info)
    try:
        return filename in {item["filename"] for item in api.session.get(
            f"{api.base}/images", timeout=30).json()["items"]}
    finally:
        api.close()


def _first_line(process: subprocess.Popen, timeout: float, log_path: Path) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout)
    line = process.stdout.readline().decode() if ready else ""
    if not line:
        process.kill()
        process.wait()
        raise AssertionError(f"the backend never said it was ready; log:\n"
                             f"{log_path.read_text(errors='replace')}")
    return line


def record(line: str) -> None:
    """Appends a measured figure to the file make check-dist prints (never asserted)."""
    target = os.environ.get("THUMBDROP_START_TIMES")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(line + "\n")


def record_start(what: str, seconds: float) -> None:
    record(f"{what}: {seconds:.2f} s from start to the first window (offscreen)")
