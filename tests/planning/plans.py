"""Test support for the planner tests: load a feature's committed supergraph, plan an operation, print the plan."""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path

from graphql import parse, validate

from router.planning.planner import build_plan
from router.planning.printer import print_plan
from router.supergraph.model import Supergraph, load_supergraph

FIXTURES = Path(__file__).parent / "fixtures"


@functools.cache
def supergraph(feature: str) -> Supergraph:
    return load_supergraph((FIXTURES / feature / "supergraph.graphql").read_text(encoding="utf-8"))


def plan_text(feature: str, query: str, operation_name: str | None = None, labels: frozenset[str] = frozenset()) -> str:
    schema = supergraph(feature)
    document = parse(query)
    errors = validate(schema.api_schema, document)
    assert not errors, errors
    return print_plan(build_plan(schema, document, operation_name, override_labels=labels))


def assert_plan(
    feature: str,
    query: str,
    expected: str,
    operation_name: str | None = None,
    labels: frozenset[str] = frozenset(),
) -> None:
    actual = plan_text(feature, query, operation_name, labels)
    assert actual == textwrap.dedent(expected).strip(), "\n" + actual
