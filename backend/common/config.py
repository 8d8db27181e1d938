"""Settings from environment variables, read once per cold start, and the S3 client.

Both Lambda functions and the local backend configure the handlers only through
these variables (see docs/ARCHITECTURE.md); there is no other switch.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

import boto3
from botocore.config import Config as BotoConfig

MAX_URL_EXPIRES = 900  # presigned PUTs live at most 15 minutes


@dataclass(frozen=True)
class Settings:
    upload_bucket: str
    output_bucket: str
    api_token: str
    region: str
    s3_endpoint_url: str | None
    s3_addressing_style: str
    max_upload_bytes: int
    upload_url_expires: int
    output_access: str
    output_public_base_url: str | None
    download_url_expires: int
    max_image_pixels: int


def _int(env: dict, name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    return int(raw) if raw else default


def load(env: dict | None = None) -> Settings:
    env = os.environ if env is None else env
    access = env.get("OUTPUT_ACCESS", "presigned").strip().lower() or "presigned"
    if access not in ("presigned", "public"):
        raise ValueError(f"OUTPUT_ACCESS must be 'presigned' or 'public', not {access!r}")
    return Settings(
        upload_bucket=env.get("UPLOAD_BUCKET", ""),
        output_bucket=env.get("OUTPUT_BUCKET", ""),
        api_token=env.get("API_TOKEN", ""),
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        s3_endpoint_url=env.get("S3_ENDPOINT_URL") or None,
        s3_addressing_style=env.get("S3_ADDRESSING_STYLE", "auto") or "auto",
        max_upload_bytes=_int(env, "MAX_UPLOAD_BYTES", 50 * 1024 * 1024),
        upload_url_expires=min(_int(env, "UPLOAD_URL_EXPIRES", MAX_URL_EXPIRES), MAX_URL_EXPIRES),
        output_access=access,
        output_public_base_url=(env.get("OUTPUT_PUBLIC_BASE_URL") or "").rstrip("/") or None,
        download_url_expires=_int(env, "DOWNLOAD_URL_EXPIRES", 3600),
        max_image_pixels=_int(env, "MAX_IMAGE_PIXELS", 50_000_000),
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
            # Only send/verify checksums where an operation requires them, so the
            # presigned PUT carries exactly the checksum header we sign and no other.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        ),
    )


@lru_cache(maxsize=1)
def cached() -> tuple[Settings, object]:
    """Settings and S3 client for this process (one per Lambda cold start)."""
    settings = load()
    return settings, s3_client(settings)
