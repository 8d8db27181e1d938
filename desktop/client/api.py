"""ApiClient: the one object that talks HTTP to the presign API (and to S3 for it).

One requests.Session gives connection pooling to every worker thread. The
bearer token goes only on API requests, never on presigned S3 URLs (the URL's
signature is the credential there, and the token must not leak to storage).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from .api_errors import ApiError, from_exception, from_response, not_thumbdrop

DOWNLOAD_CHUNK = 256 * 1024


@dataclass(frozen=True)
class ImageInfo:
    id: str
    status: str
    error: str | None
    filename: str
    width: int | None
    height: int | None
    bytes: int | None
    created_at: str
    thumbnail_url: str | None
    large_url: str | None

    @classmethod
    def from_json(cls, body: dict) -> ImageInfo:
        if body["status"] not in ("pending", "ready", "failed"):
            raise ValueError(f"unknown status {body['status']!r}")
        return cls(id=str(body["id"]), status=body["status"], error=body.get("error"),
                   filename=str(body.get("filename") or ""), width=body.get("width"),
                   height=body.get("height"), bytes=body.get("bytes"),
                   created_at=str(body.get("created_at") or ""),
                   thumbnail_url=body.get("thumbnail_url"), large_url=body.get("large_url"))


@dataclass(frozen=True)
class UploadTicket:
    id: str
    key: str
    method: str
    url: str
    headers: dict[str, str]
    expires_at: str
    status_url: str
    thumbnail_url: str
    large_url: str

    @classmethod
    def from_json(cls, body: dict) -> UploadTicket:
        upload = body["upload"]
        headers = {str(k): str(v) for k, v in upload["headers"].items()}
        return cls(id=str(body["id"]), key=str(body["key"]), method=str(upload["method"]),
                   url=str(upload["url"]), headers=headers, expires_at=str(body["expires_at"]),
                   status_url=str(body["status_url"]), thumbnail_url=str(body["thumbnail_url"]),
                   large_url=str(body["large_url"]))


@dataclass(frozen=True)
class ConnectionCheck:
    kind: str       # "ok" | "unauthorized" | "not_thumbdrop" | "unreachable"
    message: str


class ApiClient:
    """Thread-safe to share between the engine's workers and the gallery's loaders."""

    def __init__(self, base_url: str, token: str, *, timeout: tuple[float, float] = (5, 30),
                 pool_size: int = 32):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._token = token
        self._session = requests.Session()
        # pool_size bounds the kept-alive connections per host; it must exceed the
        # engine's concurrency plus the gallery's loaders or connections churn.
        adapter = HTTPAdapter(pool_connections=8, pool_maxsize=pool_size, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    # -- API routes -----------------------------------------------------------------

    def create_upload(self, filename: str, content_type: str, size: int,
                      sha256_b64: str) -> UploadTicket:
        # allow_duplicates: this client always uploads (API v1 behaviour) until it learns
        # to show the "already in the gallery" answer of API v2.
        body = self._call("POST", "/uploads", json={
            "filename": filename, "content_type": content_type, "size": size,
            "sha256": sha256_b64, "allow_duplicates": True})
        return self._parse(UploadTicket.from_json, body)

    def get_image(self, image_id: str) -> ImageInfo:
        return self._parse(ImageInfo.from_json, self._call("GET", f"/images/{image_id}"))

    def list_images(self, limit: int = 50,
                    cursor: str | None = None) -> tuple[list[ImageInfo], str | None]:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        body = self._call("GET", "/images", params=params)

        def parse(page: dict) -> tuple[list[ImageInfo], str | None]:
            return [ImageInfo.from_json(item) for item in page["items"]], page["next_cursor"]
        return self._parse(parse, body)

    def delete_image(self, image_id: str) -> None:
        self._call("DELETE", f"/images/{image_id}", expect_json=False)

    def check_connection(self) -> ConnectionCheck:
        try:
            self.list_images(limit=1)
        except ApiError as error:
            if error.status == 401:
                return ConnectionCheck("unauthorized", str(error))
            if error.transient:
                return ConnectionCheck("unreachable", str(error))
            return ConnectionCheck("not_thumbdrop", str(not_thumbdrop(self.base_url)))
        return ConnectionCheck("ok", "Connected: the API answered and accepted the token.")

    # -- presigned URLs (no bearer token) -------------------------------------------

    def put_upload(self, ticket: UploadTicket, body: Iterable[bytes]) -> requests.Response:
        """Sends `body` with exactly the ticket's headers. Raises what requests raises
        (and whatever the body iterator raises); the caller judges the response."""
        return self._session.request(ticket.method, ticket.url, data=body,
                                     headers=dict(ticket.headers), timeout=self.timeout)

    def download(self, url: str, dest: Path) -> None:
        """Streams url to dest through a temp file in the same folder, then renames,
        so a reader never sees half a file."""
        dest = Path(dest)
        where = "the image storage"
        try:
            with self._session.get(url, stream=True, timeout=self.timeout) as response:
                if response.status_code != 200:
                    raise ApiError(
                        f"The download failed ({response.status_code}); the link may have "
                        "expired. Refresh the gallery and try again.",
                        status=response.status_code, code="download_failed")
                fd, temp = tempfile.mkstemp(prefix=".part-", dir=dest.parent)
                try:
                    with os.fdopen(fd, "wb") as handle:
                        for chunk in response.iter_content(DOWNLOAD_CHUNK):
                            handle.write(chunk)
                    os.replace(temp, dest)
                except BaseException:
                    os.unlink(temp)
                    raise
        except requests.RequestException as exc:
            raise from_exception(exc, where, "Check your network and try again.",
                                 self.timeout[1]) from None
        except OSError as exc:
            raise ApiError(f"Couldn't save {dest.name} in {dest.parent} "
                           f"({exc.strerror or exc}). Check that the folder exists and the "
                           "disk has space.", code="save_failed") from None

    def close(self) -> None:
        self._session.close()

    # -- plumbing ---------------------------------------------------------------------

    def _call(self, method: str, path: str, *, expect_json: bool = True, **kwargs) -> Any:
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
        if "json" in kwargs:
            # Behind the CloudFront front door (docs/DEPLOY.md) Lambda accepts a body only with
            # its SHA-256 in this header, so the body is serialised here, once, and hashed.
            body = json.dumps(kwargs.pop("json")).encode("utf-8")
            headers["Content-Type"] = "application/json"
            headers["x-amz-content-sha256"] = hashlib.sha256(body).hexdigest()
            kwargs["data"] = body
        try:
            response = self._session.request(method, self.base_url + path, headers=headers,
                                             timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise from_exception(
                exc, f"the Thumbdrop API at {self.base_url}",
                "Check the endpoint in Settings or your network.", self.timeout[1]) from None
        if not 200 <= response.status_code < 300:
            raise from_response(response, self.base_url)
        if not expect_json:
            return None
        try:
            return response.json()
        except ValueError:
            raise not_thumbdrop(self.base_url) from None

    def _parse(self, parse, body: Any):
        try:
            return parse(body)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise not_thumbdrop(self.base_url) from None
