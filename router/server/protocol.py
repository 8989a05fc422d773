"""GraphQL over HTTP (the graphql-over-http spec draft): what a request means and how an answer is sent.

Pure: method, headers, query parameters and body bytes in; a `GraphQLRequest` or a `RequestError` out; and the
status codes the spec gives for each kind of answer. The web framework stays in `endpoint.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
APPLICATION_JSON = "application/json"


@dataclass(frozen=True, slots=True)
class GraphQLRequest:
    """The parameters of one GraphQL request."""

    query: str | None
    operation_name: str | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    extensions: Mapping[str, Any] = field(default_factory=dict)


class RequestError(Exception):
    """A request that is not a GraphQL request at all (answered before any GraphQL work)."""

    def __init__(self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header (first acceptable entry wins, as graphql-http does);
    None means 406. No Accept header means `application/json` (the spec's legacy default)."""
    if accept is None or not accept.strip():
        return APPLICATION_JSON
    for entry in accept.replace(" ", "").lower().split(","):
        media_type, *params = entry.split(";")
        charset = next((p for p in params if p.startswith("charset=")), "charset=utf-8")
        if charset not in ("charset=utf-8", "charset=utf8"):
            continue
        if media_type == GRAPHQL_RESPONSE_JSON:
            return GRAPHQL_RESPONSE_JSON
        if media_type in (APPLICATION_JSON, "application/*", "*/*"):
            return APPLICATION_JSON
    return None


def wants_html(accept: str | None) -> bool:
    """A browser navigating to the endpoint (GraphiQL), not a GraphQL client."""
    return accept is not None and "text/html" in accept.lower()


def _json_parameter(raw: str | None, name: str) -> dict[str, Any]:
    if raw is None or raw == "":
        return {}
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise RequestError(400, "BAD_REQUEST", f"`{name}` is not valid JSON") from exc
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RequestError(400, "BAD_REQUEST", f"`{name}` must be a JSON object")
    return value


def _object_parameter(value: Any, name: str) -> dict[str, Any]:
    """A JSON body's `variables`/`extensions`: an object or null (absent); 0, false, lists... are errors."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RequestError(400, "BAD_REQUEST", f"`{name}` must be an object")
    return value


def _from_mapping(params: Mapping[str, Any], *, json_encoded: bool) -> GraphQLRequest:
    query = params.get("query")
    if query is not None and not isinstance(query, str):
        raise RequestError(400, "BAD_REQUEST", "`query` must be a string")
    operation_name = params.get("operationName")
    if operation_name == "":
        operation_name = None
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestError(400, "BAD_REQUEST", "`operationName` must be a string")
    if json_encoded:
        variables = _json_parameter(params.get("variables"), "variables")
        extensions = _json_parameter(params.get("extensions"), "extensions")
    else:
        variables = _object_parameter(params.get("variables"), "variables")
        extensions = _object_parameter(params.get("extensions"), "extensions")
    if query is None and "persistedQuery" not in extensions:
        raise RequestError(400, "BAD_REQUEST", "the request has no `query`")
    return GraphQLRequest(query, operation_name, variables, extensions)


def parse_get(params: Mapping[str, str]) -> GraphQLRequest:
    """A GET request's parameters (variables and extensions JSON-encoded in the URL)."""
    return _from_mapping(params, json_encoded=True)


def parse_post(content_type: str | None, body: bytes) -> GraphQLRequest:
    """A POST body: `application/json` (charset utf-8), a JSON object with the request parameters."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type != APPLICATION_JSON:
        raise RequestError(415, "BAD_REQUEST", "the body must be application/json")
    charset = next(
        (p.split("=", 1)[1].strip().lower() for p in (content_type or "").split(";")[1:] if "=" in p), "utf-8"
    )
    if charset.strip('"') not in ("utf-8", "utf8"):
        raise RequestError(415, "BAD_REQUEST", "only the utf-8 charset is supported")
    try:
        params = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise RequestError(400, "BAD_REQUEST", "the body is not valid JSON") from exc
    if not isinstance(params, dict):
        raise RequestError(400, "BAD_REQUEST", "the body must be a JSON object")
    return _from_mapping(params, json_encoded=False)


def status_for(media_type: str, request_error: bool) -> int:
    """The HTTP status of a GraphQL response: a request error (no `data`) is 400 under graphql-response+json;
    application/json answers every well-formed request with 200."""
    if request_error and media_type == GRAPHQL_RESPONSE_JSON:
        return 400
    return 200


def error_body(code: str, message: str, **extensions: Any) -> dict[str, Any]:
    """A response with one coded error and no data."""
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}
