"""thumbdrop-backend: runs the local backend until SIGINT/SIGTERM.

stdout carries exactly one JSON line, {"api_url", "token", "s3_endpoint", "data_dir", "pid"},
printed when the backend is ready, so a parent process can read it; logs go to stderr.
With --exit-with-stdin it also stops when its stdin reaches end of file: a parent that
started it with a pipe there (the app, the CLI) takes it along when it dies, however it dies.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import os
import signal
import sys
import threading

from backend.common.version import version_text

from .instance import EXIT_ALREADY_RUNNING, AlreadyRunning
from .paths import default_data_dir
from .server import LocalBackend

EXIT_FATAL = 3  # the store died for good while running


def _host(host: str) -> str:
    try:
        unspecified = ipaddress.ip_address(host).is_unspecified
    except ValueError:
        unspecified = False  # a host name
    if unspecified:
        raise argparse.ArgumentTypeError(
            f"{host!r} means every address; give the one address clients will use (for "
            "example this machine's LAN address, like 192.168.1.20): presigned upload URLs "
            "name it, and are signed for it.")
    return host


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="thumbdrop-backend",
        description="Run Thumbdrop's backend on this machine (SeaweedFS + the real handlers).")
    parser.add_argument("--version", action="version", version=version_text(parser.prog))
    parser.add_argument("--host", default="127.0.0.1", type=_host,
                        help="address the API and the S3 store listen on (default 127.0.0.1; a "
                             "LAN address shares the backend with a trusted network)")
    parser.add_argument("--port", type=int, default=0, help="API port (0 = any free port)")
    parser.add_argument("--data-dir", default=None,
                        help=f"where images and secrets are kept (default: {default_data_dir()})")
    parser.add_argument("--min-free-mb", type=int, default=None,
                        help="refuse new uploads when the data dir's disk has less free space")
    parser.add_argument("--public-renditions", action="store_true",
                        help="links to thumbnails and large views never expire: anyone who can "
                             "reach the S3 port may GET them (originals, records and listings "
                             "stay private); off again at the next start without it")
    parser.add_argument("--exit-with-stdin", action="store_true",
                        help="stop when stdin is closed (for a parent process that owns us)")
    parser.add_argument("--log-level", default="INFO",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return parser.parse_args(argv)


def _stop_when_stdin_closes(stop_requested: threading.Event) -> None:
    # The raw descriptor, not sys.stdin: a daemon thread blocked in the buffered reader holds
    # its lock, and an exit meanwhile (another backend has the data dir: exit 4) would abort
    # in the interpreter's shutdown ("could not acquire lock for <stdin>").
    descriptor = sys.stdin.fileno()

    def watch() -> None:
        try:
            while os.read(descriptor, 4096):
                pass
        except OSError:
            pass
        stop_requested.set()

    threading.Thread(target=watch, name="thumbdrop-stdin", daemon=True).start()


def _raise_file_limit() -> None:
    """Every connection the API and the S3 front hold is a descriptor (the front's two): a
    desktop's default soft limit (1,024) would run out before their connection caps do."""
    try:
        import resource
    except ImportError:  # Windows: no such limit
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError):
            pass


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    _raise_file_limit()
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # --log-level is for our code; boto's DEBUG output would print every signed request.
    for name in ("thumbdrop", "backend"):
        logging.getLogger(name).setLevel(args.log_level)
    logging.getLogger("botocore.credentials").setLevel(logging.WARNING)
    stop_requested = threading.Event()
    fatal: list[str] = []

    def on_fatal(sentence: str) -> None:
        fatal.append(sentence)
        stop_requested.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop_requested.set())
    if args.exit_with_stdin:
        _stop_when_stdin_closes(stop_requested)

    min_free = None if args.min_free_mb is None else args.min_free_mb * 1024 * 1024
    backend = LocalBackend(data_dir=args.data_dir, host=args.host, port=args.port,
                           min_free_bytes=min_free, public_renditions=args.public_renditions,
                           on_fatal=on_fatal)
    log = logging.getLogger("thumbdrop.backend")
    try:
        info = backend.start()
    except AlreadyRunning as err:
        print(f"thumbdrop-backend: {err}", file=sys.stderr)
        return EXIT_ALREADY_RUNNING
    except OSError as err:
        print(f"thumbdrop-backend could not start: {err}. Check that --port is free "
              "and --data-dir is writable.", file=sys.stderr)
        return 1
    except Exception as err:
        log.debug("start-up failed", exc_info=True)
        print(f"thumbdrop-backend could not start: {err}", file=sys.stderr)
        return 1
    if not _is_loopback(args.host):
        log.warning("serving %s beyond this machine over plain HTTP: anyone on the network "
                    "can see tokens and photos in transit. Use a trusted LAN only, or put a "
                    "TLS reverse proxy in front.", info["api_url"])
    try:
        print(json.dumps(info), flush=True)
        while not stop_requested.wait(1):  # short waits keep the signal handler responsive
            pass
    finally:
        backend.stop()
    if fatal:
        print(f"thumbdrop-backend stopped: {fatal[0]}", file=sys.stderr)
        return EXIT_FATAL
    log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
