"""Keeps a copy of both buckets on disk, because moto keeps S3 only in memory.

Layout under the data dir:
    s3/<bucket>/<key>              the object's bytes
    s3-sidecars/<bucket>/<key>.json  {"content_type", "metadata"} for putting it back
    tmp/                           partial writes; renamed into place when complete

Every S3 notification for a key makes the copy match what S3 holds *now* (fetch it, or
delete the copy when it is gone), so the mirror is right whatever order events arrive in
and however often they are delivered.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_plus

from botocore.exceptions import ClientError

log = logging.getLogger("thumbdrop.backend.mirror")

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class SavedObject:
    path: Path
    content_type: str | None
    metadata: dict[str, str]


class DiskMirror:
    def __init__(self, data_dir: Path):
        self._objects = data_dir / "s3"
        self._sidecars = data_dir / "s3-sidecars"
        self._tmp = data_dir / "tmp"

    def prepare(self) -> None:
        """Creates the folders and drops partial writes left by a crash."""
        shutil.rmtree(self._tmp, ignore_errors=True)
        for folder in (self._objects, self._sidecars, self._tmp):
            folder.mkdir(parents=True, exist_ok=True)

    def _paths(self, bucket: str, key: str) -> tuple[Path, Path] | None:
        """Where a key lives on disk, or None for a key that cannot be a safe file name."""
        parts = key.split("/")
        if not key or any(part in ("", ".", "..") for part in parts) or "\0" in key:
            return None
        return self._objects / bucket / key, self._sidecars / bucket / f"{key}.json"

    def has(self, bucket: str, key: str) -> bool:
        paths = self._paths(bucket, key)
        return paths is not None and paths[0].is_file()

    def apply_event(self, s3, event: dict) -> None:
        """Brings the copy of every key named in an S3 event up to date."""
        for record in event.get("Records", []):
            bucket = record["s3"]["bucket"]["name"]
            key = unquote_plus(record["s3"]["object"]["key"])
            self.sync(s3, bucket, key)

    def sync(self, s3, bucket: str, key: str) -> None:
        paths = self._paths(bucket, key)
        if paths is None:
            log.warning("not mirroring s3://%s/%s: the key is not a safe file name", bucket, key)
            return
        data_path, sidecar_path = paths
        try:
            obj = s3.get_object(Bucket=bucket, Key=key)
        except ClientError as err:
            if err.response["Error"]["Code"] not in ("NoSuchKey", "404"):
                raise
            data_path.unlink(missing_ok=True)
            sidecar_path.unlink(missing_ok=True)
            return
        sidecar = {"content_type": obj.get("ContentType"), "metadata": obj.get("Metadata", {})}
        body = obj["Body"]
        try:
            self._write_atomically(data_path, body.iter_chunks(CHUNK))
        finally:
            body.close()
        self._write_atomically(sidecar_path, [json.dumps(sidecar).encode("utf-8")])

    def _write_atomically(self, dest: Path, chunks) -> None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self._tmp)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
            os.replace(temp, dest)
        except BaseException:
            os.unlink(temp)
            raise

    def stored_keys(self, bucket: str) -> Iterator[str]:
        root = self._objects / bucket
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path.relative_to(root).as_posix()

    def saved(self, bucket: str, key: str) -> SavedObject:
        data_path, sidecar_path = self._paths(bucket, key)
        try:
            sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            # The bytes were renamed into place but the process died before the sidecar was.
            sidecar = {}
        return SavedObject(data_path, sidecar.get("content_type"), sidecar.get("metadata") or {})

    def restore(self, s3, bucket: str, key: str) -> None:
        """Puts the disk copy of one object back into S3 with a PUT, streamed from the file."""
        saved = self.saved(bucket, key)
        extra = {"ContentType": saved.content_type} if saved.content_type else {}
        with open(saved.path, "rb") as body:
            s3.put_object(Bucket=bucket, Key=key, Body=body, Metadata=saved.metadata, **extra)
