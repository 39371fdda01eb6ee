"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep import __version__
from sitrep.api.context import Context
from sitrep.errors import InputError, SitrepError, StoreError
from sitrep.protocols import EventStore, Extractor, MapGazetteer

STATIC_DIR = Path(__file__).parent / "static"

DB_UNAVAILABLE = "database unavailable: try again later"
DB_ERROR = "database error: the server's log says more"


class _App(FastAPI):
    """FastAPI with :class:`~sitrep.api.guard.Hardening` outside everything, so that even a
    500 from Starlette's error middleware carries the security headers."""

    hardening: dict[str, Any] = {}

    def build_middleware_stack(self) -> Any:
        from sitrep.api.guard import Hardening

        return Hardening(super().build_middleware_stack(), **self.hardening)


def database_failure(exc: BaseException) -> tuple[int, str]:
    """Status and message for a database error, never naming the database (URL, user,
    host, port, name): 503 when it cannot be reached or is busy, else 500."""
    from sqlalchemy import exc as sa

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(
            seen, sa.OperationalError | sa.InterfaceError | sa.DisconnectionError | sa.TimeoutError
        ):
            return 503, DB_UNAVAILABLE
        if isinstance(seen, sa.DataError):
            return 422, "a value of the request is not accepted by the database"
        seen = seen.__cause__ or seen.__context__
    return 500, DB_ERROR


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path")]
        where = ".".join(loc) or "request"
        msg = str(err.get("msg", "invalid value"))
        value = err.get("input")
        if isinstance(value, str | int | float) and len(str(value)) < 60:
            parts.append(f"{where}: {msg} (got {value!r})")
        else:
            parts.append(f"{where}: {msg}")
    return "invalid request: " + "; ".join(parts)


def create_app(
    db_url: str | None = None,
    token: str | None = None,
    gazetteer: MapGazetteer | None = None,
    max_body: int = 2_000_000,
    *,
    store: EventStore | None = None,
    pipeline: Extractor | None = None,
    allowed_hosts: Iterable[str] | None = None,
    body_timeout: float = 60.0,
    export_limit: int | None = 10_000,
    isolate_extraction: bool = False,
    extract_budget: float = 120.0,
) -> FastAPI:
    """Build the application over the database at ``db_url`` (default: the configured one).

    ``token`` turns on the write endpoints (``POST /api/extract``, ``POST /api/articles``),
    which then require ``Authorization: Bearer TOKEN``. ``gazetteer`` replaces the
    default one (districts of the map, places of extraction); ``store`` and ``pipeline``
    replace the database and the extraction pipeline (tests).

    ``allowed_hosts``: the host names a request's ``Host`` may name (``*.example.org``
    and ``*`` allowed), 400 otherwise; None checks nothing (``sitrep serve`` always gives
    a list). ``body_timeout``: seconds to receive a request body (408 after).
    ``export_limit``: most events in one download without the token (None: no limit).
    ``isolate_extraction``: the write endpoints extract in a child process (the default
    pipeline, or ``SITREP_PIPELINE``), stopped after ``extract_budget`` seconds (503) or
    when the client goes; otherwise in the server's process, without a limit.
    """
    from contextlib import asynccontextmanager

    from sitrep.api import routes, write

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        extractor = app.state.ctx.extractor
        if extractor is not None and app.state.ctx.token is not None:
            extractor.start()  # loads the pipeline while the server starts
        try:
            yield
        finally:
            if extractor is not None:
                extractor.stop()

    app = _App(
        lifespan=lifespan,
        title="sitrep",
        version=__version__,
        description=(
            "Coded, located, dated events of an armed conflict, with the evidence sentence "
            "of every report. Read-only endpoints are open; the write endpoints need the "
            "server's token."
        ),
    )
    app.hardening = {
        "allowed_hosts": list(allowed_hosts) if allowed_hosts is not None else None,
        "body_timeout": body_timeout,
        "body_idle": min(15.0, body_timeout),
    }
    ctx = Context(db_url, token, gazetteer, max_body, store=store, pipeline=pipeline)
    ctx.export_limit = export_limit
    if isolate_extraction and pipeline is None and gazetteer is None:
        from sitrep.api.worker import ExtractionProcess

        ctx.extractor = ExtractionProcess(extract_budget)
    if store is None:
        ctx.store  # noqa: B018 - open the database now, so a bad URL fails at start-up
    app.state.ctx = ctx

    @app.exception_handler(RequestValidationError)
    async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={"detail": _validation_message(exc), "errors": jsonable_errors(exc)},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _on_http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"not found: {request.url.path}"
        return JSONResponse(
            status_code=exc.status_code, content={"detail": detail}, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(InputError)
    async def _on_input(request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    @app.exception_handler(SitrepError)
    async def _on_sitrep(request: Request, exc: SitrepError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": str(exc)})

    @app.exception_handler(StoreError)
    async def _on_store(request: Request, exc: StoreError) -> JSONResponse:
        return _database_response(exc)

    from sqlalchemy.exc import SQLAlchemyError

    @app.exception_handler(SQLAlchemyError)
    async def _on_sqlalchemy(request: Request, exc: SQLAlchemyError) -> JSONResponse:
        return _database_response(exc)

    @app.exception_handler(Exception)
    async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=500, content={"detail": "internal error: the server's log says more"})

    app.include_router(routes.router, prefix="/api")
    app.include_router(write.router, prefix="/api")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _database_response(exc: BaseException) -> JSONResponse:
    import logging

    status, message = database_failure(exc)
    logging.getLogger("sitrep.api").warning("database error: %s", exc)  # the operator sees the detail
    headers = {"Retry-After": "30"} if status == 503 else None
    return JSONResponse(status_code=status, content={"detail": message}, headers=headers)


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        out.append({"loc": [str(x) for x in err.get("loc", ())], "msg": str(err.get("msg", ""))})
    return out
