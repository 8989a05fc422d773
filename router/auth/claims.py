"""`Claims`: a verified caller as authorization sees it (subject, scopes, every raw claim). Pure.

Scopes come from one claim named in config: either a space-separated string (OAuth 2 `scope`, RFC 8693) or a list
of strings (`scp` as some identity providers send it). Anything else yields no scopes rather than an error: a token
that verified but carries an odd scope claim simply has no scopes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Claims:
    """The claims of a verified token. `raw` keeps every claim for policies; it is excluded from equality."""

    sub: str
    scopes: frozenset[str] = frozenset()
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)


def extract_scopes(raw: Mapping[str, Any], scope_claim: str = "scope") -> frozenset[str]:
    """The scopes granted by `raw[scope_claim]`: a space-separated string or a list of strings."""
    value = raw.get(scope_claim)
    if isinstance(value, str):
        return frozenset(value.split())
    if isinstance(value, list | tuple):
        return frozenset(item for item in value if isinstance(item, str) and item and " " not in item)
    return frozenset()


def claims_from_payload(raw: Mapping[str, Any], scope_claim: str = "scope") -> Claims:
    """Build `Claims` from an already verified payload (its `sub` was checked to be a non-empty string)."""
    return Claims(sub=str(raw["sub"]), scopes=extract_scopes(raw, scope_claim), raw=dict(raw))
