"""Scope extraction and policy rules: the pure decisions behind @requiresScopes and @policy."""

from __future__ import annotations

from typing import Any

import pytest

from router.auth.claims import claims_from_payload, extract_scopes
from router.auth.config import PolicyRule
from router.auth.policies import policy_holds, rule_holds


@pytest.mark.parametrize(
    ("raw", "claim", "expected"),
    [
        ({"scope": "a b  c"}, "scope", {"a", "b", "c"}),
        ({"scope": ""}, "scope", set()),
        ({"scp": ["a", "b"]}, "scp", {"a", "b"}),
        ({"scp": ["a", 1, None, "b c"]}, "scp", {"a"}),  # non-strings and strings with spaces are no scopes
        ({"scope": {"a": True}}, "scope", set()),
        ({}, "scope", set()),
        ({"scp": "a b"}, "scope", set()),
    ],
)
def test_scopes(raw: dict[str, Any], claim: str, expected: set[str]) -> None:
    assert extract_scopes(raw, claim) == expected


def test_claims_from_payload_keeps_everything() -> None:
    claims = claims_from_payload({"sub": "alice", "scope": "x", "roles": ["staff"]})
    assert (claims.sub, claims.scopes, claims.raw["roles"]) == ("alice", frozenset({"x"}), ["staff"])


@pytest.mark.parametrize(
    ("rule", "raw", "holds"),
    [
        (PolicyRule(claim="roles", contains="staff"), {"roles": ["staff", "x"]}, True),
        (PolicyRule(claim="roles", contains="staff"), {"roles": "x staff"}, True),
        (PolicyRule(claim="roles", contains="staff"), {"roles": "staffer"}, False),
        (PolicyRule(claim="roles", contains="staff"), {"roles": ["staffer"]}, False),
        (PolicyRule(claim="roles", contains="staff"), {}, False),
        (PolicyRule(claim="realm.roles", contains="staff"), {"realm": {"roles": ["staff"]}}, True),
        (PolicyRule(claim="realm.roles", contains="staff"), {"realm": ["staff"]}, False),
        (PolicyRule(claim="verified", equals=True), {"verified": True}, True),
        (PolicyRule(claim="verified", equals=True), {"verified": 1}, False),
        (PolicyRule(claim="level", equals=3), {"level": 3}, True),
        (PolicyRule(claim="level", equals=3), {"level": "3"}, False),
        (PolicyRule(claim="tier", any_of=("gold", "silver")), {"tier": "silver"}, True),
        (PolicyRule(claim="tier", any_of=("gold", "silver")), {"tier": ["bronze", "gold"]}, True),
        (PolicyRule(claim="tier", any_of=("gold", "silver")), {"tier": "bronze"}, False),
        (PolicyRule(claim="impersonator", exists=False), {}, True),
        (PolicyRule(claim="impersonator", exists=False), {"impersonator": None}, False),
        (PolicyRule(claim="mfa", exists=True), {"mfa": "otp"}, True),
    ],
)
def test_rules(rule: PolicyRule, raw: dict[str, Any], holds: bool) -> None:
    assert rule_holds(rule, raw) is holds


def test_policy_is_all_rules_and_unknown_policies_never_hold() -> None:
    policies = {"staff_mfa": (PolicyRule(claim="roles", contains="staff"), PolicyRule(claim="mfa", exists=True))}
    assert policy_holds("staff_mfa", policies, {"roles": ["staff"], "mfa": "otp"})
    assert not policy_holds("staff_mfa", policies, {"roles": ["staff"]})
    assert not policy_holds("admin", policies, {"roles": ["admin"]})
