"""Smoke test of the gateway benchmark's harness: real subgraphs and our router answer correctly, the check catches
a wrong answer, and a one-second load run counts requests whose bodies all match. No timing is asserted."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bench.gateway.graph import direct_query, load_queries
from bench.gateway.harness import Harness
from bench.gateway.load import LoadResult, WrongAnswer, check_answer, run_load
from bench.gateway.report import medians, ratios

pytestmark = [
    pytest.mark.node,
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
    pytest.mark.timeout(60),
]


def test_router_and_direct_baseline_answer_as_expected_under_load(tmp_path: Path) -> None:
    queries = load_queries()
    harness = Harness(tmp_path, queries, gateway_core=None, load_core=None)
    try:
        harness.start_subgraphs()
        ours = harness.start_gateway("ours")  # raises WrongAnswer unless both queries are answered exactly
        direct = harness.start_gateway("direct")
        assert ours.supergraph == "ours"
        assert set(ours.bodies) == {"standard", "fanout"}

        wrong = replace(queries["fanout"], expected={"data": {"topProducts": []}})
        with pytest.raises(WrongAnswer):
            check_answer("ours", ours.url, wrong)

        result = run_load(ours.url, queries["fanout"].body, ours.bodies["fanout"], connections=2, duration=1, core=None)
        assert result.requests > 0
        assert result.mismatches == 0

        # a body that is not the gateway's answer counts as a mismatch and fails the run
        with pytest.raises(WrongAnswer):
            run_load(direct.url, direct_query(queries["standard"]).body, b"{}", connections=1, duration=1, core=None)
    finally:
        harness.stop()


def _run(rps: float, p50: float, cpu: float) -> LoadResult:
    return LoadResult(
        requests=int(rps * 10),
        duration=10,
        rps=rps,
        p50=p50,
        p90=p50,
        p99=p50 * 2,
        max=p50 * 3,
        mismatches=0,
        non2xx=0,
        errors=0,
        timeouts=0,
        server_cpu_s=cpu,
    )


def test_medians_and_ratios_compare_against_the_same_runs_baselines() -> None:
    ours = medians([_run(100, 10, 10), _run(300, 30, 10), _run(200, 20, 10)])
    apollo = medians([_run(50, 40, 10), _run(40, 50, 10), _run(60, 30, 10)])
    assert ours["rps"] == 200
    assert ours["p50_ms"] == 20
    assert ours["per_cpu_second"] == 200
    got = ratios({"standard": {"ours": ours, "apollo": apollo}})
    assert got["standard"]["ours/apollo rps"] == pytest.approx(4.0)
    assert got["standard"]["ours/apollo p50"] == pytest.approx(0.5)
    assert got["standard"]["ours/apollo req/CPU-s"] == pytest.approx(4.0)
    assert "ours/hive rps" not in got["standard"]
