"""The real handlers, each running as its function's role (the resolved IAM policy, enforced by
moto) with the function's resolved environment, do their whole job: single and multipart
upload, resize, status, gallery, links, dedup, delete, and the failure record. Together with
test_iam_policies.py (nothing outside the prefixes) this shows each policy exactly sufficient."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import time
import urllib.parse

import pytest
from PIL import Image

from backend.common import ids
from tests.deploy.aws_sandbox import running_as, sandbox
from tests.deploy.cfn import OUTPUT_BUCKET, REGION, UPLOAD_BUCKET, Resolver, translate

# The contract-v2 handlers (layout, failure function, multipart routes) are what these drive.
pytest.importorskip("backend.resize.on_failure", reason="needs the contract-v2 handlers")

TOKEN = "iam-test-token-" + "x" * 32
DOMAIN = "abc123.lambda-url.us-east-1.on.aws"


@pytest.fixture(scope="module")
def resources() -> dict:
    digest = hashlib.sha256(TOKEN.encode()).hexdigest()
    return Resolver(translate(), {"ApiTokenSha256": digest}).resources()


@pytest.fixture(scope="module")
def box(resources):
    with sandbox(resources) as running:
        yield running


# -- sufficient: the real handlers under the roles ------------------------------------------

class _Context:
    function_name = "thumbdrop-test"
    aws_request_id = "00000000-0000-0000-0000-000000000000"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 10_000


def _api(method: str, path: str, body=None, query: dict | None = None) -> tuple[int, object]:
    """One Function URL (payload 2.0) request to the presign handler."""
    from backend.presign.handler import handler

    raw_query = urllib.parse.urlencode(query or {})
    event = {
        "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": raw_query,
        "headers": {"authorization": f"Bearer {TOKEN}", "content-type": "application/json",
                    "host": DOMAIN, "accept": "application/json"},
        "requestContext": {
            "accountId": "anonymous", "apiId": "abc123", "domainName": DOMAIN,
            "domainPrefix": "abc123", "requestId": "req", "routeKey": "$default",
            "stage": "$default", "time": "01/Jan/2026:00:00:00 +0000", "timeEpoch": 0,
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                     "sourceIp": "127.0.0.1", "userAgent": "thumbdrop-test"}},
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }
    if query:
        event["queryStringParameters"] = {k: str(v) for k, v in query.items()}
    response = handler(event, _Context())
    payload = response.get("body")
    if payload and response["headers"]["content-type"].startswith("text/html"):
        return response["statusCode"], payload  # a share link's page
    return response["statusCode"], json.loads(payload) if payload else None


def _photo(seed: int) -> bytes:
    """A JPEG with a camera's EXIF, so resize writes every kind of taken/ entry."""
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "Canon EOS R5"
    exif[0x8769] = {0x9003: "2024:07:01 18:30:05", 0xA434: "RF24-70mm F2.8 L IS USM"}
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (seed % 256, 90, 160)).save(out, "JPEG", quality=85,
                                                            exif=exif.tobytes())
    return out.getvalue()


def _upload_request(data: bytes, name: str) -> dict:
    return {"filename": name, "content_type": "image/jpeg", "size": len(data),
            "sha256": base64.b64encode(hashlib.sha256(data).digest()).decode()}


def _s3_event(key: str, size: int) -> dict:
    return {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": REGION,
        "eventName": "ObjectCreated:Put",
        "s3": {"bucket": {"name": UPLOAD_BUCKET, "arn": f"arn:aws:s3:::{UPLOAD_BUCKET}"},
               "object": {"key": urllib.parse.quote_plus(key), "size": size}}}]}


def _signed_by(url: str, box, function: str) -> bool:
    credential = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["X-Amz-Credential"][0]
    return credential.startswith(box.sessions[function].credentials.access_key + "/")


def _put_presigned(box, ticket: dict, data: bytes) -> None:
    upload = ticket["upload"]
    assert _signed_by(upload["url"], box, "PresignFunction")
    response = box.send_as(box.sessions["PresignFunction"], upload["method"], upload["url"],
                           upload["headers"], data)
    assert response.status_code == 200, response.text


def _resize(box, resources, key: str, size: int) -> None:
    from backend.resize.handler import handler

    with running_as(box, resources, "ResizeFunction"):
        handler(_s3_event(key, size), _Context())


def _uploaded_and_resized(box, resources, seed: int) -> tuple[str, bytes]:
    data = _photo(seed)
    with running_as(box, resources, "PresignFunction"):
        status, ticket = _api("POST", "/uploads", _upload_request(data, f"photo {seed}.jpg"))
    assert status == 201, ticket
    _put_presigned(box, ticket, data)
    _resize(box, resources, ticket["key"], len(data))
    return ticket["id"], data


def test_single_upload_resize_status_gallery_links_and_dedup_work_under_the_roles(
        box, resources):
    image_id, data = _uploaded_and_resized(box, resources, 1)
    with running_as(box, resources, "PresignFunction"):
        status, image = _api("GET", f"/images/{image_id}")
        assert (status, image["status"]) == (200, "ready"), image
        assert image["filename"] == "photo 1.jpg"
        status, page = _api("GET", "/images", query={"limit": 10})
        assert status == 200 and image_id in [item["id"] for item in page["items"]]
        status, by_camera = _api("GET", "/images", query={
            "order": "taken", "camera": "Canon EOS R5", "lens": "RF24-70mm F2.8 L IS USM",
            "from": "2024-07-01", "to": "2024-07-01"})
        assert status == 200 and image_id in [item["id"] for item in by_camera["items"]]
        status, facets = _api("GET", "/images/facets")
        assert status == 200 and "Canon EOS R5" in facets["cameras"], facets
        status, batch = _api("GET", "/images", query={"ids": image_id})
        assert status == 200 and [i["id"] for i in batch["items"]] == [image_id]
        for rendition in ("thumbnail", "large"):
            status, link = _api("GET", f"/images/{image_id}/link",
                                query={"rendition": rendition, "expires_in": 600})
            assert status == 200 and _signed_by(link["url"], box, "PresignFunction")
        status, original = _api("GET", f"/images/{image_id}/original")
        assert status == 200 and _signed_by(original["url"], box, "PresignFunction")
        status, again = _api("POST", "/uploads", _upload_request(data, "same bytes.jpg"))
        assert (status, again["status"], again["id"]) == (200, "duplicate", image_id)
    # The links act with the API's rights: what they point at, the role may read.
    reader = box.s3(box.sessions["PresignFunction"])
    for url in (link["url"], original["url"]):
        key = urllib.parse.unquote(urllib.parse.urlsplit(url).path.split("/", 2)[2])
        bucket = urllib.parse.urlsplit(url).path.split("/")[1]
        reader.head_object(Bucket=bucket, Key=key)


def test_delete_removes_everything_and_a_replayed_upload_stays_deleted(box, resources):
    image_id, data = _uploaded_and_resized(box, resources, 2)
    with running_as(box, resources, "PresignFunction"):
        status, _ = _api("POST", "/uploads",
                         {**_upload_request(data, "copy.jpg"), "allow_duplicates": True})
        assert status == 201
        status, _ = _api("DELETE", f"/images/{image_id}")
        assert status == 204
        status, _ = _api("GET", f"/images/{image_id}")
        assert status == 404
    keys = [o["Key"] for bucket in (UPLOAD_BUCKET, OUTPUT_BUCKET)
            for o in box.admin.list_objects_v2(Bucket=bucket).get("Contents", [])
            if image_id in o["Key"] or ids.invert(image_id) in o["Key"]]
    assert [k for k in keys if not k.startswith("deleted/")] == [], keys


def test_multipart_upload_resume_and_abort_work_under_the_api_role(box, resources):
    part = 8 * 1024 * 1024  # MULTIPART_PART_BYTES' default: the template leaves it unset
    data = _photo(3)
    data += b"\0" * (part + 1024 - len(data))  # two parts; JPEG decoders stop at EOI
    request = _upload_request(data, "big.jpg")
    with running_as(box, resources, "PresignFunction"):
        status, created = _api("POST", "/uploads/multipart", {**request, "allow_duplicates": True})
        assert status == 201, created
        image_id, upload_id = created["id"], created["upload_id"]
        chunks = [data[i:i + created["part_bytes"]]
                  for i in range(0, len(data), created["part_bytes"])]
        status, signed = _api("POST", f"/uploads/multipart/{image_id}/parts", {
            "upload_id": upload_id, "size": len(data), "parts": [
                {"number": n, "sha256": base64.b64encode(hashlib.sha256(c).digest()).decode()}
                for n, c in enumerate(chunks, 1)]})
        assert status == 200, signed
    etags = []
    for part_url, chunk in zip(signed["parts"], chunks, strict=True):
        assert _signed_by(part_url["url"], box, "PresignFunction")
        response = box.send_as(box.sessions["PresignFunction"], "PUT", part_url["url"],
                               part_url["headers"], chunk)
        assert response.status_code == 200, response.text
        etags.append(response.headers["ETag"])
    with running_as(box, resources, "PresignFunction"):
        status, listed = _api("GET", f"/uploads/multipart/{image_id}/parts",
                              query={"upload_id": upload_id})
        assert status == 200 and [p["number"] for p in listed["parts"]] == [1, 2]
        status, done = _api("POST", f"/uploads/multipart/{image_id}/complete", {
            "upload_id": upload_id, "parts": [
                {"number": n, "etag": etag,
                 "sha256": base64.b64encode(hashlib.sha256(c).digest()).decode()}
                for n, (etag, c) in enumerate(zip(etags, chunks, strict=True), 1)]})
        assert status == 200, done
        status, other = _api("POST", "/uploads/multipart",
                             {**_upload_request(b"y" * (part + 1), "cancelled.jpg"),
                              "content_type": "image/jpeg"})
        assert status == 201, other
        status, _ = _api("DELETE", f"/uploads/multipart/{other['id']}",
                         query={"upload_id": other["upload_id"]})
        assert status == 204
    _resize(box, resources, created["key"], len(data))
    with running_as(box, resources, "PresignFunction"):
        status, image = _api("GET", f"/images/{image_id}")
    assert image["status"] == "ready", image


def test_the_failure_function_records_what_resize_gave_up_on(box, resources):
    from backend.resize.on_failure import handler

    data = _photo(4)
    with running_as(box, resources, "PresignFunction"):
        status, ticket = _api("POST", "/uploads", _upload_request(data, "crashed.jpg"))
        assert status == 201, ticket
        _put_presigned(box, ticket, data)
        status, image = _api("GET", f"/images/{ticket['id']}")
        assert (status, image["status"]) == (200, "pending"), image
    destination_event = {
        "version": "1.0", "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
        "requestContext": {
            "requestId": "e0", "condition": "RetriesExhausted", "approximateInvokeCount": 3,
            "functionArn": f"arn:aws:lambda:{REGION}:123456789012:function:ResizeFunction:$LATEST"},
        "requestPayload": _s3_event(ticket["key"], len(data)),
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST",
                            "functionError": "Unhandled"},
        "responsePayload": {"errorType": "Runtime.OutOfMemory",
                            "errorMessage": "Runtime exited with error: signal: killed"},
    }
    with running_as(box, resources, "ResizeFailuresFunction"):
        handler(destination_event, _Context())
    with running_as(box, resources, "PresignFunction"):
        status, image = _api("GET", f"/images/{ticket['id']}")
    assert image["status"] == "failed" and image["error"], image


def test_albums_work_under_the_api_role(box, resources):
    photo, _ = _uploaded_and_resized(box, resources, 41)
    other, _ = _uploaded_and_resized(box, resources, 42)
    with running_as(box, resources, "PresignFunction"):
        status, album = _api("POST", "/albums", {"name": "Trip"})
        assert status == 201, album
        path = f"/albums/{album['id']}"
        status, added = _api("POST", f"{path}/images", {"ids": [photo, other]})
        assert (status, added["missing"]) == (200, []), added
        status, renamed = _api("PATCH", path, {"name": "Trip 2026", "cover_id": other})
        assert (status, renamed["count"], renamed["cover"]["id"]) == (200, 2, other), renamed
        status, listed = _api("GET", "/albums")
        assert status == 200 and album["id"] in [a["id"] for a in listed["items"]]
        status, _ = _api("DELETE", f"{path}/images", query={"ids": other})
        assert status == 204
        status, page = _api("GET", f"{path}/images")
        assert (status, [i["id"] for i in page["items"]]) == (200, [photo])
        status, _ = _api("DELETE", f"/images/{photo}")  # leaves its albums too
        assert status == 204
        status, page = _api("GET", f"{path}/images")
        assert (status, page["items"]) == (200, [])
        assert _api("DELETE", path)[0] == 204
    left = box.admin.list_objects_v2(Bucket=OUTPUT_BUCKET, Prefix="albums/").get("Contents", [])
    assert left == []


def test_album_shares_work_under_the_api_role(box, resources):
    photo, _ = _uploaded_and_resized(box, resources, 43)
    with running_as(box, resources, "PresignFunction"):
        status, album = _api("POST", "/albums", {"name": "Shared"})
        path = f"/albums/{album['id']}"
        assert _api("POST", f"{path}/images", {"ids": [photo]})[0] == 200
        status, share = _api("POST", f"{path}/shares", {"password": "pw", "allow_originals": True})
        assert status == 201, share
        link = "/s/" + share["url"].rsplit("/s/", 1)[1]
        status, page = _api("GET", link)
        assert status == 200 and "<html" in page
        status, shown = _api("POST", f"{link}/photos", {"password": "pw"})
        assert status == 200 and len(shown["items"]) == 1 and shown["items"][0]["original_url"]
        status, listed = _api("GET", f"{path}/shares")
        assert (status, [entry["id"] for entry in listed["items"]]) == (200, [share["id"]])
        # Guest uploads: the slot and the presigned PUT under the API role...
        status, changed = _api("PATCH", f"/shares/{share['id']}", {"allow_uploads": True})
        assert status == 200 and changed["allow_uploads"], changed
        data = _photo(200)  # 43 and 44 encode to the same JPEG bytes
        status, guest = _api("POST", f"{link}/uploads", {"password": "pw", "name": "Anna",
                                                         "files": [_upload_request(data, "g.jpg")]})
        assert status == 200 and guest["items"][0]["status"] == "upload", guest
        status, listed = _api("GET", f"{path}/shares")
        assert listed["items"][0]["uploads_used"] == 1
    # ...and its membership by resize's, once it is ready.
    _put_presigned(box, guest["items"][0], data)
    key = urllib.parse.unquote(urllib.parse.urlsplit(guest["items"][0]["upload"]["url"]).path)
    _resize(box, resources, key[key.index("input/"):], len(data))
    with running_as(box, resources, "PresignFunction"):
        status, shown = _api("POST", f"{link}/photos", {"password": "pw"})
        assert status == 200 and len(shown["items"]) == 2, shown
        assert _api("DELETE", f"/shares/{share['id']}")[0] == 204
        assert _api("GET", link)[0] == 410
        assert _api("DELETE", path)[0] == 204
