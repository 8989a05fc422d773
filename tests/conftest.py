"""Suite-wide rules.

In CI (REQUIRE_ALL=1, set by .ci/run) a skipped test is a failed test: a missing PostgreSQL, Node oracle or Chromium
must turn CI red, never quietly shrink the suite. Locally, tests that need those skip with the reason.
"""

from __future__ import annotations

import os
import time
from collections.abc import Generator

import pytest

from tests.support.processes import server_logs_written_since

_STARTED_AT = pytest.StashKey[float]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    item.stash[_STARTED_AT] = time.time()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed:
        # The servers' side of a failure (tmp_path with the logs is pruned after a few runs; CI keeps only this).
        for path, tail in server_logs_written_since(item.stash.get(_STARTED_AT, 0.0)):
            report.sections.append((f"server log {path} (end)", tail))
    if os.environ.get("REQUIRE_ALL") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run everything (REQUIRE_ALL=1): {report.longrepr}"
    return report
