"""SQLiteWriter alone, on a table of its own: group commit, a failing function rolled back by
itself (database and memory), a refused commit rolled back whole, after_round's ticks, and
close. (That a commit survives SIGKILL is proven by the kill tests through the queue.)"""

from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import Future

import pytest

from desktop.client.sqlite_writer import SQLiteWriter, Transaction


class Closed(Exception):
    pass


class Refused(Exception):
    pass


def open_db(path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    # A deferred key is checked at COMMIT: a way to make the disk's "no" come at the commit.
    db.execute("CREATE TABLE IF NOT EXISTS links (note INTEGER REFERENCES notes(id) "
               "DEFERRABLE INITIALLY DEFERRED)")
    return db


@pytest.fixture
def made(tmp_path):
    rounds: list[bool] = []
    writers = []

    def make(after_round=None) -> SQLiteWriter:
        def record(stopping: bool):
            rounds.append(stopping)
            return None if after_round is None else after_round(stopping)
        writer = SQLiteWriter(open_db(tmp_path / "notes.sqlite3"), name="test-writer",
                              closed_error=Closed, disk_error=lambda exc: Refused(str(exc)),
                              after_round=record)
        writers.append(writer)
        return writer
    make.rounds = rounds
    make.path = tmp_path / "notes.sqlite3"
    yield make
    for writer in writers:
        writer.close()


def insert(text: str):
    def run(txn: Transaction) -> int:
        return txn.db.execute("INSERT INTO notes (text) VALUES (?)", (text,)).lastrowid
    return run


def held(writer: SQLiteWriter) -> tuple[Future, threading.Event]:
    """A function the writer is running now, until the event is set: what is submitted
    meanwhile waits for the next round, together."""
    running, release = threading.Event(), threading.Event()

    def hold(txn: Transaction) -> bool:
        running.set()
        return release.wait(5)
    future = writer.submit(hold)
    assert running.wait(5)
    return future, release


def stored(path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT text FROM notes ORDER BY id")]


def test_a_result_is_there_only_after_the_commit_and_in_the_order_asked(made):
    writer = made()
    futures = [writer.submit(insert(text)) for text in ("a", "b", "c")]
    assert [f.result(timeout=5) for f in futures] == [1, 2, 3]
    assert stored(made.path) == ["a", "b", "c"]  # another connection sees them: committed


def test_what_arrives_while_the_writer_works_shares_one_transaction(made):
    writer = made()
    seen: list[Transaction] = []

    def note(text: str):
        def run(txn: Transaction) -> None:
            seen.append(txn)
            insert(text)(txn)
        return run

    first, release = held(writer)
    waiting = [writer.submit(note(str(n))) for n in range(20)]
    release.set()
    first.result(timeout=5)
    for future in waiting:
        future.result(timeout=5)
    assert len({id(txn) for txn in seen}) == 1  # one group commit for all twenty
    assert len(stored(made.path)) == 20


def test_a_failing_function_is_rolled_back_alone_with_its_memory(made):
    writer = made()
    memory = {"a": 0, "b": 0}

    def change(key: str, fail: bool):
        def run(txn: Transaction) -> None:
            memory[key] += 1
            txn.on_undo(lambda: memory.__setitem__(key, memory[key] - 1))
            insert(key)(txn)
            if fail:
                raise ValueError("its own bug")
        return run

    blocker, release = held(writer)
    good = writer.submit(change("a", fail=False))
    bad = writer.submit(change("b", fail=True))
    after = writer.submit(insert("c"))
    release.set()
    blocker.result(timeout=5)
    assert good.result(timeout=5) is None
    with pytest.raises(ValueError, match="its own bug"):
        bad.result(timeout=5)
    after.result(timeout=5)
    assert memory == {"a": 1, "b": 0}
    assert stored(made.path) == ["a", "c"]


def test_a_refused_commit_rolls_back_every_function_of_it_and_each_caller_hears(made):
    writer = made()
    undone: list[str] = []

    def change(text: str):
        def run(txn: Transaction) -> None:
            txn.on_undo(lambda: undone.append(text))
            insert(text)(txn)
        return run

    def dangling(txn: Transaction) -> None:
        txn.db.execute("INSERT INTO links (note) VALUES (999)")  # no such note: COMMIT says no

    blocker, release = held(writer)
    futures = [writer.submit(change("a")), writer.submit(dangling), writer.submit(change("b"))]
    release.set()
    assert blocker.result(timeout=5) is True  # its own round, before the others arrived
    for future in futures:
        with pytest.raises(Refused, match="FOREIGN KEY"):
            future.result(timeout=5)
    assert undone == ["b", "a"]  # newest first
    assert stored(made.path) == []
    assert writer.submit(insert("later")).result(timeout=5) == 1  # the writer goes on


def test_after_round_hears_each_round_and_is_called_again_when_it_asks(made):
    ticks: list[float] = []

    def after_round(stopping: bool):
        ticks.append(time.monotonic())
        return time.monotonic() + 0.05 if len(ticks) < 3 else None

    writer = made(after_round)
    writer.wake()  # a round with nothing to write
    deadline = time.monotonic() + 5
    while len(ticks) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(ticks) == 3  # woken once, then twice more on its own asking
    time.sleep(0.15)
    assert len(ticks) == 3  # None: not again until something arrives
    writer.close()
    assert made.rounds[-1] is True  # the last round is told it is the last


def test_close_commits_what_was_asked_before_and_refuses_what_comes_after(made):
    writer = made()
    pending = [writer.submit(insert(str(n))) for n in range(5)]
    writer.close()
    assert all(isinstance(f, Future) and f.done() and f.exception() is None for f in pending)
    assert len(stored(made.path)) == 5
    with pytest.raises(Closed):
        writer.submit(insert("late")).result(timeout=5)
