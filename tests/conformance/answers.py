"""Comparing GraphQL answers: the same `data` (values and key order) and the same error paths."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

from tests.conformance.corpus import Operation


def post(client: httpx.Client, url: str, operation: Operation, target: str) -> dict[str, Any]:
    """Send a corpus operation; `$UNIQUE` becomes a token of this target and request."""
    body = operation.body(f"{target}-{uuid.uuid4().hex[:8]}")
    response = client.post(url, json=body, headers={"Accept": "application/json"})
    try:
        answer: dict[str, Any] = response.json()
    except ValueError as exc:
        raise AssertionError(f"{url} answered {response.status_code} with non-JSON: {response.text[:500]}") from exc
    return answer


def ordered(value: Any) -> Any:
    """Dicts as lists of (key, value) pairs, recursively: equality then also checks key order."""
    if isinstance(value, dict):
        return [(k, ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [ordered(v) for v in value]
    return value


def error_paths(answer: dict[str, Any]) -> list[str]:
    """The error paths of an answer, as sorted JSON strings (messages differ between implementations)."""
    return sorted(json.dumps(error.get("path")) for error in answer.get("errors") or [])


def describe(operation: Operation, ours: dict[str, Any], theirs: dict[str, Any]) -> str:
    return (
        f"\noperation {operation.name}:\n{operation.query}\nvariables: {operation.variables}\n"
        f"router : {json.dumps(ours)[:3000]}\ngateway: {json.dumps(theirs)[:3000]}"
    )
