"""Reconcile: makes the buckets and the queue agree, whatever events were lost.

Run on every start, after the store restarts, and every RECONCILE_SECONDS:
- an original without a status record (and not deleted) is queued, so an upload acknowledged
  just before a crash, or whose event the store lost, is still processed;
- renditions without an original and without a record are removed (a DELETE that raced a
  resize), each checked again right before removal;
- a tombstone's image is removed completely (a DELETE cut short), and tombstones older than
  TOMBSTONE_DAYS are purged (AWS does that with a lifecycle rule).

Listing is paged (1,000 keys a request), so a start costs a handful of requests even for a
large library; key names come only from backend.common.layout.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from botocore.exceptions import BotoCoreError, ClientError

from backend.common import layout, objects

from .event_queue import EventQueue, Job
from .s3_events import PUT

log = logging.getLogger("thumbdrop.backend.reconcile")

RECONCILE_SECONDS = 600.0
TOMBSTONE_DAYS = 1


@dataclass
class Report:
    queued: list[str] = field(default_factory=list)
    orphans_removed: list[str] = field(default_factory=list)
    deletes_finished: list[str] = field(default_factory=list)
    tombstones_purged: int = 0


def _listing(s3, bucket: str, prefix: str):
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        yield from page.get("Contents", [])


class Reconciler:
    def __init__(self, s3, upload_bucket: str, output_bucket: str, queue: EventQueue, *,
                 tombstone_age: timedelta = timedelta(days=TOMBSTONE_DAYS)):
        self._s3 = s3
        self._upload = upload_bucket
        self._output = output_bucket
        self._queue = queue
        self._tombstone_age = tombstone_age

    def run(self) -> Report:
        report = Report()
        originals = self._ids(self._upload, layout.INPUT_PREFIX, layout.id_from_input_key)
        recorded = self._ids(self._output, layout.INDEX_PREFIX, layout.id_from_record_key)
        rendered = {**self._ids(self._output, layout.THUMBNAIL_PREFIX, layout.id_from_output_key),
                    **self._ids(self._output, layout.LARGE_PREFIX, layout.id_from_output_key)}
        tombstones = self._ids(self._output, layout.TOMBSTONE_PREFIX, layout.id_from_output_key)
        self._finish_deletes(tombstones, originals, recorded, rendered, report)
        self._queue_unprocessed(originals, recorded, tombstones, report)
        self._remove_orphans(rendered, originals, recorded, tombstones, report)
        self._purge_tombstones(tombstones, report)
        if report.queued or report.orphans_removed or report.deletes_finished:
            log.info("reconcile: %d original(s) queued, %d orphaned rendition set(s) removed, "
                     "%d delete(s) finished", len(report.queued), len(report.orphans_removed),
                     len(report.deletes_finished))
        return report

    def _ids(self, bucket: str, prefix: str, id_of) -> dict[str, dict]:
        """{id: the listed object} for the keys under `prefix` that belong to an image."""
        return {image_id: item for item in _listing(self._s3, bucket, prefix)
                if (image_id := id_of(item["Key"]))}

    def _finish_deletes(self, tombstones, originals, recorded, rendered, report) -> None:
        """A DELETE writes its tombstone first; one cut short (a crash) is completed here."""
        for image_id in tombstones.keys() & (originals.keys() | recorded.keys() | rendered.keys()):
            if image_id in originals:
                self._s3.delete_object(Bucket=self._upload, Key=layout.input_key(image_id))
            objects.delete_keys(self._s3, self._output, layout.output_keys(image_id))
            report.deletes_finished.append(image_id)

    def _queue_unprocessed(self, originals, recorded, tombstones, report: Report) -> None:
        queued = self._queue.keys()
        for image_id, item in originals.items():
            if image_id in recorded or image_id in tombstones or item["Key"] in queued:
                continue
            self._queue.add(Job(key=item["Key"], bucket=self._upload, event_name=PUT,
                                size=item["Size"], etag=item.get("ETag", "").strip('"'),
                                received_at=time.time()), replace=False)
            report.queued.append(image_id)

    def _remove_orphans(self, rendered, originals, recorded, tombstones, report) -> None:
        suspects = rendered.keys() - originals.keys() - recorded.keys() - tombstones.keys()
        for image_id in sorted(suspects):
            # Listed a moment ago; a resize may have finished meanwhile. Ask again.
            if objects.head(self._s3, self._upload, layout.input_key(image_id)) or \
                    objects.head(self._s3, self._output, layout.record_key(image_id)):
                continue
            objects.delete_keys(self._s3, self._output, layout.output_keys(image_id))
            report.orphans_removed.append(image_id)

    def _purge_tombstones(self, tombstones: dict[str, dict], report: Report) -> None:
        cutoff = datetime.now(UTC) - self._tombstone_age
        old = [layout.tombstone_key(image_id) for image_id, item in tombstones.items()
               if item["LastModified"] < cutoff]
        for start in range(0, len(old), 1000):  # DeleteObjects takes 1,000 keys at most
            objects.delete_keys(self._s3, self._output, old[start:start + 1000])
        report.tombstones_purged = len(old)


class PeriodicReconcile:
    """Runs a Reconciler now, every RECONCILE_SECONDS, and whenever `request()` is called;
    only while the store is up, and never two at once."""

    def __init__(self, reconciler: Reconciler, store_up: threading.Event,
                 interval: float = RECONCILE_SECONDS):
        self._reconciler = reconciler
        self._store_up = store_up
        self._interval = interval
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="thumbdrop-reconcile")
        self.runs = 0

    def start(self) -> None:
        self._wanted.set()
        self._thread.start()

    def request(self) -> None:
        self._wanted.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wanted.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self._wanted.wait(self._interval)
            self._wanted.clear()
            if self._stopping.is_set():
                return
            if not self._store_up.is_set():
                continue  # the store's restart requests another run
            try:
                self._reconciler.run()
                self.runs += 1
            except (BotoCoreError, ClientError, sqlite3.Error) as error:
                # The store went away under it (its restart asks for another run) or the disk
                # is full: a sentence, not a traceback.
                log.error("reconcile stopped short (%s); it runs again when the store is back "
                          "or in %.0f s", error, self._interval)
            except Exception:
                log.exception("reconcile failed; it runs again in %.0f s", self._interval)
