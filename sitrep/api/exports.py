"""Export downloads: the writers of :mod:`sitrep.export`, streamed to the client.

Events are read from the database a page at a time and sent as they are serialised (CSV,
JSON Lines and GeoJSON a piece of text per event; Parquet a row group at a time, built in
memory by :func:`sitrep.export.writers.event_parquet`): no temporary file, and memory does
not grow with the export. The districts' GeoJSON (one feature per district of the map) is
built in memory. When the client leaves, the stream stops and no further page is read.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from fastapi.responses import Response, StreamingResponse

from sitrep.models import EventFilter, StoredEvent
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


def pages(
    store: EventReader, flt: EventFilter, limit: int | None
) -> Iterator[tuple[dt.date | None, StoredEvent]]:
    """The matching events with their observation dates, a page at a time, at most ``limit``."""
    from sitrep.export.writers import observed_pages

    return observed_pages(store, flt, limit, PAGE)


def _districts(ctx: Context, day: dt.date | None) -> bytes:
    from sitrep.api.context import data_window
    from sitrep.export import write_districts

    if day is None:
        day = data_window(ctx.store)[1] or dt.date.today()
    buf = io.StringIO()
    write_districts(ctx.control_on(day), ctx.districts(), "geojson", buf, day=day, shapes=ctx.shapes())
    return buf.getvalue().encode("utf-8")


def _encoded(pieces: Iterator[str]) -> Iterator[bytes]:
    for piece in pieces:
        yield piece.encode("utf-8")


async def download(
    ctx: Context,
    name: str,
    flt: EventFilter,
    day: dt.date | None,
    limit: int | None = None,
    request: Any = None,
) -> Response:
    """The export ``name`` as a streamed download: at most ``limit`` events (the header
    ``X-Sitrep-Truncated: true`` says when more matched); 499 when the client has already gone."""
    from starlette.concurrency import run_in_threadpool

    from sitrep.export.writers import event_parquet, event_text

    if request is not None and await request.is_disconnected():
        return Response(status_code=499)
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if name == "districts.geojson":
        body = await run_in_threadpool(_districts, ctx, day)
        return Response(body, media_type=EXPORTS[name], headers=headers)
    if limit is not None:
        headers["X-Sitrep-Export-Limit"] = str(limit)
        total, _ = await run_in_threadpool(
            ctx.store.query_events, flt.model_copy(update={"limit": 1, "offset": 0})
        )
        if total > limit:
            headers["X-Sitrep-Truncated"] = "true"
    events = pages(ctx.store, flt, limit)
    fmt = name.split(".", 1)[1]
    body = event_parquet(events) if fmt == "parquet" else _encoded(event_text(events, fmt))
    return StreamingResponse(body, media_type=EXPORTS[name], headers=headers)
