"""Brings a gallery over from the app's old moto-based backend, once.

That backend kept a disk mirror in `<user data>/local-backend`: each original at
`s3/thumbdrop-upload/input/<id><ext>` with `s3-sidecars/.../<key>.json` holding its content
type and metadata. The originals are put into the store under today's layout with the same
id, filename and content type, and their digest records written (so uploading one of them
again is recognised as a duplicate); the store's events (or reconcile) resize them again.
Renditions and records are not copied: they are remade. A marker file in the new data dir
records that the import is done, so it runs once (a crashed import runs again: the PUTs are
idempotent).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from pathlib import Path

from backend.common import ids, layout, objects
from backend.common.private_files import write_private

from .paths import default_data_dir, legacy_data_dir

log = logging.getLogger("thumbdrop.backend.import")

MARKER = "imported-local-backend"
OLD_BUCKET = "thumbdrop-upload"


def _old_originals() -> Path:
    return legacy_data_dir() / "s3" / OLD_BUCKET / "input"


def wanted(data_dir: Path) -> bool:
    return (data_dir.resolve() == default_data_dir().resolve()
            and _old_originals().is_dir() and not (data_dir / MARKER).exists())


def run(s3, bucket: str, output_bucket: str, data_dir: Path) -> None:
    imported = failed = 0
    sidecars = legacy_data_dir() / "s3-sidecars" / OLD_BUCKET / "input"
    for path in sorted(_old_originals().iterdir()):
        image_id = path.name.split(".", 1)[0]  # the old keys were input/<id><ext>
        if not ids.is_valid(image_id) or not path.is_file():
            continue
        try:
            saved = json.loads((sidecars / f"{path.name}.json").read_text(encoding="utf-8"))
            with open(path, "rb") as body:
                digest = hashlib.file_digest(body, "sha256")
                body.seek(0)
                s3.put_object(Bucket=bucket, Key=layout.input_key(image_id), Body=body,
                              ContentType=saved["content_type"],
                              ChecksumSHA256=base64.b64encode(digest.digest()).decode(),
                              Metadata=saved.get("metadata") or {})
            objects.put_json(s3, output_bucket, layout.digest_key(digest.hexdigest()),
                             {"id": image_id}, only_if_absent=True)
            imported += 1
        except Exception as error:  # noqa: BLE001 (one unreadable file must not stop the rest)
            failed += 1
            log.warning("could not import %s from the old backend: %s", path.name, error)
    if failed == 0:
        write_private(data_dir / MARKER, f"{imported} originals imported\n")
    log.info("imported %d photo(s) from the old built-in backend in %s%s", imported,
             legacy_data_dir(), f"; {failed} could not be read" if failed else "")
