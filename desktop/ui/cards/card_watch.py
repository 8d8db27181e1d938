"""Noticing memory cards and cameras as they are mounted: QStorageInfo polled every 2 s.

Why polling QStorageInfo and not the platforms' mount notifications: one code path on Linux,
macOS and Windows (udisks2 over D-Bus, DiskArbitration and WM_DEVICECHANGE would be three,
and D-Bus is missing in containers and on minimal systems), and it sees every mount, also
ones made by `mount` or a FUSE program that udisks never hears of. The cost is one read of
the mount table every 2 s (/proc/self/mountinfo on Linux: no disk is touched) and up to 2 s
of delay, which a person putting a card in does not notice. Each volume newly in the table
is checked once for a DCIM folder (card_scan.new_cards). Both run on a worker: a hung network
mount or a slow card must never stall the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStorageInfo, QTimer, Signal

from desktop.client.card_scan import Volume, new_cards
from desktop.ui.services.tasks import TaskPool

POLL_MS = 2000
# Never a camera, and a hung server would hold the worker in the DCIM check: not looked at.
NETWORK_FILE_SYSTEMS = frozenset({b"nfs", b"nfs4", b"cifs", b"smb3", b"smbfs", b"fuse.sshfs",
                                  b"afpfs", b"9p", b"ceph", b"glusterfs", b"davfs", b"webdav"})


def mounted_volumes() -> list[Volume]:
    """The mounted, readable local volumes (reads the mount table: call it off the UI
    thread)."""
    volumes = []
    for info in QStorageInfo.mountedVolumes():
        if not (info.isValid() and info.isReady()) or \
                bytes(info.fileSystemType()).lower() in NETWORK_FILE_SYSTEMS:
            continue
        root = Path(info.rootPath())
        label = info.displayName()
        name = label if label and label != info.rootPath() else (root.name or str(root))
        device = bytes(info.device()).decode("utf-8", "replace") or None
        volumes.append(Volume(root, name, device))
    return volumes


class CardWatcher(QObject):
    inserted = Signal(object)  # a Volume with a DCIM folder, newly mounted
    removed = Signal(object)   # the Path of a card's mount point, no longer mounted

    def __init__(self, pool: TaskPool, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = pool
        self._seen: set[Path] = set()  # touched only by the one look in flight
        self._cards: dict[Path, Volume] = {}
        self._looking = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.look)

    def start(self) -> None:
        self._timer.start()
        self.look()

    def stop(self) -> None:
        self._timer.stop()

    def look(self) -> None:
        if self._looking or self._pool.closed:
            return
        self._looking = True
        self._pool.run(self._look, self._looked, self._not_looked)

    def _look(self) -> tuple[set[Path], list[Volume]]:
        volumes = mounted_volumes()
        return {volume.root for volume in volumes}, new_cards(volumes, self._seen)

    def _looked(self, answer: tuple[set[Path], list[Volume]]) -> None:
        self._looking = False
        mounted, found = answer
        for root in [root for root in self._cards if root not in mounted]:
            del self._cards[root]
            self.removed.emit(root)
        for card in found:
            self._cards[card.root] = card
            self.inserted.emit(card)

    def _not_looked(self, _error: Exception) -> None:
        self._looking = False  # the next tick tries again
