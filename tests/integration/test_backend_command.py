"""thumbdrop-backend as a person types it: a relative --data-dir, and a store that cannot start
saying why."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BackendProcess, lone_store


def test_a_relative_data_dir_is_the_folder_it_names_from_where_it_was_typed(tmp_path):
    # weed runs inside <data_dir>/weed: a relative path handed on would name another place.
    backend = BackendProcess(Path("photos-backend"), cwd=tmp_path)
    try:
        info = backend.start()
        assert info["data_dir"] == str(tmp_path / "photos-backend")
        assert (tmp_path / "photos-backend" / "weed" / "weed.pid").is_file()
    finally:
        assert backend.stop() == 0


def test_a_store_that_cannot_start_says_what_weed_said_not_a_guess(tmp_path, monkeypatch):
    # A store dir given relative to a folder weed is not started in: weed names the folder it
    # could not find, and that is what the person reads (no "disk full or failing").
    monkeypatch.chdir(tmp_path)
    data_dir = Path("data")
    data_dir.mkdir(mode=0o700)
    store = lone_store(data_dir)
    store.launch()
    try:
        with pytest.raises(RuntimeError) as failure:
            store.wait_ready()
    finally:
        store.stop()
    sentence = str(failure.value)
    assert "stopped while starting: " in sentence and "no such file or directory" in sentence
    assert "disk" not in sentence
