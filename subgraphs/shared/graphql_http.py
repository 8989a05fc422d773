"""GraphQL over HTTP for a subgraph: the `/graphql` endpoint, per the GraphQL-over-HTTP spec.

Every failure is a GraphQL-shaped error with `extensions.code` and the spec's status:
- a body that is not JSON, or not a GraphQL request (no `query` string, `variables` not an object...): 400
  BAD_REQUEST; a POST that is not `application/json`: 415 UNSUPPORTED_MEDIA_TYPE; other methods: 405;
- a document that does not parse or validate (GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED / BAD_USER_INPUT
  with no data): 400 when the client accepts `application/graphql-response+json`, 200 for legacy
  `application/json` clients (as the spec allows);
- a mutation over GET: 405 (GET serves queries only).
The response media type follows the Accept header (`application/graphql-response+json` when asked for).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types.graphql import OperationType

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
_REQUEST_ERROR_CODES = frozenset({"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"})


class _BadRequestError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _media_type(request: Request) -> str:
    accept = request.headers.get("accept", "")
    return GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept else JSON


def _respond(body: dict[str, Any], status: int, media_type: str, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=media_type, headers=headers)


def _error(status: int, code: str, message: str, media_type: str) -> Response:
    headers = {"allow": "GET, POST"} if status == 405 else None
    return _respond({"errors": [{"message": message, "extensions": {"code": code}}]}, status, media_type, headers)


async def _read_params(request: Request) -> dict[str, Any]:
    if request.method == "GET":
        params: dict[str, Any] = dict(request.query_params)
        if "variables" in params:
            try:
                params["variables"] = orjson.loads(params["variables"])
            except orjson.JSONDecodeError:
                raise _BadRequestError(400, "BAD_REQUEST", "variables is not valid JSON") from None
        return params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != JSON:
        raise _BadRequestError(415, "UNSUPPORTED_MEDIA_TYPE", "send the request as application/json")
    try:
        params = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        raise _BadRequestError(400, "BAD_REQUEST", "the body is not valid JSON") from None
    if not isinstance(params, dict):
        raise _BadRequestError(400, "BAD_REQUEST", "the body must be a JSON object")
    return params


def _validate(params: dict[str, Any]) -> tuple[str, dict[str, Any] | None, str | None]:
    query = params.get("query")
    variables = params.get("variables")
    operation_name = params.get("operationName")
    if not isinstance(query, str) or not query:
        raise _BadRequestError(400, "BAD_REQUEST", "the request needs a `query` string")
    if variables is not None and not isinstance(variables, dict):
        raise _BadRequestError(400, "BAD_REQUEST", "`variables` must be an object")
    if operation_name is not None and not isinstance(operation_name, str):
        raise _BadRequestError(400, "BAD_REQUEST", "`operationName` must be a string")
    extensions = params.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise _BadRequestError(400, "BAD_REQUEST", "`extensions` must be an object")
    return query, variables, operation_name


def _is_request_error(data: Any, errors: list[GraphQLError]) -> bool:
    return (
        data is None
        and bool(errors)
        and all((error.extensions or {}).get("code") in _REQUEST_ERROR_CODES for error in errors)
    )


def graphql_route(path: str, schema: BaseSchema, context_getter: Callable[[Request], Awaitable[Any]]) -> Route:
    """The `/graphql` route executing `schema` with the context `context_getter` builds per request."""

    async def endpoint(request: Request) -> Response:
        media_type = _media_type(request)
        if request.method not in {"GET", "POST"}:
            return _error(405, "METHOD_NOT_ALLOWED", "use GET or POST", media_type)
        try:
            query, variables, operation_name = _validate(await _read_params(request))
        except _BadRequestError as bad:
            return _error(bad.status, bad.code, bad.message, media_type)
        allowed = {OperationType.QUERY} if request.method == "GET" else {OperationType.QUERY, OperationType.MUTATION}
        try:
            result = await schema.execute(
                query,
                variable_values=variables,
                context_value=await context_getter(request),
                operation_name=operation_name,
                allowed_operation_types=allowed,
            )
        except InvalidOperationTypeError:
            return _error(405, "METHOD_NOT_ALLOWED", "GET serves queries only; send mutations with POST", media_type)
        errors = list(result.errors or [])
        body: dict[str, Any] = {"data": result.data}
        if errors:
            body["errors"] = [error.formatted for error in errors]
        if result.extensions:
            body["extensions"] = result.extensions
        status = 400 if media_type == GRAPHQL_RESPONSE and _is_request_error(result.data, errors) else 200
        if status == 400:
            body.pop("data")
        return _respond(body, status, media_type)

    return Route(path, endpoint, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
