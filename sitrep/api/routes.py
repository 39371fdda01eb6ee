"""Read-only endpoints: events, articles, control, claims, districts, meta, exports."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sitrep.analysis.conflict import STATUSES as CONTROL_STATUSES
from sitrep.analysis.conflict import load_conflict
from sitrep.api import exports
from sitrep.api.context import MAX_SERIES_DAYS, Context, data_window
from sitrep.api.geodata import feature_collection
from sitrep.api.schemas import (
    ArticlesPage,
    ClaimsList,
    ControlMap,
    ControlSeries,
    DistrictEvents,
    EventsPage,
    FeatureCollection,
    Meta,
    SeriesPoint,
)
from sitrep.api.write import token_matches
from sitrep.models import EVENT_TYPES, DistrictControl, EventFilter, StoredArticle, StoredEvent

router = APIRouter()
STATUSES = list(CONTROL_STATUSES)
MODALITIES = ["reported", "claimed", "alleged", "planned", "predicted", "negated"]

# a control series (at most MAX_SERIES_DAYS days, sitrep.api.context) is computed SERIES_CHUNK
# days at a time, and stops when the client has gone or after SERIES_BUDGET_S seconds
SERIES_CHUNK = 31
SERIES_BUDGET_S = 60.0
MAX_ID = 2**31 - 1  # offsets: 32-bit integers on PostgreSQL
# merged-event ids are 52-bit hashes (BIGINT on PostgreSQL); anything above 2**53 - 1 is no id
MAX_EVENT_ID = 2**53 - 1


def ctx_of(request: Request) -> Context:
    return request.app.state.ctx


def _no_nul(name: str, value: str | None) -> None:
    if value is not None and "\x00" in value:
        raise HTTPException(422, f"{name}: contains a NUL character")


def event_filter(
    date_from: Annotated[dt.date | None, Query(description="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[dt.date | None, Query(description="Last day, YYYY-MM-DD.")] = None,
    type: Annotated[str | None, Query(description="Event type (codebook §1).")] = None,
    actor: Annotated[str | None, Query(description="Actor 1 or 2 (canonical name).")] = None,
    country: Annotated[str | None, Query(description="ISO 3166 alpha-2.")] = None,
    province: Annotated[str | None, Query(description="Province name or P-code.")] = None,
    district: Annotated[str | None, Query(description="District name or P-code.")] = None,
    text: Annotated[str | None, Query(description="Substring of the evidence.")] = None,
    modality: Annotated[str | None, Query(description="reported, claimed, alleged, ...")] = None,
) -> EventFilter:
    if date_from and date_to and date_from > date_to:
        raise HTTPException(422, f"date_from ({date_from}) is after date_to ({date_to})")
    if type and type not in EVENT_TYPES:
        raise HTTPException(422, f"unknown event type {type!r}; one of: {', '.join(EVENT_TYPES)}")
    if modality and modality not in MODALITIES:
        raise HTTPException(422, f"unknown modality {modality!r}; one of: {', '.join(MODALITIES)}")
    for name, value in (
        ("actor", actor),
        ("country", country),
        ("province", province),
        ("district", district),
        ("text", text),
    ):
        _no_nul(name, value)

    def clean(v: str | None) -> str | None:
        return v.strip() or None if v is not None else None

    return EventFilter(
        date_from=date_from,
        date_to=date_to,
        type=clean(type),
        actor=clean(actor),
        country=clean(country),
        province=clean(province),
        district=clean(district),
        text=clean(text),
        modality=clean(modality),
    )


Filter = Annotated[EventFilter, Depends(event_filter)]


@router.get("/events", response_model=EventsPage, tags=["events"])
def list_events(
    request: Request,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> EventsPage:
    """Merged events matching the filters (the same as `sitrep events`), a page at a time."""
    total, items = ctx_of(request).store.query_events(
        flt.model_copy(update={"limit": limit, "offset": offset})
    )
    return EventsPage(total=total, limit=limit, offset=offset, items=items)


@router.get("/events/{event_id}", response_model=StoredEvent, tags=["events"])
def get_event(
    request: Request, event_id: Annotated[int, Path(ge=1, le=MAX_EVENT_ID, description="The event's id.")]
) -> StoredEvent:
    """One merged event with every report of it (article, evidence offsets, modality)."""
    event = ctx_of(request).store.get_event(event_id)
    if event is None:
        raise HTTPException(404, f"no event with id {event_id}")
    return event


@router.get("/articles", response_model=ArticlesPage, tags=["articles"])
def list_articles(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> ArticlesPage:
    """The articles in the database (without their text)."""
    total, items = ctx_of(request).store.list_articles(limit=limit, offset=offset)
    return ArticlesPage(total=total, limit=limit, offset=offset, items=items)


@router.get("/articles/{article_id}", response_model=StoredArticle, tags=["articles"])
def get_article(request: Request, article_id: str) -> StoredArticle:
    """One article with its cleaned text (the text every evidence offset refers to)."""
    _no_nul("article_id", article_id)
    if len(article_id) > 64:  # ids are 64 characters at most
        raise HTTPException(404, f"no article with id {article_id[:64]!r}...")
    article = ctx_of(request).store.get_article(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article


@router.get("/control", response_model=ControlMap, tags=["control"])
def control(
    request: Request,
    date: Annotated[
        dt.date | None, Query(description="The day, YYYY-MM-DD; default: the last day with data.")
    ] = None,
) -> ControlMap:
    """Control status of every district of the map on one day, with the events behind it."""
    ctx = ctx_of(request)
    districts = ctx.districts()
    if date is None:
        date = data_window(ctx.store)[1]
    by_code: dict[str, Any] = {}
    if date is not None and districts:
        for dc in ctx.control_on(date):
            by_code[dc.admin2_pcode] = dc
    rows = []
    for d in districts:
        code = d.admin2_pcode or d.id
        dc = by_code.get(code)
        if dc is not None:
            rows.append(dc)
        else:
            rows.append(
                DistrictControl(
                    admin2_pcode=code,
                    admin2=d.name,
                    admin1=d.admin1,
                    admin1_pcode=d.admin1_pcode,
                    status="unknown",
                )
            )
    counts = Counter(r.status for r in rows)
    kept_out, dated = ctx.control_kept_out() if districts else ({}, 0)
    return ControlMap(
        date=date,
        counts={s: counts.get(s, 0) for s in STATUSES},
        districts=rows,
        kept_out=kept_out,
        dated_from_text=dated,
    )


@router.get("/control/series", response_model=ControlSeries, tags=["control"])
async def control_series(
    request: Request,
    start: Annotated[dt.date | None, Query(description="First day; default: first day with data.")] = None,
    end: Annotated[dt.date | None, Query(description="Last day; default: last day with data.")] = None,
) -> Any:
    """Number (and percent) of districts per status, day by day; at most 1096 days (three
    years) per request. Without dates: the data's range (its last three years, dates more
    than a year ahead left out)."""
    if start and end and start > end:
        raise HTTPException(422, f"start ({start}) is after end ({end})")
    ctx = ctx_of(request)
    districts = await run_in_threadpool(ctx.districts)
    if start is None or end is None:
        lo, hi = await run_in_threadpool(data_window, ctx.store)
        if start is None and end is None:
            start, end = lo, hi
        elif start is None:
            start = lo if lo is not None and end is not None and lo <= end else end
        else:
            end = hi if hi is not None and start is not None and hi >= start else start
    items: list[SeriesPoint] = []
    if start is None or end is None or not districts:
        return ControlSeries(districts=len(districts), items=items)
    days = (end - start).days + 1
    if days > MAX_SERIES_DAYS:
        raise HTTPException(
            422,
            f"date range too long: {days} days from {start} to {end}; "
            f"at most {MAX_SERIES_DAYS} days (three years) per request",
        )
    began = time.monotonic()
    day = start
    while day <= end:
        if await request.is_disconnected():
            return Response(status_code=499)  # nobody is listening: stop here
        if time.monotonic() - began > SERIES_BUDGET_S:
            raise HTTPException(
                503, f"the series took longer than {SERIES_BUDGET_S:.0f} s: ask for a shorter range"
            )
        last = min(end, day + dt.timedelta(days=SERIES_CHUNK - 1))
        for t in await run_in_threadpool(ctx.control_series, day, last):
            items.append(
                SeriesPoint(
                    date=t.date,
                    counts={s: t.counts.get(s, 0) for s in STATUSES},
                    shares={s: t.shares.get(s, 0.0) for s in STATUSES},
                )
            )
        if last == dt.date.max:
            break
        day = last + dt.timedelta(days=1)
    return ControlSeries(districts=len(districts), items=items)


@router.get("/claims", response_model=ClaimsList, tags=["claims"])
def claims(request: Request) -> ClaimsList:
    """The parties' and outlets' aggregate claims of control (codebook §4), by date."""
    items = list(ctx_of(request).store.list_claims())
    items.sort(key=lambda c: (c.date or dt.date.max, c.id))
    return ClaimsList(total=len(items), items=items)


@router.get("/districts/{pcode}/events", response_model=DistrictEvents, tags=["events"])
def district_events(
    request: Request,
    pcode: Annotated[str, Path(min_length=1, max_length=32, description="The district's P-code (or name).")],
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> DistrictEvents:
    """One request for the evidence panel: the district's merged events, each with its reports
    (source, evidence offsets, modality), and the text of the articles those reports cite."""
    _no_nul("pcode", pcode)
    store = ctx_of(request).store
    total, items = store.events_with_reports(EventFilter(district=pcode, limit=limit, offset=offset))
    articles = store.get_articles([r.article_id for e in items for r in e.reports])
    return DistrictEvents(pcode=pcode, total=total, limit=limit, offset=offset, items=items, articles=articles)


@router.get("/districts", response_model=FeatureCollection, tags=["map"])
def districts(request: Request) -> dict[str, Any]:
    """The map's districts as GeoJSON: polygons from the gazetteer, else centroid points."""
    ctx = ctx_of(request)
    ds = ctx.districts()
    shapes = ctx.shapes()
    outline = None
    if ds and not any((d.admin2_pcode or d.id) in shapes for d in ds):  # points: draw the country too
        outline = ctx.outline(ds[0].country)
    return feature_collection(ds, shapes, outline)


@router.get("/meta", response_model=Meta, tags=["meta"])
def meta(request: Request) -> Meta:
    """Date range of the data, gazetteer source, counts, and what the server allows."""
    ctx = ctx_of(request)
    store = ctx.store
    first, last = data_window(store)
    c = store.counts()
    n_events, n_articles, n_claims = c.get("events", 0), c.get("articles", 0), c.get("claims", 0)
    conflict = load_conflict()
    return Meta(
        date_from=first,
        date_to=last,
        gazetteer=ctx.gazetteer.source() or "unknown",
        counts={
            "events": n_events,
            "articles": n_articles,
            "claims": n_claims,
            "districts": len(ctx.districts()),
        },
        write_enabled=ctx.token is not None,
        event_types=list(EVENT_TYPES),
        modalities=MODALITIES,
        statuses=STATUSES,
        status_labels={s: conflict.labels.get(s, s) for s in STATUSES},
        conflict={"country": conflict.country, "state": conflict.state, "nonstate": conflict.nonstate},
        exports=list(exports.EXPORTS),
        max_body=ctx.max_body,
        max_series_days=MAX_SERIES_DAYS,
        export_limit=ctx.export_limit,
    )


@router.get(
    "/export/{name}",
    tags=["export"],
    response_class=Response,
    responses={200: {"description": "The file, as a download."}, 404: {"description": "Unknown export."}},
)
async def export(
    request: Request,
    name: str,
    flt: Filter,
    date: Annotated[dt.date | None, Query(description="districts.geojson: the day of control.")] = None,
) -> Response:
    """Download the events (csv, geojson, jsonl, parquet) matching the filters, or the districts
    with their control status (districts.geojson)."""
    if name not in exports.EXPORTS:
        raise HTTPException(404, f"unknown export {name!r}; one of: {', '.join(exports.EXPORTS)}")
    ctx = ctx_of(request)
    limit = None if token_matches(request) else ctx.export_limit
    return await exports.download(ctx, name, flt, date, limit=limit, request=request)
