"""The giftcard and wallet SDLs compose under The Guild's composer too (the pinned npm test oracle), with the
cross-subgraph entities and the claims directives in the supergraph."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from subgraphs.giftcard.api.schema import print_sdl
from subgraphs.wallet.api.schema import print_sdl as wallet_sdl
from tests.wallet.test_composition import COMPOSER, GRAPHQL, SCRIPT


@pytest.mark.node
def test_giftcard_and_wallet_compose_under_the_guilds_composer() -> None:
    node = shutil.which("node")
    if node is None or not COMPOSER.exists():
        pytest.skip("the pinned npm oracles are not installed (make node)")
    services = [
        {"name": "giftcard", "sdl": print_sdl(), "url": "http://127.0.0.1:4001/graphql"},
        {"name": "wallet", "sdl": wallet_sdl(), "url": "http://127.0.0.1:4002/graphql"},
    ]
    done = subprocess.run(
        [node, "-e", SCRIPT, str(COMPOSER), str(GRAPHQL)],
        input=json.dumps(services),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["errors"] == []
    supergraph = result["supergraph"]
    for entity in ("User", "Wallet"):
        assert f'type {entity} @join__type(graph: GIFTCARD, key: "id") @join__type(graph: WALLET, key: "id")' in (
            supergraph
        )
    assert 'type GiftCard @join__type(graph: GIFTCARD, key: "id")' in supergraph
    assert '@requiresScopes(scopes: [["giftcards:issue"], ["staff"]])' in supergraph
