"""Print the differential test's mismatches compactly: `python -m tests.conformance.report [name-substring ...]`.

Starts the same processes as the test session (subgraphs, Apollo Gateway, our router), runs the corpus through both
and prints, per mismatching operation, the JSON paths where `data` differs and the error paths on each side. Meant
for routing fixes; the differential test stays the judge.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from tests.conformance import harness
from tests.conformance.answers import error_paths, ordered, post
from tests.conformance.corpus import load_corpus, load_oracle_bugs


def differences(ours: Any, theirs: Any, path: str = "") -> Iterator[str]:
    """Paths where two JSON values differ, with both values (shortened)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in list(theirs) + [k for k in ours if k not in theirs]:
            yield from differences(ours.get(key, "<missing>"), theirs.get(key, "<missing>"), f"{path}.{key}")
        return
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            yield from differences(a, b, f"{path}[{index}]")
        return
    if ours != theirs:
        yield f"{path or '<root>'}: router {json.dumps(ours)[:160]} | gateway {json.dumps(theirs)[:160]}"


def main(argv: list[str]) -> int:
    logs = Path(tempfile.mkdtemp(prefix="conformance-report-"))
    subgraphs = harness.start_subgraphs(logs)
    supergraph = harness.write_supergraph(subgraphs, logs / "supergraph.graphql")
    gateway = harness.start_gateway(supergraph, logs)
    router = harness.start_router(supergraph, logs)
    mismatches = 0
    bugs = load_oracle_bugs()
    try:
        with httpx.Client(timeout=30) as client:
            for operation in load_corpus():
                if argv and not any(part in operation.name for part in argv):
                    continue
                theirs = post(client, gateway.url + "/graphql", operation, "gateway")
                ours = post(client, router.url + "/graphql", operation, "router")
                bug = bugs.get(operation.name)
                if bug is not None:
                    theirs = bug.correct(theirs)
                diffs = list(differences(ours.get("data"), theirs.get("data")))
                if not diffs and ordered(ours.get("data")) != ordered(theirs.get("data")):
                    diffs = ["key order differs"]
                if not diffs and error_paths(ours) == error_paths(theirs):
                    continue
                mismatches += 1
                print(f"== {operation.name}")
                for line in diffs[:8]:
                    print("   data " + line)
                if error_paths(ours) != error_paths(theirs):
                    print(f"   router errors : {[(e.get('path'), e.get('message')) for e in ours.get('errors') or []]}")
                    print(
                        f"   gateway errors: {[(e.get('path'), e.get('message')) for e in theirs.get('errors') or []]}"
                    )
    finally:
        router.stop()
        gateway.stop()
        subgraphs.stop()
    print(f"{mismatches} mismatching operations; logs in {logs}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
