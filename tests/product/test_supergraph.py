"""The product's supergraph: the committed subgraph schemas are what the code prints, and supergraph.yaml composes.

(That The Guild's composer prints the same supergraph for them is checked by tests/composition/test_differential.py,
whose corpus reads these schema files live.)

The schema files are what CI checks and publishes to the registry; a change to a subgraph's types that is not
re-exported (`python -m subgraphs.<name> sdl > subgraphs/<name>/schema.graphql`) fails here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from graphql import print_schema

from router.sources.supergraph import compose_from_config
from router.supergraph import load_supergraph

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["wallet", "giftcard"])
def test_committed_schema_is_what_the_subgraph_prints(name: str) -> None:
    printed = subprocess.run(
        [sys.executable, "-m", f"subgraphs.{name}", "sdl"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert (ROOT / "subgraphs" / name / "schema.graphql").read_text() == printed


def test_supergraph_yaml_composes_into_the_traversal_the_product_is_about() -> None:
    result = compose_from_config(ROOT / "supergraph.yaml", {})
    assert result.ok, [error.to_dict() for error in result.errors]
    assert result.supergraph_sdl is not None
    supergraph = load_supergraph(result.supergraph_sdl)
    assert {s.name for s in supergraph.subgraphs.values()} == {"giftcard", "wallet"}
    api = supergraph.api_schema
    # Wallet.owner -> User.giftCards, GiftCard.owner -> User.wallets, Redemption.wallet -> Wallet
    user, wallet, card, redemption = (api.get_type(n) for n in ("User", "Wallet", "GiftCard", "Redemption"))
    assert {"giftCards", "wallets"} <= set(user.fields)  # type: ignore[union-attr]
    assert str(wallet.fields["owner"].type) == "User!"  # type: ignore[union-attr]
    assert str(card.fields["owner"].type) == "User"  # type: ignore[union-attr]
    assert str(redemption.fields["wallet"].type) == "Wallet!"  # type: ignore[union-attr]
    assert "redemptions" in wallet.fields  # type: ignore[union-attr]
    assert "join__" not in print_schema(api)
    # Both subgraphs resolve the shared entities; the claims directives reach the supergraph for the router.
    for entity in ("User", "Wallet"):
        assert f'type {entity} @join__type(graph: GIFTCARD, key: "id") @join__type(graph: WALLET, key: "id")' in (
            result.supergraph_sdl
        )
    assert '@requiresScopes(scopes: [["giftcards:issue"], ["staff"]])' in result.supergraph_sdl
    assert "@authenticated" in result.supergraph_sdl
