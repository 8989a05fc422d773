"""The registry's records as plain values: subgraph versions, supergraph launches and recorded client operations."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from router.composition import SubgraphSource


def sha256_hex(text: str) -> str:
    """The hex SHA-256 of a text (SDL and operation identities, ETags)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class SubgraphVersion:
    """One published version of a subgraph in a variant; `revision` counts 1, 2, ... per subgraph."""

    name: str
    routing_url: str
    sdl: str
    revision: int
    author: str | None
    commit: str | None
    created_at: datetime
    #: A tombstone: this revision removed the subgraph from the variant (its SDL is empty).
    deleted: bool = False

    def source(self) -> SubgraphSource:
        """What composition needs of it."""
        return SubgraphSource(self.name, self.routing_url, self.sdl)


@dataclass(frozen=True, slots=True)
class Launch:
    """One composed supergraph of a variant; `etag` is derived from the SDL, so equal SDLs have equal ETags."""

    revision: int
    sdl: str
    created_at: datetime
    subgraph: str | None

    @property
    def etag(self) -> str:
        return supergraph_etag(self.sdl)


def supergraph_etag(sdl: str) -> str:
    """A strong HTTP entity tag for a supergraph SDL (quoted, as RFC 9110 wants)."""
    return f'"{sha256_hex(sdl)}"'


@dataclass(frozen=True, slots=True)
class ClientRef:
    """Which client (name and version) recorded an operation."""

    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name}@{self.version}"


@dataclass(frozen=True, slots=True)
class RecordedOperation:
    """An operation document a client uses, with every client version that uploaded it."""

    name: str
    document: str
    clients: tuple[ClientRef, ...]

    @property
    def hash(self) -> str:
        return sha256_hex(self.document)

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "hash": self.hash, "clients": [str(c) for c in self.clients]}
