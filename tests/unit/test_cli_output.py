"""What thumbdrop-cli says that needs no backend: --help's examples, the one processing
timeout default, and the whole queue's bar and words (from the queue's Totals)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import cli
from desktop.client.queue_store import NewFile, QueueStore
from desktop.client.queue_types import FileState, QueueChanges, Totals
from desktop.client.stage_processing import PROCESSING_TIMEOUT
from desktop.settings import BY_KEY

MB = 1_000_000


def test_help_shows_examples(capsys):
    with pytest.raises(SystemExit):
        cli.parse_args(["--help"])
    text = capsys.readouterr().out
    assert "examples:" in text
    assert "thumbdrop-cli list --filter trip --limit 20" in text


def test_the_processing_timeout_has_one_default():
    args = cli.parse_args(["upload", "photo.jpg"])
    assert args.processing_timeout == BY_KEY["processing_timeout"].default == PROCESSING_TIMEOUT


def test_list_limit_must_be_positive(capsys):
    with pytest.raises(SystemExit):
        cli.parse_args(["list", "--limit", "0"])
    assert "--limit must be at least 1" in capsys.readouterr().err


def test_the_all_files_bar_is_not_full_while_files_make_thumbnails(tmp_path):
    store = QueueStore(tmp_path / "queue.sqlite3")
    try:
        ready, processing = (item.id for item in store.add(
            [NewFile(Path(f"/photos/{n}.jpg"), 5 * MB, 1, "image/jpeg") for n in range(2)]
        ).result())
        store.update(ready, state=FileState.READY).result()
        store.update(processing, state=FileState.PROCESSING).result()
        progress = cli.Progress(store)
        try:
            progress.update(QueueChanges(totals=store.totals()))
            [task] = progress._bars.tasks
            assert task.percentage < 100
            assert task.fields["detail"] == "10.0 MB of 10.0 MB · 1 making thumbnails"
        finally:
            progress.stop()
    finally:
        store.close()


@pytest.mark.parametrize(("done", "words"), [
    (9 * MB + 500_000, "a few seconds left"),   # never "0:00:00"
    (MB, "about 0:01:30 left"),
])
def test_the_estimate_is_honest(done, words):
    totals = Totals(files_total=1, files_active=1, bytes_total=10 * MB, bytes_done=done,
                    bytes_per_second=0.1 * MB)
    assert cli.totals_detail(totals) == f"{done / MB:.1f} MB of 10.0 MB · 100.0 kB/s · {words}"
