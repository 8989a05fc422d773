"""`router plan`: prints the plan of an operation file, or coded errors without a stack trace."""

import subprocess
import sys
from pathlib import Path

from tests.planning.plans import FIXTURES


def _run(tmp_path: Path, query: str, *extra: str) -> subprocess.CompletedProcess[str]:
    query_file = tmp_path / "query.graphql"
    query_file.write_text(query)
    supergraph = FIXTURES / "entities" / "supergraph.graphql"
    command = [sys.executable, "-m", "router", "plan", "--supergraph", str(supergraph), "--query", str(query_file)]
    return subprocess.run([*command, *extra], capture_output=True, text=True, timeout=60, check=False)


def test_prints_the_plan_and_decides_conditions_from_variables(tmp_path: Path) -> None:
    query = "query Q($v: Boolean!) { me { name reviews @include(if: $v) { body } } } query R { me { id } }"
    result = _run(tmp_path, query, "--operation-name", "Q")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("QueryPlan {\n  Sequence {\n")
    assert "Include(if: $v) {" in result.stdout
    decided = _run(tmp_path, query, "--operation-name", "Q", "--variables", '{"v": false}')
    assert decided.returncode == 0, decided.stderr
    assert "reviews" not in decided.stdout and 'Fetch(service: "accounts")' in decided.stdout


def test_invalid_operations_and_names_are_reported_without_a_traceback(tmp_path: Path) -> None:
    for query, extra in [
        ("{ me { nope } }", ()),
        ("{ me { ", ()),
        ("query A { me { id } }", ("--operation-name", "B")),
        ("{ me { id } }", ("--variables", "[1]")),
    ]:
        result = _run(tmp_path, query, *extra)
        assert result.returncode == 1, (query, result.stdout)
        assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
