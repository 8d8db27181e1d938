"""Saving into a user's folder: a server's filename never becomes a path, nothing is
overwritten, and a failed save leaves nothing behind."""

from __future__ import annotations

import threading

import pytest

from desktop.client.api_errors import ApiError
from desktop.client.downloads import Cancelled, Progress, _saved_into, claim, plain_name


@pytest.mark.parametrize("given, expected", [
    ("IMG_0001.JPG", "IMG_0001.JPG"),
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\win.ini", "win.ini"),
    ("/absolute/photo.jpg", "photo.jpg"),
    (".hidden.jpg", "hidden.jpg"),
    ("a:b*c?.jpg", "a_b_c_.jpg"),
    ("new\nline\x00.jpg", "new_line_.jpg"),
    ("..", "fallback"),
    ("", "fallback"),
    ("   ", "fallback"),
    ("trailing dot.", "trailing dot"),
])
def test_plain_names(given, expected):
    assert plain_name(given, "fallback") == expected


def test_long_names_keep_their_extension():
    name = plain_name("x" * 400 + ".jpeg", "fallback")
    assert len(name) <= 180 and name.endswith(".jpeg")


def test_claims_never_take_a_file_that_exists(tmp_path):
    (tmp_path / "a.jpg").write_bytes(b"mine")
    claimed = [claim(tmp_path, "a.jpg") for _ in range(3)]
    assert [p.name for p in claimed] == ["a (2).jpg", "a (3).jpg", "a (4).jpg"]
    assert (tmp_path / "a.jpg").read_bytes() == b"mine"


def test_claims_running_side_by_side_get_distinct_files(tmp_path):
    got, lock = [], threading.Lock()

    def take():
        path = claim(tmp_path, "same.jpg")
        with lock:
            got.append(path)

    workers = [threading.Thread(target=take) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(set(got)) == 8


def test_a_failed_save_removes_its_claim(tmp_path):
    def broken(target):
        target.write_bytes(b"half")
        raise ApiError("The download failed (403).", code="download_failed")

    with pytest.raises(ApiError):
        _saved_into(tmp_path, "photo.jpg", broken)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ApiError) as caught:
        _saved_into(tmp_path / "missing", "photo.jpg", lambda target: None)
    assert "Couldn't create photo.jpg" in str(caught.value)


def test_progress_cancel_stops_the_next_chunk():
    progress = Progress()
    progress.add(10)
    progress.cancel()
    with pytest.raises(Cancelled):
        progress.add(10)
    assert progress.bytes == 10 and progress.cancelled
