"""FakeApi: an in-memory stand-in for ApiClient and the object store, for the engine's unit
tests (timing rules and state changes without sockets). It keeps the contract's rules that
the engine relies on: digests remembered at presign, a signed checksum checked on every PUT,
multipart parts listed without checksums, a status record once "resized".

The integration tests run the same engine against the real local backend; this fake only
makes the logic cheap to pin down (cancel during a wait, pause, restarts, duplicates).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import threading
import time
from dataclasses import dataclass, field

from backend.common import layout
from desktop.client.api import (
    Duplicate,
    ImageInfo,
    ItemError,
    MultipartTicket,
    SignedPart,
    StoredPart,
    UploadRequest,
    UploadTicket,
)
from desktop.client.api_errors import ApiError
from desktop.client.server_config import ServerConfig

MIB = 1024 * 1024


def b64sha(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


class FakeResponse:
    def __init__(self, status: int, text: str = "", headers: dict | None = None):
        self.status_code = status
        self.text = text
        self.headers = headers or {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def s3_error(status: int, code: str, message: str = "", headers: dict | None = None):
    return FakeResponse(status, f"<Error><Code>{code}</Code><Message>{message}</Message></Error>",
                        headers)


@dataclass
class FakeImage:
    id: str
    filename: str
    sha256: str
    data: bytes = b""
    status: str = "pending"
    ready_at: float | None = None
    error: str | None = None


@dataclass
class FakeMultipart:
    image_id: str
    request: UploadRequest
    part_bytes: int
    parts: dict[int, bytes] = field(default_factory=dict)


class FakeApi:
    base_url = "http://fake.invalid"
    timeout = (5, 30)

    def __init__(self, *, threshold: int = 64 * MIB, part_bytes: int = 5 * MIB,
                 max_upload: int = 1024 * MIB, max_batch: int = 100,
                 resize_seconds: float = 0.0, max_image_pixels: int | None = None,
                 gallery_id: str | None = None):
        self.config = ServerConfig(api_version=2, max_upload_bytes=max_upload,
                                   single_put_max_bytes=max_upload,
                                   multipart_threshold=threshold, part_bytes=part_bytes,
                                   max_parts=10_000,
                                   content_types=tuple(sorted(layout.EXTENSIONS)),
                                   max_batch=max_batch, upload_url_expires=900,
                                   max_image_pixels=max_image_pixels, gallery_id=gallery_id)
        self.resize_seconds = resize_seconds
        self.lock = threading.Lock()
        self.images: dict[str, FakeImage] = {}
        self.digests: dict[str, str] = {}
        self.tickets: dict[str, tuple[str, UploadRequest]] = {}   # url -> (id, request)
        self.multiparts: dict[str, FakeMultipart] = {}             # upload_id -> upload
        self.part_urls: dict[str, tuple[str, int, str]] = {}      # url -> (upload_id, n, sha)
        self.ids = itertools.count(1)
        self.calls: list[str] = []
        self.bytes_received = 0
        self.faults: dict[str, list] = {}   # call name -> things to answer/raise first
        self.put_hook = None                # called with each chunk a PUT sends
        self.offline = threading.Event()

    # -- fault scripting -----------------------------------------------------------------

    def fail_next(self, call: str, *answers) -> None:
        """The next calls of `call` answer these first (an ApiError to raise, or for "send"
        a FakeResponse or an exception)."""
        with self.lock:
            self.faults.setdefault(call, []).extend(answers)

    def _fault(self, call: str):
        with self.lock:
            self.calls.append(call)
            if self.offline.is_set():
                raise ApiError("Can't reach the fake API: connection refused.",
                               code="unreachable")
            queue = self.faults.get(call)
            return queue.pop(0) if queue else None

    def _maybe_raise(self, call: str) -> None:
        fault = self._fault(call)
        if isinstance(fault, BaseException):
            raise fault

    # -- API routes ------------------------------------------------------------------------

    def get_config(self) -> ServerConfig:
        self._maybe_raise("get_config")
        return self.config

    def _presign(self, request: UploadRequest, allow: bool):
        existing = self.digests.get(request.sha256)
        if existing and not allow:
            image = self.images.get(existing)
            if image is not None and image.status != "failed" and image.data:
                return Duplicate(self._info(image))
        if request.size > self.config.max_upload_bytes:
            return ItemError("too_large", f"{request.filename} is too large.")
        image_id = f"img{next(self.ids):04d}"
        url = f"fake://put/{image_id}/{next(self.ids)}"
        self.tickets[url] = (image_id, request)
        if not allow or request.sha256 not in self.digests:
            self.digests[request.sha256] = image_id
        return UploadTicket(id=image_id, key=f"input/{image_id}", method="PUT", url=url,
                            headers={"Content-Type": request.content_type,
                                     "Content-Length": str(request.size),
                                     "x-amz-checksum-sha256": request.sha256},
                            expires_at="2999-01-01T00:00:00Z", status_url="",
                            thumbnail_url="", large_url="")

    def create_uploads(self, files, *, allow_duplicates=False):
        self._maybe_raise("create_uploads")
        with self.lock:
            return [self._presign(f, allow_duplicates) for f in files]

    def create_multipart(self, file: UploadRequest, *, allow_duplicates=False):
        self._maybe_raise("create_multipart")
        with self.lock:
            answer = self._presign(file, allow_duplicates)
            if not isinstance(answer, UploadTicket):
                return answer
            upload_id = f"up{next(self.ids)}"
            part_bytes = self.config.part_size_for(file.size)
            self.multiparts[upload_id] = FakeMultipart(answer.id, file, part_bytes)
            count = -(-file.size // part_bytes)
            return MultipartTicket(answer.id, f"input/{answer.id}", upload_id, part_bytes, count)

    def sign_parts(self, image_id, upload_id, size, parts):
        self._maybe_raise("sign_parts")
        with self.lock:
            if upload_id not in self.multiparts:
                raise ApiError("No such upload.", code="not_found", status=404)
            signed = []
            for number, digest in parts:
                url = f"fake://part/{upload_id}/{number}/{next(self.ids)}"
                self.part_urls[url] = (upload_id, number, digest)
                signed.append(SignedPart(number, url, {"x-amz-checksum-sha256": digest}, ""))
            return signed

    def list_parts(self, image_id, upload_id):
        self._maybe_raise("list_parts")
        with self.lock:
            upload = self.multiparts.get(upload_id)
            if upload is None:
                raise ApiError("No such upload.", code="not_found", status=404)
            return [StoredPart(n, len(d), f'"{hashlib.md5(d).hexdigest()}"')
                    for n, d in sorted(upload.parts.items())]

    def complete_multipart(self, image_id, upload_id, parts):
        self._maybe_raise("complete_multipart")
        with self.lock:
            upload = self.multiparts.pop(upload_id, None)
            if upload is None:
                raise ApiError("No such upload.", code="not_found", status=404)
            data = b"".join(upload.parts[n] for n, _, _ in parts)
            self._store(image_id, upload.request, data)

    def abort_multipart(self, image_id, upload_id):
        self._maybe_raise("abort_multipart")
        with self.lock:
            self.multiparts.pop(upload_id, None)
            self.calls.append(f"aborted {upload_id}")

    def get_images(self, image_ids):
        self._maybe_raise("get_images")
        now = time.monotonic()
        with self.lock:
            items, missing = [], []
            for image_id in image_ids:
                image = self.images.get(image_id)
                if image is None or not image.data:
                    missing.append(image_id)
                    continue
                if image.status == "pending" and image.ready_at is not None \
                        and now >= image.ready_at:
                    image.status = "ready"
                items.append(self._info(image))
            return items, missing

    def delete_image(self, image_id):
        self._maybe_raise("delete_image")
        with self.lock:
            image = self.images.pop(image_id, None)
            self.calls.append(f"deleted {image_id}")
            if image is None:
                raise ApiError("No such image.", code="not_found", status=404)
            if self.digests.get(image.sha256) == image_id:
                del self.digests[image.sha256]

    # -- the object store --------------------------------------------------------------------

    def send(self, method, url, headers, body):
        fault = self._fault("send")
        chunks = []
        for chunk in body:  # consumed like urllib3 would: progress and cancel happen here
            chunks.append(chunk)
            with self.lock:
                self.bytes_received += len(chunk)
            if self.put_hook is not None:
                self.put_hook(url, chunk)
            if isinstance(fault, BaseException):
                raise fault  # e.g. a connection reset mid-body
        if isinstance(fault, BaseException):
            raise fault
        if fault is not None:
            return fault
        data = b"".join(chunks)
        with self.lock:
            if b64sha(data) != headers.get("x-amz-checksum-sha256"):
                return s3_error(400, "BadDigest", "The SHA256 you specified did not match.")
            if url in self.tickets:
                image_id, request = self.tickets[url]
                self._store(image_id, request, data)
                return FakeResponse(200, headers={"ETag": '"x"'})
            if url in self.part_urls:
                upload_id, number, _ = self.part_urls[url]
                upload = self.multiparts.get(upload_id)
                if upload is None:
                    return s3_error(404, "NoSuchUpload")
                upload.parts[number] = data
                return FakeResponse(200, headers={"ETag": f'"{hashlib.md5(data).hexdigest()}"'})
        return s3_error(403, "AccessDenied", "Unknown URL")

    def _store(self, image_id: str, request: UploadRequest, data: bytes) -> None:
        image = self.images.get(image_id) or FakeImage(image_id, request.filename,
                                                       request.sha256)
        image.data = data
        image.ready_at = time.monotonic() + self.resize_seconds
        self.images[image_id] = image

    def _info(self, image: FakeImage) -> ImageInfo:
        return ImageInfo(id=image.id, status=image.status, error=image.error,
                         filename=image.filename, width=10, height=10, bytes=len(image.data),
                         created_at="", thumbnail_url=f"fake://thumb/{image.id}",
                         large_url=None)

    def stored(self) -> dict[str, bytes]:
        with self.lock:
            return {i: im.data for i, im in self.images.items() if im.data}

    def close(self) -> None:
        pass
