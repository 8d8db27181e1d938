"""Report a problem: the facts a bug report needs, and nothing that is a secret."""

from __future__ import annotations

from pathlib import Path

from backend.common.version import VERSION
from desktop.problem_report import REDACTED, report, scrub

HOME = Path("/home/ana")


def test_secrets_signatures_and_the_home_folder_are_removed():
    line = ('PUT http://127.0.0.1:9000/in/xy/01abc?X-Amz-Signature=ab12&X-Amz-Credential=x '
            'Authorization: Bearer s3cr3t-t0ken "token": "tok-123" key AKIAIOSFODNN7EXAMPLE '
            'from /home/ana/Pictures/trip/harbour.jpg (the-configured-token)')
    clean = scrub(line, secrets=["the-configured-token"], home=HOME)
    for gone in ("ab12", "X-Amz-Credential", "s3cr3t-t0ken", "tok-123", "AKIAIOSFODNN7EXAMPLE",
                 "/home/ana", "the-configured-token"):
        assert gone not in clean, gone
    assert "http://127.0.0.1:9000/in/xy/01abc?" + REDACTED in clean
    assert "~/Pictures/trip/harbour.jpg" in clean  # the user's own file stays


def test_the_report_has_the_facts_first_then_the_last_lines(tmp_path):
    log = tmp_path / "thumbdrop.log"
    log.write_text("".join(f"line {n}\n" for n in range(100)))
    text = report(log_file=log, backend="Backend: http://127.0.0.1:1, Thumbdrop 0.1.0",
                  qt_version="6.11.3", home=HOME, count=5)
    head, _, tail = text.partition("Last 5 log lines:\n")
    assert head.startswith(f"Thumbdrop {VERSION}\nPlatform: ") and "Qt 6.11.3" in head
    assert tail.splitlines() == [f"line {n}" for n in range(95, 100)]


def test_a_missing_log_is_an_empty_tail_not_an_error(tmp_path):
    text = report(log_file=tmp_path / "none.log", backend="b", qt_version="6", home=HOME)
    assert text.endswith("log lines:\n")
