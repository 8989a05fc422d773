"""Periodic housekeeping runs its job repeatedly, survives failures, and stops with the block."""

from __future__ import annotations

import asyncio

from subgraphs.shared.housekeeping import periodically


def test_job_runs_repeatedly_survives_failures_and_stops() -> None:
    runs: list[int] = []

    def job() -> None:
        runs.append(len(runs))
        if len(runs) == 2:
            raise RuntimeError("transient")

    async def main() -> int:
        async with periodically(job, interval=0.01, name="test"):
            await asyncio.sleep(0.2)
        stopped_at = len(runs)
        await asyncio.sleep(0.05)
        assert len(runs) == stopped_at  # nothing runs after the block
        return stopped_at

    assert asyncio.run(main()) >= 4  # it kept going after the failing second run
