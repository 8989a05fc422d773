"""`/health` (the process answers) and `/ready` (the process can serve: its database answers)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool


def health_router(ready_probe: Callable[[], None]) -> APIRouter:
    """Routes for liveness and readiness; `ready_probe` raises when a dependency is down."""
    router = APIRouter()

    @router.get("/health", include_in_schema=False)
    async def health() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @router.get("/ready", include_in_schema=False)
    async def ready() -> JSONResponse:
        try:
            await run_in_threadpool(ready_probe)
        except Exception:  # any failure means "not ready"; the reason stays in the server log
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ready"})

    return router
