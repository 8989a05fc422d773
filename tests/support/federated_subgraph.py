"""A tiny Federation 2 subgraph runtime for tests: SDL + resolvers -> an HTTP GraphQL server in its own process.

The test subgraphs (tests/router/subgraphs, tests/conformance/subgraphs) are plain graphql-core schemas built from
their own Federation 2 SDL, with the federation machinery (`_Any`, `_Service`, `_Entity`, `_entities`) added here,
so every test subgraph states exactly the SDL it publishes.

HTTP surface of a running subgraph:
- `POST /graphql`: execute; resolvers see the request headers (lower-cased) as `info.context["headers"]`.
- `GET /stats`: `{"count": N, "requests": [...]}`, the number of GraphQL requests received and the most recent
  ones (body plus `headers`), so tests can prove what reached a subgraph, or that bad input never did.
- `POST /reset`: clear that record.
- `GET /health`: readiness.

The test side: `start_subgraphs` runs a package's subgraph modules as real processes on free ports, and the
`Subgraphs` it returns reads and clears what each received.
"""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from graphql import (
    BooleanValueNode,
    DocumentNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    build_ast_schema,
    graphql_sync,
    parse,
)

from tests.support.processes import ServerProcess, free_port, python_module
from tests.support.thread_servers import JsonHandler

Resolver = Callable[..., Any]
Info = GraphQLResolveInfo[Any]
EntityResolver = Callable[[Mapping[str, Any]], Any]

_FEDERATION_TYPES = """
scalar _Any
type _Service { sdl: String }
"""
# Requests kept for inspection; the count goes on. Tests look at a handful after a reset, and long differential
# runs must not grow a subgraph's memory without bound.
RECENT_REQUESTS = 500


def _entity_type_names(document: DocumentNode) -> list[str]:
    """Object types with a resolvable @key: the members of `_Entity`."""
    names: list[str] = []
    for definition in document.definitions:
        if not isinstance(definition, ObjectTypeDefinitionNode | ObjectTypeExtensionNode):
            continue
        for directive in definition.directives or ():
            if directive.name.value != "key":
                continue
            resolvable = next((a for a in directive.arguments or () if a.name.value == "resolvable"), None)
            value = resolvable.value if resolvable is not None else None
            is_resolvable = not isinstance(value, BooleanValueNode) or value.value
            if is_resolvable and definition.name.value not in names:
                names.append(definition.name.value)
    return names


def build_subgraph_schema(
    sdl: str,
    resolvers: Mapping[str, Mapping[str, Resolver]],
    entities: Mapping[str, EntityResolver],
) -> GraphQLSchema:
    """An executable graphql-core schema for a Federation 2 subgraph SDL.

    `resolvers[type][field](source, info, **arguments)`; fields without one read the source mapping's key.
    `entities[typename](representation)` turns an `_entities` representation into a source mapping carrying
    `__typename` (or None when unknown).
    """
    document = parse(sdl)
    # @link and the federation directives are metadata for the composer; execution does not need them.
    kept = [d for d in document.definitions if not isinstance(d, SchemaDefinitionNode | SchemaExtensionNode)]
    entity_names = _entity_type_names(document)
    extra = _FEDERATION_TYPES
    # A subgraph may only extend entities and define no Query type of its own.
    has_query = any(isinstance(d, ObjectTypeDefinitionNode) and d.name.value == "Query" for d in kept)
    query_head = "extend type Query" if has_query else "type Query"
    if entity_names:
        extra += "union _Entity = " + " | ".join(entity_names) + "\n"
        extra += query_head + " { _service: _Service! _entities(representations: [_Any!]!): [_Entity]! }\n"
    else:
        extra += query_head + " { _service: _Service! }\n"
    full = DocumentNode(definitions=(*kept, *parse(extra).definitions))
    schema = build_ast_schema(full, assume_valid_sdl=True)

    def resolve_entities(_source: Any, _info: Info, representations: list[Mapping[str, Any]]) -> Any:
        results: list[Any] = []
        for representation in representations:
            typename = representation.get("__typename")
            resolve = entities.get(str(typename))
            if resolve is None:
                results.append(GraphQLError(f"Unknown entity type {typename!r}"))
                continue
            results.append(resolve(representation))
        return results

    query = schema.query_type
    assert query is not None
    query.fields["_service"].resolve = lambda _s, _i: {"sdl": sdl}
    if entity_names:
        query.fields["_entities"].resolve = resolve_entities
    for type_name, fields in resolvers.items():
        graphql_type = schema.get_type(type_name)
        if not isinstance(graphql_type, GraphQLObjectType):
            raise KeyError(f"{type_name} is not an object type of this subgraph")
        for field_name, resolver in fields.items():
            graphql_type.fields[field_name].resolve = resolver
    return schema


@dataclass
class RequestLog:
    """What a subgraph received: how many GraphQL requests, and the most recent ones with their headers."""

    count: int = 0
    recent: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, body: Mapping[str, Any], headers: Mapping[str, str]) -> None:
        with self.lock:
            self.count += 1
            self.recent.append({**body, "headers": dict(headers)})
            del self.recent[:-RECENT_REQUESTS]

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"count": self.count, "requests": list(self.recent)}

    def reset(self) -> None:
        with self.lock:
            self.count = 0
            self.recent.clear()


def _handler(schema: GraphQLSchema, log: RequestLog) -> type[BaseHTTPRequestHandler]:
    class Handler(JsonHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body are written separately: without this, Nagle + delayed ACK stall every response.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            if self.path == "/health":
                self.send_json(200, {"status": "ok"})
            elif self.path == "/stats":
                self.send_json(200, log.snapshot())
            else:
                self.send_json(404, {"error": "not found"})

        def do_POST(self) -> None:
            raw = self.read_body()
            if self.path == "/reset":
                log.reset()
                self.send_json(200, {})
                return
            if self.path != "/graphql":
                self.send_json(404, {"error": "not found"})
                return
            try:
                body = json.loads(raw)
                if not isinstance(body, dict) or not isinstance(body.get("query"), str):
                    raise ValueError("not a GraphQL request")
            except ValueError as exc:
                self.send_json(400, {"errors": [{"message": str(exc)}]})
                return
            headers = {name.lower(): value for name, value in self.headers.items()}
            log.record(body, headers)
            result = graphql_sync(
                schema,
                body["query"],
                variable_values=body.get("variables"),
                operation_name=body.get("operationName"),
                context_value={"headers": headers},
            )
            self.send_json(200, result.formatted)

    return Handler


def serve(schema: GraphQLSchema, host: str, port: int) -> None:
    """Serve the schema (see the module docstring for the routes) until killed."""
    server = ThreadingHTTPServer((host, port), _handler(schema, RequestLog()))
    server.daemon_threads = True
    server.serve_forever()


def main(
    argv: Sequence[str] | None,
    sdl: str,
    resolvers: Mapping[str, Mapping[str, Resolver]],
    entities: Mapping[str, EntityResolver],
) -> int:
    """Command line of every test subgraph module: `python -m <module> --port N [--host H]` or `--print-sdl`."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int)
    parser.add_argument("--print-sdl", action="store_true", help="print the published SDL and exit")
    args = parser.parse_args(argv)
    if args.print_sdl:
        print(sdl)
        return 0
    if args.port is None:
        parser.error("--port is required")
    serve(build_subgraph_schema(sdl, resolvers, entities), args.host, args.port)
    return 0


@dataclass
class Subgraphs:
    """Running test subgraph processes by name, and what each has received."""

    processes: dict[str, ServerProcess]

    def url(self, name: str) -> str:
        """The GraphQL endpoint of subgraph `name`."""
        return self.processes[name].url + "/graphql"

    def stats(self, name: str) -> dict[str, Any]:
        answer: dict[str, Any] = httpx.get(self.processes[name].url + "/stats", timeout=5).json()
        return answer

    def requests(self, name: str) -> list[dict[str, Any]]:
        """The most recent GraphQL requests `name` received (bodies plus `headers`), oldest first."""
        found: list[dict[str, Any]] = self.stats(name)["requests"]
        return found

    def request_counts(self) -> dict[str, int]:
        """GraphQL requests each subgraph has received so far."""
        return {name: int(self.stats(name)["count"]) for name in self.processes}

    def total(self) -> int:
        """GraphQL requests received by all subgraphs still alive."""
        return sum(int(self.stats(name)["count"]) for name in self.processes if self.alive(name))

    def alive(self, name: str) -> bool:
        process = self.processes[name].process
        return process is not None and process.poll() is None

    def reset(self) -> None:
        """Clear the request record of every subgraph still alive."""
        for name in self.processes:
            if self.alive(name):
                httpx.post(self.processes[name].url + "/reset", timeout=5)

    def stop(self) -> None:
        for process in self.processes.values():
            process.stop()


def start_subgraph(module: str, log_path: Path) -> ServerProcess:
    """`python -m module --port N` on a free port, started and answering."""
    port = free_port()
    return ServerProcess(python_module(module, "--port", str(port)), port, log_path=log_path).start()


def start_subgraphs(package: str, names: Iterable[str], log_dir: Path, log_prefix: str = "") -> Subgraphs:
    """Each `package.name` subgraph started (logs at `log_dir/<log_prefix><name>.log`); all stopped if one fails."""
    processes: dict[str, ServerProcess] = {}
    try:
        for name in names:
            processes[name] = start_subgraph(f"{package}.{name}", log_dir / f"{log_prefix}{name}.log")
    except BaseException:
        Subgraphs(processes).stop()
        raise
    return Subgraphs(processes)
