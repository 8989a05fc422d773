"""`python -m bench` (`make bench`): every benchmark in turn, each in its own process.

- bench.composition: our composer against The Guild's (10 subgraphs x 200 types).
- bench.gateway: our router against Apollo Gateway, Hive Gateway and a direct subgraph call (writes
  bench/results/<UTC date>.json).
Extra arguments go to the gateway benchmark, e.g. `python -m bench --rounds 1 --duration 5`.
Each also runs alone: `python -m bench.composition`, `python -m bench.gateway`, `python -m bench.gateway.profile`.
"""

from __future__ import annotations

import subprocess
import sys


def main(argv: list[str]) -> int:
    benchmarks = [["bench.composition"], ["bench.gateway", *argv]]
    failed = []
    for module in benchmarks:
        print(f"\n######## python -m {' '.join(module)}", flush=True)
        if subprocess.run([sys.executable, "-m", *module], check=False).returncode != 0:
            failed.append(module[0])
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
