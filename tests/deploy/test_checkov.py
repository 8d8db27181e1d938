"""checkov on the template: every finding is either fixed or listed, with why, in
backend/checkov-skips.yaml, and every listed skip is still needed."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from tests.deploy.cfn import ROOT, TEMPLATE
from tests.deploy.conftest import tool

pytestmark = pytest.mark.deploy_tools
SKIPS = ROOT / "backend" / "checkov-skips.yaml"


def _findings() -> set[tuple[str, str]]:
    """(check id, logical id) of every failed check, with nothing skipped."""
    result = subprocess.run(
        [str(tool("THUMBDROP_CHECKOV")), "--skip-download", "--quiet", "--compact",
         "--framework", "cloudformation", "--output", "json", "--file", str(TEMPLATE)],
        check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr  # 1 = findings, anything else = broken
    reports = json.loads(result.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    assert sum(r["summary"]["parsing_errors"] for r in reports) == 0
    assert sum(r["summary"]["resource_count"] for r in reports) > 20  # it read the template
    return {(check["check_id"], check["resource"].rsplit(".", 1)[1])
            for report in reports for check in report["results"]["failed_checks"]}


def _skips() -> set[tuple[str, str]]:
    listed = yaml.safe_load(SKIPS.read_text())
    for check_id, entry in listed.items():
        assert len(entry["why"].split()) >= 8, f"{check_id}: say why it is skipped"
    return {(check_id, resource) for check_id, entry in listed.items()
            for resource in entry["resources"]}


def test_every_checkov_finding_is_a_documented_decision_and_every_skip_is_needed():
    findings, skips = _findings(), _skips()
    assert findings - skips == set(), "new checkov findings: fix them or list them with why"
    assert skips - findings == set(), "stale skips in backend/checkov-skips.yaml: remove them"
