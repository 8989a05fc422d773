"""What the registry accepts as graph, variant and subgraph names, routing URLs and client versions.

Names end up in URLs, file names of CI logs and `join__Graph` values, so they are short and plain. Every refusal is a
`RegistryInputError` with a stable code the HTTP service turns into a 400.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from registry.domain.errors import RegistryInputError

_GRAPH = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_SUBGRAPH = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")
_CLIENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@/+-]{0,127}$")
MAX_URL_LENGTH = 2048


@dataclass(frozen=True, slots=True)
class VariantRef:
    """A graph variant, written `graph@variant` (Apollo's graph ref)."""

    graph: str
    variant: str

    def __str__(self) -> str:
        return f"{self.graph}@{self.variant}"


def variant_ref(graph: str, variant: str) -> VariantRef:
    """A checked graph ref: lower-case letters, digits, `_` and `-`, at most 64 characters each."""
    for kind, value in (("graph", graph), ("variant", variant)):
        if not _GRAPH.match(value):
            raise RegistryInputError(
                "INVALID_NAME", f"invalid {kind} name {value!r}: use a-z, 0-9, '_' and '-', at most 64 characters"
            )
    return VariantRef(graph, variant)


def check_subgraph_name(name: str) -> str:
    """A subgraph name is a GraphQL-ish identifier (it becomes a `join__Graph` value)."""
    if not _SUBGRAPH.match(name):
        raise RegistryInputError(
            "INVALID_NAME", f"invalid subgraph name {name!r}: a letter or '_' first, then letters, digits, '_' or '-'"
        )
    return name


def check_routing_url(url: str) -> str:
    """Routers send fetches here, so it must be an absolute http(s) URL."""
    parts = urlsplit(url)
    if len(url) > MAX_URL_LENGTH or parts.scheme not in ("http", "https") or not parts.netloc:
        raise RegistryInputError("INVALID_ROUTING_URL", f"routing URL must be an absolute http(s) URL, not {url!r}")
    return url


def check_client(name: str, version: str) -> tuple[str, str]:
    """Client names and versions as persisted-operation manifests carry them (`web`, `1.2.3`, `ios@2024.1`)."""
    for kind, value in (("client name", name), ("client version", version)):
        if not _CLIENT.match(value):
            raise RegistryInputError("INVALID_NAME", f"invalid {kind} {value!r}")
    return name, version
