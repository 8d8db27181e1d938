"""Streaming from disk: exact lengths, progress accounting, cancel between chunks, hashing."""

from __future__ import annotations

import base64
import hashlib
import threading

import pytest

from desktop.client.hashing import sha256_file
from desktop.client.streaming import Cancelled, FileBody, FileChanged, FileSnapshot


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 4000)  # 1,024,000 bytes: 3 full chunks and a tail
    return path


def test_body_yields_exactly_the_file_in_chunks_with_monotonic_progress(data_file):
    seen = []
    body = FileBody(data_file, data_file.stat().st_size, chunk_size=256 * 1024,
                    on_progress=seen.append)
    assert len(body) == 1_024_000
    chunks = list(body)
    assert b"".join(chunks) == data_file.read_bytes()
    assert max(len(c) for c in chunks) == 256 * 1024
    assert seen == sorted(seen) and seen[-1] == 1_024_000
    assert list(body) == chunks  # iterable again, for a retry


def test_progress_counts_a_chunk_only_after_the_sender_asks_for_more(data_file):
    seen = []
    iterator = iter(FileBody(data_file, 1_024_000, chunk_size=500_000, on_progress=seen.append))
    next(iterator)
    assert seen == []          # first chunk handed out, not yet sent
    next(iterator)
    assert seen == [500_000]


def test_a_file_that_grew_sends_only_the_signed_length(data_file):
    body = FileBody(data_file, 1000)
    assert b"".join(body) == data_file.read_bytes()[:1000]


def test_a_file_that_shrank_raises_file_changed(data_file):
    body = FileBody(data_file, 2_000_000)
    with pytest.raises(FileChanged):
        list(body)


def test_cancel_stops_between_chunks(data_file):
    cancel = threading.Event()
    sent = []
    body = FileBody(data_file, 1_024_000, chunk_size=100_000, cancel=cancel,
                    on_progress=lambda n: (sent.append(n), n >= 300_000 and cancel.set()))
    with pytest.raises(Cancelled):
        list(body)
    assert sent[-1] == 300_000


def test_sha256_matches_hashlib_and_snapshots_the_file(data_file):
    progress = []
    digest, snapshot = sha256_file(data_file, on_progress=progress.append)
    expected = base64.b64encode(hashlib.sha256(data_file.read_bytes()).digest()).decode()
    assert digest == expected
    assert snapshot == FileSnapshot.of(data_file)
    assert progress[-1] == 1_024_000
    data_file.write_bytes(b"changed")
    assert not snapshot.still_matches(data_file)


def test_hashing_is_cancellable(data_file):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        sha256_file(data_file, cancel=cancel)
