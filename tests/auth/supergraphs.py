"""The authorization fixture supergraph (composed by The Guild's composer from fixture/*.graphql) and variants."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from router.auth.config import AuthConfig, PolicyRule
from router.supergraph import Supergraph, load_supergraph

FIXTURE = Path(__file__).parent / "fixture"


@cache
def fixture_sdl() -> str:
    return (FIXTURE / "supergraph.graphql").read_text()


@cache
def fixture() -> Supergraph:
    return load_supergraph(fixture_sdl())


@cache
def unpropagated() -> Supergraph:
    """The fixture without the requirements the composer copied from implementations onto interface `Node`: the
    router must still protect `Node` fields through the implementations alone."""
    sdl = fixture_sdl().replace(
        'interface Node @join__type(graph: ACCOUNTS) @requiresScopes(scopes: [["secrets:read"]]) {',
        "interface Node @join__type(graph: ACCOUNTS) {",
    )
    sdl = sdl.replace(
        '  label: String @authenticated\n}\n\n"""\nWhat a search', '  label: String\n}\n\n"""\nWhat a search'
    )
    assert sdl.count('@requiresScopes(scopes: [["secrets:read"]])') == 1, "fixture changed; update this variant"
    return load_supergraph(sdl)


@cache
def renamed() -> Supergraph:
    """The fixture with the authorization specs linked under other names (`as:` and an import rename)."""
    sdl = fixture_sdl()
    sdl = sdl.replace(
        '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)',
        '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", as: "rs", for: SECURITY)',
    )
    sdl = sdl.replace("requiresScopes__Scope", "rs__Scope").replace("@requiresScopes(", "@rs(")
    sdl = sdl.replace("directive @requiresScopes(", "directive @rs(").replace("@authenticated", "@mustLogIn")
    sdl = sdl.replace(
        '@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)',
        '@link(url: "https://specs.apollo.dev/authenticated/v0.1",'
        ' import: [{name: "@authenticated", as: "@mustLogIn"}], for: SECURITY)',
    )
    assert "requiresScopes(" not in sdl.replace("requiresScopes/v0.1", "")
    return load_supergraph(sdl)


def config(**overrides: object) -> AuthConfig:
    """Policies: staff, auditor, admin from the `roles` claim; billing from `dept`."""
    policies = {
        "staff": (PolicyRule(claim="roles", contains="staff"),),
        "auditor": (PolicyRule(claim="roles", contains="auditor"),),
        "admin": (PolicyRule(claim="roles", contains="admin"),),
        "billing": (PolicyRule(claim="org.dept", equals="billing"),),
    }
    return AuthConfig.model_validate({"policies": policies, **overrides})
