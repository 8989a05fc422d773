"""Suite-wide rules.

In CI (REQUIRE_ALL=1, set by .ci/run) a skipped test is a failed test: a missing PostgreSQL, Node oracle or Chromium
must turn CI red, never quietly shrink the suite. Locally, tests that need those skip with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if os.environ.get("REQUIRE_ALL") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run everything (REQUIRE_ALL=1): {report.longrepr}"
    return report
