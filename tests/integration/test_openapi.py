"""The running local backend against backend/openapi.yaml, with schemathesis.

Requests are generated from the schema (valid ones, and ones that break it), sent over
real HTTP to the Function URL adapter in front of the real presign handler, and every
answer must be documented: no 5xx, declared status codes, bodies and headers that
conform. Bounded so it stays well under a minute.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import time
from pathlib import Path

import pytest
import requests
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from PIL import Image
from schemathesis import DataGenerationMethod, GenerationConfig, HeaderConfig
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backend.common import error_codes

OPENAPI = Path(__file__).resolve().parents[2] / "backend" / "openapi.yaml"
# Not negative_data_rejection: the API deliberately accepts more than the schema promises
# (e.g. "IMAGE/JPEG; charset=x"), and it has its own unit tests for every refusal.
CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance)
# Header values stay HTTP (visible ASCII and spaces): the HTTP server in front (h11
# locally, Lambda's front end on AWS) answers a control character in a header with its own
# 400 before the API sees the request.
HTTP_HEADER_VALUES = GenerationConfig(headers=HeaderConfig(strategy=st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1)))


def _poll_until_processed(status_url: str, auth: dict) -> requests.Response:
    for _ in range(200):  # a bound on polling, not a timing assertion
        response = requests.get(status_url, headers=auth, timeout=10)
        if response.status_code != 200 or response.json()["status"] != "pending":
            return response
        time.sleep(0.1)
    return response


def _unique_jpeg() -> bytes:
    """A small JPEG no other test uploads (so the API answers with an upload, not a duplicate)."""
    picture = io.BytesIO()
    Image.frombytes("RGB", (64, 48), os.urandom(64 * 48 * 3)).save(picture, "JPEG")
    return picture.getvalue()


def test_a_processed_upload_conforms_everywhere_it_appears(local_backend):
    """Runs first so the gallery holds a real ready image while the schema is explored."""
    data = _unique_jpeg()
    base, auth = local_backend["api_url"], {"Authorization": f"Bearer {local_backend['token']}"}
    api = schemathesis.from_path(str(OPENAPI), base_url=base)
    file = {"filename": "red flower.jpg", "content_type": "image/jpeg", "size": len(data),
            "sha256": base64.b64encode(hashlib.sha256(data).digest()).decode()}
    ticket = requests.post(f"{base}/uploads", headers=auth, timeout=10, json=file)
    assert ticket.status_code == 201, ticket.text
    api["/uploads"]["POST"].validate_response(ticket)
    upload = ticket.json()["upload"]
    put = requests.put(upload["url"], data=data, headers=upload["headers"], timeout=10)
    assert put.status_code == 200, put.text
    image_id = ticket.json()["id"]

    status = _poll_until_processed(ticket.json()["status_url"], auth)
    api["/images/{id}"]["GET"].validate_response(status)
    assert (status.json()["status"], status.json()["filename"]) == ("ready", "red flower.jpg")
    gallery = requests.get(f"{base}/images", headers=auth, timeout=10)
    api["/images"]["GET"].validate_response(gallery)
    assert image_id in [item["id"] for item in gallery.json()["items"]]

    # The same image through every other route that shows it.
    answers = {
        ("/config", "GET"): requests.get(f"{base}/config", headers=auth, timeout=10),
        ("/uploads", "POST"): requests.post(f"{base}/uploads", headers=auth, timeout=10,
                                            json=file),
        ("/uploads/batch", "POST"): requests.post(
            f"{base}/uploads/batch", headers=auth, timeout=10,
            json={"files": [file, {**file, "content_type": "text/plain"}]}),
        ("/images", "GET"): requests.get(f"{base}/images", headers=auth, timeout=10,
                                         params={"ids": f"{image_id},{image_id[::-1]}"}),
        ("/images/{id}/original", "GET"): requests.get(f"{base}/images/{image_id}/original",
                                                       headers=auth, timeout=10),
        ("/images/{id}/link", "GET"): requests.get(f"{base}/images/{image_id}/link",
                                                   headers=auth, timeout=10),
    }
    for (path, method), response in answers.items():
        assert response.status_code == 200, (path, response.text)
        api[path][method].validate_response(response)
    assert answers["/uploads", "POST"].json()["status"] == "duplicate"
    assert [item["status"] for item in answers["/uploads/batch", "POST"].json()["items"]] == [
        "duplicate", "error"]
    filtered = requests.get(f"{base}/images", headers=auth, timeout=10,
                            params={"q": "RED FLOWER"})
    api["/images"]["GET"].validate_response(filtered)
    assert image_id in [item["id"] for item in filtered.json()["items"]]


def test_a_multipart_upload_conforms_at_every_step(local_backend):
    data = _unique_jpeg()  # one part (the last part may be smaller than 5 MiB)
    base, auth = local_backend["api_url"], {"Authorization": f"Bearer {local_backend['token']}"}
    api = schemathesis.from_path(str(OPENAPI), base_url=base)

    def sha(chunk: bytes) -> str:
        return base64.b64encode(hashlib.sha256(chunk).digest()).decode()

    created = requests.post(f"{base}/uploads/multipart", headers=auth, timeout=10, json={
        "filename": "big.jpg", "content_type": "image/jpeg", "size": len(data), "sha256": sha(data)})
    assert created.status_code == 201, created.text
    api["/uploads/multipart"]["POST"].validate_response(created)
    ticket = created.json()
    assert ticket["part_count"] == 1
    chunks = [data]
    path = f"{base}/uploads/multipart/{ticket['id']}"
    signed = requests.post(f"{path}/parts", headers=auth, timeout=10, json={
        "upload_id": ticket["upload_id"], "size": len(data), "part_bytes": ticket["part_bytes"],
        "parts": [{"number": n, "sha256": sha(c)} for n, c in enumerate(chunks, start=1)]})
    api["/uploads/multipart/{id}/parts"]["POST"].validate_response(signed)
    done = []
    for part, chunk in zip(signed.json()["parts"], chunks):
        put = requests.put(part["url"], data=chunk, headers=part["headers"], timeout=30)
        assert put.status_code == 200, put.text
        done.append({"number": part["number"], "etag": put.headers["ETag"],
                     "sha256": part["headers"]["x-amz-checksum-sha256"]})
    listed = requests.get(f"{path}/parts", headers=auth, timeout=10,
                          params={"upload_id": ticket["upload_id"]})
    api["/uploads/multipart/{id}/parts"]["GET"].validate_response(listed)
    assert [p["size"] for p in listed.json()["parts"]] == [len(c) for c in chunks]
    completed = requests.post(f"{path}/complete", headers=auth, timeout=10,
                              json={"upload_id": ticket["upload_id"], "parts": done})
    assert completed.status_code == 200, completed.text
    api["/uploads/multipart/{id}/complete"]["POST"].validate_response(completed)
    status = _poll_until_processed(ticket["status_url"], auth)
    assert status.json()["status"] == "ready", status.text
    assert status.json()["sha256"] == hashlib.sha256(data).hexdigest()


@pytest.fixture
def api_schema(local_backend):
    return schemathesis.from_path(
        str(OPENAPI), base_url=local_backend["api_url"],
        data_generation_methods=[DataGenerationMethod.positive, DataGenerationMethod.negative],
        generation_config=HTTP_HEADER_VALUES,
    )


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_every_generated_request_gets_a_documented_answer(case, local_backend):
    response = case.call(headers={"Authorization": f"Bearer {local_backend['token']}"},
                         timeout=10)
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_without_the_token_every_operation_is_a_documented_401(case, local_backend):
    response = case.call(headers={"Authorization": "Bearer not-the-token"}, timeout=10)
    if case.operation.definition.raw.get("security") == []:
        # What a share link opens (documented as needing no token): a token, right or wrong,
        # changes nothing; the answer is about the link.
        assert case.operation.path.startswith("/s/")
    else:
        assert response.status_code == 401
    case.validate_response(response, checks=CHECKS)


def test_the_documented_error_codes_are_the_declared_ones():
    """openapi.yaml's ErrorCode enum holds exactly the codes backend/common/error_codes.py
    declares (a code added to one and not the other fails here, not in a client)."""
    spec = yaml.safe_load(OPENAPI.read_text())
    assert spec["components"]["schemas"]["ErrorCode"]["enum"] == sorted(error_codes.CODES)
    for code, template in error_codes.TEMPLATES.items():  # each sentence fills in cleanly
        params = {name: 1 for name in error_codes.fields(template)}
        assert error_codes.reason(code, **params).message.endswith(".")
