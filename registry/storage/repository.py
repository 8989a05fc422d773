"""Reading and writing the registry's rows inside one session; the use cases own the transaction.

`variant(..., lock=True)` takes the variant's row lock (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite transactions
are `BEGIN IMMEDIATE`, which already serialises writers), so two publishes of one variant never compose against the
same stale state.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlmodel import col, select

from registry.domain.model import ClientRef, Launch, RecordedOperation, SubgraphVersion, sha256_hex
from registry.domain.names import VariantRef
from registry.domain.operations import OperationInput
from registry.storage.tables import CheckRow, LaunchRow, OperationRow, SubgraphVersionRow, VariantRow


def now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _version(row: SubgraphVersionRow) -> SubgraphVersion:
    return SubgraphVersion(
        name=row.name,
        routing_url=row.routing_url,
        sdl=row.sdl,
        revision=row.revision,
        author=row.author,
        commit=row.commit,
        created_at=as_utc(row.created_at),
        deleted=row.deleted,
    )


def _launch(row: LaunchRow) -> Launch:
    return Launch(revision=row.revision, sdl=row.sdl, created_at=as_utc(row.created_at), subgraph=row.subgraph)


class Repository:
    """The registry's queries on one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def variant(self, ref: VariantRef, *, create: bool = False, lock: bool = False) -> VariantRow | None:
        """The variant's row; `create` inserts it when missing, `lock` holds its row lock until the transaction ends."""
        row = self._find(ref, lock)
        if row is not None or not create:
            return row
        try:
            with self.session.begin_nested():
                self.session.add(VariantRow(graph=ref.graph, variant=ref.variant, created_at=now()))
        except IntegrityError:
            pass  # created concurrently by another transaction: read theirs
        return self._find(ref, lock)

    def _find(self, ref: VariantRef, lock: bool) -> VariantRow | None:
        query = select(VariantRow).where(VariantRow.graph == ref.graph, VariantRow.variant == ref.variant)
        if lock:
            query = query.with_for_update()
        return self.session.scalars(query).first()

    def current_versions(self, variant_id: int) -> list[SubgraphVersion]:
        """The subgraphs the variant has now, by name."""
        return [v for v in self.latest_versions(variant_id) if not v.deleted]

    def latest_versions(self, variant_id: int) -> list[SubgraphVersion]:
        """The highest revision of every subgraph ever published to the variant, tombstones included, by name."""
        latest = (
            select(SubgraphVersionRow.name, func.max(SubgraphVersionRow.revision).label("revision"))
            .where(SubgraphVersionRow.variant_id == variant_id)
            .group_by(SubgraphVersionRow.name)
            .subquery()
        )
        query = (
            select(SubgraphVersionRow)
            .join(
                latest,
                (col(SubgraphVersionRow.name) == latest.c.name)
                & (col(SubgraphVersionRow.revision) == latest.c.revision),
            )
            .where(SubgraphVersionRow.variant_id == variant_id)
            .order_by(col(SubgraphVersionRow.name))
        )
        return [_version(row) for row in self.session.scalars(query).all()]

    def history(self, variant_id: int, name: str | None, limit: int) -> list[SubgraphVersion]:
        """Published versions, newest first, of one subgraph or of all."""
        query = select(SubgraphVersionRow).where(SubgraphVersionRow.variant_id == variant_id)
        if name is not None:
            query = query.where(SubgraphVersionRow.name == name)
        query = query.order_by(col(SubgraphVersionRow.id).desc()).limit(limit)
        return [_version(row) for row in self.session.scalars(query).all()]

    def add_version(
        self,
        variant_id: int,
        name: str,
        url: str,
        sdl: str,
        author: str | None,
        commit: str | None,
        revision: int,
        *,
        deleted: bool = False,
    ) -> SubgraphVersion:
        row = SubgraphVersionRow(
            variant_id=variant_id,
            name=name,
            revision=revision,
            routing_url=url,
            sdl=sdl,
            sdl_hash=sha256_hex(sdl),
            author=author,
            commit=commit,
            deleted=deleted,
            created_at=now(),
        )
        self.session.add(row)
        self.session.flush()
        return _version(row)

    def current_launch(self, variant_id: int) -> Launch | None:
        query = (
            select(LaunchRow)
            .where(LaunchRow.variant_id == variant_id)
            .order_by(col(LaunchRow.revision).desc())
            .limit(1)
        )
        row = self.session.scalars(query).first()
        return _launch(row) if row is not None else None

    def current_launch_stamp(self, variant_id: int) -> tuple[int, str] | None:
        """The current launch's revision and SDL hash, without loading the SDL (what a 304 needs)."""
        query = (
            select(LaunchRow.revision, LaunchRow.sdl_hash)
            .where(LaunchRow.variant_id == variant_id)
            .order_by(col(LaunchRow.revision).desc())
            .limit(1)
        )
        row = self.session.execute(query).first()
        return (row[0], row[1]) if row is not None else None

    def launches(self, variant_id: int, limit: int) -> list[Launch]:
        query = (
            select(LaunchRow)
            .where(LaunchRow.variant_id == variant_id)
            .order_by(col(LaunchRow.revision).desc())
            .limit(limit)
        )
        return [_launch(row) for row in self.session.scalars(query).all()]

    def add_launch(self, variant_id: int, sdl: str, subgraph: str | None, revision: int) -> Launch:
        row = LaunchRow(
            variant_id=variant_id,
            revision=revision,
            sdl=sdl,
            sdl_hash=sha256_hex(sdl),
            subgraph=subgraph,
            created_at=now(),
        )
        self.session.add(row)
        self.session.flush()
        return _launch(row)

    def operations(self, variant_id: int) -> list[RecordedOperation]:
        """Every recorded operation of the variant, one per document, with the clients that use it."""
        query = (
            select(OperationRow).where(OperationRow.variant_id == variant_id).order_by(col(OperationRow.document_hash))
        )
        grouped: dict[str, tuple[str, str, list[ClientRef]]] = {}
        for row in self.session.scalars(query).all():
            entry = grouped.setdefault(row.document_hash, (row.name, row.document, []))
            entry[2].append(ClientRef(row.client_name, row.client_version))
        return [RecordedOperation(name, document, tuple(clients)) for name, document, clients in grouped.values()]

    def add_operations(
        self, variant_id: int, client: ClientRef, operations: Sequence[OperationInput]
    ) -> tuple[int, int]:
        """Record a client version's operations; returns (newly recorded, already known)."""
        query = select(OperationRow.document_hash).where(
            OperationRow.variant_id == variant_id,
            OperationRow.client_name == client.name,
            OperationRow.client_version == client.version,
        )
        known = set(self.session.scalars(query).all())
        added = 0
        for operation in operations:
            digest = sha256_hex(operation.document)
            if digest in known:
                continue
            known.add(digest)
            self.session.add(
                OperationRow(
                    variant_id=variant_id,
                    client_name=client.name,
                    client_version=client.version,
                    name=operation.name,
                    document=operation.document,
                    document_hash=digest,
                    created_at=now(),
                )
            )
            added += 1
        self.session.flush()
        return added, len(operations) - added

    def retire_operations(self, variant_id: int, client: ClientRef) -> int:
        """Forget a client version's operations (it is no longer in use); returns how many rows went."""
        query = delete(OperationRow).where(
            col(OperationRow.variant_id) == variant_id,
            col(OperationRow.client_name) == client.name,
            col(OperationRow.client_version) == client.version,
        )
        result = self.session.execute(query)
        return int(getattr(result, "rowcount", 0) or 0)

    def clients(self, variant_id: int) -> list[tuple[ClientRef, int]]:
        """Every client version with recorded operations, and how many."""
        query = (
            select(OperationRow.client_name, OperationRow.client_version, func.count())
            .where(OperationRow.variant_id == variant_id)
            .group_by(col(OperationRow.client_name), col(OperationRow.client_version))
            .order_by(col(OperationRow.client_name), col(OperationRow.client_version))
        )
        return [(ClientRef(name, version), count) for name, version, count in self.session.execute(query).all()]

    def add_check(
        self,
        variant_id: int,
        subgraph: str,
        ok: bool,
        result: dict[str, object],
        author: str | None,
        commit: str | None,
    ) -> int:
        row = CheckRow(
            variant_id=variant_id,
            subgraph=subgraph,
            ok=ok,
            result=json.dumps(result),
            author=author,
            commit=commit,
            created_at=now(),
        )
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        return row.id

    def check(self, variant_id: int, check_id: int) -> CheckRow | None:
        query = select(CheckRow).where(CheckRow.variant_id == variant_id, CheckRow.id == check_id)
        return self.session.scalars(query).first()
