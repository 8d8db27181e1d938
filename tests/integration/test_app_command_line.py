"""`thumbdrop photo1.jpg photo2.png` as a user runs it: a real process, no clicks, then SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import imagegen
from helpers import PROJECT_ROOT, child_environment, wait_until


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
    try:
        records = home / "data" / "thumbdrop" / "local-backend" / "s3" / "thumbdrop-output" / "index"
        shown = home / "cache" / "thumbdrop" / "renditions"

        def both_ready_and_shown():
            assert app.poll() is None, app.stdout.read().decode(errors="replace")
            metas = [json.loads(p.read_text()) for p in records.glob("*.json")]
            ready = {m["filename"] for m in metas if m.get("status") == "ready"}
            # The rows swap their local previews for the backend's thumbnails via this cache.
            return ready == {"photo1.jpg", "photo2.png"} and len(list(
                shown.glob("*.thumbnail.webp"))) == 2

        wait_until(both_ready_and_shown, timeout=120, what="both files ready and shown")
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
