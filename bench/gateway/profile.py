"""`python -m bench.gateway.profile`: cProfile of our router serving the standard query under load.

The router runs as in the benchmark (production settings, pinned to core 0) but under cProfile (profiled_router.py),
switched on only while the load runs; then the router gets SIGTERM and the stats are written. Prints the top
functions by own time and by cumulative time. cProfile slows Python code down (roughly 1.5-2x), so read the
shares, not the req/s.
"""

from __future__ import annotations

import argparse
import io
import pstats
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.gateway.gateways import router_args
from bench.gateway.graph import load_queries
from bench.gateway.harness import Harness
from bench.gateway.load import check_answer, run_load
from bench.gateway.servers import Server, free_port, pinned


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.gateway.profile", description=__doc__)
    parser.add_argument("--query", default="standard", choices=("standard", "fanout"))
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of load under the profiler")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--top", type=int, default=30, help="functions listed per ordering")
    parser.add_argument("--output", type=Path, help="also write the listing to this file")
    return parser.parse_args(argv)


def listing(stats_file: Path, top: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(str(stats_file), stream=out)
    stats.strip_dirs()
    for order in ("tottime", "cumulative"):
        out.write(f"\n==== top {top} by {order} ====\n")
        stats.sort_stats(order).print_stats(top)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    query = load_queries()[args.query]
    workdir = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    harness = Harness(workdir, {args.query: query})
    stats_file = workdir / "router.prof"
    router: Server | None = None
    try:
        harness.start_subgraphs()
        port = free_port()
        command = router_args(harness.supergraphs["ours"], port, workdir)
        # python -m router serve ...  ->  python -m bench.gateway.profiled_router FILE serve ...
        command[1:3] = ["-m", "bench.gateway.profiled_router", str(stats_file)]
        router = Server("ours-profiled", pinned(harness.gateway_core, command), port, workdir / "ours.log").start()
        url = router.url + "/graphql"
        expected = check_answer("ours", url, query)
        router.send_signal(signal.SIGUSR1)  # profile from here: start-up and the first planning stay out
        result = run_load(
            url,
            query.body,
            expected,
            connections=args.connections,
            duration=args.duration,
            core=harness.load_core,
        )
        router.send_signal(signal.SIGUSR2)
        print(f"under cProfile: {result.rps:.1f} req/s, p50 {result.p50} ms, {result.requests} requests")
    finally:
        code = router.stop(grace=30.0) if router is not None else None
        harness.stop()
    if not stats_file.is_file():
        sys.stderr.write(f"no profile written (router exit code {code}); see {workdir}\n")
        return 1
    text = listing(stats_file, args.top)
    print(text)
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
    print(f"stats: {stats_file} (pstats; e.g. snakeviz or python -m pstats)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
