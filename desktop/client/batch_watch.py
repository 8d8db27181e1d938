"""Noticing that a batch of uploads has ended, to say so ("312 ready, 2 failed").

A batch starts when the queue goes from idle to busy and ends when nothing is active any more
and none of its files is paused: a pause is not an end (pausing the last files said "Uploads
finished: 0 ready."); the batch goes on when they are resumed and ends when they finish or are
cancelled.
Qt-free: the window feeds it the queue's counts and each upload that became ready.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.client.i18n import translate


@dataclass(frozen=True)
class BatchEnd:
    ready: int
    failed: int
    known: int = 0  # already in the gallery: nothing sent ("40 ready." of 60 hid these 20)

    def sentence(self) -> str:
        parts = [translate("BatchEnd", "{ready} ready").format(ready=self.ready)]
        if self.known:
            parts.append(translate("BatchEnd", "{known} already in the gallery").format(
                known=self.known))
        if self.failed:
            parts.append(translate("BatchEnd", "{failed} failed").format(failed=self.failed))
        return translate("BatchEnd", "{outcomes}.").format(outcomes=", ".join(parts))


class BatchWatcher:
    def __init__(self):
        self._running = False
        self._ready = 0
        self._known = 0
        self._failed_before = 0
        self._paused_before = 0  # files paused before the batch began are not its own

    @property
    def running(self) -> bool:
        return self._running

    def image_ready(self) -> None:
        if self._running:
            self._ready += 1

    def image_known(self) -> None:
        """A file of the batch found already in the gallery (nothing sent)."""
        if self._running:
            self._known += 1

    def update(self, active: int, failed: int, paused: int = 0) -> BatchEnd | None:
        """Feeds the queue's counts of active, failed and paused files; the batch's outcome
        when this update ends it."""
        if active and not self._running:
            self._running, self._ready, self._known, self._failed_before = True, 0, 0, failed
            self._paused_before = paused
            return None
        if not active and paused <= self._paused_before and self._running:
            self._running = False
            return BatchEnd(self._ready, max(0, failed - self._failed_before), self._known)
        return None
