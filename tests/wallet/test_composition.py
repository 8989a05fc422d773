"""The wallet SDL composes as a Federation 2 subgraph under The Guild's composer (the pinned npm test oracle)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from subgraphs.wallet.api.schema import print_sdl
from tests.support.processes import REPO_ROOT

COMPOSER = REPO_ROOT / "tools/node/node_modules/@theguild/federation-composition/cjs/index.js"
GRAPHQL = REPO_ROOT / "tools/node/node_modules/graphql/index.js"

SCRIPT = """
const { composeServices } = require(process.argv[1]);
const { parse } = require(process.argv[2]);
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const services = JSON.parse(input).map((s) => ({ name: s.name, typeDefs: parse(s.sdl), url: s.url }));
  const result = composeServices(services);
  process.stdout.write(JSON.stringify({
    errors: (result.errors || []).map((e) => e.message),
    supergraph: result.supergraphSdl || null,
  }));
});
"""


@pytest.mark.node
def test_wallet_subgraph_composes() -> None:
    node = shutil.which("node")
    if node is None or not COMPOSER.exists():
        pytest.skip("the pinned npm oracles are not installed (make node)")
    services = [{"name": "wallet", "sdl": print_sdl(), "url": "http://127.0.0.1:4002/graphql"}]
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
    assert 'type Wallet @join__type(graph: WALLET, key: "id")' in supergraph
    assert "@requiresScopes" in supergraph and "@authenticated" in supergraph
