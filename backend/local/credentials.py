"""Secrets made once per data dir: the API token and the S3 store's access key.

Both are files only this user can read (0600). They are never logged; the token leaves the
process only in the ready line the backend prints for its parent.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from backend.common.private_files import write_private

TOKEN_FILE = "token"
GALLERY_ID_FILE = "gallery-id"  # this data dir's gallery identity (GET /config gallery_id)
S3_CONFIG_FILE = "s3.json"  # SeaweedFS's identity file, read by `weed -s3.config` as is
S3_IDENTITY = "thumbdrop"
# What the handlers need on both buckets: objects in and out, listing, and bucket creation.
S3_ACTIONS = ["Admin", "Read", "Write", "List", "Tagging"]
# The identity weed gives requests that carry no signature at all (its fixed name).
S3_ANONYMOUS_IDENTITY = "anonymous"


@dataclass(frozen=True)
class S3Keys:
    access_key: str
    secret_key: str


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def load_or_create_token(data_dir: Path) -> str:
    path = data_dir / TOKEN_FILE
    if path.exists():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token
    token = secrets.token_urlsafe(32)
    write_private(path, token + "\n")
    return token


def load_or_create_gallery_id(data_dir: Path) -> str:
    """A random id made once per data dir: clients tell this gallery from any other by it,
    whatever port the backend listens on this time."""
    path = data_dir / GALLERY_ID_FILE
    if path.exists():
        gallery_id = path.read_text(encoding="utf-8").strip()
        if gallery_id:
            return gallery_id
    gallery_id = "local-" + secrets.token_hex(12)
    write_private(path, gallery_id + "\n")
    return gallery_id


def load_or_create_s3_keys(data_dir: Path) -> S3Keys:
    path = data_dir / S3_CONFIG_FILE
    if path.exists():
        keys = _keys_in(path)
        if keys is not None:
            return keys
    keys = S3Keys(access_key="TD" + secrets.token_hex(9).upper(),
                  secret_key=secrets.token_urlsafe(30))
    config = {"identities": [{
        "name": S3_IDENTITY,
        "credentials": [{"accessKey": keys.access_key, "secretKey": keys.secret_key}],
        "actions": S3_ACTIONS,
    }]}
    write_private(path, json.dumps(config, indent=2) + "\n")
    return keys


def set_anonymous_reads(data_dir: Path, patterns: list[str]) -> None:
    """Makes the store's anonymous identity exactly "Read" on `patterns` ("bucket/prefix/*";
    weed matches them against bucket/key), or removes it when there are none. Called at every
    start before weed reads s3.json, so the file says what this start was asked for and a data
    dir once started with public renditions is private again when started without."""
    path = data_dir / S3_CONFIG_FILE
    config = json.loads(path.read_text(encoding="utf-8"))
    identities = [i for i in config["identities"] if i.get("name") != S3_ANONYMOUS_IDENTITY]
    if patterns:  # Read only: no List (no enumerating ids), no Write, no other bucket
        identities.append({"name": S3_ANONYMOUS_IDENTITY,
                           "actions": [f"Read:{pattern}" for pattern in patterns]})
    if identities != config["identities"]:
        config["identities"] = identities
        write_private(path, json.dumps(config, indent=2) + "\n")


def _keys_in(path: Path) -> S3Keys | None:
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
        for identity in config["identities"]:
            if identity.get("name") == S3_IDENTITY:
                credential = identity["credentials"][0]
                return S3Keys(credential["accessKey"], credential["secretKey"])
    except (ValueError, KeyError, IndexError, TypeError):
        pass
    return None  # unreadable: made afresh (nothing else holds these keys)
