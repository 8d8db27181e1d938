"""Watched folders: new and changed photos in them are queued by themselves (Qt-free: the
app runs it, and so does `thumbdrop-cli watch` on a NAS).

Why watchdog and not Qt's QFileSystemWatcher: the watcher must run without Qt (the CLI);
QFileSystemWatcher watches one folder level (a tree means a watch per folder, added by
hand) and on macOS holds an open file descriptor per watched path (kqueue), where watchdog
uses FSEvents (one stream for a whole tree, no per-folder cost) and ReadDirectoryChangesW on
Windows (recursive by itself). On Linux both use inotify, which costs one watch per folder
out of fs.inotify.max_user_watches (8192 on older kernels): a tree too big for it is
reported with a sentence and rescanned every RESCAN_SECONDS instead. inotify also reports
when a writer closes a file (see stability.py), which Qt does not pass on.
Network shares (SMB, NFS) deliver no events for changes made by other machines: the same
periodic rescan finds them, and costs a stat per file (digest_memory.py).

Rules, once each: which names are passed over (watch_rules.py); when a file is complete
(stability.py); a file deleted locally is forgotten by the watcher, never deleted from the
gallery. The folder itself may vanish (an unmounted disk, deleted and re-created): every
REARM_SECONDS the watcher checks each folder's identity (device, inode) and watches it
anew, with a scan, when it is back or is another folder now.

Threads: watchdog's observer only notes events (under the lock); one thread of ours does
all the disk work (scans, sniffing, queueing through engine.add_files, the memory's writes).
"""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from .digest_memory import DigestMemory
from .filetypes import skip_reason_and_type
from .i18n import translate
from .queue_types import IN_GALLERY, QueueChanges
from .stability import StabilityGate
from .watch_rules import WatchedFolder, passed_over

log = logging.getLogger(__name__)

SETTLE_SECONDS = 2.0    # size and mtime stable this long: the file is complete
REARM_SECONDS = 1.0     # how often each folder's identity is checked
RESCAN_SECONDS = 600.0  # full rescan (network shares, trees over the inotify limit)
ADD_BATCH = 200         # files queued per engine.add_files
_EVENTS = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileMovedEvent,
           FileDeletedEvent, FileAttribEvent, DirCreatedEvent, DirMovedEvent]


def memory_path_for(queue_path: Path) -> Path:
    """The digest memory lives beside the queue it belongs to (one per queue)."""
    return queue_path.with_name(queue_path.stem + "-watched.sqlite3")


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: FolderWatcher, folder: WatchedFolder):
        self.watcher, self.folder = watcher, folder

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.watcher._event(self.folder, event)


class _Watched:
    def __init__(self, identity: tuple[int, int] | None, watch: ObservedWatch | None):
        self.identity, self.watch = identity, watch


class FolderWatcher:
    """Watches `folders` and queues what becomes complete in them into `engine`.

    `endpoint()` names the API in use (files remembered as in another gallery are queued
    again). `ignored` folders are never taken from (the app's downloads and data folders).
    `on_problem(sentence)` hears what the person should know (a folder missing, the inotify
    limit); it is called on the watcher's thread.
    """

    def __init__(self, engine, folders: Iterable[WatchedFolder], memory_path: Path, *,
                 endpoint: Callable[[], str | None], ignored: Iterable[Path] = (),
                 settle: float = SETTLE_SECONDS,
                 on_problem: Callable[[str], None] | None = None,
                 on_queued: Callable[[list[Path]], None] | None = None):
        self._engine = engine
        self._endpoint = endpoint
        self._ignored = tuple(Path(os.path.abspath(p)) for p in ignored)
        self._on_problem = on_problem or (lambda sentence: log.warning("%s", sentence))
        self._on_queued = on_queued
        self._memory_path = memory_path
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._gate = StabilityGate(settle)
        self._folders: list[WatchedFolder] = list(folders)
        self._watched: dict[WatchedFolder, _Watched] = {}
        self._scans: list[tuple[WatchedFolder, Path]] = []
        self._finished: list = []
        self._handling = False  # the thread is scanning, queueing or remembering what it took
        self._closing = False
        self._close_events = False
        self._observer = Observer()
        self._thread: threading.Thread | None = None
        self._unsubscribe: Callable[[], None] | None = None

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Starts watching; a scan of every folder finds what appeared meanwhile."""
        self._observer.start()
        # Only inotify says when a writer closed a file (stability.py).
        self._close_events = type(self._observer).__name__ == "InotifyObserver"
        self._unsubscribe = self._engine.store.subscribe(self._store_changed)
        self._thread = threading.Thread(target=self._run, name="thumbdrop-watch", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stops watching and waits for the thread; files still settling are found by the
        next start's scan."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
            self._cond.notify_all()
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self._thread is not None:
            self._thread.join()
        self._observer.stop()
        self._observer.join()

    def set_folders(self, folders: Iterable[WatchedFolder]) -> None:
        with self._lock:
            self._folders = list(folders)
            self._cond.notify_all()

    @property
    def watching(self) -> int:
        """Folders being watched now (present and scheduled)."""
        with self._lock:
            return sum(1 for w in self._watched.values() if w.identity is not None)

    def wait_idle(self, timeout: float) -> bool:
        """True once every folder is watched and nothing is settling, being scanned or
        being queued (for tests and benchmarks; the app never waits on it)."""
        end = time.monotonic() + timeout
        with self._lock:
            while (self._handling or self._scans or len(self._gate) or self._finished
                   or any(f not in self._watched for f in self._folders)):
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    # -- events (watchdog's thread) ---------------------------------------------------------

    def _event(self, folder: WatchedFolder, event: FileSystemEvent) -> None:
        now = time.monotonic()
        src = os.fsdecode(event.src_path)
        dest = os.fsdecode(event.dest_path) if event.dest_path else ""
        with self._lock:
            if event.is_directory:
                if folder.subfolders and isinstance(event, (DirCreatedEvent, DirMovedEvent)):
                    self._scans.append((folder, Path(dest or src)))
                    self._cond.notify_all()
                return
            if isinstance(event, FileMovedEvent):
                self._gate.forget(src)
                src = dest
            elif isinstance(event, FileDeletedEvent):
                self._gate.forget(src)  # never deleted from the gallery
                return
            if not self._takes(folder, Path(src)):
                return
            writing = None
            if self._close_events and isinstance(event, FileModifiedEvent):
                writing = True
            elif isinstance(event, FileClosedEvent):
                writing = False
            self._gate.note(src, now, writing=writing)
            self._cond.notify_all()

    def _takes(self, folder: WatchedFolder, path: Path) -> bool:
        if passed_over(path, folder.path, self._ignored):
            return False
        return folder.subfolders or path.parent == folder.path

    def _store_changed(self, changes: QueueChanges) -> None:
        finished = [item for item in changes.changed if item.state in IN_GALLERY]
        if finished:
            with self._lock:
                self._finished.extend(finished)
                self._cond.notify_all()

    # -- the watcher's thread -----------------------------------------------------------------

    def _run(self) -> None:
        memory = DigestMemory(self._memory_path)
        next_rearm = next_rescan = 0.0
        try:
            while True:
                with self._lock:
                    self._handling = False  # the thread is scanning, queueing or remembering what it took
                    self._cond.notify_all()
                    while not self._closing:
                        now = time.monotonic()
                        due = self._gate.next_deadline()
                        wake = min(next_rearm, due if due is not None else next_rearm)
                        if self._scans or self._finished or wake <= now:
                            break
                        self._cond.wait(wake - now)
                    if self._closing:
                        return
                    self._handling = True
                    scans, self._scans = self._scans, []
                    finished, self._finished = self._finished, []
                    complete = self._gate.due(time.monotonic())
                now = time.monotonic()
                if now >= next_rearm:
                    scans += self._rearm(rescan_all=now >= next_rescan)
                    next_rearm = now + REARM_SECONDS
                    if now >= next_rescan:
                        next_rescan = now + RESCAN_SECONDS
                for folder, top in scans:
                    complete += self._scan(folder, top, memory)
                self._queue(complete, memory)
                self._remember(finished, memory)
                memory.save()
        except Exception:  # a bug must not end watching silently
            log.exception("the folder watcher stopped")
            self._on_problem(translate("Watcher", "Watching folders stopped after an "
                                                  "unexpected error; restart Thumbdrop to "
                                                  "resume it (details are in the log)."))
        finally:
            memory.close()
            with self._lock:
                self._handling = False  # the thread is scanning, queueing or remembering what it took
                self._cond.notify_all()

    def _rearm(self, *, rescan_all: bool) -> list[tuple[WatchedFolder, Path]]:
        """Watches each folder that is (back) there; forgets removed ones. Returns the scans
        owed: every folder newly watched, and all of them on a periodic rescan."""
        with self._lock:
            folders = list(self._folders)
        scans = []
        for gone in set(self._watched) - set(folders):
            self._unwatch(self._watched.pop(gone))
        for folder in folders:
            try:
                info = os.stat(folder.path)
                identity = (info.st_dev, info.st_ino) if os.path.isdir(folder.path) else None
            except OSError:
                identity = None
            known = self._watched.get(folder)
            if known is not None and known.identity == identity:
                if rescan_all and identity is not None:
                    scans.append((folder, folder.path))
                continue
            if known is not None:
                self._unwatch(known)
            if identity is None:
                if known is None or known.identity is not None:
                    self._on_problem(translate(
                        "Watcher", "The watched folder {folder} is not there (deleted, or "
                                   "its disk is not connected). Watching resumes by itself "
                                   "when it is back.").format(folder=folder.path))
                with self._lock:
                    self._watched[folder] = _Watched(None, None)
                    self._cond.notify_all()
                continue
            watch = self._schedule(folder)
            with self._lock:
                self._watched[folder] = _Watched(identity, watch)
            scans.append((folder, folder.path))
        return scans

    def _schedule(self, folder: WatchedFolder) -> ObservedWatch | None:
        try:
            return self._observer.schedule(_Handler(self, folder), str(folder.path),
                                           recursive=folder.subfolders, event_filter=_EVENTS)
        except OSError as error:
            if error.errno not in (errno.ENOSPC, errno.EMFILE):
                raise
            self._on_problem(translate(
                "Watcher", "{folder} has more folders than the system lets Thumbdrop watch "
                           "(fs.inotify.max_user_watches); new photos there are found by a "
                           "rescan every {minutes} minutes instead. Raise the limit to have "
                           "them taken at once.").format(folder=folder.path,
                                                         minutes=int(RESCAN_SECONDS // 60)))
            return None

    def _unwatch(self, watched: _Watched) -> None:
        if watched.watch is not None:
            try:
                self._observer.unschedule(watched.watch)
            except (KeyError, OSError):
                pass  # its folder is gone and inotify dropped the watch already

    def _scan(self, folder: WatchedFolder, top: Path, memory: DigestMemory) -> list[str]:
        """Every file under `top` that is not known unchanged: the ones left alone long
        enough are complete now; fresher ones go through the stability gate."""
        endpoint = self._endpoint()
        complete: list[str] = []
        settle = self._gate.settle
        for root, dirs, files in os.walk(top):
            if folder.subfolders:
                dirs[:] = [d for d in dirs if not d.startswith(".")]
            else:
                dirs[:] = []
            for name in files:
                path = os.path.join(root, name)
                if not self._takes(folder, Path(path)):
                    continue
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                if memory.unchanged(path, info.st_size, info.st_mtime_ns, endpoint):
                    continue
                if time.time() - info.st_mtime_ns / 1e9 >= settle:
                    complete.append(path)
                else:
                    with self._lock:
                        self._gate.note(path, time.monotonic())
        return complete

    def _queue(self, paths: list[str], memory: DigestMemory) -> None:
        """Queues the photos among `paths`; others are remembered as not photos."""
        photos: list[Path] = []
        for path in dict.fromkeys(paths):
            try:
                info = os.stat(path)
            except OSError:
                continue
            reason, _ = skip_reason_and_type(Path(path))
            if reason is None:
                photos.append(Path(path))
            elif info.st_size:
                memory.remember(path, info.st_size, info.st_mtime_ns, None)
        for start in range(0, len(photos), ADD_BATCH):
            batch = photos[start:start + ADD_BATCH]
            self._engine.add_files(batch).result()
            if self._on_queued is not None:
                self._on_queued(batch)

    def _remember(self, finished: list, memory: DigestMemory) -> None:
        endpoint = self._endpoint()
        with self._lock:
            folders = list(self._folders)
        for item in finished:
            if any(self._takes(folder, item.path) for folder in folders):
                memory.remember(str(item.path), item.size, item.mtime_ns, item.sha256,
                                item.endpoint or endpoint)
