"""The check as a pure function: composition errors by code, breaking vs safe changes, operations in use."""

from __future__ import annotations

import pytest

from registry.domain.check import CheckResult, compose_with, run_check
from registry.domain.model import ClientRef, RecordedOperation
from router.composition import CompositionResult, SubgraphSource
from tests.registry.schemas import USERS, WALLET, edit, users, wallet

WEB = (ClientRef("web", "1.2.3"),)


def op(document: str, name: str = "op") -> RecordedOperation:
    return RecordedOperation(name, document, WEB)


@pytest.fixture(scope="module")
def current_supergraph() -> str:
    composed = compose_with([wallet()], users())
    assert composed.supergraph_sdl is not None, composed.errors
    return composed.supergraph_sdl


def check(
    current_supergraph: str,
    proposed: SubgraphSource,
    operations: list[RecordedOperation] | None = None,
    *,
    fail_on_breaking: bool = False,
) -> CheckResult:
    return run_check(
        current=[wallet(), users()],
        current_supergraph=current_supergraph,
        proposed=proposed,
        operations=operations or [],
        fail_on_breaking=fail_on_breaking,
    )


def codes(result: CheckResult, severity: str) -> list[tuple[str, str | None]]:
    return [(c.change.code, c.change.coordinate) for c in result.changes if c.change.severity.value == severity]


# --- composition ---------------------------------------------------------------------------------------------------


def test_invalid_key_fails_with_apollos_code(current_supergraph: str) -> None:
    result = check(current_supergraph, wallet(edit(WALLET, 'Wallet @key(fields: "id")', 'Wallet @key(fields: "nope")')))
    assert not result.ok
    assert [e.code for e in result.composition_errors] == ["KEY_INVALID_FIELDS"]
    assert result.composition_errors[0].subgraph == "wallet"
    assert result.changes == () and result.supergraph_sdl is None


def test_unshared_field_in_two_subgraphs_fails_composition(current_supergraph: str) -> None:
    proposed = wallet(edit(WALLET, "  wallets: [Wallet!]!\n}", "  wallets: [Wallet!]!\n  name: String\n}"))
    result = check(current_supergraph, proposed)
    assert "INVALID_FIELD_SHARING" in [e.code for e in result.composition_errors]


def test_unparseable_sdl_is_a_composition_error(current_supergraph: str) -> None:
    result = check(current_supergraph, wallet("type Query {"))
    assert not result.ok
    assert result.composition_errors and all(e.code == "INVALID_GRAPHQL" for e in result.composition_errors)


def test_the_proposal_replaces_the_current_version_of_its_subgraph(current_supergraph: str) -> None:
    # users alone would clash with the current users if it were added instead of replacing it.
    result = check(current_supergraph, users(edit(USERS, "name: String", "name: String\n  email: String")))
    assert result.ok, result.to_dict()
    assert codes(result, "SAFE") == [("FIELD_ADDED", "User.email")]


# --- changes ---------------------------------------------------------------------------------------------------------


def test_adding_a_field_is_safe(current_supergraph: str) -> None:
    result = check(current_supergraph, wallet(edit(WALLET, "balance: Int!", "balance: Int!\n  frozen: Boolean")))
    assert result.ok
    assert codes(result, "BREAKING") == []
    assert ("FIELD_ADDED", "Wallet.frozen") in codes(result, "SAFE")


def test_adding_an_enum_value_is_dangerous_not_breaking(current_supergraph: str) -> None:
    result = check(current_supergraph, wallet(edit(WALLET, "  GBP\n", "  GBP\n  CHF\n")))
    assert result.ok
    assert codes(result, "DANGEROUS") == [("VALUE_ADDED_TO_ENUM", "Currency.CHF")]


@pytest.mark.parametrize(
    ("old", "new", "code", "coordinate"),
    [
        ("  balance: Int!\n", "", "FIELD_REMOVED", "Wallet.balance"),
        ("balance: Int!", "balance: Int", "FIELD_CHANGED_KIND", "Wallet.balance"),
        ("  GBP\n", "", "VALUE_REMOVED_FROM_ENUM", "Currency.GBP"),
        ("wallet(id: ID!)", "wallet(id: ID!, at: String!)", "REQUIRED_ARG_ADDED", "Query.wallet(at:)"),
        (", currency: Currency)", ")", "ARG_REMOVED", "Query.wallets(currency:)"),
        ("wallet(id: ID!)", "wallet(id: Int!)", "ARG_CHANGED_KIND", "Query.wallet(id:)"),
        ("  amount: Int!\n", "  amount: Int!\n  reason: String!\n", "REQUIRED_INPUT_FIELD_ADDED", "CreditInput.reason"),
    ],
)
def test_breaking_changes_have_stable_codes_and_coordinates(
    current_supergraph: str, old: str, new: str, code: str, coordinate: str
) -> None:
    result = check(current_supergraph, wallet(edit(WALLET, old, new)))
    assert (code, coordinate) in codes(result, "BREAKING")
    assert result.ok  # no recorded operation: reported, not failing


def test_fail_on_breaking_fails_any_breaking_change(current_supergraph: str) -> None:
    result = check(current_supergraph, wallet(edit(WALLET, "  GBP\n", "")), fail_on_breaking=True)
    assert not result.ok
    assert all(c.blocking for c in result.changes if c.change.severity.value == "BREAKING")


# --- operations in use -----------------------------------------------------------------------------------------------

BALANCE = op('query Balance { wallet(id: "1") { id balance } }', "Balance")
OWNER = op('query Owner { wallet(id: "1") { owner { id name } } }', "Owner")


def test_removed_field_used_by_an_operation_fails_the_check(current_supergraph: str) -> None:
    result = check(current_supergraph, wallet(edit(WALLET, "  balance: Int!\n", "")), [BALANCE, OWNER])
    assert not result.ok
    removed = next(c for c in result.changes if c.change.code == "FIELD_REMOVED")
    assert removed.blocking
    assert [o.name for o in removed.affected] == ["Balance"]
    assert [b.operation.name for b in result.broken_operations] == ["Balance"]
    assert result.operations_checked == 2


def test_removed_field_no_operation_uses_passes(current_supergraph: str) -> None:
    result = check(current_supergraph, wallet(edit(WALLET, "  balance: Int!\n", "")), [OWNER])
    assert result.ok
    removed = next(c for c in result.changes if c.change.code == "FIELD_REMOVED")
    assert not removed.blocking and removed.affected == ()


def test_nullability_change_breaks_users_even_though_they_still_validate(current_supergraph: str) -> None:
    result = check(current_supergraph, wallet(edit(WALLET, "balance: Int!", "balance: Int")), [BALANCE, OWNER])
    assert result.broken_operations == ()  # still valid GraphQL ...
    assert not result.ok  # ... but the client may now get a null it never expected
    changed = next(c for c in result.changes if c.change.code == "FIELD_CHANGED_KIND")
    assert [o.name for o in changed.affected] == ["Balance"]


@pytest.mark.parametrize(
    ("document", "affected"),
    [
        ("query A { wallets(currency: GBP) { id } }", True),  # the removed value as a literal
        ("query B($c: Currency) { wallets(currency: $c) { id } }", True),  # a variable may carry it
        ("query C { wallets(currency: EUR) { id } }", False),  # another value
        ("query D { wallet(id: 1) { currency } }", False),  # only reads the enum
    ],
)
def test_removed_enum_value_judged_by_input_usage(current_supergraph: str, document: str, affected: bool) -> None:
    result = check(current_supergraph, wallet(edit(WALLET, "  GBP\n", "")), [op(document)])
    assert result.ok is not affected


def test_required_input_field_breaks_operations_sending_the_input(current_supergraph: str) -> None:
    proposed = wallet(edit(WALLET, "  amount: Int!\n", "  amount: Int!\n  reason: String!\n"))
    sends = op("mutation Credit($input: CreditInput!) { credit(input: $input) { id } }", "Credit")
    reads = op('query Read { wallet(id: "1") { id } }', "Read")
    result = check(current_supergraph, proposed, [sends, reads])
    change = next(c for c in result.changes if c.change.code == "REQUIRED_INPUT_FIELD_ADDED")
    assert [o.name for o in change.affected] == ["Credit"]
    assert not result.ok


def test_removed_argument_only_breaks_operations_passing_it(current_supergraph: str) -> None:
    proposed = wallet(edit(WALLET, ", currency: Currency)", ")"))
    passes = op("query P { wallets(currency: EUR) { id } }", "P")
    omits = op("query O { wallets(first: 3) { id } }", "O")
    assert not check(current_supergraph, proposed, [passes, omits]).ok
    assert check(current_supergraph, proposed, [omits]).ok


def test_operations_already_invalid_are_skipped_and_noted(current_supergraph: str) -> None:
    stale = op("query Stale { wallet(id: 1) { nothingHere } }", "Stale")
    result = check(current_supergraph, wallet(edit(WALLET, "  balance: Int!\n", "")), [stale])
    assert result.ok
    assert result.operations_checked == 0
    assert any("already invalid" in note for note in result.notes)


def test_fragments_and_type_conditions_count_as_usage(current_supergraph: str) -> None:
    document = """
        query F { me { ...U } }
        fragment U on User { wallets { ... on Wallet { balance } } }
    """
    result = check(current_supergraph, wallet(edit(WALLET, "  balance: Int!\n", "")), [op(document, "F")])
    assert not result.ok
    assert [o.name for o in result.changes[0].affected] == ["F"]


def test_first_publish_has_nothing_to_compare(current_supergraph: str) -> None:
    result = run_check(current=[], current_supergraph=None, proposed=wallet(), operations=[BALANCE])
    assert result.ok and result.changes == ()
    assert result.notes


def test_input_literal_missing_a_new_required_field_is_broken_and_affected(current_supergraph: str) -> None:
    proposed = wallet(edit(WALLET, "  amount: Int!\n", "  amount: Int!\n  reason: String!\n"))
    literal = op('mutation L { credit(input: {walletId: "1", amount: 5, currency: EUR}) { id } }', "L")
    result = check(current_supergraph, proposed, [literal])
    change = next(c for c in result.changes if c.change.code == "REQUIRED_INPUT_FIELD_ADDED")
    assert [o.name for o in change.affected] == ["L"]
    assert [b.operation.name for b in result.broken_operations] == ["L"]


def test_inaccessible_hides_a_field_from_the_api_schema(current_supergraph: str) -> None:
    hidden = edit(WALLET, '"@key", "@shareable"]', '"@key", "@shareable", "@inaccessible"]')
    hidden = edit(hidden, "balance: Int!", "balance: Int! @inaccessible")
    result = check(current_supergraph, wallet(hidden), [BALANCE])
    assert [(c.change.code, c.change.coordinate) for c in result.changes] == [("FIELD_REMOVED", "Wallet.balance")]
    assert not result.ok and [b.operation.name for b in result.broken_operations] == ["Balance"]


def test_a_supergraph_routers_cannot_load_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_composer(_sources: object, **_: object) -> CompositionResult:
        return CompositionResult("type Query { a: Int }")  # no join spec: routers cannot read it

    monkeypatch.setattr("registry.domain.check.compose", broken_composer)
    result = run_check(current=[], current_supergraph=None, proposed=wallet(), operations=[])
    assert not result.ok
    assert [e.code for e in result.composition_errors] == ["INVALID_SUPERGRAPH"]
