"""Named policies for `@policy`: claim conditions from the router config, evaluated against verified claims. Pure.

A policy holds when every one of its rules holds. A policy name the config does not define never holds: an unknown
policy in the supergraph fails closed rather than open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from router.auth.config import PolicyRule

_MISSING = object()


def claim_at(raw: Mapping[str, Any], path: str) -> Any:
    """The claim at a dotted path (`realm_access.roles`), or a sentinel when any step is missing."""
    if path in raw:
        return raw[path]
    value: Any = raw
    for step in path.split("."):
        if not isinstance(value, Mapping) or step not in value:
            return _MISSING
        value = value[step]
    return value


def _has(value: Any, wanted: str) -> bool:
    if isinstance(value, str):
        return wanted in value.split()
    if isinstance(value, list | tuple):
        return any(item == wanted for item in value if isinstance(item, str))
    return False


def rule_holds(rule: PolicyRule, raw: Mapping[str, Any]) -> bool:
    """Whether one claim condition holds for these claims."""
    value = claim_at(raw, rule.claim)
    if rule.exists is not None:
        return (value is not _MISSING) == rule.exists
    if value is _MISSING:
        return False
    if rule.contains is not None:
        return _has(value, rule.contains)
    if rule.any_of is not None:
        return any(value == wanted or _has(value, wanted) for wanted in rule.any_of)
    # `equals`: bool and int are distinct here (True must not equal 1).
    return type(value) is type(rule.equals) and value == rule.equals


def policy_holds(name: str, policies: Mapping[str, Sequence[PolicyRule]], raw: Mapping[str, Any]) -> bool:
    """Whether the named policy holds; undefined policies never do."""
    rules = policies.get(name)
    if rules is None:
        return False
    return all(rule_holds(rule, raw) for rule in rules)
