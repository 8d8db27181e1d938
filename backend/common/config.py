"""Settings from environment variables, read once per cold start, and the S3 client.

Both Lambda functions and the local backend configure the handlers only through
these variables (see docs/ARCHITECTURE.md); there is no other switch.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import boto3
from botocore.config import Config as BotoConfig

MiB = 1024 * 1024
GiB = 1024 * MiB
MAX_URL_EXPIRES = 900  # presigned PUTs live at most 15 minutes
SINGLE_PUT_LIMIT = 5 * GiB  # S3 takes no larger single PUT
MIN_PART_BYTES = 5 * MiB  # S3's smallest part (except the last)
MAX_PARTS = 10_000  # S3's most parts in one multipart upload
MAX_PRESIGN_SECONDS = 7 * 24 * 3600  # SigV4 presigned URLs live at most 7 days
# S3 calls one request makes at once (the batch routes), and so the connections the S3 client
# keeps per host unless S3_POOL_CONNECTIONS says more: a Lambda container runs one request at
# a time, a server running several requests in threads (the local backend) needs as many
# connections as they make together.
S3_CONNECTIONS = 16


@dataclass(frozen=True)
class Settings:
    upload_bucket: str
    output_bucket: str
    # Lower-case hex SHA-256 digests of the accepted bearer tokens, as configured (checked
    # for well-formedness where they are used, so a typo refuses requests, not resizes).
    api_token_sha256: tuple[str, ...]
    api_base_url: str | None
    region: str
    s3_endpoint_url: str | None
    s3_addressing_style: str
    max_upload_bytes: int
    multipart_threshold_bytes: int
    multipart_part_bytes: int
    upload_url_expires: int
    output_access: str
    output_public_base_url: str | None
    download_url_expires: int
    max_link_seconds: int
    original_retention_days: int | None
    pending_timeout_seconds: int
    max_image_pixels: int
    gallery_id: str
    s3_pool_connections: int = S3_CONNECTIONS
    # Keep GPS positions in records for every upload (KEEP_LOCATION); off, only uploads that
    # ask for it (the app's setting) keep theirs.
    keep_location: bool = False

    @property
    def single_put_max_bytes(self) -> int:
        return min(self.max_upload_bytes, SINGLE_PUT_LIMIT)


def _int(env, name: str, default: int | None) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None


def _positive(env, name: str, default: int) -> int:
    value = _int(env, name, default)
    if value <= 0:
        raise ValueError(f"{name} must be a positive whole number, not {value}")
    return value


def _switch(env, name: str) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if raw in ("", "false", "off", "no", "0"):
        return False
    if raw in ("true", "on", "yes", "1"):
        return True
    raise ValueError(f"{name} must be true or false, not {raw!r}")


def _url(env, name: str) -> str | None:
    return (env.get(name) or "").strip().rstrip("/") or None


def gallery_id(env) -> str:
    """The gallery's stable identity, told to clients in GET /config: GALLERY_ID when set (the
    built-in backend's random id per data dir), else derived from the output bucket's name,
    which is unique per deployment and never changes while the gallery lives."""
    given = (env.get("GALLERY_ID") or "").strip()
    if given:
        return given
    bucket = env.get("OUTPUT_BUCKET", "")
    return "s3-" + hashlib.sha256(bucket.encode("utf-8")).hexdigest()[:24]


def load(env: dict | None = None) -> Settings:
    env = os.environ if env is None else env
    access = env.get("OUTPUT_ACCESS", "presigned").strip().lower() or "presigned"
    if access not in ("presigned", "public"):
        raise ValueError(f"OUTPUT_ACCESS must be 'presigned' or 'public', not {access!r}")
    digests = tuple(part.strip().lower()
                    for part in env.get("API_TOKEN_SHA256", "").split(",") if part.strip())
    retention = _int(env, "ORIGINAL_RETENTION_DAYS", None)
    return Settings(
        upload_bucket=env.get("UPLOAD_BUCKET", ""),
        output_bucket=env.get("OUTPUT_BUCKET", ""),
        api_token_sha256=digests,
        api_base_url=_url(env, "API_BASE_URL"),
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        s3_endpoint_url=env.get("S3_ENDPOINT_URL") or None,
        s3_addressing_style=env.get("S3_ADDRESSING_STYLE", "auto") or "auto",
        max_upload_bytes=_positive(env, "MAX_UPLOAD_BYTES", GiB),
        multipart_threshold_bytes=_positive(env, "MULTIPART_THRESHOLD_BYTES", 64 * MiB),
        # Below S3's minimum every part but the last would be refused at completion.
        multipart_part_bytes=max(MIN_PART_BYTES,
                                 _positive(env, "MULTIPART_PART_BYTES", 8 * MiB)),
        upload_url_expires=min(_positive(env, "UPLOAD_URL_EXPIRES", MAX_URL_EXPIRES),
                               MAX_URL_EXPIRES),
        output_access=access,
        output_public_base_url=_url(env, "OUTPUT_PUBLIC_BASE_URL"),
        download_url_expires=min(_positive(env, "DOWNLOAD_URL_EXPIRES", 3600),
                                 MAX_PRESIGN_SECONDS),
        max_link_seconds=min(_positive(env, "MAX_LINK_SECONDS", 43200), MAX_PRESIGN_SECONDS),
        original_retention_days=retention if retention and retention > 0 else None,
        pending_timeout_seconds=_positive(env, "PENDING_TIMEOUT_SECONDS", 900),
        max_image_pixels=_positive(env, "MAX_IMAGE_PIXELS", 50_000_000),
        gallery_id=gallery_id(env),
        s3_pool_connections=max(S3_CONNECTIONS,
                                _positive(env, "S3_POOL_CONNECTIONS", S3_CONNECTIONS)),
        keep_location=_switch(env, "KEEP_LOCATION"),
    )


def s3_client(settings: Settings):
    """An S3 client that signs SigV4 against the regional (or configured) endpoint."""
    endpoint = settings.s3_endpoint_url or f"https://s3.{settings.region}.amazonaws.com"
    return boto3.client(
        "s3",
        region_name=settings.region,
        endpoint_url=endpoint,
        config=BotoConfig(
            signature_version="s3v4",
            s3={"addressing_style": settings.s3_addressing_style},
            retries={"max_attempts": 3, "mode": "standard"},
            max_pool_connections=settings.s3_pool_connections,
            # Only send/verify checksums where an operation requires them, so the
            # presigned PUT carries exactly the checksum header we sign and no other.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        ),
    )


class ColdStart(NamedTuple):
    """What a handler's process reads once (on Lambda: once per cold start)."""

    settings: Settings
    s3: object  # the boto3 S3 client


@lru_cache(maxsize=1)
def cached() -> ColdStart:
    """Settings and S3 client for this process (one per Lambda cold start)."""
    settings = load()
    return ColdStart(settings, s3_client(settings))
