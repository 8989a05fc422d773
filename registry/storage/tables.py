"""The registry's tables (SQLModel, own metadata, every name prefixed `registry_` so a shared database stays tidy).

- `registry_variants`: one row per `graph@variant`; its row is locked while publishing so publishes of one variant
  are serialised (each composes against what the previous one stored).
- `registry_subgraph_versions`: append-only; the current version of a subgraph is its highest revision, unless that
  revision is a deletion tombstone.
- `registry_launches`: append-only composed supergraphs; the current one is the highest revision.
- `registry_operations`: recorded client operations, unique per variant, client, version and document hash.
- `registry_checks`: every check's result as JSON, for history and links from CI.
The schema is created by the Alembic migrations, never by `create_all`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class RegistryModel(SQLModel, registry=registry()):
    """Base of the registry's tables (own metadata)."""


class VariantRow(RegistryModel, table=True):
    """A graph variant."""

    __tablename__ = "registry_variants"
    __table_args__ = (UniqueConstraint("graph", "variant", name="uq_registry_variants_graph_variant"),)

    id: int | None = Field(default=None, primary_key=True)
    graph: str = Field(max_length=64)
    variant: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class SubgraphVersionRow(RegistryModel, table=True):
    """One published subgraph version."""

    __tablename__ = "registry_subgraph_versions"
    __table_args__ = (
        UniqueConstraint("variant_id", "name", "revision", name="uq_registry_subgraph_versions_revision"),
    )

    id: int | None = Field(default=None, primary_key=True)
    variant_id: int = Field(sa_column=Column(Integer, ForeignKey("registry_variants.id"), nullable=False))
    name: str = Field(max_length=64)
    revision: int
    routing_url: str = Field(max_length=2048)
    sdl: str = Field(sa_column=Column(Text, nullable=False))
    sdl_hash: str = Field(max_length=64)
    author: str | None = Field(default=None, max_length=255)
    commit: str | None = Field(default=None, max_length=255)
    deleted: bool = Field(default=False, description="a tombstone: the subgraph was removed from the variant")
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class LaunchRow(RegistryModel, table=True):
    """One composed supergraph of a variant."""

    __tablename__ = "registry_launches"
    __table_args__ = (UniqueConstraint("variant_id", "revision", name="uq_registry_launches_revision"),)

    id: int | None = Field(default=None, primary_key=True)
    variant_id: int = Field(sa_column=Column(Integer, ForeignKey("registry_variants.id"), nullable=False))
    revision: int
    sdl: str = Field(sa_column=Column(Text, nullable=False))
    sdl_hash: str = Field(max_length=64)
    subgraph: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class OperationRow(RegistryModel, table=True):
    """An operation a client version uses."""

    __tablename__ = "registry_operations"
    __table_args__ = (
        UniqueConstraint(
            "variant_id", "client_name", "client_version", "document_hash", name="uq_registry_operations_client_doc"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    variant_id: int = Field(sa_column=Column(Integer, ForeignKey("registry_variants.id"), nullable=False))
    client_name: str = Field(max_length=128)
    client_version: str = Field(max_length=128)
    name: str = Field(max_length=255)
    document: str = Field(sa_column=Column(Text, nullable=False))
    document_hash: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class CheckRow(RegistryModel, table=True):
    """A finished check."""

    __tablename__ = "registry_checks"

    id: int | None = Field(default=None, primary_key=True)
    variant_id: int = Field(sa_column=Column(Integer, ForeignKey("registry_variants.id"), nullable=False))
    subgraph: str = Field(max_length=64)
    ok: bool
    result: str = Field(sa_column=Column(Text, nullable=False))
    author: str | None = Field(default=None, max_length=255)
    commit: str | None = Field(default=None, max_length=255)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
