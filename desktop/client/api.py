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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter

from backend.common import ids

from .albums import Added, Album, albums_from_json
from .api_errors import (
    ApiError,
    api_at,
    from_exception,
    from_response,
    invalid_id,
    not_thumbdrop,
)
from .failures import Failure, from_server, renditions_not_ready
from .i18n import translate
from .server_config import ServerConfig
from .shares import Share, ShareOptions, shares_from_json

DOWNLOAD_CHUNK = 256 * 1024


class InvalidId(ValueError):
    """The server named an image id that is not of its own id pattern: never used."""

    def __init__(self, image_id: object):
        super().__init__(repr(image_id))
        self.image_id = image_id


def checked_id(image_id: object) -> str:
    """`image_id` when it has the server's id pattern (26 characters of Crockford base32), so it
    is safe as a file name and as a URL path segment; else InvalidId."""
    if not isinstance(image_id, str) or not ids.is_valid(image_id):
        raise InvalidId(image_id)
    return image_id


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
    content_type: str | None = None
    sha256: str | None = None  # hex, as the status record holds it
    # A failed image's reason (backend/common/error_codes.py); None from older servers,
    # whose `error` sentence is all there is.
    error_code: str | None = None
    error_params: dict | None = field(default=None, hash=False)
    # status "duplicate": the image with the same bytes that became ready first.
    duplicate_of: str | None = None
    # What the camera knew (backend/resize/camera_facts.py): taken_at is local ISO 8601, with
    # its offset only when the file stated one; None from older servers and older images.
    taken_at: str | None = None
    taken_at_source: str | None = None  # exif | xmp | file | upload
    camera: dict | None = field(default=None, hash=False, compare=False)
    location: dict | None = field(default=None, hash=False, compare=False)
    # Sent by a guest through a shared album's link: {"name": the name they gave, or None}.
    guest: dict | None = field(default=None, hash=False, compare=False)

    @property
    def failure(self) -> Failure | None:
        """Why it failed, rendered in the language shown (the server's English as fallback)."""
        if self.error is None and self.error_code is None:
            return None
        return from_server(self.error_code, self.error_params, self.error)

    @classmethod
    def from_json(cls, body: dict) -> ImageInfo:
        if body["status"] not in ("pending", "ready", "failed", "duplicate"):
            raise ValueError(f"unknown status {body['status']!r}")
        return cls(id=checked_id(body["id"]), status=body["status"], error=body.get("error"),
                   filename=str(body.get("filename") or ""), width=body.get("width"),
                   height=body.get("height"), bytes=body.get("bytes"),
                   created_at=str(body.get("created_at") or ""),
                   thumbnail_url=body.get("thumbnail_url"), large_url=body.get("large_url"),
                   content_type=body.get("content_type"), sha256=body.get("sha256"),
                   error_code=_text_or_none(body.get("error_code")),
                   error_params=body.get("error_params") if isinstance(
                       body.get("error_params"), dict) else None,
                   duplicate_of=None if body.get("duplicate_of") is None
                   else checked_id(body["duplicate_of"]),
                   taken_at=_text_or_none(body.get("taken_at")),
                   taken_at_source=_text_or_none(body.get("taken_at_source")),
                   camera=_dict_or_none(body.get("camera")),
                   location=_dict_or_none(body.get("location")),
                   guest=_dict_or_none(body.get("guest")))


def _share_path(share_id: str) -> str:
    if not share_id.isalnum():
        raise ValueError(f"not a share id: {share_id!r}")
    return f"/shares/{share_id}"


def _dict_or_none(value: object) -> dict | None:
    return value if isinstance(value, dict) else None


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def image_page(page: dict) -> tuple[list[ImageInfo], str | None]:
    """A page of Images and the cursor to go on from (None on the last page)."""
    return [ImageInfo.from_json(item) for item in page["items"]], page["next_cursor"]


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
        return cls(id=checked_id(body["id"]), key=str(body["key"]), method=str(upload["method"]),
                   url=str(upload["url"]), headers=headers, expires_at=str(body["expires_at"]),
                   status_url=str(body["status_url"]), thumbnail_url=str(body["thumbnail_url"]),
                   large_url=str(body["large_url"]))


@dataclass(frozen=True)
class Duplicate:
    """The gallery already holds these bytes: `image` is the image that has them."""

    image: ImageInfo


@dataclass(frozen=True)
class ItemError:
    """One file of a batch refused on its own (`code` is the API's error category)."""

    code: str
    message: str
    failure: Failure  # the reason as the server named it (its code, params, English)


@dataclass(frozen=True)
class UploadRequest:
    filename: str
    content_type: str
    size: int
    sha256: str  # base64
    # The file's mtime with this computer's UTC offset: the date taken when the file has none.
    file_time: str | None = None
    keep_location: bool = False  # Settings: keep the photo's GPS position

    def as_json(self) -> dict:
        body = {"filename": self.filename, "content_type": self.content_type,
                "size": self.size, "sha256": self.sha256}
        if self.file_time:
            body["file_time"] = self.file_time
        if self.keep_location:
            body["keep_location"] = True
        return body


def file_time(mtime_ns: int) -> str:
    """An mtime as the API's file_time: local time with this computer's offset, seconds."""
    moment = datetime.fromtimestamp(mtime_ns / 1e9).astimezone()
    return moment.replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class MultipartTicket:
    id: str
    key: str
    upload_id: str
    part_bytes: int
    part_count: int

    @classmethod
    def from_json(cls, body: dict) -> MultipartTicket:
        return cls(id=checked_id(body["id"]), key=str(body["key"]),
                   upload_id=str(body["upload_id"]),
                   part_bytes=int(body["part_bytes"]), part_count=int(body["part_count"]))


@dataclass(frozen=True)
class SignedPart:
    number: int
    url: str
    headers: dict[str, str]
    expires_at: str


@dataclass(frozen=True)
class StoredPart:
    number: int
    size: int
    etag: str


@dataclass(frozen=True)
class Original:
    url: str
    filename: str
    bytes: int | None
    content_type: str | None


@dataclass(frozen=True)
class Link:
    """A shareable URL of a rendition: permanent (public output) or alive until expires_at."""

    url: str
    permanent: bool
    expires_at: str | None

    @classmethod
    def from_json(cls, body: dict) -> Link:
        permanent = body["permanent"]
        if not isinstance(permanent, bool):
            raise TypeError("permanent must be true or false")
        expires_at = body.get("expires_at")
        if not permanent and not expires_at:
            raise ValueError("a link that is not permanent must say when it expires")
        return cls(url=_http_url(body["url"]), permanent=permanent,
                   expires_at=str(expires_at) if expires_at else None)


def _http_url(value: object) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ValueError("not an http(s) URL")
    return value


PresignAnswer = UploadTicket | Duplicate | ItemError


def _presign_answer(body: dict) -> PresignAnswer:
    status = body.get("status")
    if status == "upload":
        return UploadTicket.from_json(body)
    if status == "duplicate":
        return Duplicate(ImageInfo.from_json(body["image"]))
    if status == "error":
        message = str(body.get("message") or "")
        return ItemError(str(body.get("error") or "error"), message,
                         from_server(body.get("code"), body.get("params"), message))
    raise ValueError(f"unknown presign status {status!r}")


@dataclass(frozen=True)
class ConnectionCheck:
    kind: str       # "ok" | "unauthorized" | "not_thumbdrop" | "unreachable"
    message: str


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class ApiClient:
    """Thread-safe to share between the engine's workers and the gallery's loaders."""

    def __init__(self, base_url: str, token: str, *, timeout: tuple[float, float] = (5, 30),
                 pool_size: int = 32, proxy: str | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._token = token
        self._session = requests.Session()
        if proxy:  # else requests follows HTTP(S)_PROXY from the environment
            self._session.proxies = {"http": proxy, "https": proxy}
        # pool_size bounds the kept-alive connections per host; it must exceed the
        # engine's concurrency plus the gallery's loaders or connections churn.
        adapter = HTTPAdapter(pool_connections=8, pool_maxsize=pool_size, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    # -- API routes -----------------------------------------------------------------

    def get_config(self) -> ServerConfig:
        return self._parse(ServerConfig.from_json, self._call("GET", "/config"))

    def create_uploads(self, files: list[UploadRequest], *,
                       allow_duplicates: bool = False) -> list[PresignAnswer]:
        """One request for many files (at most the server's max_batch); one answer per file,
        in order."""
        body = self._call("POST", "/uploads/batch", json={
            "files": [f.as_json() for f in files], "allow_duplicates": allow_duplicates})

        def parse(answer: dict) -> list[PresignAnswer]:
            items = [_presign_answer(item) for item in answer["items"]]
            if len(items) != len(files):
                raise ValueError("the batch answer does not match the request")
            return items
        return self._parse(parse, body)

    def held_digests(self, digests: list[str]) -> dict[str, str]:
        """POST /uploads/check for at most the server's max_batch digests (base64): those the
        gallery already holds, each with the id of its image. No bytes are sent."""
        body = self._call("POST", "/uploads/check", json={"sha256": digests})

        def parse(answer: dict) -> dict[str, str]:
            return {str(item["sha256"]): checked_id(item["id"])
                    for item in answer["items"] if item["id"] is not None}
        return self._parse(parse, body)

    def create_multipart(self, file: UploadRequest, *,
                         allow_duplicates: bool = False) -> MultipartTicket | Duplicate:
        request = file.as_json()
        if allow_duplicates:
            request["allow_duplicates"] = True

        def parse(answer: dict) -> MultipartTicket | Duplicate:
            if answer.get("status") == "duplicate":
                return Duplicate(ImageInfo.from_json(answer["image"]))
            return MultipartTicket.from_json(answer)
        return self._parse(parse, self._call("POST", "/uploads/multipart", json=request))

    def sign_parts(self, image_id: str, upload_id: str, size: int,
                   parts: list[tuple[int, str]]) -> list[SignedPart]:
        """Presigned PUT URLs for parts (number, base64 sha256), each signing its length and
        checksum."""
        body = self._call("POST", self._id_path("/uploads/multipart", image_id, "parts"), json={
            "upload_id": upload_id, "size": size,
            "parts": [{"number": number, "sha256": digest} for number, digest in parts]})

        def parse(answer: dict) -> list[SignedPart]:
            return [SignedPart(int(p["number"]), str(p["url"]),
                               {str(k): str(v) for k, v in p["headers"].items()},
                               str(p.get("expires_at") or "")) for p in answer["parts"]]
        return self._parse(parse, body)

    def list_parts(self, image_id: str, upload_id: str) -> list[StoredPart]:
        body = self._call("GET", self._id_path("/uploads/multipart", image_id, "parts"),
                          params={"upload_id": upload_id})
        return self._parse(lambda answer: [
            StoredPart(int(p["number"]), int(p["size"]), str(p["etag"]))
            for p in answer["parts"]], body)

    def complete_multipart(self, image_id: str, upload_id: str,
                           parts: list[tuple[int, str, str]]) -> None:
        """parts: (number, etag, base64 sha256), in order."""
        self._call("POST", self._id_path("/uploads/multipart", image_id, "complete"), json={
            "upload_id": upload_id,
            "parts": [{"number": n, "etag": etag, "sha256": digest}
                      for n, etag, digest in parts]})

    def abort_multipart(self, image_id: str, upload_id: str) -> None:
        self._call("DELETE", self._id_path("/uploads/multipart", image_id),
                   params={"upload_id": upload_id}, expect_json=False)

    def get_image(self, image_id: str) -> ImageInfo:
        return self._parse(ImageInfo.from_json,
                           self._call("GET", self._id_path("/images", image_id)))

    def rendition_url(self, image: ImageInfo, kind: str) -> str:
        """The link to a rendition ("thumbnail" or "large") of `image`: the one it came with,
        or (an image from the queue file, which keeps ids, never presigned links) a fresh one
        from the API. Blocking: call it on a worker."""
        attribute = "thumbnail_url" if kind == "thumbnail" else "large_url"
        url = getattr(image, attribute) or getattr(self.get_image(image.id), attribute)
        if not url:
            raise ApiError(renditions_not_ready(image.filename or image.id),
                           code="not_ready")
        return url

    def get_images(self, image_ids: list[str]) -> tuple[list[ImageInfo], list[str]]:
        """Batch status (at most the server's max_batch ids): (images, ids not found)."""
        body = self._call("GET", "/images", params={"ids": ",".join(image_ids)})
        return self._parse(lambda answer: (
            [ImageInfo.from_json(item) for item in answer["items"]],
            [str(i) for i in answer.get("missing", [])]), body)

    def get_original(self, image_id: str) -> Original:
        """Where to download the original; ApiError code "gone" (410) once it has expired."""
        body = self._call("GET", self._id_path("/images", image_id, "original"))
        return self._parse(lambda answer: Original(
            _http_url(answer["url"]), str(answer.get("filename") or ""), answer.get("bytes"),
            answer.get("content_type")), body)

    def list_images(self, limit: int = 50, cursor: str | None = None,
                    query: str | None = None,
                    selection: dict[str, str] | None = None) -> tuple[list[ImageInfo], str | None]:
        """One page of ready images, newest first; `query` keeps those whose filename contains
        it (the server compares case-insensitively); `selection` is the order and the date,
        camera and lens filters as query parameters (gallery_listing.Selection.params). A
        filtered page may hold fewer than `limit` images and still have a cursor to go on
        from."""
        params: dict[str, Any] = {"limit": limit, **(selection or {})}
        if cursor:
            params["cursor"] = cursor
        if query:
            params["q"] = query
        body = self._call("GET", "/images", params=params)

        def parse(page: dict) -> tuple[list[ImageInfo], str | None]:
            return [ImageInfo.from_json(item) for item in page["items"]], page["next_cursor"]
        return self._parse(parse, body)

    def facets(self) -> tuple[list[str], list[str]]:
        """The cameras and the lenses the gallery's photos were taken with."""
        def parse(answer: dict) -> tuple[list[str], list[str]]:
            return ([str(name) for name in answer["cameras"]],
                    [str(name) for name in answer["lenses"]])
        return self._parse(parse, self._call("GET", "/images/facets"))

    def delete_image(self, image_id: str) -> None:
        self._call("DELETE", self._id_path("/images", image_id), expect_json=False)

    def get_link(self, image_id: str, rendition: str = "large",
                 expires_in: int | None = None) -> Link:
        """A shareable URL; the server caps `expires_in` at its max_link_seconds."""
        params: dict[str, Any] = {"rendition": rendition}
        if expires_in is not None:
            params["expires_in"] = int(expires_in)
        body = self._call("GET", self._id_path("/images", image_id, "link"), params=params)
        return self._parse(Link.from_json, body)

    # -- albums (backend/presign/albums.py; the types in desktop/client/albums.py) ---------

    def list_albums(self) -> list[Album]:
        return self._parse(albums_from_json, self._call("GET", "/albums"))

    def create_album(self, name: str) -> Album:
        return self._parse(Album.from_json, self._call("POST", "/albums", json={"name": name}))

    def get_album(self, album_id: str) -> Album:
        return self._parse(Album.from_json, self._call("GET", self._id_path("/albums", album_id)))

    def change_album(self, album_id: str, **change: str | None) -> Album:
        """name= and/or cover_id= (None: the newest photo is the cover)."""
        return self._parse(Album.from_json, self._call(
            "PATCH", self._id_path("/albums", album_id), json=change))

    def delete_album(self, album_id: str) -> None:
        self._call("DELETE", self._id_path("/albums", album_id), expect_json=False)

    def album_images(self, album_id: str, limit: int = 50,
                     cursor: str | None = None) -> tuple[list[ImageInfo], str | None]:
        """One page of the album's ready photos, newest upload first."""
        params: dict[str, Any] = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        return self._parse(image_page, self._call(
            "GET", self._id_path("/albums", album_id, "images"), params=params))

    def add_to_album(self, album_id: str, image_ids: list[str]) -> Added:
        return self._parse(Added.from_json, self._call(
            "POST", self._id_path("/albums", album_id, "images"), json={"ids": image_ids}))

    def remove_from_album(self, album_id: str, image_ids: list[str]) -> None:
        self._call("DELETE", self._id_path("/albums", album_id, "images"),
                   params={"ids": ",".join(image_ids)}, expect_json=False)

    # -- album shares (backend/presign/shares.py; the types in desktop/client/shares.py) ----

    def create_share(self, album_id: str, options: ShareOptions) -> Share:
        return self._parse(Share.from_json, self._call(
            "POST", self._id_path("/albums", album_id, "shares"), json=options.to_json()))

    def album_shares(self, album_id: str) -> list[Share]:
        return self._parse(shares_from_json, self._call(
            "GET", self._id_path("/albums", album_id, "shares")))

    def revoke_share(self, share_id: str) -> None:
        self._call("DELETE", _share_path(share_id), expect_json=False)

    def set_guest_uploads(self, share_id: str, allowed: bool) -> Share:
        """Guests may add photos through the link, or no longer (from their next request)."""
        return self._parse(Share.from_json, self._call(
            "PATCH", _share_path(share_id), json={"allow_uploads": allowed}))

    def check_connection(self) -> ConnectionCheck:
        try:
            self.list_images(limit=1)
        except ApiError as error:
            if error.status == 401:
                return ConnectionCheck("unauthorized", str(error))
            if error.code == "not_thumbdrop":
                return ConnectionCheck("not_thumbdrop", str(error))
            if error.transient:
                return ConnectionCheck("unreachable", str(error))
            # An API error to a request every Thumbdrop API takes: not ours either.
            return ConnectionCheck("not_thumbdrop",
                                   str(not_thumbdrop(self.base_url, error.status)))
        return ConnectionCheck("ok", translate("ApiClient", "Connected: the API answered and "
                                                            "accepted the token."))

    # -- presigned URLs (no bearer token) -------------------------------------------

    def send(self, method: str, url: str, headers: dict[str, str],
             body: Iterable[bytes]) -> requests.Response:
        """A presigned request with exactly the signed headers (no bearer token: the URL's
        signature is the credential, and the token must not reach the storage)."""
        return self._session.request(method, url, data=body, headers=dict(headers),
                                     timeout=self.timeout)

    def download(self, url: str, dest: Path,
                 progress: Callable[[int], None] | None = None) -> None:
        """Streams url to dest through a temp file in the same folder, then renames,
        so a reader never sees half a file. `progress(n)` hears of each chunk of n bytes
        written; whatever it raises abandons the download (the temp file is removed)."""
        dest = Path(dest)
        where = translate("ApiClient", "the image storage")
        try:
            with self._session.get(url, stream=True, timeout=self.timeout) as response:
                if response.status_code != 200:
                    raise ApiError(translate(
                        "ApiClient", "The download failed ({status}); the link may have "
                        "expired. Refresh the gallery and try again.").format(
                        status=response.status_code),
                        status=response.status_code, code="download_failed")
                fd, temp = tempfile.mkstemp(prefix=".part-", dir=dest.parent)
                try:
                    with os.fdopen(fd, "wb") as handle:
                        for chunk in response.iter_content(DOWNLOAD_CHUNK):
                            handle.write(chunk)
                            if progress is not None:
                                progress(len(chunk))
                    os.chmod(temp, 0o666 & ~_umask())  # as a new file, not mkstemp's 0600
                    os.replace(temp, dest)
                except BaseException:
                    os.unlink(temp)
                    raise
        except requests.RequestException as exc:
            raise from_exception(exc, where, translate("ApiClient", "Check your network and try "
                                                                    "again."),
                                 self.timeout[1]) from None
        except OSError as exc:
            raise ApiError(translate(
                "ApiClient", "Couldn't save {name} in {folder} ({reason}). Check that the folder "
                "exists and the disk has space.").format(
                name=dest.name, folder=dest.parent, reason=exc.strerror or exc),
                code="save_failed") from None

    def close(self) -> None:
        self._session.close()

    # -- plumbing ---------------------------------------------------------------------

    def _id_path(self, prefix: str, image_id: str, *rest: str) -> str:
        """`prefix/<id>[/rest…]`, the id checked and escaped as one path segment."""
        try:
            segment = quote(checked_id(image_id), safe="")
        except InvalidId:
            raise invalid_id(self.base_url, image_id) from None
        return "/".join([prefix, segment, *rest])

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
                exc, api_at(self.base_url),
                translate("ApiClient", "Check the API endpoint URL and your network."),
                self.timeout[1]) from None
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
        except InvalidId as bad:
            raise invalid_id(self.base_url, bad.image_id) from None
        except (KeyError, TypeError, ValueError, AttributeError):
            raise not_thumbdrop(self.base_url) from None
