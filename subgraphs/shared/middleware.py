"""ASGI middleware every subgraph puts in front of GraphQL: the body limit and caller authentication.

Both answer in the GraphQL error shape (`{"errors": [{"message", "extensions": {"code"}}]}`) with the HTTP status the
failure deserves, before any GraphQL work happens (limits come before work):
- `BodyLimitMiddleware`: a body over the limit is 413 PAYLOAD_TOO_LARGE, judged by Content-Length when present and by
  counting streamed bytes otherwise.
- `CallerMiddleware`: no Authorization header = anonymous (the resolvers decide what anonymous may do); a bearer
  token that does not verify = 401 UNAUTHENTICATED. The verified `Caller` and whether the request carried the right
  X-Router-Secret (or whether none is required) go to `request.state.caller` / `request.state.router_trusted`.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from subgraphs.shared.tokens import TokenRejectedError, TokenVerifier

ROUTER_SECRET_HEADER = "x-router-secret"  # noqa: S105 - a header name, not a secret


def error_body(code: str, message: str) -> bytes:
    """A GraphQL-shaped error document."""
    return orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})


async def send_error(
    send: Send, status: int, code: str, message: str, headers: Iterable[tuple[bytes, bytes]] = ()
) -> None:
    """Send a complete JSON error response."""
    body = error_body(code, message)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _BodyTooLargeError(Exception):
    pass


class BodyLimitMiddleware:
    """Refuse request bodies over `max_bytes` with 413 and a coded error."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await send_error(send, 400, "BAD_REQUEST", "invalid Content-Length")
                    return
                if declared > self.max_bytes:
                    await send_error(send, 413, "PAYLOAD_TOO_LARGE", f"request body over {self.max_bytes} bytes")
                    return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLargeError
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLargeError:
            if not started:
                await send_error(send, 413, "PAYLOAD_TOO_LARGE", f"request body over {self.max_bytes} bytes")


class CallerMiddleware:
    """Verify the bearer token on `paths` and record the caller and router trust in the request state."""

    def __init__(
        self,
        app: ASGIApp,
        verifier: TokenVerifier,
        router_secret: str | None,
        require_router_secret: bool,
        paths: Iterable[str] = ("/graphql",),
    ) -> None:
        self.app = app
        self.verifier = verifier
        self.router_secret = router_secret.encode() if router_secret else None
        self.require_router_secret = require_router_secret
        self.paths = tuple(paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            headers.setdefault(name, value)
        caller: Any = None
        authorization = headers.get(b"authorization")
        if authorization is not None:
            scheme, _, token = authorization.decode("latin-1").partition(" ")
            token = token.strip()
            if scheme.lower() != "bearer" or not token:
                await self._unauthorized(send, "the Authorization header must be `Bearer <token>`")
                return
            try:
                caller = await run_in_threadpool(self.verifier.verify, token)
            except TokenRejectedError as exc:
                await self._unauthorized(send, f"invalid token: {exc}")
                return
        offered = headers.get(ROUTER_SECRET_HEADER.encode())
        trusted = not self.require_router_secret or bool(
            self.router_secret and offered and hmac.compare_digest(offered, self.router_secret)
        )
        state = scope.setdefault("state", {})
        state["caller"] = caller
        state["router_trusted"] = trusted
        await self.app(scope, receive, send)

    @staticmethod
    async def _unauthorized(send: Send, message: str) -> None:
        await send_error(
            send, 401, "UNAUTHENTICATED", message, headers=[(b"www-authenticate", b'Bearer error="invalid_token"')]
        )
