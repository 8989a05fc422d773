"""Property: whenever a breaking change makes a generated operation invalid, the coordinate judgement names that
operation among the change's users, so "reported but unused" never hides an operation that would break.

Operations come from hypothesis-graphql over the current API schema; the proposals are fixed breaking edits.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema

from registry.domain.check import compose_with, run_check
from registry.domain.model import ClientRef, RecordedOperation
from router.supergraph import api_schema_sdl
from tests.registry.schemas import WALLET, edit, users, wallet


@cache
def current_supergraph() -> str:
    composed = compose_with([wallet()], users()).supergraph_sdl
    assert composed is not None
    return composed


BREAKING_EDITS = [
    ("  balance: Int!\n", ""),
    ("  GBP\n", ""),
    (", currency: Currency)", ")"),
    ("wallet(id: ID!)", "wallet(id: ID!, at: String!)"),
    ("  amount: Int!\n", "  amount: Int!\n  reason: String!\n"),
    ("wallet(id: ID!)", "wallet(id: Boolean!)"),
    ("  owner: User!\n", ""),
    ("  credit(input: CreditInput!): Wallet\n", "  credit(input: CreditInput!, note: String!): Wallet\n"),
]


@pytest.mark.parametrize(("old", "new"), BREAKING_EDITS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_operation_the_change_invalidates_is_judged_affected(old: str, new: str, data: st.DataObject) -> None:
    document = data.draw(from_schema(api_schema_sdl(current_supergraph())))
    operation = RecordedOperation("generated", document, (ClientRef("fuzz", "1"),))
    result = run_check(
        current=[wallet(), users()],
        current_supergraph=current_supergraph(),
        proposed=wallet(edit(WALLET, old, new)),
        operations=[operation],
    )
    assert result.operations_checked == 1  # generated operations are valid today
    if result.broken_operations:
        assert any(change.affected for change in result.changes), (document, result.broken_operations[0].errors)
        assert not result.ok
