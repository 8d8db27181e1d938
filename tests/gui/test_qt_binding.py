"""The Qt binding itself: a long session makes millions of calls into Qt, so none may leak."""

from __future__ import annotations

import sys

from PySide6.QtGui import QAction

CALLS = 5_000


def test_calls_into_qt_keep_their_references_to_none_and_booleans(qapp):
    # PySide6 6.12.0 on Python 3.11 lost one reference to None per call: the app aborted with
    # "deallocating None" once a session had made a few thousand calls. (On 3.12+ these
    # objects are immortal and the counts never move.)
    action = QAction("probe")
    before = [sys.getrefcount(obj) for obj in (None, True, False)]
    for n in range(CALLS):
        action.setEnabled(n % 2 == 0)
        action.setText("probe")
    after = [sys.getrefcount(obj) for obj in (None, True, False)]
    assert all(a >= b - CALLS // 10 for a, b in zip(after, before, strict=True)), (before, after)
