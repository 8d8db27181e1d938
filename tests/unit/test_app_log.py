"""The app log rotates by size and is readable by its owner only."""

from __future__ import annotations

import logging
import logging.handlers
import stat

from desktop import app_log


def test_the_log_rotates_and_stays_private(tmp_path, monkeypatch):
    monkeypatch.setattr(app_log, "MAX_BYTES", 2000)
    root = logging.getLogger()
    before = list(root.handlers)
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "thumbdrop.log").write_text("an older, world-readable log\n")
    (tmp_path / "log" / "thumbdrop.log").chmod(0o644)
    try:
        path = app_log.configure(tmp_path / "log")
        [handler] = [h for h in root.handlers if h not in before]
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        log = logging.getLogger("thumbdrop.test")
        for n in range(200):
            log.warning("line %d of a long session", n)
        handler.flush()
        files = sorted(p.name for p in path.parent.iterdir())
        assert files == ["thumbdrop.log", "thumbdrop.log.1", "thumbdrop.log.2",
                         "thumbdrop.log.3"]
        for name in files:
            assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name
            assert (path.parent / name).stat().st_size <= 2200
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
