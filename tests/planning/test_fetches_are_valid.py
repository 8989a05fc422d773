"""Every fetch of every plan is a valid operation for the subgraph it goes to (validated by graphql-core against
the fixture's subgraph schema): no field, fragment or argument a subgraph does not know, no empty selection."""

from graphql import parse, validate

from router.planning.plan import Condition, Fetch, Flatten, Parallel, PlanNode, Sequence
from router.planning.planner import build_plan
from tests.planning.plans import supergraph
from tests.planning.subgraphs import subgraph_schema
from tests.planning.test_apollo_oracle import CORPUS

EXTRA = [
    ("requires", "{ products { weight shippingEstimate volume packaging price name label } }", None),
    ("abstract", "{ search { ... on Node { id ... on Book { pages } } } featured { ... on Node { id } } }", None),
    ("abstract", "{ featured { ... on Book { title pages } ... on Author { name } ... on Magazine { issue } } }", None),
    ("interface_object", "{ featured { __typename ... on Dog { barks rating } ... on Cat { lives } } }", None),
    ("shareable", "{ catalog { featured { name price stock } } }", None),
    (
        "entities",
        "query($v: Boolean!) { me { reviews @include(if: $v) { body } } topProducts @skip(if: $v) { upc } }",
        None,
    ),
]


def _fetches(node: PlanNode | None) -> list[Fetch]:
    if node is None:
        return []
    if isinstance(node, Fetch):
        return [node]
    if isinstance(node, Flatten):
        return _fetches(node.node)
    if isinstance(node, Condition):
        return _fetches(node.if_clause) + _fetches(node.else_clause)
    assert isinstance(node, Sequence | Parallel)
    return [f for child in node.nodes for f in _fetches(child)]


def test_every_fetch_validates_against_its_subgraph() -> None:
    checked = 0
    for feature, query, name in [*CORPUS, *EXTRA]:
        if feature == "fed1":
            continue  # hand-written supergraph: no subgraph SDLs
        plan = build_plan(supergraph(feature), parse(query), name)
        for fetch in _fetches(plan.node):
            errors = validate(subgraph_schema(feature, fetch.service), parse(fetch.operation))
            assert not errors, (feature, query, fetch.service, fetch.operation, errors)
            checked += 1
    assert checked > 80
