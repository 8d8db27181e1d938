"""The one QObject that owns the network side of the app, and its lifecycle.

It holds the ApiClient (one HTTP session), the persisted upload queue (QueueStore) and the
TransferEngine that runs it, the folder watcher, the built-in local backend when that is used
(a child process, or one already running on the data dir), and the task pools for everything
else (listing, thumbnails, previews, start-up). Widgets ask it for work and get answers as
signals or callbacks on the UI thread; nothing here touches a widget.

The queue is opened off the UI thread (it reads the database) when the window starts; the
engine runs from then on, even before an API is known: files dropped while the backend starts
are queued on disk and wait for it. Upload progress reaches the UI through the store's change
batches (see desktop/ui/upload/queue_model.py), not through this object.

The gallery's calls (listing, renditions, delete, links, downloads) are `service.gallery`
(gallery_calls.py), on the API in use here: no widget or model holds an ApiClient. Quitting
never blocks the UI thread: shutdown() refuses new work at once and waits for the engine, the
pools and the local backend on a thread of its own, then emits `stopped`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QObject, QTimer, Signal

from desktop import autostart, settings
from desktop.client.api import ApiClient, ConnectionCheck
from desktop.client.bandwidth import BandwidthLimit, parse_hours
from desktop.client.engine import TransferEngine
from desktop.client.local_backend import BackendInfo, LocalBackendError, LocalBackendProcess
from desktop.client.queue_store import QueueBusy, QueueError, QueueStore
from desktop.client.server_config import ServerConfig
from desktop.client.stage_processing import PROCESSING_TIMEOUT
from desktop.client.watch_rules import parse_folders
from desktop.client.watcher import FolderWatcher, memory_path_for
from desktop.settings import ApiChoice, api_choice
from desktop.ui.services.gallery_calls import GalleryCalls
from desktop.ui.services.tasks import TaskPool

log = logging.getLogger(__name__)

BACKEND_WATCH_MS = 1000  # how often a backend we started is looked at (a child poll, no I/O)
MAX_RESTARTS, RESTART_WINDOW = 3, 300.0  # ends on its own within the window before we give up


class Service(QObject):
    status = Signal(str)        # a sentence for the status bar
    api_changed = Signal()      # a new endpoint/token is in use: views that list should reload
    queue_ready = Signal(object)  # the QueueStore, opened and its engine running
    queue_failed = Signal(str)    # the queue can't be opened: the sentence saying why
    server_config_changed = Signal()  # what /config says (links, originals) is (newly) known
    stopped = Signal()            # shutdown() is complete: workers ended, the backend stopped
    watch_problem = Signal(str)   # a sentence from the folder watcher (a folder missing, …)

    def __init__(self, backend_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._backend_dir = backend_dir
        self.tasks = TaskPool(4, self)     # listing, thumbnails, folder walks, start-up
        self.previews = TaskPool(1, self)  # local previews: one core, never starves the rest
        self.downloads = TaskPool(2, self)  # saving originals/large views into a folder
        self.cards = TaskPool(1, self)  # a card's scan, copies and eject: one card read at a time
        self.card_cancel = threading.Event()  # set at shutdown: a card's long copy stops
        self._api: ApiClient | None = None
        self._api_key: tuple[str, str] | None = None
        self._server_config: ServerConfig | None = None
        self._shutting_down = False
        self._stopper: threading.Thread | None = None
        self._store: QueueStore | None = None
        self._engine: TransferEngine | None = None
        self._starting_engine: TransferEngine | None = None
        self._when_queue_ready: list[Callable[[TransferEngine], None]] = []
        self.queue_error: str | None = None  # why the queue could not be opened
        self._backend: LocalBackendProcess | None = None
        self._backend_info: BackendInfo | None = None
        self._starting_backend = False
        # A backend we started that ends on its own (killed, crashed) is started again: the
        # window would otherwise sit "offline" with files queued until a restart of the app.
        self._backend_watch = QTimer(self)
        self._backend_watch.setInterval(BACKEND_WATCH_MS)
        self._backend_watch.timeout.connect(self._check_backend)
        self._backend_restarts: list[float] = []  # monotonic times of the recent restarts
        self._concurrency = 4
        self._timeout = float(PROCESSING_TIMEOUT)
        self._allow_duplicates = False
        self._keep_location = False
        self._watcher: FolderWatcher | None = None
        self._folders = []               # WatchedFolder, from the setting
        self._bandwidth = BandwidthLimit()  # shared by every transfer of the engine
        self._pause_on_metered = False
        self._metered = False
        self._start_at_login = False
        self.gallery = GalleryCalls(
            tasks=self.tasks, downloads=self.downloads, cards=self.cards,
            current_api=lambda: None if self._shutting_down else self._api,
            server_config=lambda: self._server_config, parent=self)

    # --- configuration -----------------------------------------------------------------

    @property
    def api(self) -> ApiClient | None:
        return self._api

    @property
    def engine(self) -> TransferEngine | None:
        return self._engine

    @property
    def server_config(self) -> ServerConfig | None:
        """What the API in use says about itself (links, originals); None until it has said."""
        return self._server_config

    def configure(self, values: dict[str, Any], token: str) -> None:
        """Applies settings now; a new endpoint or token gets a new ApiClient."""
        if self._shutting_down:
            return
        self._concurrency = settings.UPLOAD_CONCURRENCY.of(values)
        self._timeout = float(settings.PROCESSING_TIMEOUT.of(values))
        self._allow_duplicates = settings.UPLOAD_DUPLICATES.of(values)
        self._keep_location = settings.KEEP_LOCATION.of(values)
        self._folders = parse_folders(settings.WATCHED_FOLDERS.of(values))
        self._bandwidth.set(settings.UPLOAD_LIMIT_KBPS.of(values) * 1000,
                            parse_hours(settings.UNLIMITED_HOURS.of(values)))
        self._pause_on_metered = settings.PAUSE_ON_METERED.of(values)
        start_at_login = settings.START_AT_LOGIN.of(values)
        # Written when turned on (and at each start while on, so Exec stays current), removed
        # only when turned off here: a fresh profile (a test's) never touches an entry.
        if start_at_login or self._start_at_login:
            self.tasks.run(lambda: autostart.apply(start_at_login))
        self._start_at_login = start_at_login
        if self._engine:
            self._push_settings(self._engine)
        choice = api_choice(values)
        if choice.local:
            self._use_local_backend()
        else:
            endpoint = choice.endpoint
            if self._use_api(endpoint, token):
                sentence = self.tr("Using the API at {endpoint}.").format(endpoint=endpoint)
                if not token:
                    sentence += " " + self.tr("No token is set: add it in Settings (Ctrl+,).")
                self.status.emit(sentence)

    # --- watched folders and rules --------------------------------------------------------

    @property
    def watching(self) -> int:
        """Watched folders being watched now (present on disk)."""
        return self._watcher.watching if self._watcher is not None else 0

    def set_metered(self, metered: bool) -> None:
        """What the system says about the network (desktop/ui/shell/metered.py)."""
        self._metered = metered
        self._apply_hold()

    def _apply_hold(self) -> None:
        if self._engine is not None:
            self._engine.set_hold(self.tr(
                "Paused: metered network. Uploads go on by themselves on another network "
                "(or turn off “Pause uploads on metered networks” in Settings).")
                if self._metered and self._pause_on_metered else None)

    def _endpoint(self) -> str | None:
        api = self._api  # read from the watcher's thread: one attribute read
        return api.base_url if api is not None else None

    def _use_api(self, base_url: str, token: str) -> bool:
        """Switches to this endpoint and token; False when they are already in use."""
        if self._api_key == (base_url, token):
            return False
        api = ApiClient(base_url, token)
        self._api_key = (base_url, token)
        replaced, self._api = self._api, api
        if replaced is not None:
            # Requests still running on it finish (closing drops only idle connections; a
            # straggler that asks again reconnects): anything that asks later gets the new one.
            self.tasks.run(replaced.close)
        self._server_config = None
        self._learn_config(api)
        if self._engine is not None:
            self._engine.set_api(api)
        self.api_changed.emit()
        return True

    def _use_local_backend(self) -> None:
        if self._backend_info:
            if self._use_api(self._backend_info.api_url, self._backend_info.token):
                self.status.emit(self.tr("Using the built-in local backend."))
            return
        if self._starting_backend:
            return
        self._starting_backend = True
        self.status.emit(self.tr("Starting the built-in local backend…"))
        # Kept at once (not in the callback): if the window closes while the backend is
        # starting, the callback is dropped but shutdown() must still stop it.
        self._backend = LocalBackendProcess(self._backend_dir)
        self.tasks.run(self._backend.start, self._backend_started, self._backend_failed)

    def _backend_started(self, info: BackendInfo) -> None:
        self._starting_backend = False
        self._backend_info = info
        self._use_api(info.api_url, info.token)
        self.status.emit(self.tr("Using the built-in local backend (data in {folder}).").format(
            folder=info.data_dir))
        if self._backend is not None and self._backend.owned:
            self._backend_watch.start()

    def _check_backend(self) -> None:
        """Starts our backend again when it ended on its own (a poll of the child: no I/O).
        Three ends within RESTART_WINDOW stop the retries with a sentence instead of a loop."""
        backend = self._backend
        gone = backend.gone() if backend is not None and not self._shutting_down else None
        if gone is None:
            return
        self._backend_watch.stop()
        log.error("the built-in backend ended on its own: %s", gone)
        backend.stop()  # reaps the child
        self._backend, self._backend_info = None, None
        now = time.monotonic()
        self._backend_restarts = [t for t in self._backend_restarts if now - t < RESTART_WINDOW]
        if len(self._backend_restarts) >= MAX_RESTARTS:
            self.status.emit(gone + " " + self.tr(
                "It keeps stopping, so Thumbdrop no longer starts it; your files stay queued. "
                "Look at its log, then restart Thumbdrop."))
            return
        self._backend_restarts.append(now)
        self.status.emit(gone + " " + self.tr("Starting it again; your files stay queued and "
                                              "continue."))
        self._use_local_backend()

    def _backend_failed(self, error: Exception) -> None:
        self._starting_backend = False
        self._backend = None
        log.error("local backend failed to start: %s", error)
        sentence = str(error) if isinstance(error, LocalBackendError) else \
            self.tr("The built-in local backend could not start ({error}).").format(error=error)
        self.status.emit(sentence + " " + self.tr("Your files stay queued: set an API endpoint "
                                                  "in Settings (Ctrl+,) or restart Thumbdrop."))

    def check_connection(self, choice: ApiChoice, token: str,
                         on_done: Callable[[ConnectionCheck], None]) -> None:
        """Asks (off the UI thread) whether the API the settings dialog shows is reachable and
        takes the token: the built-in backend, or the chosen endpoint with `token`, whichever
        API is in use now."""
        if choice.incomplete:
            on_done(ConnectionCheck("unreachable", self.tr("Type the API endpoint URL first.")))
            return
        if choice.local:
            if self._backend_info is None:
                on_done(ConnectionCheck("unreachable", (
                    self.tr("The built-in local backend is still starting; try again in a "
                            "moment.")
                    if self._starting_backend else
                    self.tr("The built-in local backend is not running yet: it starts when you "
                            "press OK."))))
                return
            endpoint, token = self._backend_info.api_url, self._backend_info.token
        else:
            endpoint = choice.endpoint
        api = ApiClient(endpoint, token)

        def check():
            try:
                return api.check_connection()
            finally:
                api.close()

        self.tasks.run(check, on_done, lambda e: on_done(ConnectionCheck("unreachable", str(e))))

    def _learn_config(self, api: ApiClient) -> None:
        def known(config: ServerConfig) -> None:
            if api is self._api:
                self._server_config = config
                self.server_config_changed.emit()

        def unknown(error: Exception) -> None:
            log.info("the API did not describe itself (GET /config): %s", error)

        self.tasks.run(api.get_config, known, unknown)

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
                                    allow_duplicates=duplicates, processing_timeout=timeout,
                                    bandwidth=self._bandwidth)
            engine.start()
            self._starting_engine = engine
            # Never taken from: the backend's data and the thumbnail cache (images, all).
            ignored = [self._backend_dir, Path(platformdirs.user_cache_dir("thumbdrop"))]
            watcher = FolderWatcher(engine, self._folders, memory_path_for(path),
                                    endpoint=self._endpoint, ignored=ignored,
                                    on_problem=self.watch_problem.emit)
            watcher.start()
            # Only once started: a shutdown meanwhile closes it after the pools' wait, never
            # half-started (joining a thread not yet started raised, and leaked the engine).
            self._watcher = watcher
            return engine

        self.tasks.run(open_and_start, self._queue_opened, self._queue_not_opened)

    def _queue_opened(self, engine: TransferEngine) -> None:
        self._engine, self._starting_engine = engine, None
        # Settings or the API may have changed while it started.
        engine.set_api(self._api)
        self._push_settings(engine)
        self.queue_ready.emit(engine.store)
        waiting, self._when_queue_ready = self._when_queue_ready, []
        for callback in waiting:
            callback(engine)

    def _push_settings(self, engine: TransferEngine) -> None:
        """The settings the engine and the watcher run with, as configure() last set them."""
        engine.set_concurrency(self._concurrency)
        engine.set_processing_timeout(self._timeout)
        engine.set_allow_duplicates(self._allow_duplicates)
        engine.set_keep_location(self._keep_location)
        self._apply_hold()
        if self._watcher is not None:
            self._watcher.set_folders(self._folders)

    def _queue_not_opened(self, error: Exception) -> None:
        if isinstance(error, (QueueBusy, QueueError)):
            sentence = str(error)
        else:
            log.error("upload queue failed to open", exc_info=error)
            sentence = self.tr("The upload queue could not be opened ({error}).").format(
                error=error)
        self._when_queue_ready = []
        self.queue_error = sentence + " " + self.tr("Files can't be queued until Thumbdrop "
                                                    "restarts.")
        self.queue_failed.emit(self.queue_error)

    def when_queue_ready(self, callback: Callable[[TransferEngine], None]) -> None:
        """Calls callback(engine) on the UI thread once the queue runs (now if it does)."""
        if self._engine is not None:
            callback(self._engine)
        else:
            self._when_queue_ready.append(callback)

    # --- shutdown --------------------------------------------------------------------

    @property
    def shutting_down(self) -> bool:
        return self._shutting_down

    def shutdown(self) -> None:
        """Stops the engine (unfinished files stay queued on disk and continue next time) and
        the local backend without blocking the UI thread: new work is refused at once, late
        results are dropped, and the waiting (engine, running tasks, the backend) happens on a
        thread of its own, which then closes the queue. `stopped` follows."""
        if self._shutting_down:
            return
        self._shutting_down = True
        self._when_queue_ready = []
        engine, self._engine = self._engine, None
        self._backend_watch.stop()
        backend, self._backend = self._backend, None
        self.gallery.cancel_downloads()
        self.card_cancel.set()
        pools = (self.tasks, self.previews, self.downloads, self.cards)
        for pool in pools:
            pool.close()
        api, self._api = self._api, None

        def finish() -> None:
            # Set on a pool thread, so read after the pools' wait below too.
            if self._watcher is not None:
                self._watcher.close()
            if engine is not None:
                engine.close()
            if backend is not None:
                # Before the pools' wait: a backend still starting on one is cut short.
                backend.stop()  # only one we started; an attached backend runs on
            for pool in pools:
                pool.wait()  # a folder walk still adding ends its last batch here
            # Set on a pool thread, so read after the wait.
            starting, self._starting_engine = self._starting_engine, None
            if starting is not None:  # started while the window closed
                if self._watcher is not None:
                    self._watcher.close()
                starting.close()
            store, self._store = self._store, None
            if store is not None:
                store.close()
            if api is not None:
                api.close()
            try:
                self.stopped.emit()  # queued to the UI thread
            except RuntimeError:
                pass  # this object was deleted meanwhile: nobody is listening

        self._stopper = threading.Thread(target=finish, name="thumbdrop-shutdown")
        self._stopper.start()

