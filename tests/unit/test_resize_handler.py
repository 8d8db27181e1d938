"""The resize Lambda handler against S3 (moto's in-process mock of AWS): keys, records, retries,
the rules that make it safe to run twice or after a delete."""

from __future__ import annotations

import hashlib
import io
import json
from contextlib import contextmanager
from urllib.parse import quote, quote_plus

import boto3
import numpy as np
import pytest
from botocore.exceptions import ClientError
from helpers import s3_calls
from moto import mock_aws
from PIL import Image

from backend.common import config, ids, layout, records
from backend.resize.handler import handler
from tests import imagegen, tiffgen

UPLOAD_BUCKET = "thumbdrop-test-upload"
OUTPUT_BUCKET = "thumbdrop-test-output"
NOT_READABLE = ("This file is not an image Thumbdrop can read: it is {}. "
                "Export it as JPEG or PNG and upload again.")


@contextmanager
def buckets(monkeypatch):
    """moto's S3 with both buckets, and the environment resize reads on Lambda."""
    env = {"UPLOAD_BUCKET": UPLOAD_BUCKET, "OUTPUT_BUCKET": OUTPUT_BUCKET,
           "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "testing",
           "AWS_SECRET_ACCESS_KEY": "testing"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in ("S3_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_PROFILE", "MAX_IMAGE_PIXELS"):
        monkeypatch.delenv(name, raising=False)
    config.cached.cache_clear()
    try:
        with mock_aws():
            client = boto3.client("s3", region_name="us-east-1")
            client.create_bucket(Bucket=UPLOAD_BUCKET)
            client.create_bucket(Bucket=OUTPUT_BUCKET)
            yield client
    finally:
        config.cached.cache_clear()


@pytest.fixture
def s3(monkeypatch):
    with buckets(monkeypatch) as client:
        yield client


@pytest.fixture
def calls(s3) -> list[str]:
    """The S3 calls the handler's own client makes from now on."""
    return s3_calls(config.cached().s3)


def upload(s3, data: bytes, filename: str = "photo.jpg", content_type: str = "image/jpeg",
           claimed_sha256: str | None = None, *, forced_copy: bool = False,
           file_time: str | None = None, keep_location: bool = False) -> str:
    """PUTs an original the way a presigned upload does; returns its id."""
    image_id = ids.new_id()
    metadata = records.original_metadata(
        filename, claimed_sha256 or hashlib.sha256(data).hexdigest(), forced_copy=forced_copy,
        file_time=file_time, keep_location=keep_location)
    s3.put_object(Bucket=UPLOAD_BUCKET, Key=layout.input_key(image_id), Body=data,
                  ContentType=content_type, Metadata=metadata)
    return image_id


def record(key: str, bucket: str = UPLOAD_BUCKET, encode=quote_plus) -> dict:
    """One S3 event record as Lambda receives it (the key URL-encoded)."""
    return {"eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
            "s3": {"bucket": {"name": bucket}, "object": {"key": encode(key, safe="/")}}}


def event(*records: dict) -> dict:
    return {"Records": list(records)}


def key_of(image_id: str) -> str:
    return layout.input_key(image_id)


def read(s3, key: str) -> bytes:
    return s3.get_object(Bucket=OUTPUT_BUCKET, Key=key)["Body"].read()


def meta(s3, image_id: str) -> dict:
    """The status record resize wrote."""
    return json.loads(read(s3, layout.record_key(image_id)))


def keys(s3, bucket: str) -> set[str]:
    return {o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])}


def test_a_photo_becomes_two_webps_and_its_status_record(s3):
    source = imagegen.jpeg((3000, 2000), orientation=6, gps=True)
    image_id = upload(s3, source, "Straße 🌸 red flower.jpg")
    handler(event(record(key_of(image_id))), None)

    digest = hashlib.sha256(source).hexdigest()
    uploaded = ids.created_at(image_id)[:19] + "+00:00"  # no date in the file, none sent
    assert keys(s3, OUTPUT_BUCKET) == {*layout.output_keys(image_id), layout.ready_key(digest),
                                       *layout.taken_keys(image_id, uploaded, None, None)}
    assert meta(s3, image_id) == {
        "id": image_id, "status": "ready", "error": None, "error_code": None,
        "error_params": None, "filename": "Straße 🌸 red flower.jpg", "width": 2000, "height": 3000,
        "bytes": len(source), "created_at": ids.created_at(image_id),
        "content_type": "image/jpeg", "sha256": digest, "duplicate_of": None, "guest": None,
        "taken_at": uploaded, "taken_at_source": "upload", "camera": None, "location": None}
    for key, size in ((layout.thumbnail_key(image_id), (256, 256)),
                      (layout.large_key(image_id), (1067, 1600))):
        stored = s3.get_object(Bucket=OUTPUT_BUCKET, Key=key)
        assert stored["ContentType"] == "image/webp"
        assert stored["CacheControl"] == "public, max-age=31536000, immutable"
        assert Image.open(io.BytesIO(stored["Body"].read())).size == size
    head = s3.head_object(Bucket=OUTPUT_BUCKET, Key=layout.record_key(image_id))
    assert head["ContentType"] == "application/json"
    assert "CacheControl" not in head  # a record changes (deleted); it is never cached for good


def test_several_records_in_one_event(s3):
    made = [upload(s3, imagegen.png((400, 300)), "a.png", "image/png"),
            upload(s3, imagegen.jpeg((500, 400)), "b.jpg"),
            upload(s3, imagegen.empty(), "c.jpg")]
    handler(event(record(key_of(made[0])), record(key_of(made[1])),
                  record(key_of(made[2]))), None)
    assert [meta(s3, i)["status"] for i in made] == ["ready", "ready", "failed"]
    assert [meta(s3, i)["filename"] for i in made] == ["a.png", "b.jpg", "c.jpg"]


def test_percent_encoded_keys_are_decoded(s3):
    first, second = upload(s3, imagegen.jpeg()), upload(s3, imagegen.png((300, 200)))
    # S3 may escape any character; "input%2F<shard>%2F<id>" names the same object.
    handler(event(record(key_of(first), encode=lambda k, safe: quote(k, safe=""))), None)
    handler(event(record(key_of(second), encode=lambda k, safe: k.replace("/", "%2F"))), None)
    assert meta(s3, first)["status"] == meta(s3, second)["status"] == "ready"


def test_keys_that_are_not_ours_are_ignored(s3):
    image_id = ids.new_id()
    foreign = ["input/red flower.jpg", f"other/{ids.new_id()}.jpg", "input/x.jpg",
               f"input/{image_id}.jpg", f"input/{image_id}",  # the v1 layout, no shard
               f"input/zz/{image_id}"]  # a shard that is not the id's own
    for key in foreign:
        s3.put_object(Bucket=UPLOAD_BUCKET, Key=key, Body=imagegen.jpeg())
    handler(event(*(record(key) for key in foreign)), None)
    handler({"Event": "s3:TestEvent"}, None)  # the test message S3 sends a new subscription
    assert keys(s3, OUTPUT_BUCKET) == set()


def test_rerunning_an_event_gives_the_same_keys_and_bytes(s3):
    image_id = upload(s3, imagegen.jpeg((900, 700), orientation=8))
    handler(event(record(key_of(image_id))), None)
    first = {k: read(s3, k) for k in keys(s3, OUTPUT_BUCKET)}
    handler(event(record(key_of(image_id))), None)
    assert {k: read(s3, k) for k in keys(s3, OUTPUT_BUCKET)} == first


def test_an_id_with_a_record_is_not_processed_again(s3, calls):
    image_id = upload(s3, imagegen.jpeg())
    handler(event(record(key_of(image_id))), None)
    calls.clear()
    handler(event(record(key_of(image_id))), None)  # S3 delivers at least once
    assert calls == ["HeadObject"]  # the record is there: the original is not even read


def test_a_tombstoned_id_is_never_processed_and_its_stray_original_goes(s3):
    # DELETE wrote the tombstone; a replayed upload URL then PUT the original again.
    image_id = upload(s3, imagegen.jpeg())
    s3.put_object(Bucket=OUTPUT_BUCKET, Key=layout.tombstone_key(image_id), Body=b"")
    handler(event(record(key_of(image_id))), None)
    assert keys(s3, UPLOAD_BUCKET) == set()
    assert keys(s3, OUTPUT_BUCKET) == {layout.tombstone_key(image_id)}


def test_bytes_that_differ_from_the_claimed_digest_end_failed(s3):
    # A multipart upload's whole-file digest is metadata S3 does not check: resize does.
    data = imagegen.jpeg()
    image_id = upload(s3, data, claimed_sha256=hashlib.sha256(b"other").hexdigest())
    handler(event(record(key_of(image_id))), None)
    failed = meta(s3, image_id)
    assert (failed["status"], failed["sha256"]) == ("failed", hashlib.sha256(data).hexdigest())
    assert "do not match the file's SHA-256" in failed["error"]
    assert failed["error"].endswith("Upload it again.")
    assert keys(s3, OUTPUT_BUCKET) == {layout.record_key(image_id)}


def test_one_photo_costs_four_writes_and_four_reads(s3, calls):
    image_id = upload(s3, imagegen.jpeg())
    handler(event(record(key_of(image_id))), None)
    # record? tombstone? the original; the content's claim, thumbnail, large, its taken/all
    # entry, record; the original still there? (Its facts come from the bytes already read.)
    assert calls == ["HeadObject", "HeadObject", "GetObject",
                     "PutObject", "PutObject", "PutObject", "PutObject", "PutObject",
                     "HeadObject"]


def test_what_the_camera_knew_goes_into_the_record_and_the_taken_index(s3):
    exif = imagegen.camera_exif(taken="2024:07:01 18:30:05", offset="+02:00", gps=True)
    image_id = upload(s3, imagegen.jpeg_with(exif), file_time="2025-01-01T00:00:00+01:00")
    handler(event(record(key_of(image_id))), None)
    stored = meta(s3, image_id)
    assert (stored["taken_at"], stored["taken_at_source"]) == ("2024-07-01T18:30:05+02:00", "exif")
    assert stored["camera"]["name"] == "Canon EOS R5"
    assert stored["location"] is None  # off by default
    assert set(layout.taken_keys(image_id, stored["taken_at"], "Canon EOS R5",
                                 "RF24-70mm F2.8 L IS USM")) <= keys(s3, OUTPUT_BUCKET)
    assert records.index_keys(stored) == layout.taken_keys(
        image_id, stored["taken_at"], "Canon EOS R5", "RF24-70mm F2.8 L IS USM")


def test_the_file_time_the_client_sent_when_the_file_has_no_date(s3):
    image_id = upload(s3, imagegen.png((64, 48)), "shot.png", "image/png",
                      file_time="2023-05-06T07:08:09+01:00")
    handler(event(record(key_of(image_id))), None)
    stored = meta(s3, image_id)
    assert (stored["taken_at"], stored["taken_at_source"]) == ("2023-05-06T07:08:09+01:00", "file")


@pytest.mark.parametrize("deployment, upload_asks, kept", [
    ("", False, False), ("true", False, True), ("", True, True)])
def test_gps_is_kept_only_where_location_is_on(s3, monkeypatch, deployment, upload_asks, kept):
    monkeypatch.setenv("KEEP_LOCATION", deployment)
    config.cached.cache_clear()
    data = imagegen.jpeg_with(imagegen.camera_exif(taken="2024:07:01 18:30:05", gps=True))
    image_id = upload(s3, data, keep_location=upload_asks)
    handler(event(record(key_of(image_id))), None)
    location = meta(s3, image_id)["location"]
    assert (location is not None) == kept
    assert kept is False or round(location["latitude"], 2) == -33.86


BAD_INPUTS = [
    (imagegen.empty(), "The file is empty.", "image_empty", {}),
    (imagegen.text(), NOT_READABLE.format("a text file"), "not_an_image",
     {"what": "a text file"}),
    (imagegen.svg(), NOT_READABLE.format("an SVG drawing"), "not_an_image",
     {"what": "an SVG drawing"}),
    (imagegen.truncated(imagegen.jpeg((1200, 900))), "The image is truncated or damaged.",
     "image_damaged", {}),
    (imagegen.decompression_bomb(), "The image is too large: 120 megapixels, the limit is 50.",
     "image_too_many_pixels", {"pixels": "120", "limit": "50"}),
    (tiffgen.with_compression(imagegen.tiff((64, 48)), 34676),
     ("This TIFF file uses SGI LogLuv compression (HDR), which Thumbdrop can't read. Export "
      "it as an 8-bit or 16-bit RGB TIFF, a JPEG or a PNG and upload again."),
     "unsupported_tiff_encoding", {"encoding": "SGI LogLuv compression (HDR)"}),
]


@pytest.mark.parametrize("data, sentence, code, params", BAD_INPUTS,
                         ids=["empty", "text", "svg", "truncated", "bomb", "logluv-tiff"])
def test_bad_input_ends_as_failed_with_its_sentence_and_code(s3, data, sentence, code, params):
    image_id = upload(s3, data, "holiday.jpg")
    handler(event(record(key_of(image_id))), None)  # never raises: no retry loop
    failed = meta(s3, image_id)
    assert failed["status"] == "failed"
    assert failed["error"] == sentence
    # The reason as a code and its values: a client renders it in its own language.
    assert (failed["error_code"], failed["error_params"]) == (code, params)
    assert failed["filename"] == "holiday.jpg"
    assert (failed["width"], failed["height"], failed["bytes"]) == (None, None, len(data))
    assert failed["sha256"] == hashlib.sha256(data).hexdigest()
    # No renditions; the gallery skips failed records.
    assert keys(s3, OUTPUT_BUCKET) == {layout.record_key(image_id)}


# Issue 17 items 6, 8 and 9: variants Pillow can't read alone, rendered by the handler.
VARIANTS = {
    "cmyk-jpeg": (imagegen.cmyk_chart_jpeg, "image/jpeg"),
    "lab16-tiff": (lambda: tiffgen.lab16(np.full((160, 240, 3), (50.0, 20.0, -30.0))),
                   "image/tiff"),
    "ycbcr422-tiff": (lambda: tiffgen.ycbcr_subsampled(imagegen.rgb_chart()), "image/tiff"),
    "webp-tiff": (lambda: tiffgen.webp(imagegen.rgb_chart()), "image/tiff"),
    "bgr565-bmp": (lambda: imagegen.bitfield_bmp(imagegen.rgb_chart(), 16,
                                                 (0x001F, 0x07E0, 0xF800, 0)), "image/bmp"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variants_pillow_cannot_read_alone_end_ready(s3, variant):
    make, content_type = VARIANTS[variant]
    image_id = upload(s3, make(), "variant.bin", content_type)
    handler(event(record(key_of(image_id))), None)
    done = meta(s3, image_id)
    assert (done["status"], done["error"]) == ("ready", None)
    assert (done["width"], done["height"], done["content_type"]) == (240, 160, content_type)
    large = Image.open(io.BytesIO(read(s3, layout.large_key(image_id))))
    assert large.size == (240, 160)


def test_the_pixel_cap_comes_from_the_environment(s3, monkeypatch):
    monkeypatch.setenv("MAX_IMAGE_PIXELS", "100000")
    config.cached.cache_clear()
    image_id = upload(s3, imagegen.jpeg((640, 480)))
    handler(event(record(key_of(image_id))), None)
    assert meta(s3, image_id)["error"] == "The image is too large: 0.3 megapixels, the limit is 0.1."


def test_nothing_is_ever_written_to_the_upload_bucket(s3):
    made = [upload(s3, imagegen.jpeg()), upload(s3, imagegen.text())]
    before = keys(s3, UPLOAD_BUCKET)
    handler(event(*(record(key_of(i)) for i in made)), None)
    assert keys(s3, UPLOAD_BUCKET) == before
    assert len(keys(s3, OUTPUT_BUCKET)) == 6  # 3, a claim and taken/all for the photo, a record for the text


def test_an_original_deleted_before_processing_is_skipped(s3):
    image_id = ids.new_id()
    handler(event(record(key_of(image_id))), None)
    assert keys(s3, OUTPUT_BUCKET) == set()


@pytest.mark.parametrize("delete_at", ["while_resizing", "after_the_renditions"])
def test_an_image_deleted_while_it_is_resized_leaves_nothing_behind(s3, monkeypatch, delete_at):
    # DELETE /images (the presign API's own code) runs in the middle of the resize.
    from backend.presign.images import delete_image
    from backend.resize import handler as resize_handler
    image_id = upload(s3, imagegen.jpeg())
    settings, client = config.cached()  # the handler's own client
    real_make, real_put = resize_handler.make_renditions, client.put_object

    def make_then_delete(*args):
        renditions = real_make(*args)
        delete_image(settings, client, image_id)  # finds no renditions yet: removes the original
        return renditions

    def put_then_delete(**kwargs):
        real_put(**kwargs)
        if kwargs["Key"] == layout.large_key(image_id):
            delete_image(settings, client, image_id)  # removes the original and the thumbnail

    if delete_at == "while_resizing":
        monkeypatch.setattr(resize_handler, "make_renditions", make_then_delete)
    else:
        monkeypatch.setattr(client, "put_object", put_then_delete)
    handler(event(record(key_of(image_id))), None)
    assert keys(s3, UPLOAD_BUCKET) == set()
    assert keys(s3, OUTPUT_BUCKET) == {layout.tombstone_key(image_id)}


def test_an_original_above_the_spool_size_is_resized_from_a_temporary_file(s3, monkeypatch):
    from backend.resize import handler as resize_handler
    monkeypatch.setattr(resize_handler, "SPOOL_BYTES", 1024)  # the photo is larger: on disk
    image_id = upload(s3, imagegen.jpeg((1200, 900)))
    handler(event(record(key_of(image_id))), None)
    assert meta(s3, image_id)["status"] == "ready"
    assert Image.open(io.BytesIO(read(s3, layout.large_key(image_id)))).size == (1200, 900)


def test_s3_trouble_raises_so_lambda_retries_after_finishing_the_other_records(s3):
    missing_bucket = record(key_of(ids.new_id()), bucket="no-such-bucket")
    image_id = upload(s3, imagegen.jpeg())
    with pytest.raises(ClientError):
        handler(event(missing_bucket, record(key_of(image_id))), None)
    assert meta(s3, image_id)["status"] == "ready"


# -- one image per content ends ready (backend/common/content_claim.py) -----------------------

def _renditions_of(s3, image_id: str) -> set[str]:
    return keys(s3, OUTPUT_BUCKET) & {layout.thumbnail_key(image_id), layout.large_key(image_id)}


def _digest_holder(s3, data: bytes) -> str:
    return json.loads(read(s3, layout.digest_key(hashlib.sha256(data).hexdigest())))["id"]


def _assert_duplicate(s3, image_id: str, of: str) -> None:
    record = meta(s3, image_id)
    assert (record["status"], record["duplicate_of"]) == ("duplicate", of)
    assert _renditions_of(s3, image_id) == set()
    assert layout.input_key(image_id) not in keys(s3, UPLOAD_BUCKET)  # its bytes are of's
    assert meta(s3, of)["status"] == "ready"


def test_the_same_bytes_stored_twice_end_one_ready_and_one_duplicate_of_it(s3):
    # Two ids for one file: a client killed mid-PUT presigned again, then both PUTs landed.
    data = imagegen.jpeg()
    first, second = upload(s3, data), upload(s3, data)
    handler(event(record(key_of(first))), None)
    handler(event(record(key_of(second))), None)
    _assert_duplicate(s3, second, of=first)
    assert _digest_holder(s3, data) == first  # the next upload of it is answered `duplicate`
    handler(event(record(key_of(second))), None)  # a redelivered event changes nothing
    _assert_duplicate(s3, second, of=first)


@pytest.mark.parametrize("interleave", ["claimed_during_decode", "during_renditions"])
def test_two_resizes_of_the_same_bytes_at_once_leave_one_ready(s3, monkeypatch, interleave):
    # The second resize runs to its end in the middle of the first: before the first claims
    # the content (it then loses), or after (its holder is still pending: the second loses).
    from backend.resize import handler as resize_handler
    data = imagegen.jpeg()
    first, second = upload(s3, data), upload(s3, data)
    client = config.cached().s3
    real_make, real_put = resize_handler.make_renditions, client.put_object
    nested = []

    def run_second_once():
        if not nested:
            nested.append(second)
            handler(event(record(key_of(second))), None)

    def make_then_second(*args):
        renditions = real_make(*args)
        run_second_once()
        return renditions

    def put_then_second(**kwargs):
        real_put(**kwargs)
        if kwargs["Key"] == layout.thumbnail_key(first):
            run_second_once()

    if interleave == "claimed_during_decode":
        monkeypatch.setattr(resize_handler, "make_renditions", make_then_second)
    else:
        monkeypatch.setattr(client, "put_object", put_then_second)
    handler(event(record(key_of(first))), None)
    assert nested == [second]
    if interleave == "claimed_during_decode":
        _assert_duplicate(s3, first, of=second)
    else:
        _assert_duplicate(s3, second, of=first)


def test_a_forced_copy_is_kept_beside_the_image_it_copies(s3):
    data = imagegen.jpeg()
    first, copy = upload(s3, data), upload(s3, data, forced_copy=True)
    handler(event(record(key_of(first), ), record(key_of(copy))), None)
    assert meta(s3, first)["status"] == meta(s3, copy)["status"] == "ready"
    assert len(_renditions_of(s3, copy)) == 2


def test_the_claim_of_a_deleted_image_goes_with_it_and_a_stale_one_is_taken_over(s3):
    from backend.presign.images import delete_image
    data = imagegen.jpeg()
    settings, client = config.cached()
    first = upload(s3, data)
    handler(event(record(key_of(first))), None)
    delete_image(settings, client, first)
    again = upload(s3, data)
    handler(event(record(key_of(again))), None)
    assert meta(s3, again)["status"] == "ready"
    # A claim left by an image that vanished (say, deleted while its resize raced it).
    s3.put_object(Bucket=OUTPUT_BUCKET, Key=layout.ready_key(hashlib.sha256(data).hexdigest()),
                  Body=json.dumps({"id": ids.new_id()}).encode())
    delete_image(settings, client, again)
    last = upload(s3, data)
    handler(event(record(key_of(last))), None)
    assert meta(s3, last)["status"] == "ready"


def test_a_deleted_image_whose_late_resize_wrote_ready_holds_no_claim(s3):
    # Cancel during processing: the DELETE ran while the first resize worked, so its claim and
    # a `ready` record land after the delete (its own clean-up follows a moment later). A retry
    # resized in that moment became a `duplicate` of the deleted image: nothing in the gallery.
    from backend.presign.images import delete_image
    data = imagegen.jpeg()
    settings, client = config.cached()
    first = upload(s3, data)
    handler(event(record(key_of(first))), None)
    delete_image(settings, client, first)
    digest = hashlib.sha256(data).hexdigest()
    s3.put_object(Bucket=OUTPUT_BUCKET, Key=layout.ready_key(digest),
                  Body=json.dumps({"id": first}).encode())  # the late resize's claim, and
    s3.put_object(Bucket=OUTPUT_BUCKET, Key=layout.record_key(first),  # its record
                  Body=json.dumps({"id": first, "status": "ready"}).encode())
    again = upload(s3, data)
    handler(event(record(key_of(again))), None)
    assert meta(s3, again)["status"] == "ready"
