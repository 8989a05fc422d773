"""Hand-built query plans for the test supergraph (tests/router/subgraphs), written as a planner would emit them.

They let the executor and the server be tested before and independently of the real planner.
"""

from __future__ import annotations

from graphql import DocumentNode, OperationDefinitionNode, print_ast

from router.planning.plan import (
    Condition,
    Fetch,
    FieldSelection,
    Flatten,
    InlineFragmentSelection,
    OperationKind,
    Parallel,
    PlanNode,
    QueryPlan,
    Sequence,
)
from router.supergraph.model import Supergraph

USER_KEY = (InlineFragmentSelection("User", (FieldSelection("__typename"), FieldSelection("id"))),)
ENTITIES = "query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { %s } } }"


def user_entities(service: str, selection: str) -> Fetch:
    return Fetch(service, ENTITIES % selection, requires=USER_KEY)


# query Me { me { id name reviews { body } } }
ME_WITH_REVIEWS = Sequence(
    (
        Fetch("accounts", "{ me { __typename id name } }"),
        Flatten(("me",), user_entities("reviews", "reviews { body }")),
    )
)

# query Top { topReviews { id body author { name nickname } } }
TOP_WITH_AUTHORS = Sequence(
    (
        Fetch("reviews", "{ topReviews { id body author { __typename id } } }"),
        Flatten(("topReviews", "@", "author"), user_entities("accounts", "name nickname")),
    )
)

# query Both { me { id } topReviews(first: 2) { body } }
BOTH_ROOTS = Parallel(
    (
        Fetch("accounts", "{ me { id } }"),
        Fetch("reviews", "query($first: Int) { topReviews(first: $first) { body } }", variable_usages=("first",)),
    )
)

# query SlowAndFast { slow topReviews { id } }
SLOW_AND_FAST = Parallel(
    (
        Fetch("accounts", "{ slow }"),
        Fetch("reviews", "{ topReviews { id } }"),
    )
)

# mutation Append { a: append(entry: "a") b: append(entry: "b") }
APPEND_TWICE = Sequence(
    (
        Fetch("accounts", 'mutation { a: append(entry: "a") }', OperationKind.MUTATION),
        Fetch("accounts", 'mutation { b: append(entry: "b") }', OperationKind.MUTATION),
    )
)

# query Headers { authorization staticHeader }
HEADERS = Parallel((Fetch("accounts", "{ authorization }"), Fetch("reviews", "{ staticHeader }")))

# query MaybeReviews($withReviews: Boolean!) { me { id reviews @include(if: $withReviews) { body } } }
MAYBE_REVIEWS = Sequence(
    (
        Fetch("accounts", "{ me { __typename id } }"),
        Condition(
            "withReviews",
            Flatten(("me",), user_entities("reviews", "reviews { body }")),
            None,
        ),
    )
)

# query Users { users { id name } }
USERS = Fetch("accounts", "{ users { id name } }")

BY_OPERATION: dict[str, PlanNode] = {
    "Me": ME_WITH_REVIEWS,
    "Top": TOP_WITH_AUTHORS,
    "Both": BOTH_ROOTS,
    "SlowAndFast": SLOW_AND_FAST,
    "Append": APPEND_TWICE,
    "Headers": HEADERS,
    "MaybeReviews": MAYBE_REVIEWS,
    "Users": USERS,
}


class StubPlanner:
    """A planner that looks plans up by operation name, and counts its calls (to test the plan cache).

    Operations named `Accounts...` go to the accounts subgraph as written (after authorization filtering), so tests
    see exactly the document the router planned.
    """

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, supergraph: Supergraph, document: DocumentNode, operation_name: str | None) -> QueryPlan:
        self.calls += 1
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        name = operation_name or (operations[0].name.value if operations and operations[0].name else "")
        if name.startswith("Accounts"):
            return QueryPlan(Fetch("accounts", print_ast(document), operation_name=name))
        return QueryPlan(BY_OPERATION[name])
