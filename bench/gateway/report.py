"""Medians over rounds, the ratios against the baselines of the same run, the printed table and the results file."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.gateway.load import LoadResult

RESULTS_DIR = Path(__file__).resolve().parents[1] / "results"
BASELINES = ("apollo", "hive", "direct")


def medians(runs: list[LoadResult]) -> dict[str, float]:
    """Median req/s and latencies over the rounds (each round's own percentiles, then their median)."""
    return {
        "rps": statistics.median(r.rps for r in runs),
        "p50_ms": statistics.median(r.p50 for r in runs),
        "p99_ms": statistics.median(r.p99 for r in runs),
        "per_cpu_second": statistics.median(r.per_cpu_second for r in runs),
        "load_core_busy": statistics.median(r.load_core_busy for r in runs),
        "rounds": len(runs),
        "requests": sum(r.requests for r in runs),
    }


def ratios(summary: dict[str, dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Per query: ours/baseline for req/s (higher is better for us) and p50 latency (lower is better for us)."""
    out: dict[str, dict[str, float]] = {}
    for query, per_gateway in summary.items():
        ours = per_gateway.get("ours")
        if ours is None:
            continue
        for baseline in BASELINES:
            theirs = per_gateway.get(baseline)
            if theirs is None:
                continue
            out.setdefault(query, {})[f"ours/{baseline} rps"] = ours["rps"] / theirs["rps"]
            out.setdefault(query, {})[f"ours/{baseline} p50"] = ours["p50_ms"] / theirs["p50_ms"]
            out.setdefault(query, {})[f"ours/{baseline} req/CPU-s"] = ours["per_cpu_second"] / theirs["per_cpu_second"]
    return out


def table(summary: dict[str, dict[str, dict[str, float]]], labels: dict[str, str]) -> str:
    lines = []
    for query, per_gateway in summary.items():
        lines.append(f"\n{query}")
        lines.append(f"  {'gateway':<40} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'req/CPU-s':>10} {'core 1':>7}")
        for name, m in per_gateway.items():
            lines.append(
                f"  {labels.get(name, name):<40} {m['rps']:>9.1f} {m['p50_ms']:>9.1f} {m['p99_ms']:>9.1f}"
                f" {m['per_cpu_second']:>10.1f} {m['load_core_busy']:>7.0%}"
            )
    for query, values in ratios(summary).items():
        lines.append(
            f"\nratios, {query} (req/s and req/CPU-s: >1 means ours is faster; p50: <1 means ours answers sooner)"
        )
        for key, value in values.items():
            lines.append(f"  {key:<22} {value:>8.3f}")
    return "\n".join(lines)


def _version(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def revision() -> dict[str, Any]:
    """The commit measured, and whether router/ had uncommitted changes (others work in the same tree)."""
    root = str(RESULTS_DIR.parents[1])
    commit = _version(["git", "-C", root, "rev-parse", "HEAD"])
    dirty = _version(["git", "-C", root, "status", "--porcelain", "--", "router"])
    return {"commit": commit, "router_uncommitted_changes": bool(dirty) and dirty != "unknown"}


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "node": _version(["node", "--version"]),
        "load_average": os.getloadavg(),
    }


def write_results(document: dict[str, Any], path: Path | None = None) -> Path:
    """bench/results/<UTC date>.json unless `path` is given."""
    if path is None:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        path = RESULTS_DIR / f"{datetime.now(UTC).date().isoformat()}.json"
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path
