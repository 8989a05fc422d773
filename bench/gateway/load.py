"""Load and checks: one exact answer before measuring, then autocannon (load.mjs) in its own process.

`check_answer` fails loudly when a gateway's response differs from the expected one; `run_load` then compares every
response under load, byte for byte, with the body that passed the check (a mismatch fails the run too).
"""

from __future__ import annotations

import json
import resource
import subprocess
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.gateway.graph import ROOT, Query
from bench.gateway.servers import pinned

LOAD_SCRIPT = Path(__file__).resolve().parent / "load.mjs"
HEADERS = {"content-type": "application/json", "accept": "application/graphql-response+json, application/json"}


class WrongAnswer(AssertionError):
    """A gateway answered something other than the expected response."""


@dataclass(frozen=True)
class LoadResult:
    """One load run (latencies in milliseconds)."""

    requests: int
    duration: float
    rps: float
    p50: float
    p90: float
    p99: float
    max: float
    mismatches: int
    non2xx: int
    errors: int
    timeouts: int
    server_cpu_s: float = 0.0  # CPU time the measured server used during the run
    loadgen_cpu_s: float = 0.0  # CPU time of the load generator (core 1)
    subgraphs_cpu_s: float = 0.0  # CPU time of the subgraphs (core 1)

    @property
    def load_core_busy(self) -> float:
        """Share of the load core that the load generator and subgraphs used: near 1.0, they were the limit."""
        return (self.loadgen_cpu_s + self.subgraphs_cpu_s) / self.duration if self.duration else 0.0

    @property
    def per_cpu_second(self) -> float:
        """Requests answered per CPU second of the measured server: steadier than req/s on a busy machine."""
        return self.requests / self.server_cpu_s if self.server_cpu_s > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "per_cpu_second": self.per_cpu_second, "load_core_busy": self.load_core_busy}


def post(url: str, body: str, timeout: float = 30.0) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body.encode(), headers=HEADERS, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def check_answer(name: str, url: str, query: Query) -> bytes:
    """POST `query` twice; both answers must equal the expected response (and each other). Returns the body."""
    bodies = []
    for _ in range(2):
        status, body = post(url, query.body)
        if status != 200:
            raise WrongAnswer(f"{name} answered {query.name} with HTTP {status}: {body[:500]!r}")
        got = json.loads(body)
        if got != query.expected:
            raise WrongAnswer(f"{name} answered {query.name} wrongly: {json.dumps(got)[:800]}")
        bodies.append(body)
    if bodies[0] != bodies[1]:
        raise WrongAnswer(f"{name} answered {query.name} with two different serialisations")
    return bodies[0]


def run_load(
    url: str, body: str, expect_body: bytes, *, connections: int, duration: float, core: int | None
) -> LoadResult:
    """autocannon for `duration` seconds with `connections` keep-alive connections; raises on any bad response."""
    spec = {
        "url": url,
        "body": body,
        "expectBody": expect_body.decode(),
        "connections": connections,
        "duration": duration,
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        pinned(core, ["node", str(LOAD_SCRIPT)]),
        cwd=ROOT,
        input=json.dumps(spec).encode(),
        capture_output=True,
        check=False,
        timeout=duration + 120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed: {done.stderr.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    loadgen_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    result = LoadResult(**json.loads(done.stdout), loadgen_cpu_s=loadgen_cpu)
    bad = {k: getattr(result, k) for k in ("mismatches", "non2xx", "errors", "timeouts") if getattr(result, k)}
    if bad:
        raise WrongAnswer(f"bad responses under load from {url}: {bad} of {result.requests}")
    return result
