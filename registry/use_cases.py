"""The registry's use cases: each call is one transaction over the repository, with the pure domain deciding.

- `publish`: lock the variant, compose the proposal with the other current subgraphs; on errors store nothing and
  say why; else store the version (unless nothing changed) and a new launch when the supergraph SDL changed.
- `check`: the domain check against the current subgraphs, supergraph and recorded operations; the result is stored.
- `delete`: remove a subgraph when the others still compose (a tombstone version keeps the history).
- `publish_operations`: parse every operation first (a bad one rejects the upload, nothing stored), then record them;
  `retire_operations` forgets a client version that is no longer in use, so its operations stop blocking checks.
- reads: `supergraph`, `subgraphs`, `history`, `launches`, `check_result`.
Every write is logged (who, what, which launch) for the audit trail.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy.orm import Session, sessionmaker

from registry.domain.changes import SchemaChange, schema_changes
from registry.domain.check import CheckResult, compose_for_routers, compose_with, run_check
from registry.domain.errors import RegistryInputError, RegistryNotFoundError
from registry.domain.model import ClientRef, Launch, SubgraphVersion, sha256_hex
from registry.domain.names import (
    VariantRef,
    check_client,
    check_routing_url,
    check_subgraph_name,
)
from registry.domain.operations import OperationInput, operation_name, parse_operation
from registry.storage.repository import Repository, as_utc
from router.composition import CompositionError, SubgraphSource
from router.supergraph import api_schema

logger = logging.getLogger(__name__)

#: Routing URL used for a check of a subgraph the variant does not have yet (it only appears in join__Graph).
CHECK_PLACEHOLDER_URL = "http://check.invalid/graphql"


class PublishStatus(StrEnum):
    """What a publish did."""

    PUBLISHED = "PUBLISHED"
    UNCHANGED = "UNCHANGED"
    DELETED = "DELETED"
    COMPOSITION_FAILED = "COMPOSITION_FAILED"


@dataclass(frozen=True, slots=True)
class PublishOutcome:
    """The stored version, the launch it caused (if the supergraph changed) or the composition errors."""

    status: PublishStatus
    version: SubgraphVersion | None = None
    launch: Launch | None = None
    errors: tuple[CompositionError, ...] = ()
    changes: tuple[SchemaChange, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        return {
            "status": self.status.value,
            "published": self.status is PublishStatus.PUBLISHED,
            "revision": self.version.revision if self.version else None,
            "launch": self.launch.revision if self.launch else None,
            "supergraphChanged": self.launch is not None,
            "compositionErrors": [e.to_dict() for e in self.errors],
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits checked before any work."""

    max_sdl_bytes: int = 1_000_000
    max_operations_per_upload: int = 5_000


class RegistryService:
    """The use cases on a session factory."""

    def __init__(self, sessions: sessionmaker[Session], limits: Limits | None = None) -> None:
        self._sessions = sessions
        self.limits = limits or Limits()

    @contextmanager
    def _transaction(self) -> Iterator[Repository]:
        with self._sessions() as session, session.begin():
            yield Repository(session)

    def _check_sdl(self, sdl: str) -> None:
        if len(sdl.encode("utf-8")) > self.limits.max_sdl_bytes:
            raise RegistryInputError("SDL_TOO_LARGE", f"the SDL is over {self.limits.max_sdl_bytes} bytes")
        if not sdl.strip():
            raise RegistryInputError("INVALID_SDL", "the SDL is empty")

    def publish(
        self,
        ref: VariantRef,
        name: str,
        url: str,
        sdl: str,
        *,
        author: str | None = None,
        commit: str | None = None,
    ) -> PublishOutcome:
        """Publish a subgraph version to the variant (see the module docstring)."""
        check_subgraph_name(name)
        check_routing_url(url)
        self._check_sdl(sdl)
        with self._transaction() as repo:
            variant = repo.variant(ref, create=True, lock=True)
            assert variant is not None and variant.id is not None
            latest = repo.latest_versions(variant.id)
            current = [v for v in latest if not v.deleted]
            previous = next((v for v in latest if v.name == name), None)
            launch = repo.current_launch(variant.id)
            unchanged = (
                previous is not None and not previous.deleted and previous.routing_url == url and previous.sdl == sdl
            )
            if unchanged and launch is not None:
                return PublishOutcome(PublishStatus.UNCHANGED, version=previous)
            composed = compose_with([v.source() for v in current], SubgraphSource(name, url, sdl))
            if composed.supergraph_sdl is None:
                repo.session.rollback()  # not even the variant row of a first publish is kept
                return PublishOutcome(PublishStatus.COMPOSITION_FAILED, errors=composed.errors)
            version = previous
            if not unchanged:
                revision = previous.revision + 1 if previous else 1
                version = repo.add_version(variant.id, name, url, sdl, author, commit, revision)
            new_launch = None
            changes: tuple[SchemaChange, ...] = ()
            if launch is None or launch.sdl != composed.supergraph_sdl:
                if launch is not None:
                    changes = schema_changes(api_schema(launch.sdl), api_schema(composed.supergraph_sdl))
                revision = launch.revision + 1 if launch else 1
                new_launch = repo.add_launch(variant.id, composed.supergraph_sdl, name, revision)
            logger.info(
                "published %s r%s to %s by %s (launch %s)",
                name,
                version.revision if version else "?",
                ref,
                author or "unknown",
                new_launch.revision if new_launch else "unchanged",
            )
            return PublishOutcome(PublishStatus.PUBLISHED, version=version, launch=new_launch, changes=changes)

    def delete(
        self, ref: VariantRef, name: str, *, author: str | None = None, commit: str | None = None
    ) -> PublishOutcome:
        """Remove a subgraph from the variant: the others must still compose; a tombstone version keeps the history."""
        check_subgraph_name(name)
        with self._transaction() as repo:
            variant = repo.variant(ref, lock=True)
            current = repo.current_versions(variant.id) if variant is not None and variant.id is not None else []
            previous = next((v for v in current if v.name == name), None)
            if variant is None or variant.id is None or previous is None:
                raise RegistryNotFoundError(f"{ref} has no subgraph {name!r}")
            remaining = [v.source() for v in current if v.name != name]
            if not remaining:
                raise RegistryInputError(
                    "LAST_SUBGRAPH",
                    f"{name!r} is the last subgraph of {ref}; a variant cannot have an empty supergraph",
                )
            composed = compose_for_routers(remaining)
            if composed.supergraph_sdl is None:
                repo.session.rollback()
                return PublishOutcome(PublishStatus.COMPOSITION_FAILED, errors=composed.errors)
            tombstone = repo.add_version(
                variant.id, name, previous.routing_url, "", author, commit, previous.revision + 1, deleted=True
            )
            launch = repo.current_launch(variant.id)
            new_launch = None
            changes: tuple[SchemaChange, ...] = ()
            if launch is None or launch.sdl != composed.supergraph_sdl:
                if launch is not None:
                    changes = schema_changes(api_schema(launch.sdl), api_schema(composed.supergraph_sdl))
                new_launch = repo.add_launch(
                    variant.id, composed.supergraph_sdl, name, launch.revision + 1 if launch else 1
                )
            logger.info("deleted %s from %s by %s", name, ref, author or "unknown")
            return PublishOutcome(PublishStatus.DELETED, version=tombstone, launch=new_launch, changes=changes)

    def check(
        self,
        ref: VariantRef,
        name: str,
        sdl: str,
        *,
        url: str | None = None,
        fail_on_breaking: bool = False,
        author: str | None = None,
        commit: str | None = None,
    ) -> tuple[int, CheckResult]:
        """Check a proposed subgraph SDL; returns the stored check's id and its result."""
        check_subgraph_name(name)
        if url is not None:
            check_routing_url(url)
        self._check_sdl(sdl)
        # Read the variant's state, judge outside any transaction (a check may validate thousands of operations and
        # must not hold SQLite's write lock meanwhile), then store the result.
        with self._transaction() as repo:
            variant = repo.variant(ref)
            variant_id = variant.id if variant is not None else None
            current = repo.current_versions(variant_id) if variant_id is not None else []
            launch = repo.current_launch(variant_id) if variant_id is not None else None
            operations = repo.operations(variant_id) if variant_id is not None else []
        previous = next((v for v in current if v.name == name), None)
        result = run_check(
            current=[v.source() for v in current],
            current_supergraph=launch.sdl if launch else None,
            proposed=SubgraphSource(name, url or (previous.routing_url if previous else CHECK_PLACEHOLDER_URL), sdl),
            operations=operations,
            fail_on_breaking=fail_on_breaking,
        )
        with self._transaction() as repo:
            stored = repo.variant(ref, create=True)
            assert stored is not None and stored.id is not None
            return repo.add_check(stored.id, name, result.ok, result.to_dict(), author, commit), result

    def publish_operations(
        self, ref: VariantRef, client: str, version: str, operations: Sequence[OperationInput]
    ) -> tuple[int, int]:
        """Record a client version's operations; returns (newly recorded, already known). All or nothing."""
        check_client(client, version)
        if not operations:
            raise RegistryInputError("INVALID_OPERATION", "the manifest holds no operations")
        if len(operations) > self.limits.max_operations_per_upload:
            raise RegistryInputError(
                "TOO_MANY_OPERATIONS", f"at most {self.limits.max_operations_per_upload} operations per upload"
            )
        named: list[OperationInput] = []
        for index, operation in enumerate(operations):
            try:
                document = parse_operation(operation.document)
            except RegistryInputError as exc:
                label = operation.name or f"#{index + 1}"
                raise RegistryInputError(exc.code, f"operation {label}: {exc.message}") from exc
            fallback = operation.name or sha256_hex(operation.document)[:12]
            named.append(OperationInput(operation.name or operation_name(document, fallback), operation.document))
        with self._transaction() as repo:
            # Locked: two uploads of one client version at once would both insert the same new rows.
            variant = repo.variant(ref, create=True, lock=True)
            assert variant is not None and variant.id is not None
            return repo.add_operations(variant.id, ClientRef(client, version), named)

    def retire_operations(self, ref: VariantRef, client: str, version: str) -> int:
        """Stop judging checks by a client version's operations; returns how many were forgotten."""
        check_client(client, version)
        with self._transaction() as repo:
            variant = repo.variant(ref)
            if variant is None or variant.id is None:
                return 0
            return repo.retire_operations(variant.id, ClientRef(client, version))

    def clients(self, ref: VariantRef) -> list[tuple[ClientRef, int]]:
        """Client versions with recorded operations, with their operation counts."""
        with self._transaction() as repo:
            variant = repo.variant(ref)
            return repo.clients(variant.id) if variant is not None and variant.id is not None else []

    def supergraph(self, ref: VariantRef) -> Launch | None:
        """The variant's current supergraph, if it has one."""
        with self._transaction() as repo:
            variant = repo.variant(ref)
            return repo.current_launch(variant.id) if variant is not None and variant.id is not None else None

    def supergraph_stamp(self, ref: VariantRef) -> tuple[int, str] | None:
        """The current launch's revision and ETag, read without its SDL (routers poll this)."""
        with self._transaction() as repo:
            variant = repo.variant(ref)
            stamp = repo.current_launch_stamp(variant.id) if variant is not None and variant.id is not None else None
            return (stamp[0], f'"{stamp[1]}"') if stamp is not None else None

    def subgraphs(self, ref: VariantRef) -> list[SubgraphVersion]:
        """The variant's current subgraph versions."""
        with self._transaction() as repo:
            variant = repo.variant(ref)
            return repo.current_versions(variant.id) if variant is not None and variant.id is not None else []

    def history(self, ref: VariantRef, name: str | None = None, limit: int = 100) -> list[SubgraphVersion]:
        """Published versions, newest first."""
        if name is not None:
            check_subgraph_name(name)
        with self._transaction() as repo:
            variant = repo.variant(ref)
            return repo.history(variant.id, name, limit) if variant is not None and variant.id is not None else []

    def launches(self, ref: VariantRef, limit: int = 100) -> list[Launch]:
        """Composed supergraphs, newest first."""
        with self._transaction() as repo:
            variant = repo.variant(ref)
            return repo.launches(variant.id, limit) if variant is not None and variant.id is not None else []

    def check_result(self, ref: VariantRef, check_id: int) -> dict[str, object] | None:
        """A stored check's result, as it was reported."""
        with self._transaction() as repo:
            variant = repo.variant(ref)
            row = repo.check(variant.id, check_id) if variant is not None and variant.id is not None else None
            if row is None:
                return None
            result: dict[str, object] = json.loads(row.result)
            return {"id": row.id, "createdAt": as_utc(row.created_at).isoformat(), **result}
