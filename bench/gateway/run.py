"""`python -m bench.gateway`: req/s and latency of our router, Apollo Gateway, Hive Gateway and a direct subgraph call.

Each gateway is pinned to core 0, the subgraphs and the load generator to core 1; 50 keep-alive connections; one
warm-up per gateway and query, then interleaved rounds (the gateway order rotates every round); medians over rounds.
A wrong answer (before or under load) stops the run with an error.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.gateway import report
from bench.gateway.gateways import GATEWAYS
from bench.gateway.graph import load_queries
from bench.gateway.harness import Harness
from bench.gateway.load import LoadResult, run_load


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.gateway", description=__doc__)
    parser.add_argument("--gateways", default="ours,apollo,hive,direct", help="comma-separated, from: %(default)s")
    parser.add_argument("--queries", default="standard,fanout", help="comma-separated, from: %(default)s")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds per gateway and query")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of warm-up per gateway and query")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--output", type=Path, help="results file (default: bench/results/<UTC date>.json)")
    parser.add_argument("--no-write", action="store_true", help="print only; write no results file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    names = [g for g in args.gateways.split(",") if g]
    unknown = [g for g in names if g not in GATEWAYS]
    if unknown:
        raise SystemExit(f"unknown gateways: {unknown}")
    all_queries = load_queries()
    queries = {q: all_queries[q] for q in args.queries.split(",") if q}
    if (os.cpu_count() or 1) < 2:
        raise SystemExit("the gateway benchmark needs 2 cores (gateway on one, load and subgraphs on the other)")
    started = datetime.now(UTC)
    source = report.revision()
    load_at_start = os.getloadavg()
    workdir = Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    harness = Harness(workdir, queries)
    runs: dict[str, dict[str, list[LoadResult]]] = {q: {g: [] for g in names} for q in queries}
    try:
        harness.start_subgraphs()
        for name in names:
            running = harness.start_gateway(name)
            print(f"{name}: answers checked ({running.supergraph} supergraph) {' '.join(running.notes)}", flush=True)

        def measure(query: str, gateway: str, duration: float) -> LoadResult:
            running = harness.running[gateway]
            request = running.request_for(queries[query])
            assert harness.subgraphs is not None
            cpu_before = running.server.cpu_seconds()
            subgraphs_before = harness.subgraphs.cpu_seconds()
            result = run_load(
                running.url,
                request.body,
                running.bodies[query],
                connections=args.connections,
                duration=duration,
                core=harness.load_core,
            )
            return replace(
                result,
                server_cpu_s=running.server.cpu_seconds() - cpu_before,
                subgraphs_cpu_s=harness.subgraphs.cpu_seconds() - subgraphs_before,
            )

        for query in queries:
            for name in names:
                warm = measure(query, name, args.warmup)
                print(f"warm-up {query:<9} {name:<7} {warm.rps:9.1f} req/s", flush=True)
        for round_index in range(args.rounds):
            order = names[round_index % len(names) :] + names[: round_index % len(names)]
            for query in queries:
                for name in order:
                    result = measure(query, name, args.duration)
                    runs[query][name].append(result)
                    print(
                        f"round {round_index + 1} {query:<9} {name:<7} {result.rps:9.1f} req/s  "
                        f"p50 {result.p50:7.1f} ms  p99 {result.p99:7.1f} ms  {result.per_cpu_second:8.1f} req/CPU-s  "
                        f"load core busy {result.load_core_busy:4.0%}",
                        flush=True,
                    )
    finally:
        used = {name: r.supergraph for name, r in harness.running.items()}
        notes = {name: r.notes for name, r in harness.running.items() if r.notes}
        harness.stop()

    summary = {q: {g: report.medians(rs) for g, rs in per.items()} for q, per in runs.items()}
    labels = {name: GATEWAYS[name].label for name in names}
    print(report.table(summary, labels))
    document: dict[str, Any] = {
        "benchmark": "gateway",
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {
            "connections": args.connections,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "rounds": args.rounds,
            "gateway_core": harness.gateway_core,
            "load_and_subgraphs_core": harness.load_core,
            "load_generator": "autocannon 8.0.0 (every response compared byte for byte with the checked answer)",
        },
        "gateways": labels,
        "supergraph_used": used,
        "notes": notes,
        "source": source,
        "load_average_at_start": load_at_start,
        "machine": report.machine(),
        "medians": summary,
        "ratios": report.ratios(summary),
        "rounds": {q: {g: [r.to_dict() for r in rs] for g, rs in per.items()} for q, per in runs.items()},
    }
    if not args.no_write:
        path = report.write_results(document, args.output)
        print(f"\nresults: {path}")
    print(f"logs: {workdir}")  # kept for a look after the run
    return 0
