"""The one QObject that owns the network side of the app.

It holds the ApiClient (one HTTP session), the persisted upload queue (QueueStore) and the
TransferEngine that runs it, the built-in local backend when that is used (a child process,
or one already running on the data dir), and the task pools
for everything else (listing, thumbnails, previews, start-up). Widgets ask it for work and get
answers as signals or callbacks on the UI thread; nothing here touches a widget.

The queue is opened off the UI thread (it reads the database) when the window starts; the
engine runs from then on, even before an API is known: files dropped while the backend starts
are queued on disk and wait for it. Upload progress reaches the UI through the store's change
batches (see desktop/ui/queue_model.py), not through this object.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.client.api import ApiClient, ConnectionCheck
from desktop.client.engine import TransferEngine
from desktop.client.local_backend import LocalBackendError, LocalBackendProcess
from desktop.client.queue_store import QueueBusy, QueueError, QueueStore
from desktop.ui.tasks import TaskPool

log = logging.getLogger(__name__)


class Service(QObject):
    status = Signal(str)        # a sentence for the status bar
    api_changed = Signal()      # a new endpoint/token is in use: views that list should reload
    queue_ready = Signal(object)  # the QueueStore, opened and its engine running
    queue_failed = Signal(str)    # the queue can't be opened: the sentence saying why

    def __init__(self, backend_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._backend_dir = backend_dir
        self.tasks = TaskPool(4, self)     # listing, thumbnails, folder walks, start-up
        self.previews = TaskPool(1, self)  # local previews: one core, never starves the rest
        self._api: ApiClient | None = None
        self._api_key: tuple[str, str] | None = None
        self._retired: list[ApiClient] = []  # old clients may still serve running uploads
        self._store: QueueStore | None = None
        self._engine: TransferEngine | None = None
        self._starting_engine: TransferEngine | None = None
        self._when_queue_ready: list[Callable[[TransferEngine], None]] = []
        self.queue_error: str | None = None  # why the queue could not be opened
        self._backend: LocalBackendProcess | None = None
        self._backend_info: dict | None = None
        self._starting_backend = False
        self._concurrency = 4
        self._timeout = 120.0
        self._allow_duplicates = False

    # --- configuration -----------------------------------------------------------------

    @property
    def api(self) -> ApiClient | None:
        return self._api

    @property
    def engine(self) -> TransferEngine | None:
        return self._engine

    def configure(self, values: dict[str, Any], token: str) -> None:
        """Applies settings now; a new endpoint or token gets a new ApiClient."""
        self._concurrency = values["upload_concurrency"]
        self._timeout = float(values["processing_timeout"])
        self._allow_duplicates = values["upload_duplicates"]
        if self._engine:
            self._engine.set_concurrency(self._concurrency)
            self._engine.set_processing_timeout(self._timeout)
            self._engine.set_allow_duplicates(self._allow_duplicates)
        if values["use_local_backend"] or not values["api_endpoint"]:
            self._use_local_backend()
        else:
            endpoint = values["api_endpoint"]
            if self._use_api(endpoint, token):
                hint = "" if token else " No token is set: add it in Settings (Ctrl+,)."
                self.status.emit(f"Using the API at {endpoint}.{hint}")

    def _use_api(self, base_url: str, token: str) -> bool:
        """Switches to this endpoint and token; False when they are already in use."""
        if self._api_key == (base_url, token):
            return False
        api = ApiClient(base_url, token)
        self._api_key = (base_url, token)
        if self._api is not None:
            self._retired.append(self._api)
        self._api = api
        if self._engine is not None:
            self._engine.set_api(api)
        self.api_changed.emit()
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
        # Kept at once (not in the callback): if the window closes while the backend is
        # starting, the callback is dropped but shutdown() must still stop it.
        self._backend = LocalBackendProcess(self._backend_dir)
        self.tasks.run(self._backend.start, self._backend_started, self._backend_failed)

    def _backend_started(self, info: dict) -> None:
        self._starting_backend = False
        self._backend_info = info
        self._use_api(self._backend_info["api_url"], self._backend_info["token"])
        self.status.emit(
            f"Using the built-in local backend (data in {self._backend_info['data_dir']})."
        )

    def _backend_failed(self, error: Exception) -> None:
        self._starting_backend = False
        self._backend = None
        log.error("local backend failed to start: %s", error)
        sentence = str(error) if isinstance(error, LocalBackendError) else \
            f"The built-in local backend could not start ({error})."
        self.status.emit(f"{sentence} Your files stay queued: set an API endpoint in Settings "
                         "(Ctrl+,) or restart Thumbdrop.")

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

    # --- the upload queue -------------------------------------------------------------

    @property
    def store(self) -> QueueStore | None:
        return self._store

    def open_queue(self, path: Path) -> None:
        """Opens the persisted queue and starts its engine off the UI thread (both read the
        database); unfinished rows continue, uploading once an API is set."""
        api, concurrency = self._api, self._concurrency
        duplicates, timeout = self._allow_duplicates, self._timeout

        def open_and_start() -> TransferEngine:
            store = QueueStore(path)
            # Kept at once (not in the callback): a window closed meanwhile still closes it.
            self._store = store
            engine = TransferEngine(store, api, concurrency=concurrency,
                                    allow_duplicates=duplicates, processing_timeout=timeout)
            engine.start()
            self._starting_engine = engine
            return engine

        self.tasks.run(open_and_start, self._queue_opened, self._queue_not_opened)

    def _queue_opened(self, engine: TransferEngine) -> None:
        self._engine, self._starting_engine = engine, None
        # Settings or the API may have changed while it started.
        engine.set_api(self._api)
        engine.set_concurrency(self._concurrency)
        engine.set_allow_duplicates(self._allow_duplicates)
        engine.set_processing_timeout(self._timeout)
        self.queue_ready.emit(engine.store)
        waiting, self._when_queue_ready = self._when_queue_ready, []
        for callback in waiting:
            callback(engine)

    def _queue_not_opened(self, error: Exception) -> None:
        if isinstance(error, (QueueBusy, QueueError)):
            sentence = str(error)
        else:
            log.error("upload queue failed to open", exc_info=error)
            sentence = f"The upload queue could not be opened ({error})."
        self._when_queue_ready = []
        self.queue_error = f"{sentence} Files can't be queued until Thumbdrop restarts."
        self.queue_failed.emit(self.queue_error)

    def when_queue_ready(self, callback: Callable[[TransferEngine], None]) -> None:
        """Calls callback(engine) on the UI thread once the queue runs (now if it does)."""
        if self._engine is not None:
            callback(self._engine)
        else:
            self._when_queue_ready.append(callback)

    # --- shutdown --------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stops the engine (unfinished files stay queued on disk and continue next time),
        waits for every worker, closes the queue, stops the local backend."""
        self._when_queue_ready = []
        if self._engine:
            self._engine.close()
            self._engine = None
        if self._backend is not None:
            # Before the task pool's wait: a backend still starting there is cut short.
            self._backend.stop()  # only one we started; an attached backend runs on
            self._backend = None
            log.info("built-in local backend stopped")
        self.tasks.close()  # a folder walk still adding waits here for its last batch
        self.previews.close()
        if self._starting_engine is not None:  # started while the window closed
            self._starting_engine.close()
            self._starting_engine = None
        if self._store is not None:
            self._store.close()
            self._store = None
        for api in [*self._retired, self._api]:
            if api is not None:
                api.close()
        self._api, self._retired = None, []
