"""Files dropped on an album upload through the queue and then join the album
(desktop/client/album_intents.py says why it is exactly once and survives a kill).

The intent is stored off the UI thread before the paths are queued; whenever the queue's
totals change (debounced) and once the queue is open, the finished rows are settled into
their albums on a worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.client.album_intents import AlbumIntents
from desktop.ui.services.service import Service
from desktop.ui.upload.upload_view import UploadView

SETTLE_DELAY_MS = 1000  # settle once a burst of queue changes has passed


class AlbumUploads(QObject):
    message = Signal(str)
    albums_changed = Signal()  # photos joined albums: the album list reloads

    def __init__(self, service: Service, uploads: UploadView, parent: QObject | None = None):
        super().__init__(parent)
        self._service = service
        self._uploads = uploads
        self._intents: AlbumIntents | None = None
        self._settling = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_DELAY_MS)
        self._timer.timeout.connect(self.settle)
        uploads.model.totals_changed.connect(lambda _totals: self._timer.start())
        service.queue_ready.connect(self._queue_ready)
        if service.store is not None:
            self._queue_ready(service.store)

    def _queue_ready(self, store) -> None:
        self._intents = AlbumIntents(store)
        self._timer.start()  # what a killed run left: its rows finished meanwhile, or now

    def drop(self, album_id: str, paths: list[Path]) -> None:
        """Uploads `paths` (files, folders) into the album."""
        def queue(_none) -> None:
            self._uploads.add_paths(paths)

        def failed(error: Exception) -> None:
            self.message.emit(self.tr("The files could not be queued for the album: {reason}")
                              .format(reason=error))

        def remember() -> None:
            intents = self._intents
            if intents is None:
                raise RuntimeError(self.tr("the upload queue is not open yet; drop them again "
                                           "in a moment."))
            intents.remember(album_id, paths)
        self._service.tasks.run(remember, queue, failed)

    def settle(self) -> None:
        intents = self._intents
        if intents is None or self._settling:
            return
        collecting = self._uploads.collector.running > 0

        def done(added: list[tuple[str, int]]) -> None:
            self._settling = False
            if added:
                self.albums_changed.emit()

        def failed(error: Exception) -> None:
            self._settling = False
            self.message.emit(self.tr("Uploaded photos could not be put into their album: "
                                      "{reason} Thumbdrop tries again.").format(reason=error))
            self._timer.start()
        self._settling = self._service.gallery.api_work(
            lambda api: intents.settle(api, collecting), done, failed)
