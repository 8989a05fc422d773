"""A tiny Federation 2 subgraph runtime for the router's tests: SDL + resolvers -> an HTTP GraphQL server.

graphql-core executes the subgraph's own SDL with `_entities`/`_service` added. The server records every GraphQL
request it receives (`GET /stats`: count, bodies, headers) so tests can prove what reached a subgraph, and
`POST /reset` clears that record.
"""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from graphql import (
    BooleanValueNode,
    DocumentNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    ObjectTypeDefinitionNode,
    SchemaExtensionNode,
    build_ast_schema,
    graphql_sync,
    parse,
)

Resolver = Callable[..., Any]
EntityResolver = Callable[[Mapping[str, Any]], Any]


def _entity_names(document: DocumentNode) -> list[str]:
    names: list[str] = []
    for definition in document.definitions:
        if not isinstance(definition, ObjectTypeDefinitionNode):
            continue
        for directive in definition.directives or ():
            if directive.name.value != "key":
                continue
            resolvable = next((a.value for a in directive.arguments or () if a.name.value == "resolvable"), None)
            if (
                not isinstance(resolvable, BooleanValueNode) or resolvable.value
            ) and definition.name.value not in names:
                names.append(definition.name.value)
    return names


def build_schema(
    sdl: str, resolvers: Mapping[str, Mapping[str, Resolver]], entities: Mapping[str, EntityResolver]
) -> GraphQLSchema:
    """An executable schema: `resolvers[type][field](source, info, **args)`, `entities[typename](representation)`."""
    document = parse(sdl)
    kept = [d for d in document.definitions if not isinstance(d, SchemaExtensionNode)]
    names = _entity_names(document)
    extra = "scalar _Any\ntype _Service { sdl: String }\n"
    if names:
        extra += f"union _Entity = {' | '.join(names)}\n"
        extra += "extend type Query { _service: _Service! _entities(representations: [_Any!]!): [_Entity]! }\n"
    schema = build_ast_schema(DocumentNode(definitions=(*kept, *parse(extra).definitions)), assume_valid_sdl=True)

    def resolve_entities(_source: Any, _info: Any, representations: list[Mapping[str, Any]]) -> list[Any]:
        out: list[Any] = []
        for representation in representations:
            resolve = entities.get(str(representation.get("__typename")))
            out.append(resolve(representation) if resolve else GraphQLError("unknown entity type"))
        return out

    query = schema.query_type
    assert query is not None
    query.fields["_service"].resolve = lambda _s, _i: {"sdl": sdl}
    if names:
        query.fields["_entities"].resolve = resolve_entities
    for type_name, fields in resolvers.items():
        graphql_type = schema.get_type(type_name)
        assert isinstance(graphql_type, GraphQLObjectType), type_name
        for field_name, resolver in fields.items():
            graphql_type.fields[field_name].resolve = resolver
    return schema


class RequestLog:
    """Every GraphQL request received, in order."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []

    def record(self, body: Mapping[str, Any], headers: Mapping[str, str]) -> None:
        with self.lock:
            self.requests.append({**body, "headers": dict(headers)})

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"count": len(self.requests), "requests": list(self.requests)}

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()


def _handler(schema: GraphQLSchema, log: RequestLog) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, payload: Any) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path == "/health":
                self._send(200, {"status": "ok"})
            elif self.path == "/stats":
                self._send(200, log.snapshot())
            else:
                self._send(404, {})

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path == "/reset":
                log.reset()
                self._send(200, {})
                return
            body = json.loads(raw)
            headers = {k.lower(): v for k, v in self.headers.items()}
            log.record(body, headers)
            result = graphql_sync(
                schema,
                body["query"],
                variable_values=body.get("variables"),
                operation_name=body.get("operationName"),
                context_value={"headers": headers},
            )
            self._send(200, result.formatted)

    return Handler


def main(
    argv: Sequence[str] | None,
    sdl: str,
    resolvers: Mapping[str, Mapping[str, Resolver]],
    entities: Mapping[str, EntityResolver],
) -> int:
    """`python -m tests.router.subgraphs.<name> --port N` (or `--print-sdl`)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--print-sdl", action="store_true")
    args = parser.parse_args(argv)
    if args.print_sdl:
        print(sdl)
        return 0
    server = ThreadingHTTPServer(
        ("127.0.0.1", args.port), _handler(build_schema(sdl, resolvers, entities), RequestLog())
    )
    server.daemon_threads = True
    server.serve_forever()
    return 0
