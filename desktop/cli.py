"""thumbdrop-cli: upload, list, delete and download images without the app.

    thumbdrop-cli upload [--local | --endpoint URL [--token T]] [--concurrency N] [--json]
                         [--allow-duplicates] PATHS...
    thumbdrop-cli list [--filter TEXT] [--limit N] [--json]
    thumbdrop-cli delete ID...
    thumbdrop-cli download ID... [--large | --thumbnail] DIR
    thumbdrop-cli watch [--local | --endpoint URL [--token T]] [--bwlimit KBPS] [--json]
                        [--no-subfolders] DIRS...
    thumbdrop-cli album list | create NAME | rename ALBUM NAME | delete ALBUM...
                        | add ALBUM ID... | remove ALBUM ID... | show ALBUM

Uploads go through the same persisted queue and engine as the app (a queue file of the
CLI's own, `--queue` to choose another): killed and run again it continues where it was;
run twice on the same folder the second run uploads nothing. Without --endpoint it uses
the built-in local backend (the one running on the data dir, or one it starts and stops). The token may come from THUMBDROP_TOKEN instead of --token; it
is never printed. Results go to stdout (with --json one object per file as it finishes),
progress and notes to stderr. `upload` exits 0 only if every file is ready or already in
the gallery. `watch` queues new and changed photos in the folders (and what arrived while
it wasn't running) through the same queue and engine, a line per file as it ends, until
SIGTERM or Ctrl+C; killed, it resumes where it was on the next run.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

from backend.common.version import version_text
from desktop import cli_albums
from desktop.client import downloads, failures
from desktop.client.add_batches import add_in_batches
from desktop.client.api import ApiClient, ImageInfo
from desktop.client.api_errors import ApiError
from desktop.client.bandwidth import BandwidthLimit
from desktop.client.engine import TransferEngine
from desktop.client.files import expand_paths
from desktop.client.filetypes import skip_reason
from desktop.client.local_backend import LocalBackendError, LocalBackendProcess
from desktop.client.queue_store import QueueBusy, QueueError, QueueStore
from desktop.client.queue_types import FEW_SECONDS, FileState, QueueChanges, QueueItem, Totals
from desktop.client.renditions import Rendition
from desktop.client.stage_processing import PROCESSING_TIMEOUT
from desktop.client.watch_rules import WatchedFolder
from desktop.client.watcher import SETTLE_SECONDS, FolderWatcher, memory_path_for

ADD_BATCH = 500  # files added per queue write, so the first uploads start at once
LIST_PAGE = 100  # images per listing request

EXAMPLES = """examples:
  thumbdrop-cli upload ~/Pictures/2024-trip          upload a folder (to the local backend)
  thumbdrop-cli upload --endpoint https://abc.lambda-url.eu-west-1.on.aws/ IMG_0042.jpg
                                                     (token from THUMBDROP_TOKEN)
  thumbdrop-cli list --filter trip --limit 20        the 20 newest images named *trip*
  thumbdrop-cli list --json | jq -r .id              ids, for scripts
  thumbdrop-cli download 01HV3K... ~/Downloads       the original of one image
  thumbdrop-cli watch ~/Pictures/Camera              upload new photos until Ctrl+C
  thumbdrop-cli album create "Trip 2026"             a new album (prints its id)
  thumbdrop-cli album add "Trip 2026" 01HV3K...      put photos in it (by id)

`thumbdrop-cli COMMAND --help` tells each command's options."""


def default_queue_path() -> Path:
    return Path(platformdirs.user_data_dir("thumbdrop")) / "cli-queue.sqlite3"


# -- arguments ---------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    connection = argparse.ArgumentParser(add_help=False)
    where = connection.add_mutually_exclusive_group()
    where.add_argument("--endpoint", help="the Thumbdrop API URL (a Lambda Function URL)")
    where.add_argument("--local", action="store_true",
                       help="use the built-in local backend (the default without --endpoint)")
    connection.add_argument("--token", help="the API token (or set THUMBDROP_TOKEN)")
    connection.add_argument("--data-dir", type=Path, help="the local backend's data folder")

    parser = argparse.ArgumentParser(prog="thumbdrop-cli", description=__doc__.split("\n")[0],
                                     epilog=EXAMPLES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=version_text(parser.prog))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    upload = commands.add_parser("upload", parents=[connection],
                                 help="upload files and folders (images only)")
    upload.add_argument("--concurrency", type=int, default=4,
                        help="transfers at once (default 4)")
    upload.add_argument("--json", action="store_true",
                        help="one JSON object per file on stdout as it finishes")
    upload.add_argument("--allow-duplicates", action="store_true",
                        help="upload even files the gallery already holds")
    upload.add_argument("--processing-timeout", type=float, default=float(PROCESSING_TIMEOUT),
                        help="seconds to wait for thumbnails after an upload "
                             f"(default {PROCESSING_TIMEOUT})")
    upload.add_argument("--queue", type=Path, default=None,
                        help=f"the queue file (default {default_queue_path()})")
    upload.add_argument("paths", nargs="+", type=Path, metavar="PATHS")
    listing = commands.add_parser("list", parents=[connection], help="list the gallery",
                                  description="Lists the gallery's images, newest first, and "
                                              "says how many (on stderr).")
    listing.add_argument("--filter", metavar="TEXT",
                         help="only images whose filename contains TEXT (any case)")
    listing.add_argument("--limit", type=int, metavar="N",
                         help="at most N images (the newest)")
    listing.add_argument("--json", action="store_true", help="one JSON object per image")
    delete = commands.add_parser("delete", parents=[connection], help="delete images by id")
    delete.add_argument("ids", nargs="+", metavar="ID")
    download = commands.add_parser("download", parents=[connection],
                                   help="download originals (or renditions) into a folder")
    size = download.add_mutually_exclusive_group()
    size.add_argument("--large", action="store_true", help="the large rendition (WebP)")
    size.add_argument("--thumbnail", action="store_true", help="the thumbnail (WebP)")
    download.add_argument("targets", nargs="+", metavar="ID... DIR")
    watch = commands.add_parser("watch", parents=[connection],
                                help="upload new photos in folders as they arrive, until stopped")
    watch.add_argument("--bwlimit", type=int, default=0, metavar="KBPS",
                       help="all uploads together send at most this many KB/s (default: no limit)")
    watch.add_argument("--json", action="store_true",
                       help="one JSON object per file on stdout as it finishes")
    watch.add_argument("--no-subfolders", action="store_true",
                       help="watch only the folders themselves, not their subfolders")
    watch.add_argument("--concurrency", type=int, default=4, help="transfers at once (default 4)")
    watch.add_argument("--settle", type=float, default=SETTLE_SECONDS,
                       help=f"seconds a file's size and mtime must stay still before it is "
                            f"taken (default {SETTLE_SECONDS:g})")
    watch.add_argument("--queue", type=Path, default=None,
                       help=f"the queue file (default {default_queue_path()})")
    watch.add_argument("dirs", nargs="+", type=Path, metavar="DIRS")
    cli_albums.add_parser(commands, connection)

    args = parser.parse_args(argv)
    args.token = args.token or os.environ.get("THUMBDROP_TOKEN")
    if args.endpoint and not args.token:
        parser.error("--endpoint needs a token: pass --token or set THUMBDROP_TOKEN")
    if args.command in ("upload", "watch") and args.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    if args.command == "list" and args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if args.command == "watch" and (args.bwlimit < 0 or args.settle < 0):
        parser.error("--bwlimit and --settle can't be negative")
    if args.command == "download":
        if len(args.targets) < 2:
            parser.error("download needs at least one ID and the folder to save into")
        *args.ids, args.folder = args.targets
        args.folder = Path(args.folder)
    return args


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@contextmanager
def connect(args: argparse.Namespace) -> Iterator[ApiClient]:
    """An ApiClient for --endpoint, or for the built-in local backend: the one already running
    on the data dir (the app's, say), or one started here as a child process and stopped at the
    end. Raises LocalBackendError (a sentence) when it can't start. `args.backend_gone` says
    (a sentence, else None) whether a backend started here has ended on its own."""
    backend = None
    args.backend_gone = lambda: None
    if args.endpoint:
        endpoint, token = args.endpoint, args.token
    else:
        from backend.local.paths import default_data_dir

        backend = LocalBackendProcess(args.data_dir or default_data_dir())
        args.backend_gone = backend.gone
        info = backend.start()
        how = ("Started the built-in local backend" if backend.owned
               else "Using the built-in local backend already running")
        note(f"{how} at {info.api_url} (data in {info.data_dir}).")
        endpoint, token = info.api_url, info.token
    api = ApiClient(endpoint, token)
    try:
        yield api
    finally:
        api.close()
        if backend is not None:
            backend.stop()


# -- upload ------------------------------------------------------------------------------------

class UploadReport:
    """Follows the rows of this run and reports each once, as it finishes."""

    def __init__(self, as_json: bool, started: float):
        self.as_json = as_json
        self.started = started
        self.waiting: dict[int, QueueItem] = {}   # id -> the row as it was when this run took it
        self.counts = {"ready": 0, "duplicate": 0, "failed": 0, "cancelled": 0}
        self.refused: ApiError | None = None  # the API in use refused its config (gallery unknown)

    def track(self, item: QueueItem) -> None:
        if item.id not in self.waiting and item.state is not FileState.SKIPPED:
            self.waiting[item.id] = item
            if item.state.finished:
                if self.refused is not None and item.state in (FileState.READY,
                                                               FileState.DUPLICATE):
                    # Done for a gallery, but this API didn't say it is that one: not vouched.
                    item = dataclasses.replace(item, state=FileState.FAILED, failure=(
                        failures.api_failed(item.name, self.refused)))
                self.finished(item)

    def finished(self, item: QueueItem) -> None:
        first = self.waiting.pop(item.id, None)
        if first is None:
            return
        status = {FileState.READY: "ready", FileState.DUPLICATE: "duplicate",
                  FileState.CANCELLED: "cancelled"}.get(item.state, "failed")
        if status == "ready" and first.state is FileState.READY:
            status = "duplicate"  # uploaded by an earlier run: nothing was sent in this one
        self.counts[status] += 1
        sent = max(0, item.bytes_sent - first.bytes_sent)
        seconds = 0.0 if first.state.finished else round(
            (item.finished_at or time.time()) - max(self.started, first.added_at), 3)
        image_id = item.image.id if item.image is not None else item.image_id
        if self.as_json:
            print(json.dumps({"path": str(item.path), "id": image_id, "status": status,
                              "error": item.error, "bytes_sent": sent, "seconds": seconds}),
                  flush=True)
        elif status == "ready":
            size = _dimensions(item.image)
            print(f"ready     {item.path}{size}  id {image_id}", flush=True)
        elif status == "duplicate":
            print(f"duplicate {item.path}  already in the gallery as id {image_id}", flush=True)
        else:
            print(f"{status:<9} {item.error or item.path}", flush=True)

    def ok(self) -> bool:
        return not self.waiting and self.counts["failed"] == 0 and self.counts["cancelled"] == 0


def _dimensions(image: ImageInfo | None) -> str:
    if image is None or not image.width or not image.height:
        return ""
    return f"  {image.width}x{image.height}"


def upload(args: argparse.Namespace) -> int:
    files, refused, skipped = [], 0, 0
    explicit = {Path(os.path.abspath(p)) for p in args.paths if not p.is_dir()}
    for path in expand_paths(args.paths):
        reason = skip_reason(path)
        if reason is None:
            files.append(path)
            continue
        skipped += 1  # the summary counts every file it said it skipped
        # Named on the command line: a failure. Found in a folder: not an image, passed over.
        if Path(os.path.abspath(path)) in explicit:
            refused += 1
            print(f"skipped   {path}: {reason}", flush=True)
        else:
            note(f"Skipped {path}: {reason}")
    if not files:
        note("No images found in the given paths.")
        _summary(args, {}, skipped)
        return 1
    queue_path = args.queue or default_queue_path()
    store = open_queue(queue_path)
    if store is None:
        return 1
    try:
        with connect(args) as api:
            return _run_upload(args, api, store, files, refused, skipped)
    finally:
        store.close()


def open_queue(path: Path) -> QueueStore | None:
    """The CLI's queue, or None after saying why it can't be opened (another run has it)."""
    try:
        return QueueStore(path)
    except (QueueBusy, QueueError) as error:
        note(str(error))
        return None


def _summary(args: argparse.Namespace, counts: dict[str, int], skipped: int) -> None:
    failed = counts.get("failed", 0) + counts.get("cancelled", 0)
    text = (f"{counts.get('ready', 0)} ready, {counts.get('duplicate', 0)} already in the "
            f"gallery, {failed} failed, {skipped} skipped.")
    (note if args.json else print)(text)


def _run_upload(args: argparse.Namespace, api: ApiClient, store: QueueStore,
                files: list[Path], refused: int, skipped: int) -> int:
    report = UploadReport(args.json, time.time())
    changes: queue.SimpleQueue[QueueChanges] = queue.SimpleQueue()
    unsubscribe = store.subscribe(changes.put)
    earlier = store.where(lambda item: item.state.active or item.state is FileState.PAUSED)
    if earlier:
        note(f"Continuing {len(earlier)} unfinished file(s) from an earlier run.")
    engine = TransferEngine(store, api, concurrency=args.concurrency,
                            allow_duplicates=args.allow_duplicates,
                            processing_timeout=args.processing_timeout)
    engine.start()
    progress = Progress.create(store, enabled=not args.json and sys.stderr.isatty())
    try:
        # Finished rows count only once this gallery has said who it is: rows done for
        # another gallery are queued again for this one before they are looked at.
        while not engine.connected(timeout=0.5):  # a timed wait keeps Ctrl+C responsive
            if (gone := args.backend_gone()) is not None:
                return _backend_gone(gone, len(files))
        report.refused = engine.config_error
        if engine.requeued_for_gallery:
            note(f"{engine.requeued_for_gallery} file(s) in the queue went to another gallery: "
                 "sending them to this one too.")
        for item in earlier:
            report.track(item)
        for added in add_in_batches(engine.add_files, files, files=ADD_BATCH):
            if args.allow_duplicates:
                engine.upload_anyway([i.id for i in added if i.state is FileState.DUPLICATE])
            engine.resume([i.id for i in added if i.state is FileState.PAUSED])
            for item in added:
                report.track(item)
        # Rows may have finished before they were tracked: look at each once now.
        for item_id in list(report.waiting):
            current = store.get(item_id)
            if current is not None and current.state.finished:
                report.finished(current)
        while report.waiting:
            try:
                batch = changes.get(timeout=0.5)  # a timed wait keeps Ctrl+C responsive
            except queue.Empty:
                # Ours and gone: nothing answers any more (it was a silent stall of minutes).
                if (gone := args.backend_gone()) is not None:
                    progress.stop()
                    return _backend_gone(gone, len(report.waiting))
                continue
            for item in batch.changed:
                if item.state.finished and item.id in report.waiting:
                    progress.done(item)
                    report.finished(item)
            progress.update(batch)
    except KeyboardInterrupt:
        progress.stop()
        note(f"Interrupted: {len(report.waiting)} file(s) stay queued and continue the next "
             "time you run thumbdrop-cli upload.")
        return 130
    finally:
        progress.stop()
        unsubscribe()
        engine.close()
    _summary(args, report.counts, skipped)
    return 0 if report.ok() and not refused else 1


def _backend_gone(sentence: str, left: int) -> int:
    note(f"{sentence} {left} file(s) stay queued: run the same command again and they continue "
         "where they stopped (what was stored is kept).")
    return 1


class Progress:
    """A bar per file uploading and one for the whole queue, on a terminal (rich). The whole
    queue's bar and words come from its Totals (the same rules as the app's total bar): full
    only when every file is done, and an estimate only of what is left to send."""

    def __init__(self, store: QueueStore):
        from rich.progress import BarColumn, TextColumn
        from rich.progress import Progress as RichProgress
        self._bars = RichProgress(TextColumn("{task.description}", markup=False), BarColumn(),
                                  TextColumn("{task.fields[detail]}", markup=False),
                                  transient=True, console=_stderr_console())
        totals = store.totals()
        self._total = self._bars.add_task("All files", total=1000, completed=totals.permille,
                                          detail=totals_detail(totals))
        self._files: dict[int, int] = {}
        self._bars.start()

    @classmethod
    def create(cls, store: QueueStore, *, enabled: bool) -> Progress | _NoProgress:
        return cls(store) if enabled else _NoProgress()

    def update(self, batch: QueueChanges) -> None:
        for item in batch.changed:
            task = self._files.get(item.id)
            if item.state is FileState.UPLOADING:
                if task is None:
                    task = self._files[item.id] = self._bars.add_task(
                        item.name[:40], total=item.size, detail="")
                self._bars.update(task, completed=item.bytes_done, detail=(
                    f"{_size(item.bytes_done)} of {_size(item.size)}"))
            elif task is not None:
                self._bars.remove_task(self._files.pop(item.id))
        totals = batch.totals
        self._bars.update(self._total, completed=totals.permille, detail=totals_detail(totals))

    def done(self, item: QueueItem) -> None:
        task = self._files.pop(item.id, None)
        if task is not None:
            self._bars.remove_task(task)

    def stop(self) -> None:
        self._bars.stop()


class _NoProgress:
    def update(self, batch: QueueChanges) -> None:
        pass

    def done(self, item: QueueItem) -> None:
        pass

    def stop(self) -> None:
        pass


def totals_detail(totals: Totals) -> str:
    """ "43.7 MB of 343.7 MB · 2.1 MB/s · about 2:30 left · 50 making thumbnails" """
    parts = [f"{_size(totals.bytes_done)} of {_size(totals.bytes_total)}"]
    left = totals.eta_seconds  # sending only: processing has no honest estimate
    if left is not None:
        parts.append(f"{_size(totals.bytes_per_second)}/s")
        parts.append("a few seconds left" if left < FEW_SECONDS
                     else f"about {_clock(left)} left")
    if totals.files_processing:
        parts.append(f"{totals.files_processing} making thumbnails")
    if totals.files_failed:
        parts.append(f"{totals.files_failed} failed")
    return " · ".join(parts)


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{seconds:02d}"


def _size(count: float) -> str:
    from rich.filesize import decimal
    return decimal(int(count))


def _stderr_console():
    from rich.console import Console
    return Console(stderr=True)


# -- list, delete, download ----------------------------------------------------------------------

def list_images(args: argparse.Namespace) -> int:
    """Prints the images a line (or a JSON object) each, then their count on stderr."""
    shown, more = 0, False
    with connect(args) as api:
        cursor = None
        try:
            while True:
                images, cursor = api.list_images(limit=LIST_PAGE, cursor=cursor,
                                                 query=args.filter)
                for image in images:
                    if args.limit is not None and shown >= args.limit:
                        more = True
                        break
                    shown += 1
                    if args.json:
                        print(json.dumps({"id": image.id, "filename": image.filename,
                                          "width": image.width, "height": image.height,
                                          "bytes": image.bytes,
                                          "created_at": image.created_at}), flush=True)
                    else:
                        print(f"{image.id}  {image.created_at}{_dimensions(image)}  "
                              f"{image.filename}", flush=True)
                if more or not cursor:
                    break
        except ApiError as error:
            note(str(error))
            return 1
    note(_listing_count(shown, more, args))
    return 0


def _listing_count(shown: int, more: bool, args: argparse.Namespace) -> str:
    """ "12 images.", "0 images named like “trip”.", "20 images shown; there are more (--limit)." """
    what = f"{shown} image{'' if shown == 1 else 's'}"
    if args.filter:
        what += f" named like “{args.filter}”"
    if more:
        return f"{what} shown; there are more (raise --limit to see them)."
    return f"{what}."


def for_each_image(args: argparse.Namespace, act: Callable[[ApiClient, str], str]) -> int:
    """Runs `act` for each id on the command line, one line per id: what `act` says it did,
    or the sentence of its failure. Exit 1 when any failed."""
    failed = 0
    with connect(args) as api:
        for image_id in args.ids:
            try:
                done = act(api, image_id)
            except ApiError as error:
                failed += 1
                print(f"failed    {image_id}: {error}", flush=True)
            else:
                print(done, flush=True)
    return 1 if failed else 0


def delete_images(args: argparse.Namespace) -> int:
    def delete(api: ApiClient, image_id: str) -> str:
        api.delete_image(image_id)
        return f"deleted   {image_id}"
    return for_each_image(args, delete)


def download_images(args: argparse.Namespace) -> int:
    folder = args.folder
    if not folder.is_dir():
        note(f"{folder} is not a folder; create it first.")
        return 2

    def download(api: ApiClient, image_id: str) -> str:
        if args.large or args.thumbnail:
            image = api.get_image(image_id)
            url = image.large_url if args.large else image.thumbnail_url
            kind = Rendition.LARGE if args.large else Rendition.THUMBNAIL
            if not url:
                raise ApiError(f"{image_id} has no {'large view' if args.large else kind} yet "
                               f"(it is {image.status}).", code="not_ready")
            name = f"{Path(image.filename).stem or image_id}-{kind}.webp"
        else:
            original = api.get_original(image_id)
            url, name = original.url, original.filename or image_id
        # A stored filename is data: a plain name in the folder, never over an existing file.
        dest = downloads.save_download(api, url, folder,
                                       downloads.plain_name(name, fallback=image_id))
        return f"saved     {image_id}  {dest}"
    return for_each_image(args, download)


# -- watch -------------------------------------------------------------------------------------

def watch(args: argparse.Namespace) -> int:
    folders = [WatchedFolder(Path(os.path.abspath(d)), not args.no_subfolders) for d in args.dirs]
    missing = [str(f.path) for f in folders if not f.path.is_dir()]
    if missing:
        note(f"Not a folder: {', '.join(missing)}. Watching starts only on existing folders.")
        return 2
    queue_path = args.queue or default_queue_path()
    store = open_queue(queue_path)
    if store is None:
        return 1
    stop = threading.Event()
    # SIGTERM (systemd, kill) and Ctrl+C end the run the same clean way.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        with connect(args) as api:
            return _run_watch(args, api, store, folders, queue_path, stop)
    finally:
        store.close()


def _run_watch(args: argparse.Namespace, api: ApiClient, store: QueueStore,
               folders: list[WatchedFolder], queue_path: Path, stop: threading.Event) -> int:
    from backend.local.paths import default_data_dir

    report = UploadReport(args.json, time.time())
    changes: queue.SimpleQueue[QueueChanges] = queue.SimpleQueue()
    unsubscribe = store.subscribe(changes.put)
    engine = TransferEngine(store, api, concurrency=args.concurrency,
                            bandwidth=BandwidthLimit(args.bwlimit * 1000))
    for item in store.where(lambda item: item.state.active):
        report.track(item)
    engine.start()
    # Never taken from: the local backend's data (its renditions are images too).
    ignored = [args.data_dir or default_data_dir()]
    watcher = FolderWatcher(engine, folders, memory_path_for(queue_path),
                            endpoint=lambda: api.base_url, ignored=ignored,
                            settle=args.settle, on_problem=note)
    watcher.start()
    note(f"Watching {len(folders)} folder(s); SIGTERM or Ctrl+C stops.")
    try:
        while not stop.is_set():
            try:
                batch = changes.get(timeout=0.5)  # a timed wait sees the stop flag
            except queue.Empty:
                if (gone := args.backend_gone()) is not None:
                    note(f"{gone} Watching stopped; run the same command again to go on.")
                    return 1
                continue
            for item in batch.added + batch.changed:
                if item.state is FileState.QUEUED:
                    report.track(item)
                elif item.state.finished:
                    report.finished(item)
    finally:
        unsubscribe()
        watcher.close()
        engine.close()
    note(f"Stopped: {report.counts['ready']} uploaded, {report.counts['duplicate']} already in "
         f"the gallery, {report.counts['failed']} failed; {len(report.waiting)} file(s) stay "
         "queued for the next run.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = {"upload": upload, "list": list_images, "delete": delete_images,
               "download": download_images, "watch": watch,
               "album": lambda args: cli_albums.run(args, connect, note)}[args.command]
    try:
        return command(args)
    except LocalBackendError as error:
        note(str(error))
        return 1
    except BrokenPipeError:  # `thumbdrop-cli list | head`: the reader has all it wanted
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
