"""The request pipeline: authenticate -> parse+validate (cached) -> authorize -> plan (cached) -> execute -> shape.

Per request, in the common case, this is two LRU lookups, the subgraph fetches and one walk over the merged data.
Everything derived from the supergraph lives in a `RouterState`; a new supergraph means a new state swapped in
atomically, while requests already running finish on the state they started with.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    OperationType,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import get_variable_values
from graphql.validation import NoSchemaIntrospectionCustomRule

from router.auth.authenticate import Authenticator
from router.auth.claims import Claims
from router.auth.errors import AuthenticationError
from router.config import RouterSettings
from router.execution.executor import ExecutionContext, answer_introspection, fetch_plan, subgraph_urls, type_matcher
from router.execution.transport import SubgraphTransport
from router.planning.plan import QueryPlan
from router.response.shaping import (
    OperationShape,
    compile_operation,
    condition_variables,
    shape_response,
)
from router.server.authorization import AuthorizationStep, Authorized
from router.server.limits import check_limits
from router.server.lru import LRU
from router.server.persisted import PersistedQueries, PersistedQueryError
from router.server.protocol import GraphQLRequest
from router.supergraph.model import Supergraph

logger = logging.getLogger(__name__)

Planner = Callable[[Supergraph, DocumentNode, "str | None"], QueryPlan]

_ROOT_META_FIELDS = frozenset({"__typename", "__schema", "__type"})


SHAPES_PER_OPERATION = 64


@dataclass
class Prepared:
    """A parsed, limited and validated operation, with its compiled response shapes."""

    document: DocumentNode
    operation: OperationDefinitionNode
    condition_variables: tuple[str, ...]
    # One per (@skip/@include outcome, authorization outcome); bounded for operations with many of either.
    shapes: LRU[tuple[Any, ...], OperationShape] = field(default_factory=lambda: LRU(SHAPES_PER_OPERATION))
    introspection: tuple[dict[str, Any], list[dict[str, Any]]] | None = None  # when it has no variables


@dataclass(frozen=True)
class Outcome:
    """What the HTTP layer sends: a GraphQL response body, and whether it is a request error (no `data`)."""

    body: dict[str, Any]
    request_error: bool = False
    status: int | None = None  # forced status (401, 405, 500); None: from the media type
    headers: Mapping[str, str] = field(default_factory=dict)


def _coded(error: GraphQLError, code: str) -> dict[str, Any]:
    formatted: dict[str, Any] = dict(error.formatted)
    formatted["extensions"] = {**(formatted.get("extensions") or {}), "code": code}
    return formatted


def _request_error(code: str, message: str, status: int | None = None, **headers: str) -> Outcome:
    return Outcome({"errors": [{"message": message, "extensions": {"code": code}}]}, True, status, headers)


class RouterState:
    """Everything derived from one supergraph: the caches keyed by operation text die with it."""

    def __init__(self, supergraph: Supergraph, settings: RouterSettings) -> None:
        self.supergraph = supergraph
        self.urls = subgraph_urls(supergraph)
        self.type_matcher = type_matcher(supergraph)
        self.documents: LRU[tuple[str, str | None], Prepared | Outcome] = LRU(settings.caches.documents)
        self.plans: LRU[tuple[str, str | None, Any], QueryPlan] = LRU(settings.caches.plans)
        self.authorizations: LRU[tuple[str, str | None, Any], Authorized] = LRU(settings.caches.plans)


class Pipeline:
    """Runs GraphQL requests against the current `RouterState`."""

    def __init__(
        self,
        settings: RouterSettings,
        state: RouterState,
        transport: SubgraphTransport,
        planner: Planner,
        authenticator: Authenticator | None,
        authorization: AuthorizationStep | None,
    ) -> None:
        self.settings = settings
        self.state = state
        self.transport = transport
        self.planner = planner
        self.authenticator = authenticator
        self.authorization = authorization
        self.persisted = PersistedQueries(settings.caches.documents)
        rules = list(specified_rules)
        if not settings.introspection_enabled:
            rules.append(NoSchemaIntrospectionCustomRule)
        self._rules = tuple(rules)
        self._hide_suggestions = not settings.introspection_enabled
        self._forward_authorization = settings.auth.forward_authorization
        self._auth_header = settings.auth.header_name.lower()

    def swap(self, supergraph: Supergraph) -> None:
        """Serve a new supergraph from now on; running requests keep the state they hold."""
        self.state = RouterState(supergraph, self.settings)

    def prepare(self, state: RouterState, query: str, operation_name: str | None) -> Prepared | Outcome:
        """Parse, limit, validate and pick the operation; results (also failures) are cached per state."""
        key = (query, operation_name)
        cached = state.documents.get(key)
        if cached is not None:
            return cached
        prepared = self._prepare(state, query, operation_name)
        state.documents.put(key, prepared)
        return prepared

    def _prepare(self, state: RouterState, query: str, operation_name: str | None) -> Prepared | Outcome:
        limits = self.settings.limits
        try:
            document = parse(query, max_tokens=limits.max_tokens, allow_empty_selection_sets=False)
        except GraphQLSyntaxError as error:
            code = "MAX_TOKENS_EXCEEDED" if "tokens" in error.message and "more than" in error.message else None
            return Outcome({"errors": [_coded(error, code or "GRAPHQL_PARSE_FAILED")]}, True)
        exceeded = check_limits(document, limits)
        if exceeded is not None:
            return _request_error(exceeded.code, exceeded.message)
        errors = validate(
            state.supergraph.api_schema,
            document,
            self._rules,
            max_errors=20,
            hide_suggestions=self._hide_suggestions,
            allow_empty_selection_sets=False,
        )
        if errors:
            return Outcome({"errors": [_coded(e, "GRAPHQL_VALIDATION_FAILED") for e in errors]}, True)
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if operation_name is None:
            if len(operations) != 1:
                return _request_error(
                    "OPERATION_RESOLUTION_FAILURE", "Must provide operation name if query contains multiple operations."
                )
            operation = operations[0]
        else:
            found = [o for o in operations if o.name is not None and o.name.value == operation_name]
            if not found:
                return _request_error("OPERATION_NAME_NOT_FOUND", f'Unknown operation named "{operation_name}".')
            operation = found[0]
        if operation.operation is OperationType.SUBSCRIPTION:
            return _request_error("OPERATION_NOT_SUPPORTED", "Subscriptions are not supported by this router.")
        return Prepared(document, operation, condition_variables(document))

    async def authenticate(self, headers: Mapping[str, str], query_params: Mapping[str, str]) -> Claims | None:
        if self.authenticator is None:
            return None
        return await self.authenticator.authenticate(headers, query_params)

    async def run(
        self,
        request: GraphQLRequest,
        *,
        method: str,
        headers: Mapping[str, str],
        query_params: Mapping[str, str],
    ) -> Outcome:
        """Answer one GraphQL request (already decoded from HTTP)."""
        state = self.state  # this request stays on this supergraph, even if a reload swaps in another
        try:
            claims = await self.authenticate(headers, query_params)
        except AuthenticationError as error:
            return _request_error(error.code, error.message, 401, **{"WWW-Authenticate": error.www_authenticate})
        try:
            query = self.persisted.resolve(request.query, request.extensions)
        except PersistedQueryError as error:
            return _request_error(error.code, error.message)
        prepared = self.prepare(state, query, request.operation_name)
        if isinstance(prepared, Outcome):
            return prepared
        operation = prepared.operation
        if method == "GET" and operation.operation is OperationType.MUTATION:
            return _request_error("METHOD_NOT_ALLOWED", "Mutations must be sent with POST.", 405, Allow="POST")
        variables: dict[str, Any] = {}
        if operation.variable_definitions:  # extra variables of an operation that declares none are ignored
            coerced = get_variable_values(
                state.supergraph.api_schema,
                operation.variable_definitions,
                dict(request.variables),
                max_errors=20,
                hide_suggestions=self._hide_suggestions,
            )
            if isinstance(coerced, list):
                return Outcome({"errors": [_coded(e, "BAD_USER_INPUT") for e in coerced]}, True)
            variables = coerced.coerced

        authorized: Authorized | None = None
        if self.authorization is not None:
            authorization_key = (query, request.operation_name, self.authorization.claims_key(claims))
            authorized = state.authorizations.get(authorization_key)
            if authorized is None:
                authorized = self.authorization.check(
                    state.supergraph, prepared.document, request.operation_name, claims
                )
                state.authorizations.put(authorization_key, authorized)
            if authorized.rejected:
                return Outcome({"errors": authorized.errors}, True)
        denied = authorized.denied if authorized is not None else frozenset()

        conditions = tuple(variables.get(name) is True for name in prepared.condition_variables)
        shape = prepared.shapes.get((conditions, denied))
        if shape is None:
            shape = compile_operation(
                state.supergraph.api_schema,
                prepared.document,
                operation,
                dict(zip(prepared.condition_variables, conditions, strict=True)),
                denied,
            )
            prepared.shapes.put((conditions, denied), shape)

        errors: list[dict[str, Any]] = list(authorized.errors) if authorized is not None else []
        data: dict[str, Any] = {}
        if not shape.only_introspection and not (authorized is not None and authorized.nothing_to_execute):
            plan = self._plan(state, query, request.operation_name, prepared, authorized)
            if isinstance(plan, Outcome):
                return plan
            context = ExecutionContext(
                headers=self._forwarded(headers),
                max_representations=self.settings.limits.max_batch_representations,
                type_matcher=state.type_matcher,
            )
            data, fetch_errors = await fetch_plan(plan, state.urls, variables, self.transport, context)
            errors.extend(fetch_errors)
        if shape.introspection_keys:
            introspected, introspection_errors = self._introspect(state, prepared, request.variables)
            data.update(introspected)
            errors.extend(introspection_errors)
        shaped, all_errors = shape_response(shape, data, errors)
        body: dict[str, Any] = {"errors": all_errors, "data": shaped} if all_errors else {"data": shaped}
        return Outcome(body)

    @staticmethod
    def _introspect(
        state: RouterState, prepared: Prepared, variables: Mapping[str, Any]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Introspection answers; those of an operation without variables are computed once (GraphiQL asks for
        the whole schema on every page load)."""
        if prepared.operation.variable_definitions:
            return answer_introspection(state.supergraph.api_schema, prepared.document, prepared.operation, variables)
        if prepared.introspection is None:
            prepared.introspection = answer_introspection(
                state.supergraph.api_schema, prepared.document, prepared.operation, {}
            )
        data, errors = prepared.introspection
        return dict(data), list(errors)

    def _plan(
        self,
        state: RouterState,
        query: str,
        operation_name: str | None,
        prepared: Prepared,
        authorized: Authorized | None,
    ) -> QueryPlan | Outcome:
        outcome_key = authorized.cache_key if authorized is not None else None
        key = (query, operation_name, outcome_key)
        plan = state.plans.get(key)
        if plan is not None:
            return plan
        document = authorized.document if authorized is not None else prepared.document
        try:
            plan = self.planner(state.supergraph, document, operation_name)
        except Exception:  # a planner bug must not leak a stack trace to the client
            logger.exception("query planning failed")
            return _request_error("QUERY_PLANNING_FAILED", "The router could not plan this operation.", 500)
        state.plans.put(key, plan)
        return plan

    def _forwarded(self, headers: Mapping[str, str]) -> dict[str, str]:
        if not self._forward_authorization:
            return {}
        value = headers.get(self._auth_header)
        return {self.settings.auth.header_name: value} if value else {}
