"""The one QObject that owns the network side of the app.

It holds the ApiClient (one HTTP session), the persisted upload queue (QueueStore) and the
TransferEngine that runs it, the built-in local backend when that is used (a child process,
or one already running on the data dir), and the task pools
for everything else (listing, thumbnails, previews, start-up). Widgets ask it for work and get
answers as signals or callbacks on the UI thread; nothing here touches a widget.

The queue is opened off the UI thread (it reads the database) when the window starts; the
engine runs from then on, even before an API is known: files dropped while the backend starts
are queued on disk and wait for it. Upload progress reaches the UI through the store's change
batches (see desktop/ui/upload/queue_model.py), not through this object.

The gallery's calls (listing, renditions, delete, links, downloads) go through methods here
that answer by callback on the UI thread: no widget or model holds an ApiClient. Quitting
never blocks the UI thread: shutdown() refuses new work at once and waits for the engine, the
pools and the local backend on a thread of its own, then emits `stopped`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from PySide6.QtCore import QObject, Signal

from desktop import autostart
from desktop.client import downloads
from desktop.client.api import ApiClient, ConnectionCheck, ImageInfo, Link
from desktop.client.bandwidth import BandwidthLimit, parse_hours
from desktop.client.engine import TransferEngine
from desktop.client.local_backend import LocalBackendError, LocalBackendProcess
from desktop.client.queue_store import QueueBusy, QueueError, QueueStore
from desktop.client.server_config import ServerConfig
from desktop.client.stage_processing import PROCESSING_TIMEOUT
from desktop.client.thumb_cache import ThumbCache
from desktop.client.watch_rules import parse_folders
from desktop.client.watcher import FolderWatcher, memory_path_for
from desktop.ui.services.download_job import DownloadJob
from desktop.ui.services.tasks import TaskPool

T = TypeVar("T")

log = logging.getLogger(__name__)


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
        self._downloads: list[DownloadJob] = []  # running ones are cancelled at shutdown
        self._store: QueueStore | None = None
        self._engine: TransferEngine | None = None
        self._starting_engine: TransferEngine | None = None
        self._when_queue_ready: list[Callable[[TransferEngine], None]] = []
        self.queue_error: str | None = None  # why the queue could not be opened
        self._backend: LocalBackendProcess | None = None
        self._backend_info: dict | None = None
        self._starting_backend = False
        self._concurrency = 4
        self._timeout = float(PROCESSING_TIMEOUT)
        self._allow_duplicates = False
        self._watcher: FolderWatcher | None = None
        self._folders = []               # WatchedFolder, from the setting
        self._bandwidth = BandwidthLimit()  # shared by every transfer of the engine
        self._pause_on_metered = False
        self._metered = False
        self._start_at_login = False

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
        self._concurrency = values["upload_concurrency"]
        self._timeout = float(values["processing_timeout"])
        self._allow_duplicates = values["upload_duplicates"]
        self._folders = parse_folders(values["watched_folders"])
        self._bandwidth.set(values["upload_limit_kbps"] * 1000,
                            parse_hours(values["unlimited_hours"]))
        self._pause_on_metered = values["pause_on_metered"]
        self._apply_hold()
        if self._watcher is not None:
            self._watcher.set_folders(self._folders)
        start_at_login = values["start_at_login"]
        # Written when turned on (and at each start while on, so Exec stays current), removed
        # only when turned off here: a fresh profile (a test's) never touches an entry.
        if start_at_login or self._start_at_login:
            self.tasks.run(lambda: autostart.apply(start_at_login))
        self._start_at_login = start_at_login
        if self._engine:
            self._engine.set_concurrency(self._concurrency)
            self._engine.set_processing_timeout(self._timeout)
            self._engine.set_allow_duplicates(self._allow_duplicates)
        if values["use_local_backend"] or not values["api_endpoint"]:
            self._use_local_backend()
        else:
            endpoint = values["api_endpoint"]
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
            if self._use_api(self._backend_info["api_url"], self._backend_info["token"]):
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

    def _backend_started(self, info: dict) -> None:
        self._starting_backend = False
        self._backend_info = info
        self._use_api(self._backend_info["api_url"], self._backend_info["token"])
        self.status.emit(self.tr("Using the built-in local backend (data in {folder}).").format(
            folder=self._backend_info["data_dir"]))

    def _backend_failed(self, error: Exception) -> None:
        self._starting_backend = False
        self._backend = None
        log.error("local backend failed to start: %s", error)
        sentence = str(error) if isinstance(error, LocalBackendError) else \
            self.tr("The built-in local backend could not start ({error}).").format(error=error)
        self.status.emit(sentence + " " + self.tr("Your files stay queued: set an API endpoint "
                                                  "in Settings (Ctrl+,) or restart Thumbdrop."))

    def check_connection(
        self, endpoint: str, token: str, use_local: bool, on_done: Callable[[ConnectionCheck], None]
    ) -> None:
        """Asks (off the UI thread) whether the API the settings dialog shows is reachable and
        takes the token: the built-in backend when `use_local`, else `endpoint` with `token`,
        whichever API is in use now."""
        if use_local:
            if self._backend_info is None:
                on_done(ConnectionCheck("unreachable", (
                    self.tr("The built-in local backend is still starting; try again in a "
                            "moment.")
                    if self._starting_backend else
                    self.tr("The built-in local backend is not running yet: it starts when you "
                            "press OK."))))
                return
            endpoint, token = self._backend_info["api_url"], self._backend_info["token"]
        elif not endpoint:
            on_done(ConnectionCheck("unreachable", self.tr("Type the API endpoint URL first.")))
            return
        api = ApiClient(endpoint, token)

        def check():
            try:
                return api.check_connection()
            finally:
                api.close()

        self.tasks.run(check, on_done, lambda e: on_done(ConnectionCheck("unreachable", str(e))))

    # --- the gallery: every API call the views make ------------------------------------

    def _learn_config(self, api: ApiClient) -> None:
        def known(config: ServerConfig) -> None:
            if api is self._api:
                self._server_config = config
                self.server_config_changed.emit()

        def unknown(error: Exception) -> None:
            log.info("the API did not describe itself (GET /config): %s", error)

        self.tasks.run(api.get_config, known, unknown)

    def _with_api(self, pool: TaskPool, work: Callable[[ApiClient], T],
                  on_done: Callable[[T], None] | None,
                  on_error: Callable[[Exception], None] | None) -> bool:
        """Runs work(api) on `pool`; False (nothing runs) while no API is set."""
        api = self._api
        if api is None or self._shutting_down:
            return False
        pool.run(lambda: work(api), on_done, on_error)
        return True

    def api_work(self, work: Callable[[ApiClient], T], on_done: Callable[[T], None] | None,
                 on_error: Callable[[Exception], None] | None) -> bool:
        """Runs work(api) on the listing pool (album calls: services/album_calls.py); False
        (nothing runs) while no API is set."""
        return self._with_api(self.tasks, work, on_done, on_error)

    def list_images(self, query: str, cursor: str | None, limit: int,
                    on_done: Callable[[tuple[list[ImageInfo], str | None]], None],
                    on_error: Callable[[Exception], None]) -> bool:
        """One page of the gallery: on_done((images, next_cursor))."""
        return self._with_api(self.tasks, lambda api: api.list_images(limit, cursor, query),
                              on_done, on_error)

    def delete_image(self, image_id: str, on_done: Callable[[None], None],
                     on_error: Callable[[Exception], None]) -> bool:
        return self._with_api(self.tasks, lambda api: api.delete_image(image_id),
                              on_done, on_error)

    def create_link(self, image_id: str, expires_in: int | None, on_done: Callable[[Link], None],
                    on_error: Callable[[Exception], None]) -> bool:
        """A shareable link to the large view (permanent where the API serves it publicly)."""
        return self._with_api(self.tasks, lambda api: api.get_link(image_id, "large", expires_in),
                              on_done, on_error)

    def fetch_rendition(self, cache: ThumbCache, image: ImageInfo, kind: str,
                        then: Callable[[Path], T], on_done: Callable[[T], None],
                        on_error: Callable[[Exception], None]) -> bool:
        """Downloads a rendition into `cache` unless it is there, then runs `then(path)` on the
        worker too (decoding, copying) and answers with its result."""
        if image.status != "ready":
            return False

        return self._with_api(self.tasks, lambda api: then(_rendition(api, cache, image, kind)),
                              on_done, on_error)

    def download_images(self, images: list[ImageInfo], folder: Path, kind: str,
                        cache: ThumbCache) -> DownloadJob | None:
        """Saves the originals (kind "original") or large views of `images` into `folder`,
        two at a time; the job reports progress, a sentence per file, and the end. None while
        no API is set."""
        if self._api is None or self._shutting_down:
            return None
        config = self._server_config
        job = DownloadJob(images, kind, folder,
                          config.original_retention_days if config else None, self)
        self._downloads = [running for running in self._downloads if running.running] + [job]
        for image in images:
            if kind == "original":
                def work(api, image=image):
                    job.progress.check()
                    return downloads.save_original(api, image, folder, job.progress.add)
            else:
                def work(api, image=image):
                    job.progress.check()
                    return downloads.save_large(
                        api, lambda: _rendition(api, cache, image, "large"), image, folder)
            self._with_api(self.downloads, work,
                           lambda path, image=image: job.saved(image, path),
                           lambda error, image=image: job.failed(image, error))
        return job

    def card_work(self, work: Callable[[ApiClient], T], on_done: Callable[[T], None],
                  on_error: Callable[[Exception], None]) -> bool:
        """Runs work(api) on the card pool; False (nothing runs) while no API is set."""
        return self._with_api(self.cards, work, on_done, on_error)

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
        engine.set_concurrency(self._concurrency)
        engine.set_allow_duplicates(self._allow_duplicates)
        engine.set_processing_timeout(self._timeout)
        self._watcher.set_folders(self._folders)
        self._apply_hold()
        self.queue_ready.emit(engine.store)
        waiting, self._when_queue_ready = self._when_queue_ready, []
        for callback in waiting:
            callback(engine)

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
        backend, self._backend = self._backend, None
        for job in self._downloads:
            job.cancel()  # a half-saved file is removed; the next chunk stops it
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


def _rendition(api: ApiClient, cache: ThumbCache, image: ImageInfo, kind: str) -> Path:
    """The cached rendition, else downloaded through a link the API mints only when needed
    (rows from the queue file carry none). On a worker: it asks the network."""
    return cache.get(image.id, kind) or cache.fetch(image.id, api.rendition_url(image, kind),
                                                    api.download, kind)
