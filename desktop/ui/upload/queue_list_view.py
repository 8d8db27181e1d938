"""The upload queue's list: one fixed-height row per file, laid out in a single pass.

Why not QListView's Batched layout mode: Qt's QListView lays every row out again after each
dataChanged (any role, even a single row), and the queue sends dataChanged up to ten times a
second while files move. In Batched mode each of those layouts starts over with 100 rows per
turn of the event loop, and until it ends the content is only as tall as the rows laid out so
far: the viewport went blank, the scroll bar's range shrank (clamping a scrolled view back to
rows ~87-94) and, restarted before it could finish, the layout left the wheel and the scroll
bar stuck near row 97 (issue 18). With uniform row sizes a single pass over 10,000 rows is
about half a millisecond, so every layout is whole and the scroll position survives it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from desktop.ui.upload.queue_delegate import UploadRowDelegate
from desktop.ui.upload.queue_model import UploadQueueModel
from desktop.ui.widgets.hint_list_view import HintListView


class QueueListView(HintListView):
    def __init__(self, hint: str, model: UploadQueueModel, parent: QWidget | None = None):
        super().__init__(hint, parent)
        self.setModel(model)
        self.setItemDelegate(UploadRowDelegate(self))
        self.setAlternatingRowColors(True)
        self.setUniformItemSizes(True)  # rows are laid out from one size, not measured each
        self.setLayoutMode(QListView.LayoutMode.SinglePass)  # see the module's docstring
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
