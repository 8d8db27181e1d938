"""Files dropped on an album: uploaded through the ordinary queue, then put into the album.

Why this way (exactly once, and it survives a kill) without touching the engine:
- The intent ("these paths go into album A") is stored in the queue's own file (its `meta`
  table, one JSON value) *before* the paths are queued, so a kill at any point after the
  drop finds it at the next start.
- `settle()` puts every finished row under those paths that has an image (ready, or
  `duplicate` of an image the gallery already holds: that image) into the album. Adding a
  photo to an album is one idempotent PUT per membership, so settling twice — after a
  kill between the add and forgetting the intent, or on every image that becomes ready —
  still leaves exactly one membership.
- An intent is forgotten only once every row under its paths has finished and nothing is
  being collected any more (folders are walked in batches), so a file queued late is not
  missed. Rows that failed are simply not added.
Rows are matched by path and by being queued at or after the drop (a row the same path had
before it, finished long ago, is re-added by the drop itself: the queue re-runs it).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .api import ApiClient
from .api_errors import ApiError
from .queue_store import QueueStore
from .queue_types import FileState, QueueItem

META_KEY = "album-intents"
BATCH = 100  # ids per POST /albums/{id}/images
SLACK_SECONDS = 2.0  # clock steps between the drop and the rows' added_at
NOTHING_QUEUED_SECONDS = 3600  # a drop that queued no row at all is forgotten after this


@dataclass(frozen=True)
class Intent:
    album_id: str
    paths: tuple[str, ...]
    since: float

    def covers(self, item: QueueItem) -> bool:
        if item.added_at < self.since - SLACK_SECONDS:
            return False
        path = Path(item.path).absolute()
        return any(path == Path(root) or Path(root) in path.parents for root in self.paths)


class AlbumIntents:
    def __init__(self, store: QueueStore, clock=time.time):
        self._store = store
        self._clock = clock
        self._added: set[tuple[str, str]] = set()  # (album, image) added by this process
        self._lock = threading.Lock()  # one read-change-write of the stored intents at a time

    def _load(self) -> list[Intent]:
        raw = self._store.get_meta(META_KEY).result()
        return [Intent(entry["album"], tuple(entry["paths"]), float(entry["since"]))
                for entry in json.loads(raw or "[]")]

    def _save(self, intents: list[Intent]) -> None:
        self._store.set_meta(META_KEY, json.dumps(
            [{"album": i.album_id, "paths": list(i.paths), "since": i.since}
             for i in intents])).result()

    def remember(self, album_id: str, paths: list[Path]) -> None:
        """Stores the intent (on disk) before the paths are queued. Blocks: off the UI thread."""
        wanted = Intent(album_id, tuple(str(path.absolute()) for path in paths), self._clock())
        with self._lock:
            self._save([*self._load(), wanted])

    def settle(self, api: ApiClient, collecting: bool = False) -> list[tuple[str, int]]:
        """Adds what finished into its album; forgets intents that are done. (album id,
        photos added now) for each album something was added to. Blocks: on a worker."""
        with self._lock:
            return self._settle(api, collecting)

    def _settle(self, api: ApiClient, collecting: bool) -> list[tuple[str, int]]:
        intents, kept, done = self._load(), [], []
        for intent in intents:
            rows = self._store.where(intent.covers)
            ids = list(dict.fromkeys(
                row.image.id for row in rows
                if row.state in (FileState.READY, FileState.DUPLICATE) and row.image
                and (intent.album_id, row.image.id) not in self._added))
            try:
                for start in range(0, len(ids), BATCH):
                    answer = api.add_to_album(intent.album_id, ids[start:start + BATCH])
                    self._added.update((intent.album_id, image_id) for image_id in answer.added)
            except ApiError as error:
                if error.status == 404:
                    continue  # the album was deleted meanwhile: nothing left to put them in
                raise
            if ids:
                done.append((intent.album_id, len(ids)))
            if collecting or not all(row.state.finished for row in rows) or (
                    not rows and self._clock() - intent.since < NOTHING_QUEUED_SECONDS):
                kept.append(intent)
        if kept != intents:
            self._save(kept)
        return done
