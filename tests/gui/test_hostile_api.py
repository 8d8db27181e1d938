"""An API that answers image ids like `../../x`: the app refuses them before they become a
cache path or part of a URL. The server here is a tiny fake on purpose: it plays the hostile
party (a misconfigured endpoint, or a compromised one), not our backend."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desktop.settings import SettingsStore, TokenStore
from desktop.ui.shell.main_window import MainWindow

HOSTILE_IDS = ["../../x", "..%2F..%2Fy", "01j0000000000000000000000/"]


class HostileApi:
    def __init__(self):
        self.paths: list[str] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                api.paths.append(self.path)
                base = f"http://127.0.0.1:{self.server.server_port}"
                if self.path.startswith("/config"):
                    body = {"api_version": 2, "output_access": "presigned",
                            "max_link_seconds": 3600, "original_retention_days": None}
                elif self.path.startswith("/images?"):
                    body = {"items": [{"id": bad, "status": "ready", "error": None,
                                       "filename": f"evil-{n}.jpg", "width": 10, "height": 10,
                                       "bytes": 10, "created_at": "2025-01-01T00:00:00Z",
                                       "thumbnail_url": f"{base}/t/{n}",
                                       "large_url": f"{base}/l/{n}"}
                                      for n, bad in enumerate(HOSTILE_IDS)],
                            "next_cursor": None}
                else:
                    body = {"error": "not_found", "message": "no"}
                payload = json.dumps(body).encode()
                self.send_response(200 if "error" not in body else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, name="hostile-api")

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()


@pytest.fixture
def hostile_api():
    with HostileApi() as api:
        yield api


def test_ids_that_are_not_the_servers_pattern_are_refused(fresh_environment, qtbot, tmp_path,
                                                        hostile_api):
    values = SettingsStore.defaults()
    values.update(use_local_backend=False, api_endpoint=hostile_api.url)
    SettingsStore().save(values)
    TokenStore().set("any-token")
    window = MainWindow(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    try:
        said: list[str] = []  # the album list's own sentence may come after the gallery's
        window.statusBar().messageChanged.connect(said.append)
        window.show()
        window.start()
        gallery = window.gallery_view
        qtbot.waitUntil(lambda: any(p.startswith("/images?") for p in hostile_api.paths)
                        and not gallery.model.loading, timeout=60_000)
        qtbot.waitUntil(lambda: any(s.startswith("The gallery could not be loaded: ")
                                    for s in said), timeout=60_000)
        message = next(s for s in said if s.startswith("The gallery could not be loaded: "))
        assert message.startswith("The gallery could not be loaded: The API at "), message
        assert "'../../x'" in message and "not valid" in message
        assert gallery.model.rowCount() == 0
        # Nothing was fetched for those ids and nothing landed outside the cache.
        assert all(p.startswith(("/images?", "/images/facets", "/config",
                                     "/albums"))
                   for p in hostile_api.paths)
        assert not (tmp_path / "x.thumbnail.webp").exists()
        assert not any(tmp_path.rglob("*.webp"))
    finally:
        window.close()
        window.deleteLater()
