"""The one QObject that owns the network side of the app.

It holds the ApiClient (one HTTP session), the TransferEngine, the built-in local
backend when that is used (a child process, or one already running on the data dir), and the
task pools for everything else (listing,
thumbnails, previews, start-up). Widgets ask it for work and get answers as signals
or callbacks on the UI thread; nothing here touches a widget.

Engine callbacks arrive on upload worker threads, often once per chunk. They are
coalesced (latest update per job wins) and handed to the UI at most ~10 times a second.

The gallery's calls (listing, renditions, delete, links, downloads) go through methods here
that answer by callback on the UI thread: no widget or model holds an ApiClient. Quitting
never blocks the UI thread: shutdown() refuses new work at once and waits for workers, the
engine and the local backend on a thread of its own, then emits `stopped`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.client import downloads
from desktop.client.api import ApiClient, ConnectionCheck, ImageInfo, Link, SharingConfig
from desktop.client.engine import JobUpdate, TransferEngine
from desktop.client.local_backend import LocalBackendError, LocalBackendProcess
from desktop.ui.download_job import DownloadJob
from desktop.ui.tasks import TaskPool
from desktop.ui.thumb_cache import ThumbCache

T = TypeVar("T")

log = logging.getLogger(__name__)

UPDATE_INTERVAL_MS = 100  # at most 10 repaints a second, however fast chunks go


class Service(QObject):
    status = Signal(str)        # a sentence for the status bar
    api_changed = Signal()      # a new endpoint/token is in use: views that list should reload
    job_updates = Signal(list)  # list[JobUpdate], the latest per job since the last batch
    sharing_changed = Signal()  # what /config says about links and originals is (newly) known
    stopped = Signal()          # shutdown() is complete: workers ended, the backend stopped
    _updates_waiting = Signal()

    def __init__(self, backend_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._backend_dir = backend_dir
        self.tasks = TaskPool(4, self)     # listing, thumbnails, folder walks, start-up
        self.previews = TaskPool(1, self)  # local previews: one core, never starves the rest
        self.downloads = TaskPool(2, self)  # saving originals/large views into a folder
        self._api: ApiClient | None = None
        self._api_key: tuple[str, str] | None = None
        self._sharing: SharingConfig | None = None
        self._shutting_down = False
        self._stopper: threading.Thread | None = None
        self._downloads: list[DownloadJob] = []  # running ones are cancelled at shutdown
        self._engine: TransferEngine | None = None
        self._backend: LocalBackendProcess | None = None
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
    def engine(self) -> TransferEngine | None:
        return self._engine

    @property
    def sharing(self) -> SharingConfig | None:
        """What the API in use says about links and originals; None until it has said."""
        return self._sharing

    def configure(self, values: dict[str, Any], token: str) -> None:
        """Applies settings now; a new endpoint or token gets a new ApiClient."""
        if self._shutting_down:
            return
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
        replaced, self._api = self._api, api
        if replaced is not None:
            # Requests still running on it finish (closing drops only idle connections; a
            # straggler that asks again reconnects): anything that asks later gets the new one.
            self.tasks.run(replaced.close)
        self._sharing = None
        self._learn_sharing(api)
        if self._engine is None:
            self._engine = TransferEngine(
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
        """Asks (off the UI thread) whether the API the settings dialog shows is reachable and
        takes the token: the built-in backend when `use_local`, else `endpoint` with `token`,
        whichever API is in use now."""
        if use_local:
            if self._backend_info is None:
                on_done(ConnectionCheck("unreachable", (
                    "The built-in local backend is still starting; try again in a moment."
                    if self._starting_backend else
                    "The built-in local backend is not running yet: it starts when you press "
                    "OK.")))
                return
            endpoint, token = self._backend_info["api_url"], self._backend_info["token"]
        elif not endpoint:
            on_done(ConnectionCheck("unreachable", "Type the API endpoint URL first."))
            return
        api = ApiClient(endpoint, token)

        def check():
            try:
                return api.check_connection()
            finally:
                api.close()

        self.tasks.run(check, on_done, lambda e: on_done(ConnectionCheck("unreachable", str(e))))

    # --- the gallery: every API call the views make ------------------------------------

    def _learn_sharing(self, api: ApiClient) -> None:
        def known(config: SharingConfig) -> None:
            if api is self._api:
                self._sharing = config
                self.sharing_changed.emit()

        def unknown(error: Exception) -> None:
            log.info("the API did not say how it shares images: %s", error)

        self.tasks.run(api.sharing_config, known, unknown)

    def _with_api(self, pool: TaskPool, work: Callable[[ApiClient], T],
                  on_done: Callable[[T], None] | None,
                  on_error: Callable[[Exception], None] | None) -> bool:
        """Runs work(api) on `pool`; False (nothing runs) while no API is set."""
        api = self._api
        if api is None or self._shutting_down:
            return False
        pool.run(lambda: work(api), on_done, on_error)
        return True

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
        url = image.thumbnail_url if kind == "thumbnail" else image.large_url
        if not url:
            return False
        return self._with_api(
            self.tasks, lambda api: then(cache.fetch(image.id, url, api.download, kind)),
            on_done, on_error)

    def download_images(self, images: list[ImageInfo], folder: Path, kind: str,
                        cache: ThumbCache) -> DownloadJob | None:
        """Saves the originals (kind "original") or large views of `images` into `folder`,
        two at a time; the job reports progress, a sentence per file, and the end. None while
        no API is set."""
        if self._api is None or self._shutting_down:
            return None
        retention = self._sharing.original_retention_days if self._sharing else None
        job = DownloadJob(images, kind, folder, retention, self)
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
                        api, lambda: cache.fetch(image.id, image.large_url, api.download, "large"),
                        image, folder)
            self._with_api(self.downloads, work,
                           lambda path, image=image: job.saved(image, path),
                           lambda error, image=image: job.failed(image, error))
        return job

    # --- uploads ---------------------------------------------------------------------

    def _on_engine_update(self, update: JobUpdate) -> None:
        # Upload worker thread: remember the latest update and wake the UI thread once.
        if self._shutting_down:
            return  # the window is gone; this object may be too
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

    @property
    def shutting_down(self) -> bool:
        return self._shutting_down

    def shutdown(self) -> None:
        """Cancels uploads and stops the local backend without blocking the UI thread: new
        work is refused at once, late results are dropped, and the waiting (upload workers,
        running tasks, the backend) happens on a thread of its own. `stopped` follows."""
        if self._shutting_down:
            return
        self._shutting_down = True
        self._timer.stop()
        engine, self._engine = self._engine, None
        backend, self._backend = self._backend, None
        for job in self._downloads:
            job.cancel()  # a half-saved file is removed; the next chunk stops it
        pools = (self.tasks, self.previews, self.downloads)
        for pool in pools:
            pool.close()
        api, self._api = self._api, None

        def finish() -> None:
            if engine is not None:
                engine.shutdown(wait=True)
            if backend is not None:
                # Before the pools' wait: a backend still starting on one is cut short.
                backend.stop()  # only one we started; an attached backend runs on
            for pool in pools:
                pool.wait()
            if api is not None:
                api.close()
            try:
                self.stopped.emit()  # queued to the UI thread
            except RuntimeError:
                pass  # this object was deleted meanwhile: nobody is listening

        self._stopper = threading.Thread(target=finish, name="thumbdrop-shutdown")
        self._stopper.start()
