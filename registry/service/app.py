"""The registry's composition root: `create_app(settings)` wires engine, use cases, token guard and routes.

Routes (all under `/graphs/{graph}/variants/{variant}`, JSON unless said otherwise):
- `POST /subgraphs` publish (write) -> 200 PUBLISHED/UNCHANGED, 422 COMPOSITION_FAILED with every error;
- `DELETE /subgraphs/{name}` remove a subgraph (write) -> 200 DELETED, 422 when the rest does not compose;
- `POST /checks` check (write; a failing check is still 200, `ok: false`); `GET /checks/{id}` a stored result;
- `POST /operations` record a client version's operations (write); `GET /operations` the client versions (read);
  `DELETE /operations?clientName=&clientVersion=` retire a client version (write);
- `GET /subgraphs`, `GET /subgraphs/{name}` (with SDL), `GET /history`, `GET /subgraphs/{name}/history`,
  `GET /launches` (read);
- `GET /supergraph` the supergraph SDL as text with a strong ETag; `If-None-Match` answers 304 (read).
Plus `/health` and `/ready`. Nothing happens at import time; the app does not migrate (`python -m registry migrate`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Path, Query
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine

from registry.domain.names import VariantRef, variant_ref
from registry.domain.operations import OperationInput
from registry.service.auth import Access, TokenGuard
from registry.service.errors import ApiError, error_response, install_error_handlers
from registry.service.schemas import CheckBody, OperationsBody, PublishBody, launch_json, version_json
from registry.settings import RegistrySettings
from registry.use_cases import Limits, PublishStatus, RegistryService
from subgraphs.shared.database import engine_for, ping, session_factory
from subgraphs.shared.health import health_router
from subgraphs.shared.middleware import BodyLimitMiddleware

VARIANT_PREFIX = "/graphs/{graph}/variants/{variant}"


def _ref(graph: Annotated[str, Path(max_length=64)], variant: Annotated[str, Path(max_length=64)]) -> VariantRef:
    return variant_ref(graph, variant)


Ref = Annotated[VariantRef, Depends(_ref)]


def if_none_match(header: str | None, etag: str) -> bool:
    """True when `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for this header) or is `*`."""
    if header is None:
        return False
    offered = [tag.strip() for tag in header.split(",")]
    return "*" in offered or any(tag.removeprefix("W/") == etag for tag in offered)


def _supergraph_headers(etag: str, revision: int) -> dict[str, str]:
    return {"ETag": etag, "Cache-Control": "no-cache", "X-Launch-Revision": str(revision)}


def create_app(settings: RegistrySettings, *, engine: Engine | None = None) -> FastAPI:
    """The registry's ASGI app; pass `engine` to share one (tests)."""
    engine = engine or engine_for(settings)
    service = RegistryService(
        session_factory(engine),
        Limits(max_sdl_bytes=settings.max_sdl_bytes, max_operations_per_upload=settings.max_operations_per_upload),
    )
    guard = TokenGuard(settings.write_token(), settings.read_token.get_secret_value() if settings.read_token else None)
    read = [Depends(guard.dependency(Access.READ))]
    write = [Depends(guard.dependency(Access.WRITE))]

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title="schema registry", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    install_error_handlers(app)
    app.include_router(health_router(lambda: ping(engine)))

    @app.post(VARIANT_PREFIX + "/subgraphs", dependencies=write)
    def publish(ref: Ref, body: PublishBody) -> JSONResponse:
        outcome = service.publish(ref, body.name, body.url, body.sdl, author=body.author, commit=body.commit)
        if outcome.status is PublishStatus.COMPOSITION_FAILED:
            return error_response(
                422,
                "COMPOSITION_FAILED",
                f"{len(outcome.errors)} composition error(s): nothing was published",
                extra=outcome.to_dict(),
            )
        return JSONResponse(outcome.to_dict())

    @app.delete(VARIANT_PREFIX + "/subgraphs/{name}", dependencies=write)
    def delete(
        ref: Ref,
        name: str,
        author: Annotated[str | None, Query(max_length=255)] = None,
        commit: Annotated[str | None, Query(max_length=255)] = None,
    ) -> JSONResponse:
        outcome = service.delete(ref, name, author=author, commit=commit)
        if outcome.status is PublishStatus.COMPOSITION_FAILED:
            return error_response(
                422,
                "COMPOSITION_FAILED",
                f"without {name!r} the other subgraphs do not compose: nothing was deleted",
                extra=outcome.to_dict(),
            )
        return JSONResponse(outcome.to_dict())

    @app.post(VARIANT_PREFIX + "/checks", dependencies=write)
    def check(ref: Ref, body: CheckBody) -> JSONResponse:
        check_id, result = service.check(
            ref,
            body.name,
            body.sdl,
            url=body.url,
            fail_on_breaking=body.fail_on_breaking,
            author=body.author,
            commit=body.commit,
        )
        return JSONResponse({"id": check_id, **result.to_dict()})

    @app.get(VARIANT_PREFIX + "/checks/{check_id}", dependencies=read)
    def check_result(ref: Ref, check_id: int) -> JSONResponse:
        found = service.check_result(ref, check_id)
        if found is None:
            raise ApiError(404, "NOT_FOUND", f"no check {check_id} in {ref}")
        return JSONResponse(found)

    @app.post(VARIANT_PREFIX + "/operations", dependencies=write)
    def operations(ref: Ref, body: OperationsBody) -> JSONResponse:
        inputs = [OperationInput(op.name or "", op.document) for op in body.operations]
        added, known = service.publish_operations(ref, body.client_name, body.client_version, inputs)
        return JSONResponse({"added": added, "known": known})

    @app.get(VARIANT_PREFIX + "/operations", dependencies=read)
    def clients(ref: Ref) -> JSONResponse:
        found = service.clients(ref)
        return JSONResponse({"clients": [{"name": c.name, "version": c.version, "operations": n} for c, n in found]})

    @app.delete(VARIANT_PREFIX + "/operations", dependencies=write)
    def retire(
        ref: Ref,
        client_name: Annotated[str, Query(alias="clientName", max_length=128)],
        client_version: Annotated[str, Query(alias="clientVersion", max_length=128)],
    ) -> JSONResponse:
        return JSONResponse({"retired": service.retire_operations(ref, client_name, client_version)})

    @app.get(VARIANT_PREFIX + "/subgraphs", dependencies=read)
    def subgraphs(ref: Ref) -> JSONResponse:
        return JSONResponse({"subgraphs": [version_json(v) for v in service.subgraphs(ref)]})

    @app.get(VARIANT_PREFIX + "/subgraphs/{name}", dependencies=read)
    def subgraph(ref: Ref, name: str) -> JSONResponse:
        found = next((v for v in service.subgraphs(ref) if v.name == name), None)
        if found is None:
            raise ApiError(404, "NOT_FOUND", f"no subgraph {name!r} in {ref}")
        return JSONResponse(version_json(found, sdl=True))

    @app.get(VARIANT_PREFIX + "/history", dependencies=read)
    def history(ref: Ref, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> JSONResponse:
        return JSONResponse({"versions": [version_json(v) for v in service.history(ref, None, limit)]})

    @app.get(VARIANT_PREFIX + "/subgraphs/{name}/history", dependencies=read)
    def subgraph_history(ref: Ref, name: str, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> JSONResponse:
        return JSONResponse({"versions": [version_json(v) for v in service.history(ref, name, limit)]})

    @app.get(VARIANT_PREFIX + "/launches", dependencies=read)
    def launches(ref: Ref, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> JSONResponse:
        return JSONResponse({"launches": [launch_json(launch) for launch in service.launches(ref, limit)]})

    @app.get(VARIANT_PREFIX + "/supergraph", dependencies=read)
    def supergraph(
        ref: Ref, if_none_match_header: Annotated[str | None, Header(alias="If-None-Match")] = None
    ) -> Response:
        # A poll that matches is answered from the launch's stored hash, without loading the SDL.
        stamp = service.supergraph_stamp(ref) if if_none_match_header else None
        if stamp is not None and if_none_match(if_none_match_header, stamp[1]):
            revision, etag = stamp
            return Response(status_code=304, headers=_supergraph_headers(etag, revision))
        launch = service.supergraph(ref)
        if launch is None:
            raise ApiError(404, "NOT_FOUND", f"{ref} has no supergraph yet: publish a subgraph first")
        headers = _supergraph_headers(launch.etag, launch.revision)
        if if_none_match(if_none_match_header, launch.etag):
            return Response(status_code=304, headers=headers)
        return Response(launch.sdl, media_type="text/plain; charset=utf-8", headers=headers)

    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.state.service = service
    app.state.engine = engine
    return app
