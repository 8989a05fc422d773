"""`python -m bench.gateway.profiled_router STATS_FILE ROUTER_ARGS...`: the router command under cProfile.

The profiler starts switched off: SIGUSR1 switches it on (after start-up and the first, checked answer), SIGUSR2
off (before shutdown), so the stats hold the steady state under load only. uvicorn re-raises SIGTERM after its
graceful shutdown; with Python's default handler that would end the process before the stats are written, so here
SIGTERM raises SystemExit and the stats are always dumped.
"""

from __future__ import annotations

import cProfile
import signal
import sys
from types import FrameType


def main(argv: list[str]) -> int:
    stats_file, router_argv = argv[0], argv[1:]
    profiler = cProfile.Profile()

    def switch(signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGUSR1:
            profiler.enable()
        else:
            profiler.disable()

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGUSR1, switch)
    signal.signal(signal.SIGUSR2, switch)
    signal.signal(signal.SIGTERM, stop)
    from router.cli import main as router_main

    try:
        return router_main(router_argv)
    except SystemExit:
        return 0
    finally:
        profiler.disable()
        profiler.dump_stats(stats_file)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
