"""What an upload row says, in words: its state, the line under its name (painted by the
delegate) and what a screen reader hears (the model's accessible roles). One place, so all say
the same. `held` is true while the whole queue is paused (Pause all): the row shows the state
QueueItem.seen_state gives it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.client.queue_types import FileState, QueueItem
from desktop.ui.widgets.units import human_size, human_speed

SEPARATOR = "  ·  "
# States whose second line is a progress bar.
WITH_BAR = frozenset({FileState.UPLOADING, FileState.PAUSED, FileState.PROCESSING})


def percent(item: QueueItem) -> int:
    """How far the row's bar is (its bytes counted as in the totals: all once stored)."""
    return min(100, item.progress_bytes * 100 // max(item.size, 1))


def state_label(item: QueueItem, held: bool = False) -> str:
    """The row's state in a word or two ("Uploading", "Making thumbnails", "Paused")."""
    return item.seen_state(held).label


def with_bar(item: QueueItem, held: bool = False) -> bool:
    return item.seen_state(held) in WITH_BAR


def second_line(item: QueueItem, held: bool = False) -> str:
    """What the row says under the name (beside the bar when it has one)."""
    state = item.seen_state(held)
    if state is FileState.PAUSED and item.state is not FileState.PAUSED:  # held by Pause all
        return QCoreApplication.translate(
            "UploadRow", "Paused with the whole queue: Resume all continues it")
    if state in (FileState.FAILED, FileState.SKIPPED):
        return item.error or state.label
    if state is FileState.QUEUED:
        return QCoreApplication.translate("UploadRow", "Waiting its turn")
    if state is FileState.HASHING:
        return QCoreApplication.translate("UploadRow", "Reading the file to check it…")
    if state is FileState.WAITING_URL:
        return QCoreApplication.translate("UploadRow", "Asking the server where to upload it…")
    if state is FileState.UPLOADING:
        caption = QCoreApplication.translate("UploadRow", "{done} of {size}").format(
            done=human_size(item.bytes_done), size=human_size(item.size))
        return f"{caption}{SEPARATOR}{human_speed(item.speed)}" if item.speed > 0 else caption
    if state is FileState.PAUSED:
        if item.bytes_done:
            return QCoreApplication.translate("UploadRow", "Paused at {done} of {size}").format(
                done=human_size(item.bytes_done), size=human_size(item.size))
        return QCoreApplication.translate("UploadRow", "Paused: Resume continues it")
    if state is FileState.PROCESSING:
        return QCoreApplication.translate("UploadRow", "Sent  ·  making the thumbnail…")
    if state is FileState.READY:
        image = item.image
        if image is not None and image.width:
            return QCoreApplication.translate(
                "UploadRow", "In the gallery  ·  {width} × {height} px").format(
                width=image.width, height=image.height)
        return QCoreApplication.translate("UploadRow", "In the gallery")
    if state is FileState.DUPLICATE:
        name = item.image.filename if item.image is not None else None
        if name and name != item.path.name:
            return QCoreApplication.translate(
                "UploadRow", "Already in the gallery as “{name}”: nothing was sent. Upload "
                "anyway adds a copy.").format(name=name)
        return QCoreApplication.translate(
            "UploadRow", "Already in the gallery: nothing was sent. Upload anyway adds a copy.")
    if state is FileState.CANCELLED:
        return QCoreApplication.translate("UploadRow", "Cancelled: Retry uploads it again")
    return state.label


def accessible_name(item: QueueItem, held: bool = False) -> str:
    """The row as a screen reader names it: "IMG_0042.jpg, Uploading, 45 percent, 3.2 MB of
    7.1 MB"; rows without a bar give their size instead of the progress."""
    if with_bar(item, held):
        return QCoreApplication.translate(
            "UploadRow", "{name}, {state}, {percent} percent, {done} of {size}").format(
            name=item.path.name, state=state_label(item, held), percent=percent(item),
            done=human_size(item.progress_bytes), size=human_size(item.size))
    return QCoreApplication.translate("UploadRow", "{name}, {state}, {size}").format(
        name=item.path.name, state=state_label(item, held), size=human_size(item.size))


def accessible_description(item: QueueItem, held: bool = False) -> str:
    """What else the row tells: the failure's sentence, the speed, or what happens next."""
    return second_line(item, held)
