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
import posixpath
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

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


def _id_of_output(key: str) -> str | None:
    """The image id an output key belongs to (checked against the layout, not guessed)."""
    candidate = posixpath.basename(key).split(".", 1)[0]
    try:
        return candidate if key in layout.output_keys(candidate) else None
    except (ValueError, KeyError):
        return None


class Reconciler:
    def __init__(self, s3, upload_bucket: str, output_bucket: str, queue: EventQueue):
        self._s3 = s3
        self._upload = upload_bucket
        self._output = output_bucket
        self._queue = queue

    def run(self) -> Report:
        report = Report()
        originals = {}
        for item in _listing(self._s3, self._upload, layout.INPUT_PREFIX):
            image_id = layout.id_from_input_key(item["Key"])
            if image_id:
                originals[image_id] = item
        recorded = self._recorded_ids()
        tombstones = self._tombstones()
        self._finish_deletes(tombstones, originals, report)
        self._queue_unprocessed(originals, recorded, tombstones, report)
        self._remove_orphans(originals, recorded, report)
        self._purge_tombstones(tombstones, report)
        if report.queued or report.orphans_removed or report.deletes_finished:
            log.info("reconcile: %d original(s) queued, %d orphaned rendition set(s) removed, "
                     "%d delete(s) finished", len(report.queued), len(report.orphans_removed),
                     len(report.deletes_finished))
        return report

    def _recorded_ids(self) -> set[str]:
        return {image_id for item in _listing(self._s3, self._output, layout.META_PREFIX)
                if (image_id := _id_of_output(item["Key"]))}

    def _tombstones(self) -> dict[str, datetime]:
        """{id: when it was deleted}. The layout has tombstones from contract v2 on."""
        prefix = getattr(layout, "DELETED_PREFIX", None)
        if prefix is None:
            return {}
        return {posixpath.basename(item["Key"]): item["LastModified"]
                for item in _listing(self._s3, self._output, prefix)}

    def _finish_deletes(self, tombstones, originals, report: Report) -> None:
        for image_id in tombstones:
            original = originals.pop(image_id, None)
            outputs = [key for key in layout.output_keys(image_id)
                       if objects.head(self._s3, self._output, key) is not None]
            if original is not None:
                objects.delete_keys(self._s3, self._upload, [original["Key"]])
            if outputs:
                objects.delete_keys(self._s3, self._output, outputs)
            if original is not None or outputs:
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

    def _remove_orphans(self, originals, recorded, report: Report) -> None:
        suspects: set[str] = set()
        for prefix in (layout.THUMBNAIL_PREFIX, layout.LARGE_PREFIX):
            for item in _listing(self._s3, self._output, prefix):
                image_id = _id_of_output(item["Key"])
                if image_id and image_id not in originals and image_id not in recorded:
                    suspects.add(image_id)
        for image_id in sorted(suspects):
            # Listed a moment ago; a resize may have finished meanwhile. Ask again.
            if self._has_original(image_id) or self._has_record(image_id):
                continue
            objects.delete_keys(self._s3, self._output, layout.output_keys(image_id))
            report.orphans_removed.append(image_id)

    def _has_original(self, image_id: str) -> bool:
        return any(layout.id_from_input_key(item["Key"]) == image_id for item in
                   _listing(self._s3, self._upload, f"{layout.INPUT_PREFIX}{image_id}"))

    def _has_record(self, image_id: str) -> bool:
        return objects.head(self._s3, self._output, layout.meta_key(image_id)) is not None

    def _purge_tombstones(self, tombstones: dict[str, datetime], report: Report) -> None:
        cutoff = datetime.now(UTC) - timedelta(days=TOMBSTONE_DAYS)
        old = [layout.tombstone_key(image_id) for image_id, when in tombstones.items()
               if when < cutoff]
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
            except Exception:
                log.exception("reconcile failed; it runs again in %.0f s", self._interval)
