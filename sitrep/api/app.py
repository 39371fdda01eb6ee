"""The FastAPI application factory."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep import __version__
from sitrep.errors import InputError, SitrepError
from sitrep.models import ControlTotals, DistrictControl, Place

STATIC_DIR = Path(__file__).parent / "static"


class Context:
    """What the routes share: the store, the gazetteer, the pipeline (all opened lazily once)."""

    def __init__(
        self,
        db_url: str | None,
        token: str | None,
        gazetteer: Any,
        max_body: int,
        store: Any = None,
        pipeline: Any = None,
    ) -> None:
        self.db_url = db_url
        self.token = token or None
        self.max_body = max_body
        self._gazetteer = gazetteer
        self._store = store
        self._pipeline = pipeline
        self._districts: list[Place] | None = None
        self._shapes: dict[str, Any] | None = None
        self._control: tuple[Any, Any] | None = None
        self._outlines: dict[str, dict[str, Any] | None] = {}
        self._lock = threading.RLock()

    @property
    def store(self) -> Any:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    from sitrep.config import default_db_url
                    from sitrep.store import Store

                    self._store = Store(self.db_url or default_db_url())
        return self._store

    @property
    def gazetteer(self) -> Any:
        if self._gazetteer is None:
            with self._lock:
                if self._gazetteer is None:
                    from sitrep.geo import load_gazetteer

                    self._gazetteer = load_gazetteer()
        return self._gazetteer

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            with self._lock:
                if self._pipeline is None:
                    if self._gazetteer is not None:
                        from sitrep.pipeline import Pipeline

                        self._pipeline = Pipeline(self._gazetteer)
                    else:
                        from sitrep.pipeline import shared_pipeline

                        self._pipeline = shared_pipeline()
        return self._pipeline

    def shapes(self) -> dict[str, Any]:
        if self._shapes is None:
            getter = getattr(self.gazetteer, "district_shapes", None)
            self._shapes = dict(getter() or {}) if getter else {}
        return self._shapes

    def _control_model(self) -> Any:
        """The store's control model over the map's districts, rebuilt when the data changes."""
        from sitrep.analysis.control import ControlModel

        store = self.store
        key = tuple(sorted(store.counts().items())) if hasattr(store, "counts") else None
        with self._lock:
            if key is None or self._control is None or self._control[0] != key:
                self._control = (key, ControlModel(store, self.districts()))
            return self._control[1]

    def control_on(self, day: dt.date) -> list[DistrictControl]:
        return list(self._control_model().on(day))

    def control_series(self, start: dt.date | None, end: dt.date | None) -> list[ControlTotals]:
        return list(self._control_model().series(start, end))

    def control_kept_out(self) -> tuple[dict[str, int], int]:
        """Control events not on the map by reason, and those of undated articles dated from their text."""
        model = self._control_model()
        return model.kept_out_summary(), model.dated_from_text

    def outline(self, country: str) -> dict[str, Any] | None:
        if country not in self._outlines:
            from sitrep.api.geodata import country_outline

            self._outlines[country] = country_outline(self.gazetteer, country)
        return self._outlines[country]

    def districts(self) -> list[Place]:
        """The districts drawn on the map: those with a shape, else those with a centroid."""
        if self._districts is None:
            from sitrep.api.geodata import map_districts

            self._districts = map_districts(self.gazetteer, self.shapes())
        return self._districts


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
    gazetteer: Any = None,
    max_body: int = 2_000_000,
    *,
    store: Any = None,
    pipeline: Any = None,
) -> FastAPI:
    """Build the application over the database at ``db_url`` (default: the configured one).

    ``token`` turns on the write endpoints (``POST /api/extract``, ``POST /api/articles``),
    which then require ``Authorization: Bearer TOKEN``. ``gazetteer`` replaces the
    default one (districts of the map, places of extraction); ``store`` and ``pipeline``
    replace the database and the extraction pipeline (tests).
    """
    from sitrep.api import routes, write

    app = FastAPI(
        title="sitrep",
        version=__version__,
        description=(
            "Coded, located, dated events of an armed conflict, with the evidence sentence "
            "of every report. Read-only endpoints are open; the write endpoints need the "
            "server's token."
        ),
    )
    ctx = Context(db_url, token, gazetteer, max_body, store=store, pipeline=pipeline)
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

    app.include_router(routes.router, prefix="/api")
    app.include_router(write.router, prefix="/api")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        out.append({"loc": [str(x) for x in err.get("loc", ())], "msg": str(err.get("msg", ""))})
    return out
