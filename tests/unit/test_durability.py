"""Group commit (backend/local/durability.py): every waiter is answered only by a flush that
began after it asked, and waiters arriving during one flush share the next."""

from __future__ import annotations

import asyncio
import threading

import pytest

from backend.local.durability import GroupFlush, filesystem_flush


async def _until(condition) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


def test_waiters_during_a_flush_wait_for_the_next_one_and_share_it():
    began, release = [], threading.Event()

    def flush() -> None:
        began.append(len(began))
        release.wait(10)  # the first flush is slow: everyone else arrives while it runs

    async def scenario() -> int:
        group = GroupFlush(flush)
        try:
            first = asyncio.create_task(group.durable())
            await _until(lambda: began)
            later = [asyncio.create_task(group.durable()) for _ in range(50)]
            await asyncio.sleep(0.05)
            assert not any(task.done() for task in [first, *later])
            release.set()
            await first
            await asyncio.gather(*later)
            return group.rounds
        finally:
            group.close()

    assert asyncio.run(scenario()) == 2  # 51 writes made durable by two flushes


def test_a_failed_flush_is_an_error_for_its_waiters():
    def flush() -> None:
        raise OSError(5, "Input/output error")

    async def scenario() -> None:
        group = GroupFlush(flush)
        try:
            await group.durable()
        finally:
            group.close()

    with pytest.raises(OSError, match="Input/output error"):
        asyncio.run(scenario())


def test_the_filesystem_flush_runs_on_a_real_folder(tmp_path):
    (tmp_path / "written").write_bytes(b"x" * 4096)
    filesystem_flush(tmp_path)()  # syncfs on Linux, an fsync of each file elsewhere
