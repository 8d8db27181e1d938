"""One import from a card: copy (optional, verified), queue, eject (optional), in that order.

Qt-free and blocking (the app runs it on a worker and turns the callbacks into signals). The
queue takes each photo from its verified copy when copying, else straight from the card; a
photo whose copy failed is neither queued from the card (its copy was asked for) nor in the
way of the others. "Eject when done" ejects once the copies are verified; without copies,
once the bytes of every queued row from the card are stored, because until then the queue still reads
the card.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .card_copy import CopyFailed, copy_verified
from .card_scan import CardPhoto, Volume
from .eject import eject
from .queue_store import QueueStore
from .queue_types import FileState, QueueItem


@dataclass
class ImportResult:
    queued: list[Path] = field(default_factory=list)   # what the queue reads (copies or card)
    copied: int = 0
    failures: list[str] = field(default_factory=list)  # a sentence per photo not imported
    eject_problem: str | None = None                   # why the card is still in, when asked


def run_import(volume: Volume, photos: list[CardPhoto], *, copy_to: Path | None,
               eject_after: bool, add: Callable[[list[Path]], list[QueueItem]],
               store: QueueStore, cancel: threading.Event,
               on_copied: Callable[[int], None] | None = None) -> ImportResult:
    """Imports `photos` from the card at `volume`; `add(paths)` queues files and answers their
    rows (TransferEngine.add_files(...).result()). on_copied(count) after each copy."""
    result = ImportResult()
    for photo in photos:
        if cancel.is_set():
            return result
        if copy_to is None:
            result.queued.append(photo.path)
            continue
        try:
            result.queued.append(copy_verified(photo, copy_to, cancel=cancel))
        except CopyFailed as failure:
            result.failures.append(str(failure))
            continue
        result.copied += 1
        if on_copied is not None:
            on_copied(result.copied)
    rows = add(result.queued) if result.queued else []
    if eject_after and not cancel.is_set():
        if copy_to is None and not wait_finished(store, [row.id for row in rows], cancel):
            return result
        result.eject_problem = eject(volume)
    return result


def _read_through(row: QueueItem | None) -> bool:
    """The queue will not read this row's file again unless asked: gone, its bytes stored
    (processing), or finished (ready, already there, failed, …)."""
    return row is None or row.state.finished or row.state is FileState.PROCESSING


def wait_finished(store: QueueStore, ids: list[int], cancel: threading.Event) -> bool:
    """Blocks until the queue no longer reads any row in `ids` from the card; False when
    `cancel` is set first (the app is quitting)."""
    changed = threading.Event()
    unsubscribe = store.subscribe(lambda _changes: changed.set())
    try:
        while not cancel.is_set():
            changed.clear()
            if all(_read_through(store.get(item_id)) for item_id in ids):
                return True
            changed.wait(0.5)  # woken by the store's change batches; the timeout sees cancel
        return False
    finally:
        unsubscribe()
