"""Ports a data dir keeps across restarts where it can: the API's and the S3 port clients use.

Links name them: a public rendition link handed out yesterday, a colleague's endpoint setting,
a presigned URL still in flight. Started on new ports each time, a restart would break them
all. So the ports a start ended up on are remembered in `<data_dir>/ports.json`, and the next
start asks for the same ones first; a port another program took meanwhile gives way to a new
one (the log says so: links naming the old port stop working).
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from backend.common.private_files import write_private

log = logging.getLogger(__name__)
FILE = "ports.json"
T = TypeVar("T")


def remembered(data_dir: Path) -> dict[str, int]:
    """The ports the last start ended up on, by name ("api", "s3"); {} the first time."""
    try:
        stored = json.loads((data_dir / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {name: port for name, port in stored.items()
            if isinstance(port, int) and 0 < port < 65536} if isinstance(stored, dict) else {}


def remember(data_dir: Path, **ports: int) -> None:
    write_private(data_dir / FILE, json.dumps(ports))


def bind_first(port: int, name: str, bind: Callable[[int], T]) -> T:
    """`bind(port)`, else (no port, or taken) `bind(0)`: a free one."""
    if port:
        try:
            return bind(port)
        except OSError as error:
            log.warning("port %d (%s) is taken (%s): a new one is used, and links that name "
                        "the old one stop working", port, name, error.strerror or error)
    return bind(0)


def free_port(host: str) -> int:
    """A port nothing listens on now (the caller binds it a moment later: it may be lost)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]

