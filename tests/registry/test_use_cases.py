"""Publish, check and operations through the use cases on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, inspect

from registry.domain.errors import RegistryInputError, RegistryNotFoundError
from registry.domain.names import variant_ref
from registry.domain.operations import OperationInput
from registry.storage.database import MIGRATIONS_DIR, VERSION_TABLE, migrate_engine
from registry.use_cases import PublishStatus, RegistryService
from router.supergraph import load_supergraph
from subgraphs.shared.migrations import downgrade_database
from tests.registry.schemas import LINK, USERS, USERS_URL, WALLET, WALLET_URL, edit

MAIN = variant_ref("giftgraph", "main")


def test_publish_keeps_history_and_launches(service: RegistryService) -> None:
    first = service.publish(MAIN, "wallet", WALLET_URL, WALLET, author="ci", commit="abc")
    assert first.status is PublishStatus.PUBLISHED and first.version is not None and first.launch is not None
    assert (first.version.revision, first.launch.revision) == (1, 1)
    second = service.publish(MAIN, "users", USERS_URL, USERS)
    assert second.launch is not None and second.launch.revision == 2
    assert [c.code for c in second.changes] == ["FIELD_ADDED", "FIELD_ADDED"]

    again = service.publish(MAIN, "users", USERS_URL, USERS)
    assert again.status is PublishStatus.UNCHANGED and again.launch is None

    moved = service.publish(MAIN, "users", "http://users.elsewhere/graphql", USERS)
    assert moved.status is PublishStatus.PUBLISHED and moved.version is not None and moved.launch is not None
    assert moved.version.revision == 2 and moved.launch.revision == 3
    supergraph = load_supergraph(moved.launch.sdl)
    assert {s.name: s.url for s in supergraph.subgraphs.values()}["users"] == "http://users.elsewhere/graphql"

    assert [(v.name, v.revision) for v in service.subgraphs(MAIN)] == [("users", 2), ("wallet", 1)]
    assert [(v.name, v.revision) for v in service.history(MAIN)] == [("users", 2), ("users", 1), ("wallet", 1)]
    assert service.history(MAIN, "wallet")[0].author == "ci"
    assert [launch.revision for launch in service.launches(MAIN)] == [3, 2, 1]
    current = service.supergraph(MAIN)
    assert current is not None and current.revision == 3 and current.etag == moved.launch.etag
    assert service.supergraph_stamp(MAIN) == (3, current.etag)
    assert service.supergraph_stamp(variant_ref("giftgraph", "nothing")) is None


def test_failed_composition_stores_nothing(service: RegistryService) -> None:
    service.publish(MAIN, "wallet", WALLET_URL, WALLET)
    before = service.supergraph(MAIN)
    broken = edit(USERS, "name: String", "name: Wallet")  # Wallet is not a type of this subgraph
    outcome = service.publish(MAIN, "users", USERS_URL, broken)
    assert outcome.status is PublishStatus.COMPOSITION_FAILED
    assert outcome.errors and all(e.code for e in outcome.errors)
    assert [v.name for v in service.history(MAIN)] == ["wallet"]
    assert service.supergraph(MAIN) == before


def test_failed_first_publish_does_not_create_the_variant(service: RegistryService, engine: Engine) -> None:
    outcome = service.publish(MAIN, "users", USERS_URL, "type Query {")
    assert outcome.status is PublishStatus.COMPOSITION_FAILED
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM registry_variants").scalar_one() == 0


def test_variants_are_separate(service: RegistryService) -> None:
    service.publish(MAIN, "wallet", WALLET_URL, WALLET)
    staging = variant_ref("giftgraph", "staging")
    assert service.supergraph(staging) is None and service.subgraphs(staging) == []


def test_check_is_stored_and_judges_recorded_operations(service: RegistryService) -> None:
    service.publish(MAIN, "wallet", WALLET_URL, WALLET)
    service.publish(MAIN, "users", USERS_URL, USERS)
    added, known = service.publish_operations(
        MAIN, "web", "1.2.3", [OperationInput("", 'query Balance { wallet(id: "1") { balance } }')]
    )
    assert (added, known) == (1, 0)
    check_id, result = service.check(MAIN, "wallet", edit(WALLET, "  balance: Int!\n", ""))
    assert not result.ok
    stored = service.check_result(MAIN, check_id)
    assert stored is not None and stored["ok"] is False and stored["id"] == check_id
    assert service.check_result(variant_ref("giftgraph", "other"), check_id) is None
    # The check published nothing.
    assert [v.revision for v in service.history(MAIN, "wallet")] == [1]


def test_operations_upload_is_all_or_nothing_and_idempotent(service: RegistryService) -> None:
    good = OperationInput("", "query A { me { id } }")
    with pytest.raises(RegistryInputError) as refused:
        service.publish_operations(MAIN, "web", "1", [good, OperationInput("B", "query B { me { ")])
    assert refused.value.code == "GRAPHQL_PARSE_FAILED" and "operation B" in refused.value.message
    with pytest.raises(RegistryInputError) as sdl:
        service.publish_operations(MAIN, "web", "1", [OperationInput("", "type Query { a: Int }")])
    assert sdl.value.code == "INVALID_OPERATION"
    service.publish(MAIN, "users", USERS_URL, USERS)
    _, result = service.check(MAIN, "users", USERS)
    assert result.operations_checked == 0  # nothing was recorded by the refused uploads
    assert service.publish_operations(MAIN, "web", "1", [good, good]) == (1, 1)
    assert service.publish_operations(MAIN, "web", "2", [good]) == (1, 0)
    _, result = service.check(MAIN, "users", USERS)
    assert result.operations_checked == 1  # one document, used by two client versions


def test_bad_names_and_urls_are_refused_before_work(service: RegistryService) -> None:
    with pytest.raises(RegistryInputError) as name:
        service.publish(MAIN, "wal let", WALLET_URL, WALLET)
    assert name.value.code == "INVALID_NAME"
    with pytest.raises(RegistryInputError) as url:
        service.publish(MAIN, "wallet", "ftp://x", WALLET)
    assert url.value.code == "INVALID_ROUTING_URL"
    with pytest.raises(RegistryInputError) as graph:
        variant_ref("Gift Graph", "main")
    assert graph.value.code == "INVALID_NAME"
    assert service.history(MAIN) == []


def test_concurrent_publishes_of_one_variant_each_see_the_previous(service: RegistryService) -> None:
    """Racing publishes of different subgraphs: the last launch must contain every one of them."""
    names = [f"s{i}" for i in range(6)]

    def publish(name: str) -> PublishStatus:
        sdl = LINK + f"type Query {{ {name}Field: String }}\n"
        return service.publish(MAIN, name, f"http://{name}.test/graphql", sdl).status

    with ThreadPoolExecutor(len(names)) as pool:
        statuses = list(pool.map(publish, names))
    assert statuses == [PublishStatus.PUBLISHED] * len(names)
    launches = service.launches(MAIN)
    assert [launch.revision for launch in launches] == list(range(len(names), 0, -1))
    final = load_supergraph(launches[0].sdl)
    assert sorted(s.name for s in final.subgraphs.values()) == names


def test_migrations_are_reversible(engine: Engine) -> None:
    downgrade_database(engine, MIGRATIONS_DIR, VERSION_TABLE)
    assert not {t for t in inspect(engine).get_table_names() if t.startswith("registry_")}
    migrate_engine(engine)
    assert "registry_launches" in inspect(engine).get_table_names()


REQUIRES_NAME = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@external", "@requires"])\n'
    'type User @key(fields: "id") { id: ID! name: String @external greeting: String @requires(fields: "name") }\n'
    "type Query { hello: String }\n"
)


def test_delete_keeps_a_tombstone_and_needs_the_rest_to_compose(service: RegistryService) -> None:
    service.publish(MAIN, "wallet", WALLET_URL, WALLET)
    service.publish(MAIN, "users", USERS_URL, USERS)
    service.publish(MAIN, "greeter", "http://greeter.test/graphql", REQUIRES_NAME)

    refused = service.delete(MAIN, "users")  # greeter @requires users' User.name
    assert refused.status is PublishStatus.COMPOSITION_FAILED and refused.errors
    assert [v.name for v in service.subgraphs(MAIN)] == ["greeter", "users", "wallet"]

    deleted = service.delete(MAIN, "greeter", author="ci")
    assert deleted.status is PublishStatus.DELETED and deleted.launch is not None
    assert ("FIELD_REMOVED", "User.greeting") in [(c.code, c.coordinate) for c in deleted.changes]
    assert [v.name for v in service.subgraphs(MAIN)] == ["users", "wallet"]
    tombstone = service.history(MAIN, "greeter")[0]
    assert tombstone.deleted and tombstone.revision == 2 and tombstone.author == "ci"
    current = service.supergraph(MAIN)
    assert current is not None and "greeter" not in {s.name for s in load_supergraph(current.sdl).subgraphs.values()}

    again = service.publish(MAIN, "greeter", "http://greeter.test/graphql", REQUIRES_NAME)
    assert again.status is PublishStatus.PUBLISHED and again.version is not None and again.version.revision == 3

    with pytest.raises(RegistryNotFoundError):
        service.delete(MAIN, "nobody")
    service.delete(MAIN, "greeter")
    service.delete(MAIN, "wallet")
    with pytest.raises(RegistryInputError) as last:
        service.delete(MAIN, "users")
    assert last.value.code == "LAST_SUBGRAPH"


def test_retired_client_versions_stop_blocking_checks(service: RegistryService) -> None:
    service.publish(MAIN, "wallet", WALLET_URL, WALLET)
    balance = OperationInput("", 'query Balance { wallet(id: "1") { balance } }')
    service.publish_operations(MAIN, "web", "1.0.0", [balance])
    service.publish_operations(MAIN, "ios", "7", [balance, OperationInput("", "query W { wallets { id } }")])
    assert [(str(c), n) for c, n in service.clients(MAIN)] == [("ios@7", 2), ("web@1.0.0", 1)]
    breaking = edit(WALLET, "  balance: Int!\n", "")
    assert not service.check(MAIN, "wallet", breaking)[1].ok
    assert service.retire_operations(MAIN, "web", "1.0.0") == 1
    assert not service.check(MAIN, "wallet", breaking)[1].ok  # ios@7 still uses it
    assert service.retire_operations(MAIN, "ios", "7") == 2
    assert service.check(MAIN, "wallet", breaking)[1].ok
    assert service.clients(MAIN) == []


def test_racing_uploads_of_one_manifest_record_it_once(service: RegistryService) -> None:
    manifest = [OperationInput("", f"query Q{i} {{ me {{ id }} }}") for i in range(20)]
    service.publish_operations(MAIN, "other", "1", manifest[:1])  # the variant exists: the racers meet on the rows
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: service.publish_operations(MAIN, "web", "9", manifest), range(4)))
    assert sorted(results) == [(0, 20), (0, 20), (0, 20), (20, 0)]
    assert [(str(c), n) for c, n in service.clients(MAIN)] == [("other@1", 1), ("web@9", 20)]
