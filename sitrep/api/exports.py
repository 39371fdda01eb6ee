"""Export downloads: the writers of :mod:`sitrep.export`, served as files."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from typing import TYPE_CHECKING, Any

from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from sitrep.models import EventFilter
from sitrep.protocols import EventReader

if TYPE_CHECKING:
    from sitrep.api.context import Context

EXPORTS: dict[str, str] = {
    "events.csv": "text/csv; charset=utf-8",
    "events.geojson": "application/geo+json",
    "events.jsonl": "application/x-ndjson",
    "events.parquet": "application/vnd.apache.parquet",
    "districts.geojson": "application/geo+json",
}


PAGE = 500  # events read from the database at a time


class ClientGone(Exception):
    """The client closed the connection: the export stops."""


def _client_gone(request: Any) -> bool:
    """Whether the client of ``request`` has gone (from a worker thread of the server)."""
    if request is None:
        return False
    from anyio import from_thread

    try:
        return bool(from_thread.run(request.is_disconnected))
    except RuntimeError:  # not in a worker thread of an event loop
        return False


class _Pages:
    """The matching events, a page at a time, at most ``limit``; stops when the client goes."""

    def __init__(self, store: EventReader, flt: EventFilter, limit: int | None, request: Any) -> None:
        self.store, self.flt, self.limit, self.request = store, flt, limit, request
        self.truncated = False

    def __iter__(self) -> Any:
        offset = 0
        while True:
            if _client_gone(self.request):
                raise ClientGone()
            size = PAGE if self.limit is None else min(PAGE, self.limit + 1 - offset)
            page = self.store.observed_events(self.flt.model_copy(update={"limit": size, "offset": offset}))
            if self.limit is not None and offset + len(page) > self.limit:
                self.truncated = True
                yield from page[: self.limit - offset]
                return
            yield from page
            if len(page) < size:
                return
            offset += len(page)


def _write(
    ctx: Context, name: str, flt: EventFilter, day: dt.date | None, path: str, limit: int | None, request: Any
) -> bool:
    """Write the export to ``path``; True when cut at ``limit`` events."""
    from sitrep.export import write_districts, write_events

    store = ctx.store
    if name == "districts.geojson":
        if day is None:
            from sitrep.api.context import data_window

            day = data_window(store)[1] or dt.date.today()
        write_districts(ctx.control_on(day), ctx.districts(), "geojson", path, day=day, shapes=ctx.shapes())
        return False
    fmt = name.split(".", 1)[1]
    pages = _Pages(store, flt, limit, request)
    write_events(pages, fmt, path)
    return pages.truncated


def download(
    ctx: Context,
    name: str,
    flt: EventFilter,
    day: dt.date | None,
    limit: int | None = None,
    request: Any = None,
) -> Response:
    """The export ``name`` as a file response: at most ``limit`` events (then the header
    ``X-Sitrep-Truncated: true``); stops early when the client of ``request`` has gone."""
    fd, path = tempfile.mkstemp(prefix="sitrep-export-", suffix="-" + name)
    os.close(fd)
    try:
        truncated = _write(ctx, name, flt, day, path, limit, request)
    except ClientGone:
        os.unlink(path)
        return Response(status_code=499)
    except BaseException:
        os.unlink(path)
        raise
    headers = {}
    if limit is not None:
        headers["X-Sitrep-Export-Limit"] = str(limit)
    if truncated:
        headers["X-Sitrep-Truncated"] = "true"
    return FileResponse(
        path,
        media_type=EXPORTS[name],
        filename=name,
        headers=headers,
        background=BackgroundTask(os.unlink, path),
    )
