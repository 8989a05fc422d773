"""`router plan --supergraph FILE --query FILE [--operation-name N] [--variables JSON]`: print a query plan.

For people debugging a query: the operation is validated against the supergraph's API schema first, and errors
are printed as GraphQL errors (exit code 1) rather than stack traces. With `--variables`, the plan is also printed
with the `@skip`/`@include` conditions on those variables decided.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from graphql import GraphQLError, parse, validate

from router.planning.operation import PlanningError
from router.planning.plan import Condition, Fetch, Flatten, Parallel, PlanNode, QueryPlan, Sequence
from router.planning.planner import build_plan
from router.planning.printer import print_plan
from router.supergraph.model import SupergraphError, load_supergraph


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--supergraph", required=True, type=Path, help="supergraph SDL file")
    parser.add_argument("--query", required=True, type=Path, help="file holding the GraphQL operation")
    parser.add_argument("--operation-name", default=None, help="operation to plan when the file holds several")
    parser.add_argument("--variables", default=None, help="JSON object of variables: decides @skip/@include")
    parser.add_argument(
        "--override-label",
        action="append",
        default=[],
        help="enable a progressive @override label (repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        supergraph = load_supergraph(args.supergraph.read_text(encoding="utf-8"))
        document = parse(args.query.read_text(encoding="utf-8"))
        variables = json.loads(args.variables) if args.variables else None
        if variables is not None and not isinstance(variables, dict):
            raise ValueError("--variables must be a JSON object")
    except (OSError, ValueError, SupergraphError, GraphQLError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    errors = validate(supergraph.api_schema, document)
    if errors:
        for error in errors:
            sys.stderr.write(f"error: {error.message}\n")
        return 1
    try:
        plan = build_plan(supergraph, document, args.operation_name, override_labels=frozenset(args.override_label))
    except PlanningError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    if variables is not None:
        plan = QueryPlan(decide_conditions(plan.node, variables))
    sys.stdout.write(print_plan(plan) + "\n")
    return 0


def decide_conditions(node: PlanNode | None, variables: dict[str, object]) -> PlanNode | None:
    """The plan with every `Condition` on a given variable replaced by the branch it takes."""
    if node is None or isinstance(node, Fetch):
        return node
    if isinstance(node, Condition):
        if node.variable in variables:
            return decide_conditions(node.if_clause if variables[node.variable] else node.else_clause, variables)
        return Condition(
            node.variable,
            decide_conditions(node.if_clause, variables),
            decide_conditions(node.else_clause, variables),
        )
    if isinstance(node, Flatten):
        inner = decide_conditions(node.node, variables)
        return None if inner is None else Flatten(node.path, inner)
    children = [c for c in (decide_conditions(n, variables) for n in node.nodes) if c is not None]
    if not children:
        return None
    if len(children) == 1:
        return children[0]
    return Sequence(tuple(children)) if isinstance(node, Sequence) else Parallel(tuple(children))
