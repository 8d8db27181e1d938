"""thumbdrop-cli: upload files and folders with the transfer engine, no Qt.

    thumbdrop-cli [--endpoint URL [--token T] | --local] [--concurrency N] FILES/FOLDERS...

Without --endpoint it starts the built-in local backend in this process. The token
may come from THUMBDROP_TOKEN instead of --token; it is never printed. Prints one
line per file as it finishes and a summary; exits 0 only if every file is ready.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from desktop.client.api import ApiClient
from desktop.client.legacy_engine import JobState, JobUpdate, TransferEngine
from desktop.client.filetypes import skip_reason


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="thumbdrop-cli", description=__doc__.split("\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--endpoint", help="the Thumbdrop API URL (a Lambda Function URL)")
    where.add_argument("--local", action="store_true",
                       help="start the built-in local backend (the default without --endpoint)")
    parser.add_argument("--token", help="the API token (or set THUMBDROP_TOKEN)")
    parser.add_argument("--data-dir", type=Path, help="the local backend's data folder")
    parser.add_argument("--concurrency", type=int, default=4, help="uploads at once (default 4)")
    parser.add_argument("--processing-timeout", type=float, default=120.0,
                        help="seconds to wait for thumbnails (default 120)")
    parser.add_argument("paths", nargs="+", type=Path, metavar="FILES/FOLDERS")
    args = parser.parse_args(argv)
    args.token = args.token or os.environ.get("THUMBDROP_TOKEN")
    if args.endpoint and not args.token:
        parser.error("--endpoint needs a token: pass --token or set THUMBDROP_TOKEN")
    if args.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    return args


def expand(paths: list[Path]) -> Iterator[Path]:
    """Files as given, and every file under each folder, in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        else:
            yield path


class Report:
    """Prints each finished file once, from whichever worker thread finished it."""

    def __init__(self, expected: int):
        self._lock = threading.Lock()
        self._left = expected
        self.ready = 0
        self.failed = 0
        self.all_done = threading.Event()
        if expected == 0:
            self.all_done.set()

    def line(self, text: str) -> None:
        with self._lock:
            print(text, flush=True)

    def __call__(self, update: JobUpdate) -> None:
        if not update.state.finished:
            return
        with self._lock:
            if update.state is JobState.READY:
                self.ready += 1
                image = update.image
                print(f"ready    {update.path}  {image.width}x{image.height}  id {image.id}",
                      flush=True)
            else:
                self.failed += 1
                print(f"{update.state.value:<8} {update.error or update.path}", flush=True)
            self._left -= 1
            if self._left == 0:
                self.all_done.set()


def upload(api: ApiClient, files: list[Path], args: argparse.Namespace) -> int:
    queued, skipped = [], 0
    for path in files:
        reason = skip_reason(path)
        if reason is None:
            queued.append(path)
        else:
            skipped += 1
            print(f"skipped  {path}: {reason}", flush=True)
    report = Report(len(queued))
    engine = TransferEngine(api, report, concurrency=args.concurrency,
                            processing_timeout=args.processing_timeout)
    try:
        for path in queued:
            engine.submit(path)
        while not report.all_done.wait(0.5):  # a timed wait keeps Ctrl+C responsive
            pass
    except KeyboardInterrupt:
        report.line("Interrupted: cancelling the uploads still running.")
    finally:
        engine.shutdown()
    print(f"{report.ready} ready, {report.failed} failed or cancelled, {skipped} skipped.")
    return 0 if report.ready == len(files) and files else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    files = list(expand(args.paths))
    if not files:
        print("No files found in the given paths.", file=sys.stderr)
        return 1
    backend = None
    if args.endpoint:
        endpoint, token = args.endpoint, args.token
    else:
        from backend.local.server import LocalBackend  # only the local mode needs the backend
        backend = LocalBackend(data_dir=args.data_dir)
        info = backend.start()
        endpoint, token = info["api_url"], info["token"]
        print(f"Started the built-in local backend at {endpoint} (data in {info['data_dir']}).",
              flush=True)
    api = ApiClient(endpoint, token)
    try:
        return upload(api, files, args)
    finally:
        api.close()
        if backend is not None:
            backend.stop()


if __name__ == "__main__":
    sys.exit(main())
