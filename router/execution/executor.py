"""Run a query plan: send its fetches through the transport and merge the answers into one response.

Sequence runs children in order, Parallel with `asyncio.gather`, Flatten moves to the objects at its path, Condition
reads a Boolean variable. A root fetch merges its `data` into the response root; an entity fetch builds the
representations of the objects it stands on (deduplicated), sends ONE `_entities` request, and merges answer `i`
into every object whose representation was `i`. Subgraph errors are passed on with their paths rewritten to client
paths; a subgraph that fails or times out becomes an error and leaves its part of the response null.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from graphql import DocumentNode, GraphQLSchema, OperationDefinitionNode, execute
from graphql import ExecutionResult as ExecutionResultCore

from router.execution.entities import (
    RepresentationBatch,
    TypeMatcher,
    apply_rewrites,
    deep_merge,
    objects_at,
    paths_to,
)
from router.execution.introspection import introspection_document
from router.execution.transport import SubgraphFetchError, SubgraphRequest, SubgraphTransport
from router.planning.plan import Condition, Fetch, Flatten, OperationKind, Parallel, PlanNode, QueryPlan, Sequence
from router.response.shaping import (
    OperationShape,
    compile_operation,
    condition_variables,
    select_operation,
    shape_response,
)
from router.supergraph.derived import derived
from router.supergraph.model import Supergraph


@dataclass(frozen=True)
class ExecutionContext:
    """What one client request brings to execution besides its variables."""

    headers: Mapping[str, str] = field(default_factory=dict)  # forwarded to every subgraph (Authorization)
    max_representations: int = 10_000
    # type conditions in plan paths and rewrites; one per supergraph (it memoises); exact matches only when None
    type_matcher: TypeMatcher | None = None


@dataclass
class ExecutionResult:
    """The client's response: `data` (None when null reached the root) and `errors`."""

    data: dict[str, Any] | None
    errors: list[dict[str, Any]]

    def formatted(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if self.errors:
            result["errors"] = self.errors
        result["data"] = self.data
        return result


def subgraph_urls(supergraph: Supergraph) -> dict[str, str]:
    """Subgraph URL by name and by join__Graph value (plans may name a service either way)."""
    urls = {s.enum_value: s.url for s in supergraph.subgraphs.values()}
    urls.update({s.name: s.url for s in supergraph.subgraphs.values()})
    return urls


def type_matcher(supergraph: Supergraph) -> TypeMatcher:
    """The type-condition matcher for plans of `supergraph` (abstract conditions match their possible types)."""
    return TypeMatcher(supergraph.schema)


class _Run:
    """The state of one plan execution: the response built so far and the errors met."""

    def __init__(
        self,
        urls: Mapping[str, str],
        variables: Mapping[str, Any],
        transport: SubgraphTransport,
        context: ExecutionContext,
    ) -> None:
        self.urls = urls
        self.variables = variables
        self.transport = transport
        self.context = context
        self.matches = context.type_matcher or TypeMatcher()
        self.data: dict[str, Any] = {}
        self.errors: list[dict[str, Any]] = []

    async def node(self, node: PlanNode | None, targets: list[Any], at: tuple[str, ...]) -> None:
        """Run `node` on the objects `targets`, found at the plan path `at` from the response root."""
        if node is None:
            return
        if isinstance(node, Fetch):
            await self.fetch(node, targets, at)
        elif isinstance(node, Sequence):
            for child in node.nodes:
                await self.node(child, targets, at)
        elif isinstance(node, Parallel):
            await asyncio.gather(*(self.node(child, targets, at) for child in node.nodes))
        elif isinstance(node, Flatten):
            found = objects_at(targets, node.path, self.matches)
            if found:
                await self.node(node.node, found, (*at, *node.path))
        elif isinstance(node, Condition):
            branch = node.if_clause if self.variables.get(node.variable) is True else node.else_clause
            await self.node(branch, targets, at)

    async def send(self, fetch: Fetch, variables: dict[str, Any]) -> dict[str, Any] | None:
        url = self.urls.get(fetch.service)
        if url is None:
            self.errors.append(_fetch_error(fetch.service, "SUBGRAPH_UNKNOWN", "the supergraph does not name it"))
            return None
        request = SubgraphRequest(
            fetch.service,
            url,
            fetch.operation,
            variables,
            fetch.operation_name,
            self.context.headers,
            idempotent=fetch.operation_kind is OperationKind.QUERY,
        )
        try:
            return await self.transport.send(request)
        except SubgraphFetchError as exc:
            self.errors.append(_fetch_error(fetch.service, exc.code, exc.message))
            return None

    def _variables(self, fetch: Fetch) -> dict[str, Any]:
        return {name: self.variables[name] for name in fetch.variable_usages if name in self.variables}

    async def fetch(self, fetch: Fetch, targets: list[Any], at: tuple[str, ...]) -> None:
        if fetch.requires is None:
            await self.root_fetch(fetch, targets)
        else:
            await self.entity_fetch(fetch, targets, at)

    async def root_fetch(self, fetch: Fetch, targets: list[Any]) -> None:
        response = await self.send(fetch, self._variables(fetch))
        if response is None:
            return
        data = response.get("data")
        if isinstance(data, dict):
            if fetch.output_rewrites:
                apply_rewrites(data, fetch.output_rewrites, self.matches)
            for target in targets:
                if isinstance(target, dict):
                    deep_merge(target, data)
        for error in _errors_of(response):
            self.errors.append(_subgraph_error(error, fetch.service, error.get("path")))

    async def entity_fetch(self, fetch: Fetch, targets: list[Any], at: tuple[str, ...]) -> None:
        assert fetch.requires is not None
        # One object can sit in several places (an entity answer merged into several origins shares its nested
        # objects): each object counts once here, and an error reaches each of its places once.
        objects = list({id(obj): obj for obj in targets if type(obj) is dict}.values())
        batch = RepresentationBatch.collect(objects, fetch.requires, fetch.input_rewrites, self.matches)
        if not batch.representations:
            return
        if len(batch.representations) > self.context.max_representations:
            self.errors.append(
                _fetch_error(
                    fetch.service,
                    "TOO_MANY_REPRESENTATIONS",
                    f"{len(batch.representations)} entities exceed the limit of {self.context.max_representations}",
                )
            )
            return
        variables = self._variables(fetch)
        variables["representations"] = batch.representations
        response = await self.send(fetch, variables)
        if response is None:
            return
        data = response.get("data")
        entities = data.get("_entities") if isinstance(data, dict) else None
        if isinstance(entities, list):
            for index, entity in enumerate(entities[: len(batch.origins)]):
                if not isinstance(entity, dict):
                    continue
                if fetch.output_rewrites:
                    apply_rewrites(entity, fetch.output_rewrites, self.matches)
                for obj in batch.origins[index]:
                    deep_merge(obj, entity)
            if len(entities) != len(batch.representations):
                self.errors.append(
                    _fetch_error(
                        fetch.service,
                        "SUBGRAPH_RESPONSE_INVALID",
                        f"_entities returned {len(entities)} entities for {len(batch.representations)} representations",
                    )
                )
        located: dict[int, list[list[str | int]]] | None = None  # response paths by object, found on first error
        for error in _errors_of(response):
            path = error.get("path")
            if (
                isinstance(path, list)
                and len(path) >= 2
                and path[0] == "_entities"
                and isinstance(path[1], int)
                and 0 <= path[1] < len(batch.origins)
            ):
                if located is None:
                    located = paths_to(self.data, at, self.matches)
                for obj in batch.origins[path[1]]:
                    for where in located.get(id(obj), ()):
                        self.errors.append(_subgraph_error(error, fetch.service, [*where, *path[2:]]))
            else:
                self.errors.append(_subgraph_error(error, fetch.service, None))


def _errors_of(response: dict[str, Any]) -> list[dict[str, Any]]:
    errors = response.get("errors")
    if not isinstance(errors, list):
        return []
    return [e if isinstance(e, dict) else {"message": str(e)} for e in errors]


def _subgraph_error(error: dict[str, Any], service: str, path: Any) -> dict[str, Any]:
    """A subgraph's error as the client sees it: its message and extensions, the client path, the service."""
    message = error.get("message")
    result: dict[str, Any] = {"message": message if isinstance(message, str) else "Subgraph error"}
    if isinstance(path, list):
        result["path"] = path
    extensions = error.get("extensions")
    result["extensions"] = {**(extensions if isinstance(extensions, dict) else {}), "serviceName": service}
    return result


def _fetch_error(service: str, code: str, reason: str) -> dict[str, Any]:
    return {
        "message": f"Request to subgraph '{service}' failed: {reason}",
        "extensions": {"code": code, "serviceName": service},
    }


async def fetch_plan(
    plan: QueryPlan,
    urls: Mapping[str, str],
    variables: Mapping[str, Any],
    transport: SubgraphTransport,
    context: ExecutionContext,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run the plan's fetches; return the merged (unshaped) data and the errors met."""
    run = _Run(urls, variables, transport, context)
    await run.node(plan.node, [run.data], ())
    return run.data, run.errors


def answer_introspection(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The operation's `__schema`/`__type` root fields, answered by graphql-core from the API schema."""
    only = introspection_document(document, operation)
    if only is None:
        return {}, []
    result = execute(schema, only, variable_values=dict(variables))
    if not isinstance(result, ExecutionResultCore):  # introspection resolvers are synchronous
        raise TypeError("introspection unexpectedly asynchronous")
    return dict(result.data or {}), [dict(e.formatted) for e in result.errors or ()]


async def execute_plan(
    plan: QueryPlan,
    supergraph: Supergraph,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any],
    transport: SubgraphTransport,
    context: ExecutionContext | None = None,
    *,
    shape: OperationShape | None = None,
) -> ExecutionResult:
    """Execute `plan` for the client's `document` (validated against the API schema) and shape the response.

    `shape` is the compiled operation (see `router.response.shaping.compile_operation`); the server passes the one
    it cached with the plan, others may leave it out.
    """
    context = context or ExecutionContext()
    if context.type_matcher is None:
        context = replace(context, type_matcher=derived(supergraph, type_matcher))
    operation = select_operation(document, operation_name)
    if operation is None:
        raise ValueError(f"no operation {operation_name!r} in the document")
    if shape is None:
        conditions = {name: variables.get(name) is True for name in condition_variables(document)}
        shape = compile_operation(supergraph.api_schema, document, operation, conditions)
    data, errors = await fetch_plan(plan, derived(supergraph, subgraph_urls), variables, transport, context)
    if shape.introspection_keys:
        introspected, introspection_errors = answer_introspection(supergraph.api_schema, document, operation, variables)
        data.update(introspected)
        errors.extend(introspection_errors)
    shaped, all_errors = shape_response(shape, data, errors)
    return ExecutionResult(shaped, all_errors)
