"""The one QObject that owns the network side of the app.

It holds the ApiClient (one HTTP session), the transfer engine (through EngineShim), the built-in local
backend when that is used, and the task pools for everything else (listing,
thumbnails, previews, start-up). Widgets ask it for work and get answers as signals
or callbacks on the UI thread; nothing here touches a widget.

Engine callbacks arrive on upload worker threads, often once per chunk. They are
coalesced (latest update per job wins) and handed to the UI at most ~10 times a second.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.client.api import ApiClient, ConnectionCheck
from desktop.ui.engine_shim import EngineShim, JobUpdate
from desktop.ui.tasks import TaskPool

log = logging.getLogger(__name__)

UPDATE_INTERVAL_MS = 100  # at most 10 repaints a second, however fast chunks go


class Service(QObject):
    status = Signal(str)        # a sentence for the status bar
    api_changed = Signal()      # a new endpoint/token is in use: views that list should reload
    job_updates = Signal(list)  # list[JobUpdate], the latest per job since the last batch
    _updates_waiting = Signal()

    def __init__(self, backend_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._backend_dir = backend_dir
        self.tasks = TaskPool(4, self)     # listing, thumbnails, folder walks, start-up
        self.previews = TaskPool(1, self)  # local previews: one core, never starves the rest
        self._api: ApiClient | None = None
        self._api_key: tuple[str, str] | None = None
        self._retired: list[ApiClient] = []  # old clients may still serve running uploads
        self._engine: EngineShim | None = None
        self._backend = None
        self._backend_info: dict | None = None
        self._starting_backend = False
        self._when_ready: list[Callable[[], None]] = []
        self._concurrency = 4
        self._timeout = 120.0
        self._lock = threading.Lock()
        self._pending: dict[int, JobUpdate] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UPDATE_INTERVAL_MS)
        self._timer.timeout.connect(self._flush_updates)
        self._updates_waiting.connect(self._schedule_flush)

    # --- configuration -----------------------------------------------------------------

    @property
    def api(self) -> ApiClient | None:
        return self._api

    @property
    def engine(self) -> EngineShim | None:
        return self._engine

    def configure(self, values: dict[str, Any], token: str) -> None:
        """Applies settings now; a new endpoint or token gets a new ApiClient."""
        self._concurrency = values["upload_concurrency"]
        self._timeout = float(values["processing_timeout"])
        if self._engine:
            self._engine.set_concurrency(self._concurrency)
            self._engine.set_processing_timeout(self._timeout)
        if values["use_local_backend"] or not values["api_endpoint"]:
            self._use_local_backend()
        else:
            endpoint = values["api_endpoint"]
            if self._use_api(endpoint, token):
                hint = "" if token else " No token is set: add it in Settings (Ctrl+,)."
                self.status.emit(f"Using the API at {endpoint}.{hint}")

    def when_ready(self, callback: Callable[[], None]) -> None:
        """Calls `callback` once an engine exists (now, or when the backend is up)."""
        if self._engine:
            callback()
        else:
            self._when_ready.append(callback)

    def _use_api(self, base_url: str, token: str) -> bool:
        """Switches to this endpoint and token; False when they are already in use."""
        if self._api_key == (base_url, token):
            return False
        api = ApiClient(base_url, token)
        self._api_key = (base_url, token)
        if self._api is not None:
            self._retired.append(self._api)
        self._api = api
        if self._engine is None:
            self._engine = EngineShim(
                api, self._on_engine_update,
                concurrency=self._concurrency, processing_timeout=self._timeout,
            )
        else:
            self._engine.set_api(api)
        self.api_changed.emit()
        waiting, self._when_ready = self._when_ready, []
        for callback in waiting:
            callback()
        return True

    def _use_local_backend(self) -> None:
        if self._backend_info:
            if self._use_api(self._backend_info["api_url"], self._backend_info["token"]):
                self.status.emit("Using the built-in local backend.")
            return
        if self._starting_backend:
            return
        self._starting_backend = True
        self.status.emit("Starting the built-in local backend…")
        self.tasks.run(self._start_backend, self._backend_started, self._backend_failed)

    def _start_backend(self):
        # Imported here: moto is heavy, and only the local backend needs it.
        from backend.local.server import LocalBackend

        self._backend_dir.mkdir(parents=True, exist_ok=True)
        backend = LocalBackend(data_dir=self._backend_dir)
        info = backend.start()
        # Kept at once (not in the callback): if the window closes while the backend is
        # starting, the callback is dropped but shutdown() must still stop it.
        self._backend = backend
        return info

    def _backend_started(self, info: dict) -> None:
        self._starting_backend = False
        self._backend_info = info
        self._use_api(self._backend_info["api_url"], self._backend_info["token"])
        self.status.emit(
            f"Using the built-in local backend (data in {self._backend_info['data_dir']})."
        )

    def _backend_failed(self, error: Exception) -> None:
        self._starting_backend = False
        log.error("local backend failed to start", exc_info=error)
        self.status.emit(
            f"The built-in local backend could not start ({error}). Your files stay queued: "
            "set an API endpoint in Settings (Ctrl+,) or restart Thumbdrop."
        )

    def check_connection(
        self, endpoint: str, token: str, use_local: bool, on_done: Callable[[ConnectionCheck], None]
    ) -> None:
        """Asks the API (off the UI thread) whether it is reachable and takes the token."""
        if use_local or not endpoint:
            if self._api is None:
                on_done(ConnectionCheck(
                    "unreachable",
                    "The built-in local backend is still starting; try again in a moment.",
                ))
                return
            api, owned = self._api, False
        else:
            api, owned = ApiClient(endpoint, token), True

        def check():
            try:
                return api.check_connection()
            finally:
                if owned:
                    api.close()

        self.tasks.run(check, on_done, lambda e: on_done(ConnectionCheck("unreachable", str(e))))

    # --- uploads ---------------------------------------------------------------------

    def _on_engine_update(self, update: JobUpdate) -> None:
        # Upload worker thread: remember the latest update and wake the UI thread once.
        with self._lock:
            first = not self._pending
            self._pending[update.job_id] = update
        if first:
            self._updates_waiting.emit()

    @Slot()
    def _schedule_flush(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def _flush_updates(self) -> None:
        with self._lock:
            batch, self._pending = list(self._pending.values()), {}
        if batch:
            self.job_updates.emit(batch)

    # --- shutdown --------------------------------------------------------------------

    def shutdown(self) -> None:
        """Cancels uploads, waits for every worker, stops the local backend."""
        self._timer.stop()
        if self._engine:
            self._engine.shutdown(wait=True)
            self._engine = None
        self.tasks.close()
        self.previews.close()
        for api in [*self._retired, self._api]:
            if api is not None:
                api.close()
        self._api, self._retired = None, []
        if self._backend is not None:
            self._backend.stop()
            self._backend = None
            log.info("built-in local backend stopped")
