"""The album calls the views make, each run off the UI thread through the Service (results
come back as callbacks on the UI thread). Qt-free work lives in ApiClient's album methods."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from desktop.client.albums import Added, Album
from desktop.client.api import ImageInfo
from desktop.client.shares import Share, ShareOptions
from desktop.ui.services.service import Service

Failed = Callable[[Exception], None]


def _folded(text: str) -> str:
    # As the server compares q= (backend/presign/validation.normalise_name).
    return unicodedata.normalize("NFKC", text).casefold()


class AlbumCalls:
    def __init__(self, service: Service):
        self._service = service

    def list(self, on_done: Callable[[list[Album]], None], on_error: Failed) -> bool:
        return self._service.gallery.api_work(lambda api: api.list_albums(), on_done, on_error)

    def create(self, name: str, on_done: Callable[[Album], None], on_error: Failed) -> bool:
        return self._service.gallery.api_work(lambda api: api.create_album(name), on_done, on_error)

    def rename(self, album_id: str, name: str, on_done: Callable[[Album], None],
               on_error: Failed) -> bool:
        return self._service.gallery.api_work(lambda api: api.change_album(album_id, name=name),
                                      on_done, on_error)

    def delete(self, album_id: str, on_done: Callable[[None], None], on_error: Failed) -> bool:
        return self._service.gallery.api_work(lambda api: api.delete_album(album_id), on_done, on_error)

    def add(self, album_id: str, image_ids: list[str], on_done: Callable[[Added], None],
            on_error: Failed) -> bool:
        return self._service.gallery.api_work(lambda api: api.add_to_album(album_id, image_ids),
                                      on_done, on_error)

    def remove(self, album_id: str, image_ids: list[str], on_done: Callable[[None], None],
               on_error: Failed) -> bool:
        return self._service.gallery.api_work(lambda api: api.remove_from_album(album_id, image_ids),
                                      on_done, on_error)

    def shares(self, album_id: str, on_done: Callable[[list[Share]], None],
               on_error: Failed) -> bool:
        return self._service.gallery.api_work(lambda api: api.album_shares(album_id), on_done,
                                              on_error)

    def share(self, album_id: str, options: ShareOptions, on_done: Callable[[Share], None],
              on_error: Failed) -> bool:
        return self._service.gallery.api_work(lambda api: api.create_share(album_id, options),
                                              on_done, on_error)

    def revoke(self, share_id: str, on_done: Callable[[None], None], on_error: Failed) -> bool:
        return self._service.gallery.api_work(lambda api: api.revoke_share(share_id), on_done,
                                              on_error)

    def guest_uploads(self, share_id: str, allowed: bool, on_done: Callable[[Share], None],
                      on_error: Failed) -> bool:
        return self._service.gallery.api_work(
            lambda api: api.set_guest_uploads(share_id, allowed), on_done, on_error)

    def images(self, album_id: str, query: str, cursor: str | None, limit: int,
               on_done: Callable[[tuple[list[ImageInfo], str | None]], None],
               on_error: Failed, selection: dict[str, str] | None = None) -> bool:
        """One page of an album, as GalleryCalls.list_images answers a gallery page; the name
        filter is applied to the page here (the album route has none). `selection` (the
        gallery's order and filters) is not the album route's: an album lists its photos
        newest upload first."""
        def page(api):
            images, next_cursor = api.album_images(album_id, limit, cursor)
            wanted = _folded(query)
            return [image for image in images if wanted in _folded(image.filename)], next_cursor
        return self._service.gallery.api_work(page, on_done, on_error)
