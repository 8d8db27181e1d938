"""thumbdrop-backend: runs the local backend until SIGINT/SIGTERM.

stdout carries exactly one JSON line, {"api_url", "token", "s3_endpoint", "data_dir"},
printed when the backend is ready, so a parent process can read it; logs go to stderr.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import signal
import sys
import threading

from .server import LocalBackend, default_data_dir


def _loopback_host(host: str) -> str:
    # moto's S3 checks no signatures: anyone who reaches it could read or replace every image.
    # It stays on this machine, and so does the API whose presigned URLs point at it.
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise argparse.ArgumentTypeError(
            f"{host!r} is not a loopback address. The built-in backend serves this machine only "
            "(its S3 server checks no signatures); to share Thumbdrop with a team, deploy the "
            "backend to AWS (docs/DEPLOY.md).")
    return host


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="thumbdrop-backend",
        description="Run Thumbdrop's backend on this machine (moto S3 + the real handlers).")
    parser.add_argument("--host", default="127.0.0.1", type=_loopback_host,
                        help="loopback address the API listens on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="API port (0 = any free port)")
    parser.add_argument("--data-dir", default=None,
                        help=f"where images and the token are kept (default: {default_data_dir()})")
    parser.add_argument("--token", default=None,
                        help="use this API token instead of the one kept in the data dir")
    parser.add_argument("--log-level", default="INFO",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # --log-level is for our code; boto's DEBUG output would print every signed request.
    for name in ("thumbdrop", "backend"):
        logging.getLogger(name).setLevel(args.log_level)
    logging.getLogger("botocore.credentials").setLevel(logging.WARNING)
    stop_requested = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop_requested.set())

    backend = LocalBackend(data_dir=args.data_dir, host=args.host, port=args.port,
                           token=args.token)
    try:
        info = backend.start()
    except OSError as err:
        print(f"thumbdrop-backend could not start: {err}. Check that --port is free "
              "and --data-dir is writable.", file=sys.stderr)
        return 1
    except Exception:
        logging.getLogger("thumbdrop.backend").exception("start-up failed")
        print("thumbdrop-backend could not start; the lines above say why.", file=sys.stderr)
        return 1
    try:
        print(json.dumps(info), flush=True)
        while not stop_requested.wait(1):  # short waits keep the signal handler responsive
            pass
    finally:
        backend.stop()
    logging.getLogger("thumbdrop.backend").info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
