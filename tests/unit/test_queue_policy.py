"""The file-state policy (queue_types): each rule declared once, and the rules fit together."""

from __future__ import annotations

from pathlib import Path

from desktop.client.queue_types import (
    ACTIVE,
    CANCELLABLE,
    CLEARABLE,
    FINISHED,
    IN_GALLERY,
    PAUSABLE,
    RETRYABLE,
    STORED,
    UNFINISHED,
    FileState,
    QueueItem,
)


def test_every_state_is_finished_or_not_and_the_sets_nest():
    assert FINISHED | UNFINISHED == frozenset(FileState) and not FINISHED & UNFINISHED
    assert ACTIVE == UNFINISHED - {FileState.PAUSED}
    assert PAUSABLE < ACTIVE and FileState.PROCESSING not in PAUSABLE
    assert CANCELLABLE == UNFINISHED
    assert IN_GALLERY == {FileState.READY, FileState.DUPLICATE}
    assert IN_GALLERY < STORED and IN_GALLERY < CLEARABLE < FINISHED
    assert FileState.FAILED not in CLEARABLE  # a failure is never cleared away unread
    assert RETRYABLE <= FINISHED
    assert all(state.finished == (state in FINISHED) for state in FileState)
    assert all(state.active == (state in ACTIVE) for state in FileState)


def test_a_changed_file_forgets_its_upload_and_digest():
    item = QueueItem(id=1, path=Path("a.jpg"), size=10, mtime_ns=5, state=FileState.FAILED,
                     sha256="digest", endpoint="http://x", image_id="i", upload_id="u",
                     part_bytes=8, bytes_done=4)
    assert item.forget_if_changed(10, 5) == {}
    changed = item.forget_if_changed(11, 5)
    assert changed["size"] == 11 and changed["mtime_ns"] == 5 and changed["sha256"] is None
    assert all(changed[name] is None for name in ("endpoint", "image_id", "upload_id",
                                                  "part_bytes"))
    assert changed["bytes_done"] == 0
    assert item.forget_if_changed(10, 6)["sha256"] is None
