"""What the gallery says: batch endings, lifetimes on offer, expiry, originals not kept."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from desktop.client.api import ImageInfo
from desktop.client.api_errors import ApiError
from desktop.client.batch_watch import BatchWatcher
from desktop.ui.gallery.gallery_view import names_of
from desktop.ui.gallery.link_dialog import expiry_sentence, lifetimes
from desktop.ui.services.download_job import DownloadJob


def _image(name: str) -> ImageInfo:
    return ImageInfo(id="01j8z3kq9n4m7c2x5v6b8t0wyr", status="ready", error=None,
                     filename=name, width=1, height=1, bytes=1, created_at="",
                     thumbnail_url=None, large_url=None)


def test_a_batch_ends_when_nothing_is_active_and_counts_its_own_outcomes():
    watcher = BatchWatcher()
    assert watcher.update(active=0, failed=1) is None  # idle: no batch
    assert watcher.update(active=3, failed=1) is None  # starts; one failure from before
    watcher.image_ready()
    watcher.image_ready()
    assert watcher.update(active=1, failed=2) is None
    ended = watcher.update(active=0, failed=2)
    assert (ended.ready, ended.failed) == (2, 1) and ended.sentence() == "2 ready, 1 failed."
    assert watcher.update(active=0, failed=2) is None  # said once
    watcher.update(active=1, failed=0)
    watcher.image_ready()
    assert watcher.update(active=0, failed=0).sentence() == "1 ready."
    watcher.update(active=3, failed=0)
    watcher.image_ready()
    watcher.image_known()
    watcher.image_known()
    assert watcher.update(active=0, failed=1).sentence() == (
        "1 ready, 2 already in the gallery, 1 failed.")


def test_lifetimes_stop_at_what_the_deployment_allows():
    assert [s for s, _ in lifetimes(43200)] == [3600, 21600, 43200]
    assert lifetimes(5400)[-1] == (5400, "1 h 30 min (the longest allowed)")
    assert [s for s, _ in lifetimes(600)] == [600]
    assert [s for s, _ in lifetimes(604800)][-1] == 604800


def test_expiry_is_said_in_local_time_with_what_is_left():
    now = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)
    sentence = expiry_sentence("2025-03-04T18:00:00Z", now=now)
    assert sentence.startswith("It works until ") and sentence.endswith("(in 6 h 00 min).")
    assert expiry_sentence("2025-03-04T18:00:00Z", plural=True, now=now).startswith("They work")


def test_an_original_no_longer_kept_is_said_with_the_retention(qapp):
    job = DownloadJob([_image("beach.jpg")], "original", Path("/tmp"), 30)
    gone = ApiError("The original of beach.jpg is no longer stored.", status=410, code="gone")
    assert job.sentence_for(_image("beach.jpg"), gone) == (
        "The original of beach.jpg is no longer kept (originals are kept 30 days); its large "
        "view remains.")
    other = ApiError("The API refused the token (401).", status=401, code="unauthorized")
    assert job.sentence_for(_image("b.jpg"), other) == (
        "The original of b.jpg was not saved: The API refused the token (401).")
    job.deleteLater()


def test_names_are_listed_briefly():
    images = [_image(f"{n}.jpg") for n in range(6)]
    assert names_of(images[:1]) == "0.jpg"
    assert names_of(images[:3]) == "0.jpg, 1.jpg and 2.jpg"
    assert names_of(images) == "0.jpg, 1.jpg, 2.jpg and 3 more"
