"""One side of bench_ui, in a process of its own (so its memory is its own):

    python -m bench.ui_child bare FOLDER
    python -m bench.ui_child window FOLDER PHOTOS API_URL TOKEN

`bare`: a QListView (uniform item sizes, batched layout, as the window's) over a minimal model, fed the same 200-file batches at about the
window's pace (one every BATCH_PACE seconds) by a worker that walked FOLDER and looked at each
file beforehand: the floor, what showing those rows costs Qt alone.
`window`: Thumbdrop's real main window; PHOTOS is uploading when FOLDER is dropped.

A 5 ms QTimer heartbeat runs from the drop until every row is in and one more second has
passed; the gaps between its ticks are how long the event loop was busy. Prints one JSON line:
longest_ms, p99_ms, ticks, rows, seconds (drop to the last row), rss_mb (peak RSS).
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from pathlib import Path

import platformdirs
from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QApplication, QListView

from desktop.client.files import expand_paths, probe_file

HEARTBEAT_MS = 5
SETTLE_SECONDS = 1.0
BATCH_FILES = 200
BATCH_SECONDS = 0.1
BATCH_PACE = 0.02  # 50 batches a second: 10,000 rows in about the second the window takes


class Heartbeat:
    def __init__(self):
        self.ticks: list[float] = []
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks.append(time.perf_counter())
        self._timer.start()

    def stop(self) -> dict:
        self._timer.stop()
        gaps = sorted((b - a) * 1000 for a, b in zip(self.ticks, self.ticks[1:]))
        return {"longest_ms": round(gaps[-1], 1),
                "p99_ms": round(gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))], 1),
                "ticks": len(gaps)}


def run_until(app: QApplication, done, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the rows did not all arrive")
        app.processEvents()
        time.sleep(0.001)


_ROOT = QModelIndex()


class _Names(QAbstractListModel):
    def __init__(self):
        super().__init__()
        self.names: list[str] = []

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.names)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.names[index.row()]
        return None

    def append(self, names: list[str]) -> None:
        self.beginInsertRows(QModelIndex(), len(self.names), len(self.names) + len(names) - 1)
        self.names.extend(names)
        self.endInsertRows()


class _Feeder(QObject):
    batch = Signal(list)

    def __init__(self, folder: Path):
        super().__init__()
        names = [probe_file(path).path.name for path in expand_paths([folder])]
        self.batches = [names[n:n + BATCH_FILES] for n in range(0, len(names), BATCH_FILES)]

    def feed(self) -> None:
        for names in self.batches:
            time.sleep(BATCH_PACE)
            self.batch.emit(names)


def bare(app: QApplication, folder: Path) -> dict:
    model = _Names()
    view = QListView()
    view.setUniformItemSizes(True)
    view.setLayoutMode(QListView.LayoutMode.Batched)  # as the window's list: the same view
    view.setModel(model)
    view.resize(960, 600)
    view.show()
    feeder = _Feeder(folder)
    feeder.batch.connect(model.append)
    expected = sum(len(names) for names in feeder.batches)
    heartbeat = Heartbeat()
    heartbeat.start()
    started = time.perf_counter()
    thread = threading.Thread(target=feeder.feed)
    thread.start()
    run_until(app, lambda: model.rowCount() == expected)
    seconds = time.perf_counter() - started
    settle(app)
    result = heartbeat.stop()
    thread.join()
    return {**result, "rows": model.rowCount(), "seconds": round(seconds, 2)}


def window(app: QApplication, folder: Path, photos: Path, api_url: str, token: str) -> dict:
    from desktop.settings import SettingsStore
    from desktop.ui.shell.main_window import MainWindow

    values = SettingsStore.defaults()
    values.update(use_local_backend=False, api_endpoint=api_url)
    SettingsStore().save(values)
    # The parent points the XDG dirs at a temporary home.
    win = MainWindow(data_dir=Path(platformdirs.user_data_dir("thumbdrop")),
                     cache_dir=Path(platformdirs.user_cache_dir("thumbdrop")))
    win.tokens.remember(token)  # the keyring is not the benchmark's to touch
    win.resize(960, 680)
    win.show()
    win.start()
    model = win.upload_view.model
    win.upload_view.add_paths([photos])
    uploads = sum(1 for _ in expand_paths([photos]))
    # Uploads are running: some are done, the rest on their way.
    run_until(app, lambda: model.totals.files_done >= 5)
    expected = uploads + sum(1 for _ in expand_paths([folder]))
    heartbeat = Heartbeat()
    heartbeat.start()
    started = time.perf_counter()
    win.upload_view.add_paths([folder])  # what a drop of the folder does
    run_until(app, lambda: model.rowCount() == expected)
    seconds = time.perf_counter() - started
    settle(app)
    result = heartbeat.stop()
    still_uploading = model.totals.files_active > 0
    win.close_without_asking()
    return {**result, "rows": model.rowCount(), "seconds": round(seconds, 2),
            "uploads_running": still_uploading}


def settle(app: QApplication) -> None:
    end = time.monotonic() + SETTLE_SECONDS
    run_until(app, lambda: time.monotonic() > end)


def main() -> None:
    kind, folder = sys.argv[1], Path(sys.argv[2])
    app = QApplication([])
    app.setOrganizationName("ThumbdropBench")
    app.setApplicationName("Thumbdrop")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    if kind == "bare":
        result = bare(app, folder)
    else:
        result = window(app, folder, Path(sys.argv[3]), sys.argv[4], sys.argv[5])
    result["rss_mb"] = round(_peak_rss_mb(), 1)
    print(json.dumps(result), flush=True)


def _peak_rss_mb() -> float:
    """This process's own peak: VmHWM belongs to the address space. (getrusage's ru_maxrss
    is carried across exec, so it reported the parent bench's peak, 864 MB for both sides.)"""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux


if __name__ == "__main__":
    main()
