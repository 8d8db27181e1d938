"""Makes what weed wrote reach stable storage before anyone is told it is stored.

SeaweedFS acknowledges an S3 PUT once its bytes are in the page cache: its S3 write path never
asks the volume server to fsync (the `?fsync=true` it supports is the filer's HTTP path only),
the needle index and the filer's LevelDB log are never fsynced at all. An OS crash or a disk
error a few seconds after "ready" then loses the image. So the S3 front (s3_front.py) holds
each answer to a write until a flush of the whole data dir's filesystem that *started after*
weed answered has finished: then every byte weed wrote for it (the needle, its index entry,
the filer's metadata) is on disk.

Flushes are grouped: writes answered while one flush runs share the next one, so a burst of
uploads costs one flush per round, not one per upload. On Linux a flush is one syncfs(2) of
the data dir's filesystem; elsewhere every file under weed's folders is fsynced (mostly clean
files, so cheap).
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

_LIBC = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True) \
    if sys.platform.startswith("linux") else None


def filesystem_flush(folder: Path) -> Callable[[], None]:
    """A function that makes everything written under `folder` durable (raises OSError)."""
    if _LIBC is not None and hasattr(_LIBC, "syncfs"):
        descriptor = os.open(folder, os.O_RDONLY)

        def syncfs() -> None:
            if _LIBC.syncfs(descriptor) != 0:
                error = ctypes.get_errno()
                raise OSError(error, os.strerror(error))

        return syncfs
    return lambda: _fsync_tree(folder)


def _fsync_tree(folder: Path) -> None:
    mode = os.O_RDWR if os.name == "nt" else os.O_RDONLY  # Windows flushes writable handles
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                descriptor = os.open(os.path.join(root, name), mode)
            except FileNotFoundError:
                continue  # removed meanwhile (a compaction, a rotated log)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        if os.name != "nt":  # new files' directory entries
            descriptor = os.open(root, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)


class GroupFlush:
    """Group commit for an asyncio loop: `await durable()` returns once a flush that started
    after the call has finished (or raises its OSError). Callers arriving while a flush runs
    share the next one. Flushes run one at a time on a thread of their own."""

    def __init__(self, flush: Callable[[], None]):
        self._flush = flush
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="thumbdrop-flush")
        self._next: asyncio.Future | None = None  # the round that starts after the current
        self._running = False
        self.rounds = 0  # flushes made, and the time they took (for the log and the benchmark)
        self.seconds = 0.0

    async def durable(self) -> None:
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
            if not self._running:
                self._running = True
                asyncio.get_running_loop().create_task(self._run())
        await asyncio.shield(self._next)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._next is not None:
                round_done, self._next = self._next, None
                started = time.perf_counter()
                try:
                    await loop.run_in_executor(self._executor, self._flush)
                except OSError as error:
                    round_done.set_exception(error)
                else:
                    round_done.set_result(None)
                self.rounds += 1
                self.seconds += time.perf_counter() - started
        finally:
            self._running = False

    def close(self) -> None:
        self._executor.shutdown(wait=True)
