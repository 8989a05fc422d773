"""Hot reload of the supergraph file: new requests see the new supergraph, running ones finish on the old one,
and a broken file never replaces a good supergraph."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from router.config import RouterSettings
from tests.router.conftest import SUPERGRAPH_FILE
from tests.router.plans import StubPlanner
from tests.router.running import running_router
from tests.support.federated_subgraph import Subgraphs

PLACEHOLDERS = {"accounts": "http://accounts.invalid/graphql", "reviews": "http://reviews.invalid/graphql"}


_VERSION = [0]


def write(path: Path, urls: dict[str, str], extra: str = "") -> None:
    """Replace the file in one step (as deploy tools do), with an mtime no earlier version had."""
    sdl = SUPERGRAPH_FILE.read_text()
    for name, url in urls.items():
        sdl = sdl.replace(PLACEHOLDERS[name], url)
    staging = path.with_suffix(".tmp")
    staging.write_text(sdl + extra)
    _VERSION[0] += 1
    mtime = time.time_ns() + _VERSION[0] * 1_000_000
    os.utime(staging, ns=(mtime, mtime))
    staging.replace(path)


def wait_for(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_reload_swaps_for_new_requests_and_in_flight_ones_finish_on_the_old(
    tmp_path: Path, subgraphs: Subgraphs
) -> None:
    file = tmp_path / "supergraph.graphql"
    live = {name: subgraphs.url(name) for name in PLACEHOLDERS}
    write(file, live)
    settings = RouterSettings(
        environment="development",
        supergraph={"file": file, "poll_interval_seconds": 0.05},
    )
    with running_router(settings, planner=StubPlanner()) as router:

        def ask(query: str) -> dict[str, Any]:
            answer: dict[str, Any] = httpx.post(router.url, json={"query": query}, timeout=10).json()
            return answer

        assert ask("query Users { users { id } }")["data"]["users"][0] == {"id": "1"}
        slow: dict[str, Any] = {}
        worker = threading.Thread(target=lambda: slow.update(ask("query SlowAndFast { slow topReviews { id } }")))
        worker.start()
        time.sleep(0.5)  # the slow request is now waiting on the accounts subgraph
        write(file, {**live, "accounts": "http://127.0.0.1:9/graphql"})
        wait_for(lambda: "errors" in ask("query Users { users { id } }"))
        failed = ask("query Users { users { id } }")
        assert failed["errors"][0]["extensions"]["code"] == "SUBGRAPH_REQUEST_FAILED"
        worker.join(10)
        assert slow["data"]["slow"] == "finally", "the in-flight request kept the supergraph it started with"

        write(file, live, extra="\nthis is not GraphQL {")
        time.sleep(0.5)
        assert "errors" in ask("query Users { users { id } }"), "the broken file did not replace the last good one"
        metrics = httpx.get(router.base + "/metrics").text
        assert 'router_supergraph_reloads_total{result="failed"} 1.0' in metrics
        assert 'router_supergraph_reloads_total{result="ok"} 1.0' in metrics

        write(file, live)
        wait_for(lambda: "errors" not in ask("query Users { users { id } }"))
