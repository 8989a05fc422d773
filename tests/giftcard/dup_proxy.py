"""A test-only HTTP proxy that sends every request to its target several times at once (a network that duplicates
deliveries) and answers with the first copy's response; 502 when the target is down.

`python -m tests.giftcard.dup_proxy --target http://127.0.0.1:PORT --port N --copies 3`
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

_HOP_HEADERS = {"host", "content-length", "connection", "transfer-encoding"}


def build_app(target: str, copies: int) -> Starlette:
    """The proxy app."""
    client = httpx.AsyncClient(base_url=target, timeout=10)

    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def forward(request: Request) -> Response:
        body = await request.body()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_HEADERS}
        sends = [client.post(request.url.path, content=body, headers=headers) for _ in range(copies)]
        results = await asyncio.gather(*sends, return_exceptions=True)
        first = results[0]
        if isinstance(first, BaseException):
            return JSONResponse({"errors": [{"message": "target down"}]}, status_code=502)
        return Response(first.content, status_code=first.status_code, media_type="application/json")

    return Starlette(routes=[Route("/health", health), Route("/graphql", forward, methods=["POST"])])


def main(argv: Sequence[str] | None = None) -> int:
    """Run the proxy."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--copies", type=int, default=3)
    args = parser.parse_args(argv)
    uvicorn.run(build_app(args.target, args.copies), host="127.0.0.1", port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
