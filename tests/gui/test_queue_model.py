"""The upload model as an adapter over the real persisted queue (QueueStore on SQLite).

These drive the store directly (no engine, no network): what the model must do is mirror
whatever the store commits, with Qt's model rules kept (qtmodeltester) and only the changed
rows and roles announced.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from desktop.client.api import ImageInfo
from desktop.client.failures import plain
from desktop.client.queue_store import NewFile, QueueStore
from desktop.client.queue_types import FileState
from desktop.ui.upload import queue_model
from desktop.ui.upload.queue_model import Roles, UploadQueueModel


def new_files(folder: str, count: int, size: int = 1000) -> list[NewFile]:
    return [NewFile(Path(f"/photos/{folder}/{n:04d}.jpg"), size + n, 1, "image/jpeg")
            for n in range(count)]


def image(image_id: str, status: str = "ready") -> ImageInfo:
    return ImageInfo(id=image_id, status=status, error=None, filename=f"{image_id}.jpg",
                     width=640, height=480, bytes=1000, created_at="2026-01-01T00:00:00Z",
                     thumbnail_url=None, large_url=None)


def settle(qtbot, model: UploadQueueModel, store: QueueStore) -> None:
    """Waits until the model shows exactly what the store holds."""
    store.flush().result()
    qtbot.waitUntil(lambda: model.items() == store.items(), timeout=60_000)


def test_the_model_keeps_qt_rules_while_rows_are_added_changed_and_removed(
        qtbot, qtmodeltester, store, make_model):
    store.add(new_files("restored", 30)).result()  # rows already queued at start
    model = make_model(store)
    assert model.rowCount() == 30
    qtmodeltester.check(model)  # from now on every signal is checked (failures are Qt warnings)

    for batch in range(5):  # batches like a dropped folder's
        store.add(new_files(f"drop-{batch}", 200)).result()
    first = store.items()[0].id
    store.update(first, state=FileState.UPLOADING).result()
    store.record_progress(first, sent=500, done=500)
    store.update(first + 1, state=FileState.PROCESSING, image=image("a", "pending")).result()
    store.update(first + 1, state=FileState.READY, image=image("a")).result()
    store.update(first + 2, state=FileState.FAILED,
                 failure=plain("x.jpg: it changed. Add it again.")).result()
    ids = [item.id for item in store.items()]
    store.remove(ids[5:12] + ids[100:101] + ids[-3:]).result()  # runs, a single row, the tail
    store.add(new_files("after-removal", 4)).result()  # ids reused at the end stay in order
    settle(qtbot, model, store)

    assert model.rowCount() == len(store) == 30 + 1000 - 11 + 4
    row = model.row_of(first + 2)
    assert model.index(row).data(Roles.State) == FileState.FAILED.value
    assert "it changed" in model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(model.row_of(first)).data(Roles.BytesDone) == 500
    still = {"bytes_per_second": 0.0}
    assert replace(model.totals, **still) == replace(store.totals(), **still)
    roles = model.roleNames()
    assert roles[Roles.State] == b"state" and roles[Qt.ItemDataRole.DisplayRole] == b"name"


def test_only_changed_rows_and_roles_are_announced_and_appends_are_batched(qtbot, store,
                                                                         make_model):
    store.add(new_files("a", 50)).result()
    model = make_model(store)
    changed, inserted = [], []
    model.dataChanged.connect(lambda top, bottom, roles: changed.append(
        (top.row(), bottom.row(), set(roles))))
    model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))
    target = store.items()[20]

    store.update(target.id, state=FileState.UPLOADING).result()
    store.record_progress(target.id, sent=100, done=100)
    for n in range(4):  # four quick batches: appended together at the next refresh
        store.add(new_files(f"b{n}", 25)).result()
    settle(qtbot, model, store)

    assert {(20, 20)} == {(top, bottom) for top, bottom, _ in changed}
    announced = set().union(*(roles for _, _, roles in changed))
    assert {Roles.State, Roles.BytesDone, Roles.BytesSent, Roles.Speed} <= announced
    assert not announced & {Roles.Size, Roles.Error, Roles.Image, Qt.ItemDataRole.DisplayRole}
    assert inserted[0][0] == 50 and inserted[-1][1] == 149
    assert len(inserted) < 4 or all(last - first + 1 == 25 for first, last in inserted)


def test_rows_on_disk_come_back_into_a_new_model(qtbot, tmp_path, make_model):
    path = tmp_path / "queue.sqlite3"
    store = QueueStore(path)
    items = store.add(new_files("yesterday", 3)).result()
    store.update(items[1].id, state=FileState.PAUSED).result()
    store.close()

    store = QueueStore(path)  # the app started again
    try:
        model = make_model(store)
        assert [model.index(r).data(Roles.State) for r in range(3)] == [
            FileState.QUEUED, FileState.PAUSED, FileState.QUEUED]
        assert model.totals.files_paused == 1 and model.totals.files_total == 3
    finally:
        store.close()


def test_a_thumbnail_goes_to_the_rows_of_its_image_only(qtbot, store, make_model):
    store.add(new_files("t", 3000)).result()
    model = make_model(store)
    items = store.items()
    store.update(items[10].id, state=FileState.READY, image=image("same")).result()
    store.update(items[2000].id, state=FileState.DUPLICATE, image=image("same")).result()
    store.update(items[11].id, state=FileState.READY, image=image("other")).result()
    settle(qtbot, model, store)
    # set_thumbnail finds the rows by image id: it must not read every row to find them.
    reads = []
    model._items = _CountingDict(model._items, reads)
    picture = QImage(256, 256, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.darkCyan)
    with qtbot.waitSignals([model.dataChanged, model.dataChanged]):
        model.set_thumbnail("same", picture)
    assert len(reads) <= 4, f"{len(reads)} rows read for one thumbnail"
    for row in (10, 2000):
        assert model.index(row).data(Roles.IsThumbnail)
        assert model.index(row).data(Qt.ItemDataRole.DecorationRole).width() == \
            queue_model.PICTURE_SIZE
    assert not model.index(11).data(Roles.IsThumbnail)


class _CountingDict(dict):
    """A dict that counts item reads (to prove a method reads a few rows, not all)."""

    def __init__(self, data, reads):
        super().__init__(data)
        self._reads = reads

    def __getitem__(self, key):
        self._reads.append(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._reads.append(key)
        return super().get(key, default)


def test_totals_never_run_ahead_of_the_rows_shown(qtbot, store, make_model):
    """The tick that renews the speed must not publish counts the rows don't show yet: a
    batch's end was read from totals that had the last file ready while its row (and the
    'ready' it announces) was still waiting to be applied ("3 ready." of 4)."""
    store.add(new_files("batch", 1)).result()
    model = make_model(store)
    only = store.items()[0].id
    store.update(only, state=FileState.PROCESSING, image=image("a", "pending")).result()
    settle(qtbot, model, store)
    assert model.totals.files_active == 1

    ready_seen, ends = [], []
    model.image_ready.connect(ready_seen.append)
    model.totals_changed.connect(
        lambda totals: ends.append(len(ready_seen)) if not totals.files_active else None)
    # Committed, published to the model, not applied yet: the apply waits for the UI thread.
    store.update(only, state=FileState.READY, image=image("a")).result()
    store.flush().result()
    model._renew_speed()  # the speed tick fires first
    assert ends == [], "the totals said nothing is active before the row was ready"
    model.apply_pending()
    assert ends == [1] and model.totals.files_done == 1
