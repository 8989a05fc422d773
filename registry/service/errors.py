"""Every failure answers `{"errors": [{"message", "extensions": {"code"}}]}` with a fitting HTTP status.

No stack trace ever reaches a client: unexpected exceptions are logged and answered 500 INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from registry.domain.errors import RegistryInputError, RegistryNotFoundError

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """A refusal with an HTTP status and a stable code."""

    def __init__(self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def error_response(
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, object] | None = None,
) -> JSONResponse:
    """The coded error document (plus any extra top-level keys)."""
    body = {"errors": [{"message": message, "extensions": {"code": code}}], **(extra or {})}
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for problem in exc.errors()[:5]:
        where = ".".join(str(p) for p in problem.get("loc", ()) if p != "body")
        parts.append(f"{where or 'body'}: {problem.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    """Map every exception the app can raise to a coded JSON error."""

    @app.exception_handler(ApiError)
    async def _api(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RegistryInputError)
    async def _input(_request: Request, exc: RegistryInputError) -> JSONResponse:
        return error_response(400, exc.code, exc.message)

    @app.exception_handler(RegistryNotFoundError)
    async def _missing(_request: Request, exc: RegistryNotFoundError) -> JSONResponse:
        return error_response(404, "NOT_FOUND", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(400, "BAD_REQUEST", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "BAD_REQUEST")
        return error_response(exc.status_code, code, str(exc.detail), exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "INTERNAL_SERVER_ERROR", "internal error; see the registry's log")
