"""backend/resize/reread.py: records from before dates were read get their facts and taken/
entries, once, resumably."""

from __future__ import annotations

import json
import threading

import pytest
from test_resize_handler import (
    OUTPUT_BUCKET,
    UPLOAD_BUCKET,
    buckets,
    event,
    keys,
    meta,
    record,
    upload,
)

from backend.common import config, layout, records
from backend.resize import reread
from backend.resize.handler import handler
from tests import imagegen


@pytest.fixture
def s3(monkeypatch):
    with buckets(monkeypatch) as client:
        yield client


def old_image(s3, data: bytes, name: str) -> str:
    """An image as a backend before camera facts left it: a record without them, no taken/."""
    image_id = upload(s3, data, name)
    handler(event(record(layout.input_key(image_id))), None)
    stored = meta(s3, image_id)
    for key in records.index_keys(stored):
        s3.delete_object(Bucket=OUTPUT_BUCKET, Key=key)
    old = {field: value for field, value in stored.items() if field not in records.CAMERA_FIELDS}
    s3.put_object(Bucket=OUTPUT_BUCKET, Key=layout.record_key(image_id),
                  Body=json.dumps(old).encode(), ContentType="application/json")
    return image_id


def taken_keys(s3) -> set[str]:
    return {key for key in keys(s3, OUTPUT_BUCKET) if key.startswith(layout.TAKEN_PREFIX)}


def test_old_records_get_their_facts_once(s3, tmp_path):
    exif = imagegen.camera_exif(taken="2010:10:10 10:10:10", offset="+01:00")
    dated = old_image(s3, imagegen.jpeg_with(exif), "dated.jpg")
    expired = old_image(s3, imagegen.jpeg_with(exif, size=(300, 200)), "expired.jpg")
    s3.delete_object(Bucket=UPLOAD_BUCKET, Key=layout.input_key(expired))  # retention ran
    assert taken_keys(s3) == set()
    settings, _ = config.cached()
    checkpoint = reread.FileCheckpoint(tmp_path / "reread.json")

    report = reread.run(s3, settings, checkpoint)
    assert (report.read, report.without_original) == (1, 1)
    assert meta(s3, dated)["taken_at"] == "2010-10-10T10:10:10+01:00"
    assert meta(s3, dated)["camera"]["name"] == "Canon EOS R5"
    assert meta(s3, dated)["filename"] == "dated.jpg"  # the rest of the record is kept
    assert meta(s3, expired)["taken_at_source"] == "upload"
    assert taken_keys(s3) == {*records.index_keys(meta(s3, dated)),
                              *records.index_keys(meta(s3, expired))}
    assert checkpoint.load()["done"] is True
    assert reread.run(s3, settings, checkpoint) == reread.Report()  # done: nothing listed


def test_a_stopped_run_goes_on_from_its_checkpoint(s3, tmp_path, monkeypatch):
    made = [old_image(s3, imagegen.jpeg_with(imagegen.camera_exif(
        taken=f"2011:01:0{n + 1} 00:00:00"), size=(200 + n, 100)), f"{n}.jpg")
        for n in range(3)]
    settings, _ = config.cached()
    checkpoint = reread.FileCheckpoint(tmp_path / "reread.json")
    monkeypatch.setattr(reread, "CHECKPOINT_EVERY", 1)
    stop = threading.Event()
    done = []
    real = reread._reread

    def then_stop(*args):
        real(*args)
        done.append(args[2])
        stop.set()  # a shutdown after the first record

    monkeypatch.setattr(reread, "_reread", then_stop)
    reread.run(s3, settings, checkpoint, stop)
    assert checkpoint.load() == {"after": done[0], "done": False}
    monkeypatch.setattr(reread, "_reread", real)
    report = reread.run(s3, settings, checkpoint)
    assert report.read == 2  # the first is not read again
    assert all(meta(s3, image_id)["taken_at"] for image_id in made)
