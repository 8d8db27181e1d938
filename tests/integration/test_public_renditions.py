"""`thumbdrop-backend --public-renditions`: the built-in backend's version of the template's
`OutputAccess: public`. Anyone may GET thumbnails/ and large/ of the output bucket, so share
links last; nothing else of the store opens to a caller without credentials: not the records
(index/), not the digests, not the originals, no listing, no writes. Without the flag at the
next start, the renditions are private again.
"""

from __future__ import annotations

import hashlib
import json

import pytest
import requests
from helpers import Api, BackendProcess, store_client
from imagegen import jpeg

from backend.common import layout

UPLOAD_BUCKET, OUTPUT_BUCKET = "thumbdrop-upload", "thumbdrop-output"
REFUSED = 403


@pytest.fixture(scope="module")
def shared(public_backend):
    """One photo uploaded through the API and resized: (image as the API shows it, its bytes)."""
    data = jpeg((400, 300))
    api = Api(public_backend)
    try:
        ticket = api.upload("shared.jpg", "image/jpeg", data)
        image = api.wait_done(ticket["id"])
    finally:
        api.close()
    assert image["status"] == "ready", image
    return image, data


def anonymous(method: str, url: str, **kwargs) -> requests.Response:
    """A plain HTTP request with no credentials of any kind, as a browser or chat app sends."""
    return requests.request(method, url, timeout=10, **kwargs)


def test_the_api_says_public_and_gives_lasting_rendition_urls_anyone_can_get(
        public_backend, shared):
    image, _ = shared
    endpoint = public_backend["s3_endpoint"]
    api = Api(public_backend)
    try:
        config = api.session.get(f"{api.base}/config", timeout=10).json()
        link = api.session.get(f"{api.base}/images/{image['id']}/link", timeout=10).json()
    finally:
        api.close()
    assert config["output_access"] == "public"
    expected = {"thumbnail_url": layout.thumbnail_key(image["id"]),
                "large_url": layout.large_key(image["id"])}
    for name, key in expected.items():
        assert image[name] == f"{endpoint}/{OUTPUT_BUCKET}/{key}"  # path style, no signature
    assert link == {"url": image["large_url"], "permanent": True, "expires_at": None}
    for url in (image["thumbnail_url"], image["large_url"]):
        answer = anonymous("GET", url)
        assert answer.status_code == 200, answer.text
        assert answer.content[:4] == b"RIFF" and answer.content[8:12] == b"WEBP"
        assert anonymous("HEAD", url).status_code == 200


def test_records_digests_originals_listings_and_writes_stay_private(public_backend, shared):
    image, data = shared
    image_id, endpoint = image["id"], public_backend["s3_endpoint"]
    store = store_client(public_backend["data_dir"], endpoint)
    private = [(OUTPUT_BUCKET, layout.record_key(image_id)),
               (OUTPUT_BUCKET, layout.digest_key(hashlib.sha256(data).hexdigest())),
               (UPLOAD_BUCKET, layout.input_key(image_id))]
    try:
        for bucket, key in private:  # they exist: a refusal below is not a 404 in disguise
            store.head_object(Bucket=bucket, Key=key)
            for method in ("GET", "HEAD"):
                answer = anonymous(method, f"{endpoint}/{bucket}/{key}")
                assert answer.status_code == REFUSED, (method, key, answer.status_code)

        # No listing: not of a bucket, not of the public prefixes, not of the buckets.
        for bucket in (OUTPUT_BUCKET, UPLOAD_BUCKET):
            for params in ({"list-type": "2"}, {"list-type": "2", "prefix": "thumbnails/"},
                           {"prefix": "large/"}, {"uploads": ""}):
                answer = anonymous("GET", f"{endpoint}/{bucket}", params=params)
                assert answer.status_code == REFUSED, (bucket, params, answer.status_code)
        assert anonymous("GET", f"{endpoint}/").status_code == REFUSED
        # A "folder" under a public prefix answers as an empty object, never with its keys.
        shard_folder = layout.thumbnail_key(image_id).rsplit("/", 1)[0] + "/"
        for params in ({}, {"list-type": "2"}, {"delimiter": "/"}):
            answer = anonymous("GET", f"{endpoint}/{OUTPUT_BUCKET}/{shard_folder}",
                               params=params)
            assert image_id.encode() not in answer.content, answer.content[:200]

        # No writes: not over a rendition, not beside one, not deleting one.
        thumbnail = layout.thumbnail_key(image_id)
        before = store.get_object(Bucket=OUTPUT_BUCKET, Key=thumbnail)["Body"].read()
        new_key = thumbnail.replace(image_id, image_id[::-1])
        for method, key in (("PUT", thumbnail), ("PUT", new_key), ("DELETE", thumbnail),
                            ("POST", f"{thumbnail}?uploads")):
            answer = anonymous(method, f"{endpoint}/{OUTPUT_BUCKET}/{key}", data=b"defaced")
            assert answer.status_code == REFUSED, (method, key, answer.status_code)
        assert store.get_object(Bucket=OUTPUT_BUCKET, Key=thumbnail)["Body"].read() == before
        assert "Contents" not in store.list_objects_v2(Bucket=OUTPUT_BUCKET, Prefix=new_key)
    finally:
        store.close()


def test_a_data_dir_started_public_is_private_again_when_started_without_the_flag(tmp_path):
    data_dir = tmp_path / "data"
    backend = BackendProcess(data_dir, "--public-renditions")
    api = Api(backend.start())
    try:
        image = api.wait_done(api.upload("once-public.jpg", "image/jpeg", jpeg())["id"])
        assert anonymous("GET", image["large_url"]).status_code == 200
    finally:
        api.close()
        assert backend.stop() == 0, backend.log_tail()

    backend = BackendProcess(data_dir)
    info = backend.start()
    api = Api(info)
    try:
        # The same link on this start's S3 port (weed's ports are picked at each start).
        url = f"{info['s3_endpoint']}/{OUTPUT_BUCKET}/{layout.large_key(image['id'])}"
        assert anonymous("GET", url).status_code == REFUSED
        assert api.session.get(f"{api.base}/config", timeout=10).json()["output_access"] == \
            "presigned"
        presigned = api.image(image["id"])["large_url"]
        assert "X-Amz-Signature=" in presigned and anonymous("GET", presigned).status_code == 200
        identities = json.loads((data_dir / "s3.json").read_text())["identities"]
        assert [identity["name"] for identity in identities] == ["thumbdrop"]
    finally:
        api.close()
        assert backend.stop() == 0, backend.log_tail()


def test_links_outlast_a_restart_because_the_data_dir_keeps_its_ports(tmp_path):
    # A public link handed out before a restart names the S3 port, a colleague's settings the
    # API port: the next start on the same data dir comes up on the same ones.
    data_dir = tmp_path / "data"
    backend = BackendProcess(data_dir, "--public-renditions")
    first = backend.start()
    api = Api(first)
    try:
        image = api.wait_done(api.upload("lasting.jpg", "image/jpeg", jpeg())["id"])
    finally:
        api.close()
        assert backend.stop() == 0, backend.log_tail()

    backend = BackendProcess(data_dir, "--public-renditions")
    again = backend.start()
    try:
        assert (again["api_url"], again["s3_endpoint"]) == (first["api_url"],
                                                            first["s3_endpoint"])
        answer = anonymous("GET", image["large_url"])
        assert answer.status_code == 200 and answer.content[8:12] == b"WEBP"
    finally:
        assert backend.stop() == 0, backend.log_tail()
