"""Export downloads: the writers of :mod:`sitrep.export`, served as files."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from typing import Any

from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from sitrep.models import EventFilter

EXPORTS: dict[str, str] = {
    "events.csv": "text/csv; charset=utf-8",
    "events.geojson": "application/geo+json",
    "events.jsonl": "application/x-ndjson",
    "events.parquet": "application/vnd.apache.parquet",
    "districts.geojson": "application/geo+json",
}


def _write(ctx: Any, name: str, flt: EventFilter, day: dt.date | None, path: str) -> None:
    from sitrep.export import write_districts, write_events

    store = ctx.store
    if name == "districts.geojson":
        if day is None:
            day = store.date_range()[1] or dt.date.today()
        write_districts(ctx.control_on(day), ctx.districts(), "geojson", path, day=day, shapes=ctx.shapes())
        return
    fmt = name.split(".", 1)[1]
    write_events(store.observed_events(flt.model_copy(update={"limit": None, "offset": 0})), fmt, path)


def download(ctx: Any, name: str, flt: EventFilter, day: dt.date | None) -> Response:
    fd, path = tempfile.mkstemp(prefix="sitrep-export-", suffix="-" + name)
    os.close(fd)
    try:
        _write(ctx, name, flt, day, path)
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(
        path,
        media_type=EXPORTS[name],
        filename=name,
        background=BackgroundTask(os.unlink, path),
    )
