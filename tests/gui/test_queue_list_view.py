"""The upload list stays where the user looks while the queue changes under it (issue 18).

Driven by the real persisted queue (QueueStore on SQLite) and the model the window uses, with
the rows changing the way the engine changes them (states, progress): Qt's QListView lays the
rows out again on every dataChanged, and that must never blank the viewport, shrink the scroll
range or move a scrolled view.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop.client.failures import plain
from desktop.client.queue_store import NewFile, QueueStore
from desktop.client.queue_types import FileState
from desktop.ui.upload.queue_delegate import ROW_HEIGHT
from desktop.ui.upload.queue_list_view import QueueListView
from desktop.ui.upload.queue_model import UploadQueueModel

ROWS = 500


@pytest.fixture
def queue(tmp_path, qtbot):
    """A store of 500 rows (added in batches, like a dropped folder), its model, and the
    upload list showing it in a 600×400 window."""
    store = QueueStore(tmp_path / "queue.sqlite3")
    for batch in range(0, ROWS, 200):
        store.add([NewFile(Path(f"/photos/{n:04d}.jpg"), 1000 + n, 1, "image/jpeg")
                   for n in range(batch, min(ROWS, batch + 200))]).result()
    model = UploadQueueModel()
    model.attach(store)
    view = QueueListView("hint", model)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    yield store, model, view
    model.detach()
    store.close()
    shiboken6.delete(model)


def _change(store: QueueStore, model: UploadQueueModel, item_ids, **fields) -> None:
    """Commits a change to these rows and lets the model and the view take it in, as one
    turn of the event loop would."""
    store.update_many(item_ids, fields_for=lambda item: fields).result()
    store.flush().result()
    model.apply_pending()
    QApplication.processEvents()


def _row_at(view, y: int) -> int:
    return view.indexAt(QPoint(10, y)).row()


def _wheel_down(view) -> None:
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(centre, QPointF(view.viewport().mapToGlobal(centre.toPoint())),
                        QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_rows_show_and_the_wheel_reaches_the_last_row_while_rows_change(queue):
    store, model, view = queue
    ids = [item.id for item in store.items()]
    assert model.rowCount() == ROWS
    scroll = view.verticalScrollBar()
    for step in range(ROWS):  # far more turns than the wheel needs: it must not stall
        _change(store, model, [ids[step % 20]], state=FileState.HASHING if step % 2
                else FileState.QUEUED)
        assert _row_at(view, 5) >= 0, f"the viewport went blank after change {step}"
        assert scroll.maximum() == ROWS * ROW_HEIGHT - view.viewport().height()
        if _row_at(view, view.viewport().height() - 5) == ROWS - 1:
            break
        _wheel_down(view)
    assert _row_at(view, view.viewport().height() - 5) == ROWS - 1


def test_a_scrolled_view_stays_put_on_retry_resume_and_show(queue):
    store, model, view = queue
    ids = [item.id for item in store.items()]
    view.scrollTo(model.index(300), view.ScrollHint.PositionAtTop)
    QApplication.processEvents()
    top, value = _row_at(view, 5), view.verticalScrollBar().value()
    assert top == 300

    _change(store, model, ids[:40], state=FileState.FAILED, failure=plain("gone"))  # Retry:
    _change(store, model, ids[:40], state=FileState.QUEUED, failure=None)
    assert (_row_at(view, 5), view.verticalScrollBar().value()) == (top, value)
    _change(store, model, ids[295:310], state=FileState.PAUSED)  # then Resume:
    _change(store, model, ids[295:310], state=FileState.QUEUED)
    assert (_row_at(view, 5), view.verticalScrollBar().value()) == (top, value)
    view.hide()  # the window hidden to the tray, then Show
    _change(store, model, ids[:5], state=FileState.HASHING)
    view.show()
    QApplication.processEvents()
    assert (_row_at(view, 5), view.verticalScrollBar().value()) == (top, value)
