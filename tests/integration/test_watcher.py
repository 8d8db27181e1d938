"""Watched folders against the real local backend, with real inotify events (no mock of the
watcher or of the file system): copied in, written slowly, renamed into place, touched,
hundreds at once, the folder deleted and re-created, sidecars and hidden files, a scan at
start that re-hashes nothing it remembers.

Each test has its own folder, queue and digest memory, and photos with bytes of their own
(test_engine.photo_bytes), so none depends on another's uploads. The stability wait is
short here (SETTLE) so the tests are quick; what it does is the same.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path

import pytest
from helpers import wait_until
from test_cli import gallery_counts
from test_engine import photo_bytes, sha256_file

from desktop.client.api import ApiClient
from desktop.client.engine import TransferEngine
from desktop.client.queue_store import QueueStore
from desktop.client.queue_types import FileState
from desktop.client.watch_rules import WatchedFolder
from desktop.client.watcher import FolderWatcher

SETTLE = 0.4


class WatchRig:
    def __init__(self, tmp_path: Path, backend: dict, *, subfolders: bool = True):
        self.dir, self.backend = tmp_path, backend
        self.folder = tmp_path / "watched"
        self.folder.mkdir()
        self.ignored = tmp_path / "watched" / "downloads"
        self.prefix = f"w{uuid.uuid4().hex[:10]}-"
        self.api = ApiClient(backend["api_url"], backend["token"])
        self.store = QueueStore(tmp_path / "queue.sqlite3")
        self.sizes: dict[str, set[int]] = {}   # name -> every size it was queued with
        self.store.subscribe(self._note_sizes)
        self.engine = TransferEngine(self.store, self.api, concurrency=3)
        self.engine.start()
        self.problems: list[str] = []
        self.watched = [WatchedFolder(self.folder, subfolders)]
        self.watcher: FolderWatcher | None = None
        self.start_watcher()

    def _note_sizes(self, changes) -> None:
        for item in changes.added + changes.changed:
            if item.state is FileState.QUEUED:
                self.sizes.setdefault(item.name, set()).add(item.size)

    def start_watcher(self) -> None:
        self.watcher = FolderWatcher(self.engine, self.watched, self.dir / "memory.sqlite3",
                                     endpoint=lambda: self.api.base_url,
                                     ignored=[self.ignored], settle=SETTLE,
                                     on_problem=self.problems.append)
        self.watcher.start()
        assert self.watcher.wait_idle(30)

    def name(self, n) -> str:
        return f"{self.prefix}{n}.jpg"

    def finished(self, path: Path, state=None) -> FileState | None:
        item = self.store.find(path)
        if item is None or not item.state.finished:
            return None
        assert state is None or item.state is state, (path.name, item.state, item.error)
        return item.state

    def wait_finished(self, paths, timeout=90) -> None:
        wait_until(lambda: all(self.finished(p) for p in paths), timeout=timeout,
                   what=f"{len(paths)} watched file(s) to finish")

    def in_gallery(self) -> dict[str, int]:
        return gallery_counts(self.backend, self.prefix)

    def stored_sha256(self, path: Path) -> str:
        item = self.store.find(path)
        dest = self.dir / f"stored-{item.image_id}"
        self.api.download(self.api.get_original(item.image_id).url, dest)
        try:
            return sha256_file(dest)
        finally:
            dest.unlink()

    def close(self) -> None:
        if self.watcher is not None:
            self.watcher.close()
        self.engine.close()
        self.store.close()
        self.api.close()


@pytest.fixture
def rig(tmp_path, local_backend):
    rig = WatchRig(tmp_path, local_backend)
    yield rig
    rig.close()


def test_a_copied_photo_is_uploaded_once_with_its_exact_bytes(rig):
    source = rig.dir / "source.jpg"
    source.write_bytes(photo_bytes())
    target = rig.folder / rig.name("copied")
    shutil.copy(source, target)
    rig.wait_finished([target])
    assert rig.finished(target, FileState.READY)
    assert rig.stored_sha256(target) == sha256_file(source)
    assert rig.in_gallery() == {target.name: 1}


def test_a_slowly_written_photo_is_taken_only_once_complete(rig):
    """The writer pauses longer than the stability wait between chunks, holding the file
    open: inotify's close tells the watcher it is not done (size alone would be fooled)."""
    data = photo_bytes((800, 600))
    target = rig.folder / rig.name("slow")
    chunk = len(data) // 5 + 1
    with open(target, "wb") as handle:
        for start in range(0, len(data), chunk):
            handle.write(data[start:start + chunk])
            handle.flush()
            time.sleep(SETTLE * 2)  # the slow writer itself, not a synchronisation
    rig.wait_finished([target])
    assert rig.finished(target, FileState.READY)
    assert rig.sizes[target.name] == {len(data)}, "queued before it was complete"
    assert rig.stored_sha256(target) == sha256_file(target)
    assert rig.in_gallery() == {target.name: 1}


def test_a_photo_renamed_into_place_is_taken_and_its_temporary_name_never(rig):
    hidden = rig.folder / f".{rig.prefix}partial.jpg"
    partial = rig.folder / f"{rig.name('dl')}.part"
    final = rig.folder / rig.name("renamed")
    hidden.write_bytes(photo_bytes())
    partial.write_bytes(photo_bytes())
    os.rename(hidden, final)
    rig.wait_finished([final])
    assert rig.store.find(hidden) is None and rig.store.find(partial) is None
    assert rig.in_gallery() == {final.name: 1}


def test_touched_without_change_uploads_nothing_and_a_deleted_file_stays_in_the_gallery(rig):
    target = rig.folder / rig.name("touched")
    target.write_bytes(photo_bytes())
    rig.wait_finished([target])
    sent = rig.store.find(target).bytes_sent
    later = time.time_ns() + 5_000_000_000
    os.utime(target, ns=(later, later))
    wait_until(lambda: rig.store.find(target).mtime_ns == later and rig.finished(target),
               what="the touch to be looked at")
    assert rig.finished(target, FileState.DUPLICATE)  # hashed again, the bytes not sent
    assert rig.store.find(target).bytes_sent == sent
    target.unlink()
    sentinel = rig.folder / rig.name("after-delete")
    sentinel.write_bytes(photo_bytes())
    rig.wait_finished([sentinel])
    assert rig.in_gallery() == {target.name: 1, sentinel.name: 1}


def test_sidecars_hidden_folders_non_photos_and_the_downloads_folder_are_passed_over(rig):
    rig.ignored.mkdir()
    (rig.folder / ".hidden").mkdir()
    passed = [rig.folder / f"{rig.prefix}a.thm", rig.folder / f"{rig.prefix}a.xmp",
              rig.ignored / rig.name("downloaded"), rig.folder / ".hidden" / rig.name("h"),
              rig.folder / f"{rig.prefix}notes.jpg"]
    for path in passed[:-1]:
        path.write_bytes(photo_bytes())  # a THM is a JPEG: only its name says sidecar
    passed[-1].write_text("not a photo")
    sentinel = rig.folder / rig.name("sentinel")
    sentinel.write_bytes(photo_bytes())
    rig.wait_finished([sentinel])
    assert rig.watcher.wait_idle(30)
    assert [p for p in passed if rig.store.find(p) is not None] == []


def test_hundreds_at_once_each_in_the_gallery_once(rig):
    sub = rig.folder / "burst"
    sub.mkdir()
    paths = [sub / rig.name(n) for n in range(200)]
    for n, path in enumerate(paths):
        path.write_bytes(photo_bytes((64 + n % 50, 48)))
    rig.wait_finished(paths, timeout=300)
    assert all(rig.finished(p, FileState.READY) for p in paths)
    assert rig.in_gallery() == {p.name: 1 for p in paths}


def test_the_watched_folder_deleted_and_re_created_is_watched_again(rig):
    first = rig.folder / rig.name("before")
    first.write_bytes(photo_bytes())
    rig.wait_finished([first])
    shutil.rmtree(rig.folder)
    wait_until(lambda: rig.watcher.watching == 0, what="the watcher to notice the folder went")
    assert any(str(rig.folder) in problem for problem in rig.problems)
    rig.folder.mkdir()
    wait_until(lambda: rig.watcher.watching == 1, what="the folder to be watched again")
    again = rig.folder / rig.name("after")
    again.write_bytes(photo_bytes())
    rig.wait_finished([again])
    assert rig.in_gallery() == {first.name: 1, again.name: 1}


def test_a_restart_finds_what_arrived_meanwhile_and_re_hashes_nothing_it_remembers(rig):
    old = rig.folder / rig.name("old")
    old.write_bytes(photo_bytes())
    rig.wait_finished([old])
    assert rig.watcher.wait_idle(30)
    rig.watcher.close()
    rig.engine.clear_finished().result()  # the queue forgets it: only the memory knows
    new = rig.folder / rig.name("meanwhile")
    new.write_bytes(photo_bytes())
    rig.start_watcher()
    rig.wait_finished([new])
    assert rig.watcher.wait_idle(30)
    assert rig.store.find(old) is None, "an unchanged remembered file was queued again"
    assert rig.in_gallery() == {old.name: 1, new.name: 1}
