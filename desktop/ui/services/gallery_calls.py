"""GalleryCalls: every API call the gallery and card views make, run on a worker pool and
answered by callback on the UI thread, so no widget or model holds an ApiClient.

It uses whichever API the Service has in use at the moment of the call (`current_api`); while
there is none, or the app is quitting, a call runs nothing and says so by returning False.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject

from desktop.client import downloads
from desktop.client.api import ApiClient, ImageInfo, Link
from desktop.client.server_config import ServerConfig
from desktop.client.thumb_cache import ThumbCache
from desktop.ui.services.download_job import DownloadJob
from desktop.ui.services.tasks import TaskPool

T = TypeVar("T")


class GalleryCalls:
    def __init__(self, *, tasks: TaskPool, downloads: TaskPool, cards: TaskPool,
                 current_api: Callable[[], ApiClient | None],
                 server_config: Callable[[], ServerConfig | None], parent: QObject):
        self._tasks, self._downloads, self._cards = tasks, downloads, cards
        self._current_api = current_api
        self._server_config = server_config
        self._parent = parent  # of the DownloadJobs (their signals reach the UI thread)
        self._jobs: list[DownloadJob] = []  # running ones are cancelled at shutdown

    def _with_api(self, pool: TaskPool, work: Callable[[ApiClient], T],
                  on_done: Callable[[T], None] | None,
                  on_error: Callable[[Exception], None] | None) -> bool:
        """Runs work(api) on `pool`; False (nothing runs) while no API is set."""
        api = self._current_api()
        if api is None:
            return False
        pool.run(lambda: work(api), on_done, on_error)
        return True

    def api_work(self, work: Callable[[ApiClient], T], on_done: Callable[[T], None] | None,
                 on_error: Callable[[Exception], None] | None) -> bool:
        """Runs work(api) on the listing pool (album calls: services/album_calls.py); False
        (nothing runs) while no API is set."""
        return self._with_api(self._tasks, work, on_done, on_error)

    def list_images(self, query: str, cursor: str | None, limit: int,
                    on_done: Callable[[tuple[list[ImageInfo], str | None]], None],
                    on_error: Callable[[Exception], None],
                    selection: dict[str, str] | None = None) -> bool:
        """One page of the gallery: on_done((images, next_cursor)). `selection`: the order
        and filters as the API's parameters."""
        return self._with_api(self._tasks,
                              lambda api: api.list_images(limit, cursor, query, selection),
                              on_done, on_error)

    def facets(self, on_done: Callable[[tuple[list[str], list[str]]], None],
               on_error: Callable[[Exception], None]) -> bool:
        """The gallery's cameras and lenses (for the filters): on_done((cameras, lenses))."""
        return self._with_api(self._tasks, lambda api: api.facets(), on_done, on_error)

    def delete_image(self, image_id: str, on_done: Callable[[None], None],
                     on_error: Callable[[Exception], None]) -> bool:
        return self._with_api(self._tasks, lambda api: api.delete_image(image_id),
                              on_done, on_error)

    def create_link(self, image_id: str, expires_in: int | None, on_done: Callable[[Link], None],
                    on_error: Callable[[Exception], None]) -> bool:
        """A shareable link to the large view (permanent where the API serves it publicly)."""
        return self._with_api(self._tasks,
                              lambda api: api.get_link(image_id, "large", expires_in),
                              on_done, on_error)

    def fetch_rendition(self, cache: ThumbCache, image: ImageInfo, kind: str,
                        then: Callable[[Path], T], on_done: Callable[[T], None],
                        on_error: Callable[[Exception], None]) -> bool:
        """Downloads a rendition into `cache` unless it is there, then runs `then(path)` on the
        worker too (decoding, copying) and answers with its result."""
        if image.status != "ready":
            return False
        return self._with_api(self._tasks, lambda api: then(_rendition(api, cache, image, kind)),
                              on_done, on_error)

    def download_images(self, images: list[ImageInfo], folder: Path, kind: str,
                        cache: ThumbCache) -> DownloadJob | None:
        """Saves the originals (kind "original") or large views of `images` into `folder`,
        two at a time; the job reports progress, a sentence per file, and the end. None while
        no API is set."""
        if self._current_api() is None:
            return None
        config = self._server_config()
        job = DownloadJob(images, kind, folder,
                          config.original_retention_days if config else None, self._parent)
        self._jobs = [running for running in self._jobs if running.running] + [job]
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
            self._with_api(self._downloads, work,
                           lambda path, image=image: job.saved(image, path),
                           lambda error, image=image: job.failed(image, error))
        return job

    def card_work(self, work: Callable[[ApiClient], T], on_done: Callable[[T], None],
                  on_error: Callable[[Exception], None]) -> bool:
        """Runs work(api) on the card pool (one card read at a time: its scan asks the gallery
        which photos it holds); False (nothing runs) while no API is set."""
        return self._with_api(self._cards, work, on_done, on_error)

    def cancel_downloads(self) -> None:
        """At shutdown: a half-saved file is removed; the next chunk stops each job."""
        for job in self._jobs:
            job.cancel()


def _rendition(api: ApiClient, cache: ThumbCache, image: ImageInfo, kind: str) -> Path:
    """The cached rendition, else downloaded through a link the API mints only when needed
    (rows from the queue file carry none). On a worker: it asks the network."""
    return cache.get(image.id, kind) or cache.fetch(image.id, api.rendition_url(image, kind),
                                                    api.download, kind)
