"""Acknowledged means stored: SIGKILL the backend (and with it SeaweedFS) at bad moments,
start it again, and every upload the store acknowledged ends ready, exactly once, with the
renditions its bytes make. Events lost on purpose are found by the start-up reconcile, and
a delete stays a delete.

"Exactly once" is checked by content: each image's renditions in the store are byte for
byte what the resize code makes of its original, and the gallery lists each id once.
"""

from __future__ import annotations

import io
import re
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import requests
from helpers import Api, BackendProcess, sha256_b64, store_client, store_keys, wait_until
from PIL import Image, ImageDraw

from backend.common import ids, layout
from backend.local.credentials import S3Keys
from backend.local.event_queue import EventQueue
from backend.local.reconcile import Reconciler
from backend.local.weed import Webhook, WeedServer
from backend.resize.decoders import make_renditions

UPLOAD_BUCKET, OUTPUT_BUCKET = "thumbdrop-upload", "thumbdrop-output"


def photo(size=(1200, 900)) -> bytes:
    """A JPEG unlike any other (random colours and a random line), so a mix-up shows."""
    colour = tuple(secrets.randbelow(256) for _ in range(3))
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for _ in range(8):
        draw.line([tuple(secrets.randbelow(s) for s in size) for _ in range(2)],
                  fill=tuple(secrets.randbelow(256) for _ in range(3)), width=25)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def put_all(api: Api, originals: list[bytes]) -> list[dict]:
    """Presigns and PUTs every original at once; returns the tickets of acknowledged PUTs."""
    tickets = [api.presign(f"photo {n}.jpg", "image/jpeg", data)
               for n, data in enumerate(originals)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(Api.put, tickets, originals))
    assert [a.status_code for a in answers] == [200] * len(originals)  # all acknowledged
    return tickets


def assert_each_ready_once_after_a_restart(data_dir: Path, tickets, originals) -> None:
    """Starts the backend again on `data_dir`: every upload ends ready exactly once, with the
    renditions its own bytes make."""
    process = BackendProcess(data_dir)
    process.start()
    try:
        _assert_each_ready_once_with_its_own_renditions(process, tickets, originals)
    finally:
        assert process.stop() == 0, process.log_tail()


def _assert_each_ready_once_with_its_own_renditions(process: BackendProcess, tickets,
                                                    originals) -> None:
    api = Api(process.info)
    s3 = process.s3()
    try:
        for ticket, data in zip(tickets, originals):
            image = api.wait_done(ticket["id"])
            assert image["status"] == "ready", image
            assert image["bytes"] == len(data)
            expected = make_renditions(io.BytesIO(data), max_pixels=50_000_000)
            assert (image["width"], image["height"]) == (expected.width, expected.height)
            for key, made in ((layout.thumbnail_key(ticket["id"]), expected.thumbnail),
                              (layout.large_key(ticket["id"]), expected.large)):
                stored = s3.get_object(Bucket=OUTPUT_BUCKET, Key=key)["Body"].read()
                assert stored == made, f"{key} is not what its original makes"
        gallery = api.gallery_ids()
        assert sorted(gallery) == sorted(set(gallery))
        assert set(gallery) == {ticket["id"] for ticket in tickets}
    finally:
        s3.close()
        api.close()


def test_sigkill_right_after_the_puts_are_acknowledged_loses_nothing(tmp_path):
    first = BackendProcess(tmp_path / "data")
    api = Api(first.start())
    originals = [photo() for _ in range(12)]
    tickets = put_all(api, originals)
    first.kill()  # the store's events for these PUTs die in its memory, or in our queue
    api.close()

    assert_each_ready_once_after_a_restart(tmp_path / "data", tickets, originals)


def _in_flight(log: str) -> set[str]:
    """Keys whose resize had started and not finished, by the backend's DEBUG log."""
    started = set(re.findall(r"resizing (input/\S+) \(attempt", log))
    finished = {key for key in started
                if re.search(rf"{layout.id_from_input_key(key)}: (ready|failed)", log)}
    return started - finished


def test_sigkill_in_the_middle_of_resizes_loses_nothing_and_redoes_them_identically(tmp_path):
    first = BackendProcess(tmp_path / "data", "--log-level", "DEBUG")
    api = Api(first.start())
    originals = [photo((4000, 3000)) for _ in range(6)]  # ~0.5 s of resizing each
    tickets = put_all(api, originals)
    wait_until(lambda: _in_flight(first.log_tail(10_000)), interval=0.01, timeout=60,
               what="a resize to be running")
    first.kill()
    api.close()
    interrupted = _in_flight(first.log_tail(10_000))
    assert interrupted, "the kill was meant to land in the middle of a resize"
    print(f"\nkilled during the resize of {len(interrupted)} image(s)")

    assert_each_ready_once_after_a_restart(tmp_path / "data", tickets, originals)


def test_objects_written_while_the_backend_is_down_are_found_by_reconcile(tmp_path):
    data_dir = tmp_path / "data"
    first = BackendProcess(data_dir)
    api = Api(first.start())
    originals = [photo() for _ in range(5)]
    tickets = [api.presign(f"offline {n}.jpg", "image/jpeg", data)
               for n, data in enumerate(originals)]
    api.close()
    assert first.stop() == 0

    # The store runs without the backend: its events go to an address nobody listens on.
    access, secret = store_keys(data_dir)
    store = WeedServer(data_dir / "weed", s3_keys=S3Keys(access, secret),
                       s3_config=data_dir / "s3.json",
                       webhook=Webhook("http://127.0.0.1:9/events", "unused",
                                       f"/buckets/{UPLOAD_BUCKET}/input"),
                       allowed_origin="http://127.0.0.1:9", volume_min_free_bytes=1 << 20)
    store.launch()
    try:
        store.wait_ready()
        s3 = store_client(data_dir, store.s3_endpoint)
        for ticket, data in zip(tickets, originals):
            s3.put_object(Bucket=UPLOAD_BUCKET, Key=ticket["key"], Body=data,
                          ContentType="image/jpeg",
                          Metadata={"filename": ticket["upload"]["headers"].get(
                              "x-amz-meta-filename", "offline.jpg")})
        s3.close()
    finally:
        store.stop()

    assert_each_ready_once_after_a_restart(data_dir, tickets, originals)


def test_delete_restart_list_gone_and_stays_gone_even_after_a_sigkill(tmp_path):
    first = BackendProcess(tmp_path / "data")
    api = Api(first.start())
    kept, deleted = api.upload("kept.jpg", "image/jpeg", photo()), \
        api.upload("deleted.jpg", "image/jpeg", photo())
    for ticket in (kept, deleted):
        assert api.wait_done(ticket["id"])["status"] == "ready"
    assert api.delete(deleted["id"]) == 204
    first.kill()
    api.close()

    second = BackendProcess(tmp_path / "data")
    api = Api(second.start())
    try:
        assert api.gallery_ids() == [kept["id"]]
        assert api.session.get(f"{api.base}/images/{deleted['id']}", timeout=30
                               ).status_code == 404
    finally:
        api.close()
        assert second.stop() == 0


def test_a_replayed_upload_url_after_a_delete_does_not_bring_the_image_back(tmp_path):
    process = BackendProcess(tmp_path / "data")
    api = Api(process.start())
    try:
        data = photo()
        ticket = api.upload("replayed.jpg", "image/jpeg", data)
        assert api.wait_done(ticket["id"])["status"] == "ready"
        assert api.delete(ticket["id"]) == 204
        assert Api.put(ticket, data).status_code == 200  # the same URL, again: stored...
        s3 = process.s3()

        def original_removed():
            try:
                s3.head_object(Bucket=UPLOAD_BUCKET, Key=ticket["key"])
                return False
            except s3.exceptions.ClientError:
                return True

        # ...and resize, finding the tombstone, removes the stray original instead.
        wait_until(original_removed, timeout=30, what="the replayed original to be removed")
        s3.close()
        assert api.session.get(f"{api.base}/images/{ticket['id']}", timeout=30
                               ).status_code == 404
        assert ticket["id"] not in api.gallery_ids()
    finally:
        api.close()
        assert process.stop() == 0


def test_renditions_without_an_original_or_record_are_removed_on_start(tmp_path):
    """What a DELETE racing a resize can leave behind; a ready image keeps its own."""
    first = BackendProcess(tmp_path / "data")
    api = Api(first.start())
    kept = api.upload("kept.jpg", "image/jpeg", photo())
    assert api.wait_done(kept["id"])["status"] == "ready"
    api.close()
    s3 = first.s3()
    orphan = ids.new_id()
    orphan_keys = [layout.thumbnail_key(orphan), layout.large_key(orphan)]
    for key in orphan_keys:
        s3.put_object(Bucket=OUTPUT_BUCKET, Key=key, Body=b"RIFF....WEBP", ContentType="image/webp")
    s3.close()
    assert first.stop() == 0

    second = BackendProcess(tmp_path / "data")
    second.start()
    s3 = second.s3()
    try:
        def keys() -> set[str]:
            listing = s3.list_objects_v2(Bucket=OUTPUT_BUCKET)
            return {item["Key"] for item in listing.get("Contents", [])}

        wait_until(lambda: not set(orphan_keys) & keys(), timeout=60,
                   what="reconcile to remove the orphaned renditions")
        assert {layout.thumbnail_key(kept["id"]), layout.large_key(kept["id"])} <= keys()
    finally:
        s3.close()
        assert second.stop() == 0


def test_a_multipart_upload_is_processed_when_it_completes(tmp_path):
    """Completing a multipart upload creates the object in one step; the store's event for
    it reaches resize as ObjectCreated:CompleteMultipartUpload."""
    process = BackendProcess(tmp_path / "data", "--log-level", "DEBUG")
    api = Api(process.start())
    try:
        image = Image.effect_noise((2400, 1800), 80).convert("RGB")
        out = io.BytesIO()
        image.save(out, "PNG")
        data = out.getvalue()  # ~13 MB: two 8 MiB parts
        created = api.session.post(f"{api.base}/uploads/multipart", timeout=30, json={
            "filename": "big scan.png", "content_type": "image/png", "size": len(data),
            "sha256": sha256_b64(data), "allow_duplicates": True}).json()
        assert created["status"] == "multipart" and created["part_count"] == 2, created
        step = created["part_bytes"]
        chunks = [data[i:i + step] for i in range(0, len(data), step)]
        signed = api.session.post(f"{api.base}/uploads/multipart/{created['id']}/parts",
                                  timeout=30, json={
                                      "upload_id": created["upload_id"], "size": len(data),
                                      "parts": [{"number": n + 1, "sha256": sha256_b64(chunk)}
                                                for n, chunk in enumerate(chunks)]}).json()
        etags = []
        for part, chunk in zip(signed["parts"], chunks):
            answer = requests.put(part["url"], data=chunk, headers=part["headers"], timeout=60)
            assert answer.status_code == 200, answer.text
            etags.append(answer.headers["ETag"])
        completed = api.session.post(
            f"{api.base}/uploads/multipart/{created['id']}/complete", timeout=60, json={
                "upload_id": created["upload_id"],
                "parts": [{"number": n + 1, "etag": etag, "sha256": sha256_b64(chunk)}
                          for n, (etag, chunk) in enumerate(zip(etags, chunks))]})
        assert completed.status_code == 200, completed.text
        done = api.wait_done(created["id"])
        assert (done["status"], done["width"], done["height"]) == ("ready", 2400, 1800)
        assert "(ObjectCreated:CompleteMultipartUpload)" in process.log_tail(10_000)
    finally:
        api.close()
        assert process.stop() == 0, process.log_tail()


def test_a_delete_cut_short_is_finished_and_old_tombstones_are_purged(tmp_path):
    process = BackendProcess(tmp_path / "data")
    api = Api(process.start())
    s3 = process.s3()
    try:
        half_deleted = api.upload("half deleted.jpg", "image/jpeg", photo())
        assert api.wait_done(half_deleted["id"])["status"] == "ready"
        # What a DELETE that crashed after its first step leaves: the tombstone, and the rest.
        s3.put_object(Bucket=OUTPUT_BUCKET, Key=layout.tombstone_key(half_deleted["id"]),
                      Body=b"")
        with EventQueue(tmp_path / "reconcile-queue.sqlite3") as queue:
            report = Reconciler(s3, UPLOAD_BUCKET, OUTPUT_BUCKET, queue).run()
            assert report.deletes_finished == [half_deleted["id"]]
            assert api.session.get(f"{api.base}/images/{half_deleted['id']}", timeout=30
                                   ).status_code == 404
            assert not [key for key in layout.output_keys(half_deleted["id"])
                        if s3.list_objects_v2(Bucket=OUTPUT_BUCKET, Prefix=key)["KeyCount"]]
            # A day later (here: a reconcile that counts every tombstone as old), it goes too.
            report = Reconciler(s3, UPLOAD_BUCKET, OUTPUT_BUCKET, queue,
                                tombstone_age=timedelta(0)).run()
            assert report.tombstones_purged == 1
    finally:
        s3.close()
        api.close()
        assert process.stop() == 0, process.log_tail()
