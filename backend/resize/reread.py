"""The one-time re-read of what the camera knew, for images processed before dates were read.

Their records have no `taken_at`, so the gallery by date taken (the taken/ index) would not
list them. This job walks the records (`index/`, oldest key last: newest first), and for
each ready record without facts reads them from the original when it is still kept (the
same camera_facts.read as resize, on the same bytes), else gives it the upload time (source
"upload"), then writes its taken/ entries and the record with the facts. Nothing else in a
record changes, and a record that has facts is left alone, so running it twice is harmless.

Resumable: a checkpoint (the last index key finished) is saved every CHECKPOINT_EVERY records
and at the end, marked done; a run that stops (a shutdown, a kill) goes on from there.
- Built-in backend: started in the background at every start until its checkpoint file
  (`<data_dir>/facts-reread.json`) says done.
- AWS: `python -m backend.resize.reread --checkpoint FILE` with the stack's environment
  (UPLOAD_BUCKET, OUTPUT_BUCKET, AWS credentials allowed to read input/ and index/ and write
  index/ and taken/), from any machine; see docs/DEPLOY.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from botocore.exceptions import ClientError

from backend.common import config, ids, layout, objects, records

from . import handler

log = logging.getLogger(__name__)

CHECKPOINT_EVERY = 100
SPOOL_BYTES = 16 * 1024 * 1024


@dataclass
class Report:
    read: int = 0  # facts read from a kept original
    without_original: int = 0  # given the upload time: the original is no longer kept
    skipped: int = 0  # already had facts, not ready, or gone meanwhile


class FileCheckpoint:
    """`{"after": <index key>, "done": bool}` in a file, replaced atomically."""

    def __init__(self, path: Path):
        self.path = path

    def load(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"after": None, "done": False}

    def save(self, after: str | None, done: bool) -> None:
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps({"after": after, "done": done}), encoding="utf-8")
        os.replace(partial, self.path)


def run(s3, settings: config.Settings, checkpoint: FileCheckpoint,
        stop: threading.Event | None = None) -> Report:
    state = checkpoint.load()
    report = Report()
    if state.get("done"):
        return report
    after, since_saved = state.get("after"), 0
    paginator = s3.get_paginator("list_objects_v2")
    params = {"Bucket": settings.output_bucket, "Prefix": layout.INDEX_PREFIX}
    if after:
        params["StartAfter"] = after
    for page in paginator.paginate(**params):
        for entry in page.get("Contents", []):
            if stop is not None and stop.is_set():
                checkpoint.save(after, done=False)
                return report
            _reread(s3, settings, entry["Key"], report)
            after, since_saved = entry["Key"], since_saved + 1
            if since_saved >= CHECKPOINT_EVERY:
                checkpoint.save(after, done=False)
                since_saved = 0
    checkpoint.save(after, done=True)
    log.info("facts re-read: %d from originals, %d without one, %d left as they were",
             report.read, report.without_original, report.skipped)
    return report


def _reread(s3, settings: config.Settings, key: str, report: Report) -> None:
    image_id = layout.id_from_record_key(key)
    record = objects.read_json(s3, settings.output_bucket, key) if image_id else None
    if record is None or record.get("status") != records.READY or record.get("taken_at"):
        report.skipped += 1
        return
    facts = _facts(s3, settings, image_id, record)
    if facts is None:
        facts = {"taken_at": ids.created_at(image_id)[:19] + "+00:00",
                 "taken_at_source": "upload", "camera": None, "location": None}
        report.without_original += 1
    else:
        report.read += 1
    updated = {**record, **facts}
    handler.write_index_keys(s3, settings.output_bucket, updated)
    records.write(s3, settings.output_bucket, updated)
    if objects.head(s3, settings.output_bucket, layout.tombstone_key(image_id)) is not None:
        # Deleted while this ran: the delete may have read the record before the facts were
        # in it, so the entries written here are this job's to remove.
        objects.delete_keys(s3, settings.output_bucket,
                            layout.output_keys(image_id) + records.index_keys(updated))
        report.skipped += 1


def _facts(s3, settings: config.Settings, image_id: str, record: dict) -> dict | None:
    """The camera facts from the kept original, or None when it is gone."""
    try:
        original = s3.get_object(Bucket=settings.upload_bucket, Key=layout.input_key(image_id))
    except ClientError as exc:
        if objects.is_missing(exc):
            return None
        raise
    known = {**records.original_facts(original), "content_type": record.get("content_type")}
    with original["Body"] as body, tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        shutil.copyfileobj(body, spool)
        return handler.read_camera_facts(settings, image_id, known, spool)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Re-read what the camera knew for images processed before Thumbdrop read "
                    "it (configured by the handlers' environment variables).")
    parser.add_argument("--checkpoint", type=Path, required=True,
                        help="file that records progress; run again with it to go on")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings, s3 = config.cached()
    report = run(s3, settings, FileCheckpoint(args.checkpoint))
    print(f"{report.read} re-read from originals, {report.without_original} without an "
          f"original (dated by upload), {report.skipped} left as they were")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
