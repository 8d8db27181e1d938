"""The upload queue as a Qt list model: a thin adapter over the persisted QueueStore.

The store (desktop/client/queue_store.py) owns every row, its state and the totals; this model
only mirrors the store's immutable row snapshots for Qt's views, and adds what is Qt's own
business: the pictures (the local preview, then the backend's thumbnail) and row numbers.

The store publishes each committed change as a QueueChanges batch on its writer thread. The
batches are handed to the UI thread by a queued signal and applied on a throttle (at most
every REFRESH_MS, however fast chunks go): new rows are appended with one beginInsertRows per
run, removed ids go per contiguous run of rows, and dataChanged names only the rows that
changed and only the roles that changed. A changed row is read back from the store's memory
(`store.get`), never from an older batch, so a late batch can't step a row back in time.
Totals come from the store's incremental sums; nothing here walks every row.
"""

from __future__ import annotations

import bisect
import dataclasses
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage

from desktop.client.queue_store import QueueStore
from desktop.client.queue_types import (
    IN_GALLERY,
    FileState,
    QueueChanges,
    QueueItem,
    QueueStatus,
    RunState,
    Totals,
)
from desktop.ui.upload.queue_sentences import accessible_description, accessible_name

REFRESH_MS = 100      # at most 10 model updates a second
TOTALS_TICK_MS = 1000  # while files are active the speed is read again even if no row changed
PICTURES_KEPT = 1000   # pictures in memory (LRU); a scrolled-away row asks again when painted
PICTURE_SIZE = 96      # thumbnails are kept at this size (rows paint 48 px; 2x for HiDPI)

# Rows whose picture is the backend's thumbnail of `item.image` (ours, or the one already
# in the gallery).
SHOWS_THUMBNAIL = IN_GALLERY

_ROOT = QModelIndex()  # the invisible root: a flat list


class Roles:
    """One named role per fact the delegate or a test reads. DisplayRole is the file name,
    DecorationRole the picture, ToolTipRole the path (and the error)."""

    Item = Qt.ItemDataRole.UserRole + 1        # the whole QueueItem snapshot
    Id = Qt.ItemDataRole.UserRole + 2
    State = Qt.ItemDataRole.UserRole + 3       # FileState's value ("uploading"): Qt hands
                                               # str enums back as plain strings
    Size = Qt.ItemDataRole.UserRole + 4
    BytesDone = Qt.ItemDataRole.UserRole + 5   # stored bytes
    BytesSent = Qt.ItemDataRole.UserRole + 6   # over the wire, re-sends included
    Speed = Qt.ItemDataRole.UserRole + 7
    Error = Qt.ItemDataRole.UserRole + 8
    Image = Qt.ItemDataRole.UserRole + 9       # ImageInfo (ours, or the one already there)
    Path = Qt.ItemDataRole.UserRole + 10
    IsThumbnail = Qt.ItemDataRole.UserRole + 11  # the picture is the backend's thumbnail
    Held = Qt.ItemDataRole.UserRole + 12       # the whole queue is paused (Pause all)


_DISPLAY = Qt.ItemDataRole.DisplayRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
# What a screen reader says of a row (the painted row has no text Qt could read).
_SPOKEN = Qt.ItemDataRole.AccessibleTextRole
_SPOKEN_MORE = Qt.ItemDataRole.AccessibleDescriptionRole

_ROLE_NAMES = {
    _DISPLAY: b"name", _DECORATION: b"picture", _TOOLTIP: b"toolTip",
    Roles.Item: b"item", Roles.Id: b"id", Roles.State: b"state", Roles.Size: b"size",
    Roles.BytesDone: b"bytesDone", Roles.BytesSent: b"bytesSent", Roles.Speed: b"speed",
    Roles.Error: b"error", Roles.Image: b"image", Roles.Path: b"path",
    Roles.IsThumbnail: b"isThumbnail", Roles.Held: b"held", _SPOKEN: b"accessibleText",
    _SPOKEN_MORE: b"accessibleDescription",
}
# Which roles show each field of a QueueItem; fields not listed are only in Roles.Item.
_FIELD_ROLES: dict[str, tuple[int, ...]] = {
    "path": (_DISPLAY, _TOOLTIP, Roles.Path, _SPOKEN, _SPOKEN_MORE),
    "state": (Roles.State, _SPOKEN, _SPOKEN_MORE),
    "size": (Roles.Size, _SPOKEN, _SPOKEN_MORE),
    "bytes_done": (Roles.BytesDone, _SPOKEN, _SPOKEN_MORE),
    "bytes_sent": (Roles.BytesSent,),
    "speed": (Roles.Speed, _SPOKEN_MORE),
    "error": (Roles.Error, _TOOLTIP, _SPOKEN_MORE),
    "image": (Roles.Image, _SPOKEN_MORE),
}
_READERS = {
    _DISPLAY: lambda item: item.path.name,
    Roles.Item: lambda item: item,
    Roles.Id: lambda item: item.id,
    Roles.State: lambda item: item.state.value,
    Roles.Size: lambda item: item.size,
    Roles.BytesDone: lambda item: item.bytes_done,
    Roles.BytesSent: lambda item: item.bytes_sent,
    Roles.Speed: lambda item: item.speed,
    Roles.Error: lambda item: item.error,
    Roles.Image: lambda item: item.image,
    Roles.Path: lambda item: item.path,
    _TOOLTIP: lambda item: f"{item.path}\n{item.error}" if item.error else str(item.path),
}
# Roles whose value depends on whether the whole queue is paused (see `held`).
_HELD_READERS = {
    Roles.Held: lambda item, held: held,
    _SPOKEN: accessible_name,
    _SPOKEN_MORE: accessible_description,
}


def changed_roles(old: QueueItem, new: QueueItem) -> list[int]:
    """The roles whose value differs between two snapshots of one row ([] when equal)."""
    if old == new:
        return []
    roles = {Roles.Item}
    for name, field_roles in _FIELD_ROLES.items():
        if getattr(old, name) != getattr(new, name):
            roles.update(field_roles)
    return sorted(roles)


class UploadQueueModel(QAbstractListModel):
    """Rows in the store's order (ids ascending: the order files were added)."""

    preview_needed = Signal(int, Path)     # row id, file: a row on screen has no picture yet
    thumbnail_needed = Signal(object)      # ImageInfo whose thumbnail a row on screen shows
    image_ready = Signal(object)           # ImageInfo of an upload of ours that became ready
    image_known = Signal(object)           # ImageInfo a file of ours is already in the gallery as
    totals_changed = Signal(object)        # Totals
    status_changed = Signal(object)        # QueueStatus
    _changes_waiting = Signal()            # from the store's writer thread: batches to apply

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._store: QueueStore | None = None
        self._unsubscribe = None
        self._ids: list[int] = []                # row number -> id (ascending)
        self._items: dict[int, QueueItem] = {}   # id -> the store's snapshot as last applied
        self._rows_of_image: dict[str, set[int]] = {}  # image id -> row ids showing it
        self._pictures: OrderedDict[int, tuple[QImage, str | None]] = OrderedDict()
        self._asked: dict[int, Path] = {}        # row id -> the file whose preview was asked
        self._thumbs_asked: set[str] = set()     # image ids whose thumbnail was asked for
        self._status = QueueStatus()
        self._totals = Totals()
        self._lock = threading.Lock()            # guards _pending (writer thread vs UI)
        self._pending: list[QueueChanges] = []
        self._last_apply = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._apply_pending)
        self._tick = QTimer(self)
        self._tick.setInterval(TOTALS_TICK_MS)
        self._tick.timeout.connect(self._renew_speed)
        self._changes_waiting.connect(self._schedule, Qt.ConnectionType.QueuedConnection)

    # --- the store ---------------------------------------------------------------------

    @property
    def store(self) -> QueueStore | None:
        return self._store

    def attach(self, store: QueueStore) -> None:
        """Shows this store's rows (those restored from disk included) and follows it."""
        self.detach()
        # Subscribe before reading, so nothing committed in between is missed; a batch that
        # repeats what the first read saw is harmless (rows are read back from the store).
        self._unsubscribe = store.subscribe(self._on_changes)
        self._store = store
        items = store.items()
        if items:
            self.beginInsertRows(_ROOT, 0, len(items) - 1)
            for item in items:
                self._ids.append(item.id)
                self._remember(item)
            self.endInsertRows()
        self._publish_status(store.status())
        self._publish_totals(store.totals())

    def detach(self) -> None:
        """Stops following the store (before it closes); the rows shown stay as they are."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._store = None
        self._timer.stop()
        self._tick.stop()
        with self._lock:
            self._pending = []

    def _on_changes(self, changes: QueueChanges) -> None:
        # The store's writer thread: keep the batch and wake the UI thread once.
        with self._lock:
            first = not self._pending
            self._pending.append(changes)
        if first:
            self._changes_waiting.emit()

    @Slot()
    def _schedule(self) -> None:
        if self._timer.isActive():
            return
        # The first change after a quiet spell shows at once; then at most every REFRESH_MS.
        wait = self._last_apply + REFRESH_MS / 1000 - time.monotonic()
        self._timer.start(max(0, int(wait * 1000)))

    def apply_pending(self) -> None:
        """Applies what the store published so far now (tests, and before reading totals)."""
        self._timer.stop()
        self._apply_pending()

    @Slot()
    def _apply_pending(self) -> None:
        with self._lock:
            batches, self._pending = self._pending, []
        self._last_apply = time.monotonic()
        if not batches or self._store is None:
            return
        touched: set[int] = set()
        inserts: list[QueueItem] = []
        for changes in batches:
            if changes.removed:
                self._insert(inserts)
                inserts = []
                self._remove(changes.removed)
            for item in changes.added:
                if item.id in self._items:
                    touched.add(item.id)  # already shown (read at attach): a change at most
                else:
                    inserts.append(item)
            touched.update(item.id for item in changes.changed)
        self._insert(inserts)
        self._refresh(touched)
        self._publish_status(batches[-1].status)
        self._publish_totals(batches[-1].totals)

    # --- applying changes ----------------------------------------------------------------

    def _insert(self, items: list[QueueItem]) -> None:
        """Appends new rows, one beginInsertRows per run of consecutive positions."""
        if not items:
            return
        items = sorted(items, key=lambda item: item.id)
        while items:
            position = bisect.bisect_left(self._ids, items[0].id)
            # The run: every following item that lands at the same place (the usual case is
            # one run at the end: ids only grow).
            limit = self._ids[position] if position < len(self._ids) else None
            count = 1
            while count < len(items) and (limit is None or items[count].id < limit):
                count += 1
            run, items = items[:count], items[count:]
            self.beginInsertRows(_ROOT, position, position + len(run) - 1)
            self._ids[position:position] = [item.id for item in run]
            for item in run:
                item = self._store.get(item.id) or item
                self._remember(item)
                self._announce(item, None)
            self.endInsertRows()

    def _remove(self, item_ids: Iterable[int]) -> None:
        rows = sorted((row for row in map(self.row_of, item_ids) if row is not None),
                      reverse=True)
        # Contiguous runs at once, from the bottom, so the row numbers above stay valid.
        while rows:
            last = first = rows.pop(0)
            while rows and rows[0] == first - 1:
                first = rows.pop(0)
            self.beginRemoveRows(_ROOT, first, last)
            for item_id in self._ids[first:last + 1]:
                self._forget(item_id)
            del self._ids[first:last + 1]
            self.endRemoveRows()

    def _refresh(self, item_ids: set[int]) -> None:
        """Re-reads changed rows from the store; dataChanged for each run of rows that changed
        the same roles."""
        changes: list[tuple[int, list[int]]] = []
        for item_id in item_ids:
            old = self._items.get(item_id)
            new = self._store.get(item_id)
            if old is None or new is None:
                continue  # gone (its removal is in a batch still to come)
            roles = changed_roles(old, new)
            if not roles:
                continue
            self._remember(new, old)
            if self._announce(new, old):
                roles = sorted({*roles, _DECORATION, Roles.IsThumbnail})
            changes.append((self.row_of(item_id), roles))
        changes.sort()
        start = 0
        while start < len(changes):
            end = start
            while (end + 1 < len(changes) and changes[end + 1][0] == changes[end][0] + 1
                   and changes[end + 1][1] == changes[start][1]):
                end += 1
            self.dataChanged.emit(self.index(changes[start][0]), self.index(changes[end][0]),
                                  changes[start][1])
            start = end + 1

    def _announce(self, new: QueueItem, old: QueueItem | None) -> bool:
        """What a row becoming ready (or already in the gallery) means beyond the row.
        True when the row's picture changed."""
        if new.image is None or new.state not in SHOWS_THUMBNAIL:
            return False
        if old is not None and old.state is new.state and old.image == new.image:
            return False
        if new.state is FileState.READY:
            self.image_ready.emit(new.image)  # the gallery shows it without a refresh
        else:
            self.image_known.emit(new.image)
        # Another row may already show this image's thumbnail (the same photo twice);
        # else the row asks for it when painted, even if an earlier ask failed (a
        # duplicate of an image still processing has no thumbnail until it is ready).
        for other in self._rows_of_image.get(new.image.id, ()):
            picture = self._pictures.get(other)
            if other != new.id and picture is not None and picture[1] == new.image.id:
                self._keep_picture(new.id, picture[0], new.image.id, announce=False)
                return True
        self._thumbs_asked.discard(new.image.id)
        return False

    def _remember(self, item: QueueItem, old: QueueItem | None = None) -> None:
        self._items[item.id] = item
        old_image = old.image.id if old is not None and old.image else None
        new_image = item.image.id if item.image else None
        if old_image != new_image:
            if old_image is not None:
                self._unindex_image(old_image, item.id)
            if new_image is not None:
                self._rows_of_image.setdefault(new_image, set()).add(item.id)
        picture = self._pictures.get(item.id)
        if picture is not None and picture[1] is not None and picture[1] != new_image:
            del self._pictures[item.id]  # a thumbnail of another image: no longer this row's

    def _forget(self, item_id: int) -> None:
        item = self._items.pop(item_id, None)
        if item is not None and item.image is not None:
            self._unindex_image(item.image.id, item_id)
        self._pictures.pop(item_id, None)
        self._asked.pop(item_id, None)

    def _unindex_image(self, image_id: str, item_id: int) -> None:
        rows = self._rows_of_image.get(image_id)
        if rows is not None:
            rows.discard(item_id)
            if not rows:
                del self._rows_of_image[image_id]

    def _publish_status(self, status: QueueStatus) -> None:
        if status == self._status:
            return
        was_held, self._status = self.held, status
        if self.held != was_held and self._ids:
            # Every row shows it (one run, the roles that read `held`; painted rows only).
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1),
                                  sorted(_HELD_READERS))
        self.status_changed.emit(status)

    @Slot()
    def _renew_speed(self) -> None:
        """The tick: the counts as shown, the speed as it is now."""
        if self._store is not None:
            self._publish_totals(dataclasses.replace(
                self._totals, bytes_per_second=self._store.totals().bytes_per_second))

    def _publish_totals(self, totals: Totals) -> None:
        """Publishes the totals of the rows as applied (from their batch), never the store's
        newer ones: a batch's end read from totals a batch ahead of the rows said '3 ready.'
        of 4, the last row's ready arriving after it."""
        if totals.files_active and not self._tick.isActive():
            self._tick.start()
        elif not totals.files_active:
            self._tick.stop()
        if totals != self._totals:
            self._totals = totals
            self.totals_changed.emit(totals)

    # --- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def roleNames(self) -> dict[int, QByteArray]:
        return {role: QByteArray(name) for role, name in _ROLE_NAMES.items()}

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        if not index.isValid() or index.parent().isValid() or index.row() >= len(self._ids):
            return None
        item = self._items[self._ids[index.row()]]
        if role == _DECORATION:
            return self._picture(item)
        if role == Roles.IsThumbnail:
            picture = self._pictures.get(item.id)
            return picture is not None and picture[1] is not None
        held_reader = _HELD_READERS.get(role)
        if held_reader is not None:
            return held_reader(item, self.held)
        reader = _READERS.get(role)
        return reader(item) if reader else None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    # --- pictures --------------------------------------------------------------------------

    def _picture(self, item: QueueItem) -> QImage | None:
        """The row's picture; asks for the missing one (the view asks only for rows it
        paints, so 10,000 rows load only the few on screen)."""
        picture = self._pictures.get(item.id)
        if picture is not None:
            self._pictures.move_to_end(item.id)
        image = item.image if item.state in SHOWS_THUMBNAIL else None
        if (image is not None and (picture is None or picture[1] != image.id)
                and image.id not in self._thumbs_asked):
            self._thumbs_asked.add(image.id)
            self.thumbnail_needed.emit(image)
        if picture is None and item.id not in self._asked and item.state is not FileState.SKIPPED:
            self._asked[item.id] = item.path
            self.preview_needed.emit(item.id, item.path)
        return None if picture is None else picture[0]

    def set_preview(self, item_id: int, image: QImage) -> None:
        """The local preview of a row's file (ignored when a thumbnail is already shown, or
        the row is gone or its id now names another file)."""
        item = self._items.get(item_id)
        if item is None or self._asked.get(item_id) != item.path:
            return
        current = self._pictures.get(item_id)
        if current is not None and current[1] is not None:
            return
        self._keep_picture(item_id, image, None)

    def set_thumbnail(self, image_id: str, image: QImage) -> None:
        """The backend's thumbnail of an image: shown by every row of that image that is ready
        or already in the gallery (an index by image id: no walk over the rows)."""
        rows = list(self._rows_of_image.get(image_id, ()))
        if not rows:
            self._thumbs_asked.discard(image_id)  # asked for nobody now: ask again if shown
            return
        small = image.scaled(PICTURE_SIZE, PICTURE_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
        for item_id in rows:
            self._keep_picture(item_id, small, image_id)

    def _keep_picture(self, item_id: int, image: QImage, image_id: str | None, *,
                      announce: bool = True) -> None:
        self._pictures[item_id] = (image, image_id)
        self._pictures.move_to_end(item_id)
        while len(self._pictures) > PICTURES_KEPT:
            evicted, (_, evicted_image) = self._pictures.popitem(last=False)
            self._asked.pop(evicted, None)  # painted again, it asks again
            if evicted_image is not None:
                self._thumbs_asked.discard(evicted_image)
        row = self.row_of(item_id)
        if announce and row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [_DECORATION, Roles.IsThumbnail])

    # --- reading rows ----------------------------------------------------------------------

    def row_of(self, item_id: int) -> int | None:
        row = bisect.bisect_left(self._ids, item_id)
        return row if row < len(self._ids) and self._ids[row] == item_id else None

    def item_at(self, index: QModelIndex | QPersistentModelIndex | int) -> QueueItem | None:
        row = index if isinstance(index, int) else (index.row() if index.isValid() else -1)
        return self._items[self._ids[row]] if 0 <= row < len(self._ids) else None

    def items(self) -> list[QueueItem]:
        """Every row as shown now (tests and small views; the UI never needs all of them)."""
        return [self._items[item_id] for item_id in self._ids]

    @property
    def totals(self) -> Totals:
        return self._totals

    @property
    def status(self) -> QueueStatus:
        return self._status

    @property
    def held(self) -> bool:
        """The whole queue is paused: rows that wait or send show as paused."""
        return self._status.state is RunState.PAUSED
