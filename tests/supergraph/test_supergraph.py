"""Loading a standard supergraph and deriving its API schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import print_schema

from router.supergraph import SupergraphError, api_schema_sdl, load_supergraph

HERE = Path(__file__).parent
SUPERGRAPH = (HERE / "two_subgraphs.graphql").read_text()


def test_subgraphs_come_from_join_graph() -> None:
    supergraph = load_supergraph(SUPERGRAPH)
    assert {(s.enum_value, s.name, s.url) for s in supergraph.subgraphs.values()} == {
        ("A", "a", "http://a"),
        ("B", "b", "http://b"),
    }


def test_api_schema_drops_machinery_and_inaccessible_elements() -> None:
    api = api_schema_sdl(SUPERGRAPH)
    assert "join__" not in api and "link__" not in api and "@" not in api
    assert "secret" not in api  # @inaccessible field
    assert "hidden: Int" in api  # its @inaccessible argument is gone, the field stays
    assert "wallets: [String!]!" in api


def test_renamed_inaccessible_directive_is_honoured() -> None:
    renamed = SUPERGRAPH.replace(
        '@link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)',
        '@link(url: "https://specs.apollo.dev/inaccessible/v0.2", as: "hidden", for: SECURITY)',
    ).replace("@inaccessible", "@hidden")
    api = api_schema_sdl(renamed)
    assert "secret" not in api and "hidden(" not in api


def test_url_overrides_by_subgraph_name() -> None:
    supergraph = load_supergraph(SUPERGRAPH).with_urls({"b": "http://127.0.0.1:9/graphql"})
    assert supergraph.subgraph_by_name("b").url == "http://127.0.0.1:9/graphql"
    assert print_schema(supergraph.api_schema) == print_schema(load_supergraph(SUPERGRAPH).api_schema)
    with pytest.raises(SupergraphError):
        supergraph.with_urls({"nope": "http://x"})


@pytest.mark.parametrize("text", ["type Query { a: Int }", "not graphql {", ""])
def test_non_supergraphs_are_refused(text: str) -> None:
    with pytest.raises(SupergraphError):
        load_supergraph(text)
