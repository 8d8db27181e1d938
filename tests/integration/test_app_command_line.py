"""`thumbdrop photo1.jpg photo2.png` as a user runs it: a real process, no clicks, then SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys

import imagegen
from helpers import PROJECT_ROOT, Api, child_environment, process_exists, wait_until

from backend.local.instance import running


def test_files_on_the_command_line_upload_with_no_clicks_and_sigterm_closes_cleanly(tmp_path):
    photos = [tmp_path / "photo1.jpg", tmp_path / "photo2.png"]
    photos[0].write_bytes(imagegen.jpeg((1200, 900), orientation=6))
    photos[1].write_bytes(imagegen.png((800, 600)))
    home = tmp_path / "home"
    env = child_environment()
    env.update(
        HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"),
        QT_QPA_PLATFORM="offscreen",
        # Nothing configured: the built-in backend brings its own token, no keyring is read.
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
    )
    app = subprocess.Popen([sys.executable, "-m", "desktop.app", *map(str, photos)], env=env,
                           cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    backend_dir = home / "data" / "thumbdrop" / "backend"  # the one default data dir
    try:
        info = wait_until(lambda: app.poll() is None and running(backend_dir), timeout=120,
                          what="the app's built-in backend")
        api = Api(info)
        shown = home / "cache" / "thumbdrop" / "renditions"

        def both_ready_and_shown():
            assert app.poll() is None, app.stdout.read().decode(errors="replace")
            response = api.session.get(f"{api.base}/images", timeout=30)
            ready = {item["filename"] for item in response.json()["items"]}
            # The rows swap their local previews for the backend's thumbnails via this cache.
            return ready == {"photo1.jpg", "photo2.png"} and len(list(
                shown.glob("*.thumbnail.webp"))) == 2

        wait_until(both_ready_and_shown, timeout=120, what="both files ready and shown")
        api.close()
        weed_pid = int((backend_dir / "weed" / "weed.pid").read_text())
        app.send_signal(signal.SIGTERM)
        code = app.wait(60)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    output = app.stdout.read().decode(errors="replace")
    log = (home / "state" / "thumbdrop" / "log" / "thumbdrop.log").read_text()
    assert code == 0, output
    assert "Traceback" not in output + log
    assert "built-in local backend stopped" in log, log
    # The backend was the app's child, and it went with the app: no process, no lock holder.
    assert not process_exists(info["pid"]) and not process_exists(weed_pid)
    assert running(backend_dir) is None
