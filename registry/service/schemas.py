"""The JSON bodies the HTTP service accepts (camelCase keys, unknown keys refused) and the shapes it returns."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from registry.domain.model import Launch, SubgraphVersion


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=True, frozen=True)


class PublishBody(_Body):
    """A subgraph version to publish."""

    name: str = Field(max_length=64, description="Subgraph name")
    url: str = Field(max_length=2048, description="Routing URL of the subgraph")
    sdl: str = Field(description="The subgraph's SDL")
    author: str | None = Field(None, max_length=255, description="Who published (CI user)")
    commit: str | None = Field(None, max_length=255, description="VCS commit of the schema")


class CheckBody(_Body):
    """A proposed subgraph SDL to check."""

    name: str = Field(max_length=64, description="Subgraph name")
    sdl: str = Field(description="The proposed SDL")
    url: str | None = Field(None, max_length=2048, description="Routing URL; default: the current one")
    fail_on_breaking: bool = Field(False, description="Fail on any breaking change, used by operations or not")
    author: str | None = Field(None, max_length=255, description="Who asked (CI user)")
    commit: str | None = Field(None, max_length=255, description="VCS commit of the proposal")


class OperationBody(_Body):
    """One operation of a manifest."""

    name: str | None = Field(None, max_length=255, description="Operation name; default: from the document")
    document: str = Field(description="The GraphQL operation document")


class OperationsBody(_Body):
    """A client version's persisted-operations manifest."""

    client_name: str = Field(max_length=128, description="Client name, e.g. web")
    client_version: str = Field(max_length=128, description="Client version, e.g. 1.2.3")
    operations: list[OperationBody] = Field(description="The operations the client version uses")


def version_json(version: SubgraphVersion, *, sdl: bool = False) -> dict[str, object]:
    """A subgraph version as the API prints it."""
    body: dict[str, object] = {
        "name": version.name,
        "url": version.routing_url,
        "revision": version.revision,
        "author": version.author,
        "commit": version.commit,
        "deleted": version.deleted,
        "createdAt": version.created_at.isoformat(),
    }
    if sdl:
        body["sdl"] = version.sdl
    return body


def launch_json(launch: Launch) -> dict[str, object]:
    """A launch (composed supergraph) without its SDL."""
    return {
        "revision": launch.revision,
        "etag": launch.etag,
        "subgraph": launch.subgraph,
        "createdAt": launch.created_at.isoformat(),
    }
