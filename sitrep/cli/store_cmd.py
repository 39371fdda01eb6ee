"""Analyst's workbench commands: ``ingest``, ``reextract``, ``events``, ``export``,
``control`` and ``claims`` over the corpus database (``--db`` / ``SITREP_DB``)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

from sitrep.cli.options import (
    Actor,
    Country,
    DateFrom,
    DateTo,
    Day,
    Db,
    District,
    EventTypes,
    Format,
    OutputFormat,
    Province,
    SparkMaster,
    Text,
    event_filter,
)
from sitrep.errors import InputError, SitrepError
from sitrep.models import ClaimCheck, EventFilter, Place, StoredEvent, flat_fields, flat_row
from sitrep.protocols import EventStore

if TYPE_CHECKING:
    from sitrep.analysis.control import ControlModel
    from sitrep.store import Store

WORKERS_HELP = "Extraction worker processes (default min(cpu count, 4), at most the cpu count; 1 = in-process)."


class ExportFormat(str, Enum):
    csv = "csv"
    geojson = "geojson"
    jsonl = "jsonl"
    parquet = "parquet"


class ExportWhat(str, Enum):
    events = "events"
    districts = "districts"


class Engine(str, Enum):
    processes = "processes"
    spark = "spark"


def _console() -> Console:
    # piped or redirected output (scripts, the demo) gets room for the evidence column
    console = Console()
    return console if console.is_terminal else Console(width=160)


def _store(db: str | None) -> Store:
    from sitrep.store import Store

    return Store(db)


def _districts(store: EventStore, country: str | None) -> list[Place]:
    """The districts of ``country`` (default: the country of most stored district events)."""
    from sitrep.geo import load_gazetteer

    gaz = load_gazetteer()
    if country is None:
        _, events = store.query_events(EventFilter(type="territory_captured,territory_retaken,armed_clash"))
        counts = Counter(e.location.country for e in events if e.location.admin2 and e.location.country)
        country = counts.most_common(1)[0][0] if counts else _data_country()
    if country is None:
        raise InputError("no country to map: give --country (no district events stored, none in actors.json)")
    districts = gaz.districts(country.upper())
    if not districts:
        raise InputError(f"the gazetteer has no districts for country {country!r}")
    return districts


def _data_country() -> str | None:
    """The conflict's country from the actors file (its ``conflict`` block)."""
    from sitrep.analysis.conflict import load_conflict

    return load_conflict().country


# ---------------------------------------------------------------------- ingest


def ingest(
    paths: list[str] = typer.Argument(None, help="Files, folders or JSON Lines files of articles."),
    samples: bool = typer.Option(False, "--samples", help="Ingest the bundled sample articles."),
    db: Db = None,
    workers: int | None = typer.Option(None, "--workers", "-w", min=1, help=WORKERS_HELP),
    no_progress: bool = typer.Option(False, "--no-progress", help="No progress bar."),
    engine: Engine = typer.Option(
        Engine.processes, "--engine", help="processes (this machine) or spark (a Spark cluster; needs pyspark)."
    ),
    spark_master: SparkMaster = "local[*]",
) -> None:
    """Extract events from articles into the database (already stored articles are skipped).

    Exit status: 0 every article stored (or already there), 1 some records or articles failed,
    2 nothing usable, 130 interrupted (Ctrl-C or SIGTERM; what was stored is kept).
    """
    from sitrep.config import data_dir
    from sitrep.ingest import iter_articles
    from sitrep.runner.ingest import IngestInterrupted, ingest_articles, sigterm_as_interrupt

    inputs = list(paths or [])
    if samples:
        inputs.append(str(data_dir() / "samples" / "articles.jsonl"))
    if not inputs:
        raise InputError("give files or folders to ingest, or --samples")
    for p in inputs:
        if p != "-" and not Path(p).exists() and not Path(p).is_symlink():
            raise InputError(f"no such file or folder: {p}")
    store = _store(db)
    console = Console(stderr=True)
    unreadable: list[str] = []

    def skipped(problem: str) -> None:
        unreadable.append(problem)
        console.print(f"[yellow]skipped:[/] {problem}", highlight=False, soft_wrap=True)

    try:
        with sigterm_as_interrupt():
            stats = ingest_articles(
                store, iter_articles(inputs, on_error=skipped), workers=workers, progress=not no_progress,
                console=console, engine=engine.value, spark_master=spark_master,
            )  # fmt: skip
    except IngestInterrupted as exc:
        done = exc.stats
        console.print(
            f"interrupted: {done.added} articles stored, {done.failed} failed, {done.read} read "
            f"in {done.seconds:.1f}s; what was stored is kept, run the same command again to resume",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(130) from None
    for err in stats.errors[:10]:
        console.print(f"[yellow]failed:[/] {err}", highlight=False, soft_wrap=True)
    if len(stats.errors) > 10:
        console.print(f"[yellow]... and {len(stats.errors) - 10} more failures[/]")
    failed = stats.failed + len(unreadable)
    _console().print(
        f"{stats.added} articles ingested, {stats.skipped} already stored, {failed} failed "
        f"({stats.read} read) in {stats.seconds:.1f}s, {stats.rate:.1f} articles/s; "
        f"{stats.events} events in {store}",
        highlight=False,
    )
    raise typer.Exit(ingest_exit_code(stats.added, stats.skipped, failed))


def ingest_exit_code(added: int, skipped: int, failed: int) -> int:
    """0 all stored (or already stored), 1 some failed, 2 nothing usable."""
    if not added and not skipped:
        return 2
    return 1 if failed else 0


def reextract(
    db: Db = None,
    workers: int | None = typer.Option(None, "--workers", "-w", min=1, help=WORKERS_HELP),
    everything: bool = typer.Option(False, "--all", help="Also articles extracted with the current version."),
    no_progress: bool = typer.Option(False, "--no-progress", help="No progress bar."),
) -> None:
    """Re-extract stored articles whose events come from an older extractor version."""
    from sitrep import EXTRACTOR_VERSION
    from sitrep.runner.ingest import ingest_articles

    store = _store(db)
    articles = store.stale_articles(EXTRACTOR_VERSION, everything=everything)
    stats = ingest_articles(
        store, articles, workers=workers, progress=not no_progress, force=True, console=Console(stderr=True)
    )
    _console().print(
        f"{stats.added} articles re-extracted (version {EXTRACTOR_VERSION}), {stats.failed} failed; "
        f"{stats.events} events",
        highlight=False,
    )


# ---------------------------------------------------------------------- events


def _where(e: Any) -> str:
    loc = e.location
    return ", ".join(x for x in (loc.place, loc.admin2, loc.admin1, loc.country) if x)


def events(
    date_from: DateFrom = None,
    date_to: DateTo = None,
    type_: EventTypes = None,
    actor: Actor = None,
    country: Country = None,
    province: Province = None,
    district: District = None,
    text: Text = None,
    limit: int = typer.Option(50, "--limit", "-n", min=0, help="At most this many (0: all)."),
    offset: int = typer.Option(0, "--offset", min=0),
    fmt: Format = OutputFormat.table,
    as_json: bool = typer.Option(False, "--json", hidden=True, help="Deprecated: JSON Lines; use --format json."),
    db: Db = None,
) -> None:
    """List merged events, filtered: a table, one JSON document ({total, limit, offset,
    items}) or CSV (one row per event, the columns of the flat event row, with a header)."""
    flt = event_filter(date_from, date_to, type_, actor, country, province, district, text, limit or None, offset)
    store = _store(db)
    total, rows = store.query_events(flt)
    if fmt is OutputFormat.csv:
        _events_csv(rows)
        return
    if as_json:  # the old flag: JSON Lines, one event a line
        Console(stderr=True).print("warning: --json is deprecated; use --format json", highlight=False)
        for e in rows:
            sys.stdout.write(e.model_dump_json(exclude={"reports"}) + "\n")
        return
    if fmt is OutputFormat.json:
        items = [e.model_dump(mode="json", exclude={"reports"}) for e in rows]
        _dump_json({"total": total, "limit": flt.limit, "offset": flt.offset, "items": items})
        return
    table = Table(title=f"{len(rows)} of {total} events", title_justify="left")
    for col, kw in (
        ("id", {"justify": "right"}),
        ("date", {}),
        ("type", {}),
        ("actor1", {}),
        ("actor2", {}),
        ("where", {}),
        ("quantities", {}),
        ("src", {"justify": "right"}),
        ("evidence", {"overflow": "fold", "ratio": 1}),
    ):
        table.add_column(col, **kw)
    for e in rows:
        qty = "; ".join(f"{q.value:g} {q.unit}" for q in e.quantities)
        if e.conflicting_quantities:
            qty += (
                " ("
                + "; ".join(
                    f"{u}: {'/'.join(f'{v:g}' for v in vs)}" for u, vs in e.conflicting_quantities.items()
                )
                + ")"
            )
        when = f"{e.date}" if e.date else "?"
        if e.date and e.date_precision not in ("day", "unknown"):
            when += f" ({e.date_precision})"
        evidence = e.evidence.text if len(e.evidence.text) <= 160 else e.evidence.text[:157] + "..."
        table.add_row(
            str(e.id),
            when,
            e.type,
            e.actor1 or "",
            e.actor2 or "",
            _where(e),
            qty,
            str(e.corroboration),
            evidence,
        )
    _console().print(table)


def _events_csv(rows: list[StoredEvent]) -> None:
    """The events as CSV on stdout: the flat event row's columns (lists and maps as JSON)."""
    from sitrep.export.writers import csv_safe

    fields = flat_fields(StoredEvent)
    w = csv.DictWriter(sys.stdout, fieldnames=[f.name for f in fields], lineterminator="\n")
    w.writeheader()
    for e in rows:
        flat = flat_row(e, fields)
        w.writerow(csv_safe({k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in flat.items()}))


# ---------------------------------------------------------------------- export


def export(
    fmt: ExportFormat = typer.Option(
        ..., "--format", "-f", help="csv (ACLED-style), geojson, jsonl, parquet."
    ),
    output: str = typer.Option(
        ..., "--output", "-o", help="Output file (- for standard output, not parquet)."
    ),
    what: ExportWhat = typer.Option(
        ExportWhat.events, "--what", help="events, or districts with control status."
    ),
    day: Day = None,
    country: Country = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    type_: EventTypes = None,
    actor: Actor = None,
    province: Province = None,
    district: District = None,
    text: Text = None,
    db: Db = None,
) -> None:
    """Export events (ACLED-style CSV, GeoJSON, JSON Lines, Parquet) or district control."""
    from sitrep.export import write_districts, write_events
    from sitrep.export.writers import observed_pages

    err = Console(stderr=True)
    store = _store(db)
    if what is ExportWhat.events:
        flt = event_filter(date_from, date_to, type_, actor, country, province, district, text)
        stats = write_events(observed_pages(store, flt), fmt.value, output)  # streamed, a page at a time
        note = f", {stats.skipped} without coordinates skipped" if stats.skipped else ""
        err.print(f"{stats.written} events written to {output}{note}", highlight=False)
        return
    from sitrep.analysis.control import ControlModel
    from sitrep.geo import load_gazetteer

    districts = _districts(store, country)
    when = day or store.date_range()[1] or dt.date.today()
    controls = ControlModel(store, districts).on(when)
    shapes: dict[str, Any] = {}
    if fmt is ExportFormat.geojson:
        try:
            shapes = load_gazetteer().district_shapes() or {}
        except SitrepError:
            shapes = {}
    stats = write_districts(controls, districts, fmt.value, output, day=when, shapes=shapes)
    note = f", {stats.skipped} without geometry" if stats.skipped else ""
    err.print(f"{stats.written} districts ({when}) written to {output}{note}", highlight=False)


# ---------------------------------------------------------------------- control and claims

_STATUS_STYLE = {"government": "green", "contested": "yellow", "nonstate": "red", "unknown": "dim"}


def _claim_value(value: float | None, unit: str | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}%" if unit == "percent" else f"{value:g}"


def _kept_out_line(model: ControlModel) -> str | None:
    from sitrep.analysis.control import KEPT_OUT_REASONS

    kept = model.kept_out_summary()
    parts = [f"{n} {k} ({KEPT_OUT_REASONS[k]})" for k, n in kept.items() if n]
    dated = model.dated_from_text
    line = f"control events kept out of the map: {'; '.join(parts)}" if parts else ""
    if dated:
        line += f"{'; ' if line else ''}{dated} events of articles without a publication date dated from their text"
    return line or None


def control(
    day: Day = None,
    country: Country = None,
    show_unknown: bool = typer.Option(False, "--unknown", help="Also list districts of unknown status."),
    compare_with: Path | None = typer.Option(
        None, "--compare", help="Reference CSV of district falls (admin2_pcode or district+province, date_fell, "
        "date_precision, retaken_date): recall within the window, late, early, missed."
    ),
    counts: Path | None = typer.Option(
        None, "--counts", help="With --compare: CSV of published counts (date, metric, value, who) to set beside the map."
    ),
    fmt: Format = OutputFormat.table,
    db: Db = None,
) -> None:
    """District control on a day: totals, districts by status, and the claims made by then;
    with --compare, the map checked against a reference list of district falls."""
    from sitrep.analysis.control import STATUSES, ControlModel

    if counts is not None and compare_with is None:
        raise InputError("--counts needs --compare")
    store = _store(db)
    districts = _districts(store, country)
    when = day or store.date_range()[1] or dt.date.today()
    model = ControlModel(store, districts)
    if compare_with is not None:
        _compare(model, compare_with, counts, fmt)
        return
    if fmt is not OutputFormat.table:
        _control_dump(model, when, fmt)
        return
    totals = model.totals(when)
    labels = model.conflict.labels
    con = _console()

    t = Table(title=f"Control of {len(districts)} districts on {when}", title_justify="left")
    t.add_column("status")
    t.add_column("districts", justify="right")
    t.add_column("share", justify="right")
    for s in STATUSES:
        t.add_row(f"[{_STATUS_STYLE[s]}]{s}[/] ({labels.get(s, s)})", str(totals.counts[s]), f"{totals.shares[s]:.1f}%")
    con.print(t)
    kept = _kept_out_line(model)
    if kept:
        con.print(kept)
    _claims_by(con, store, districts, model, when)

    dt_table = Table(title="Districts by status", title_justify="left")
    for col in ("status", "district", "province", "since", "confidence", "events"):
        dt_table.add_column(col)
    order = {s: i for i, s in enumerate(STATUSES)}
    rows = sorted(model.on(when), key=lambda c: (order[c.status], c.admin1 or "", c.admin2))
    for c in rows:
        if c.status == "unknown" and not show_unknown:
            continue
        conf = f"{c.confidence:.2f}" if c.confidence is not None else ""
        dt_table.add_row(
            f"[{_STATUS_STYLE[c.status]}]{c.status}[/]" + (" (claimed)" if c.claimed else ""),
            f"{c.admin2} ({c.admin2_pcode})",
            c.admin1 or "",
            str(c.since or ""),
            conf,
            " ".join(str(i) for i in c.event_ids),
        )
    if dt_table.row_count:
        con.print(dt_table)


def _claims_by(con: Console, store: EventStore, districts: list[Place], model: ControlModel, when: dt.date) -> None:
    from sitrep.analysis.claims import check_claims, latest_claims

    claims = latest_claims(store.list_claims(), when)
    if not claims:
        con.print(f"no claims dated on or before {when}")
        return
    ct = Table(title=f"Claims made by {when} (latest per claimant and metric)", title_justify="left")
    for col in ("date", "claimant", "metric", "claimed", "computed", "source"):
        ct.add_column(col)
    for check in check_claims(store, districts, claims, model=model):
        c = check.claim
        computed = _claim_value(check.computed, check.computed_unit)
        if check.status:
            computed += f" {check.status} on {c.date}"
        ct.add_row(str(c.date or ""), c.claimant or "", c.metric, _claim_value(c.value, c.unit), computed, c.source or "")
    con.print(ct)


def _control_dump(model: ControlModel, when: dt.date, fmt: OutputFormat) -> None:
    import csv
    rows = [c.model_dump(mode="json") for c in model.on(when)]
    if fmt is OutputFormat.json:
        out = {
            "date": when.isoformat(),
            "counts": model.totals(when).counts,
            "labels": model.conflict.labels,
            "kept_out": model.kept_out_summary(),
            "dated_from_text": model.dated_from_text,
            "districts": rows,
        }
        _dump_json(out)
        return
    w = csv.DictWriter(sys.stdout, fieldnames=["date", *rows[0].keys()] if rows else ["date"], lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({"date": when.isoformat(), **r, "event_ids": " ".join(str(i) for i in r["event_ids"])})


def _compare(model: ControlModel, reference: Path, counts: Path | None, fmt: OutputFormat) -> None:
    import csv

    from sitrep.analysis.compare import compare, to_csv_rows

    result = compare(model, reference, counts)
    if fmt is OutputFormat.json:
        _dump_json(result.as_dict())
        return
    if fmt is OutputFormat.csv:
        rows = to_csv_rows(result)
        fields = list(rows[0]) if rows else ["admin2_pcode", "category"]
        w = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        return
    con = _console()
    s = result.summary()
    n = s["reference_districts"]
    con.print(
        f"{n} reference districts with a dated fall: {s['found']} shown within the window "
        f"(recall {s['recall_in_window']}), {s['late']} late, {s['early']} early, {s['missed']} missed; "
        f"median error {s['median_abs_day_error_in_window']} days; {s['skipped_rows']} rows not scored"
        + (f" (unknown districts: {', '.join(s['unknown_districts'])})" if s["unknown_districts"] else "")
    )
    kept = _kept_out_line(model)
    if kept:
        con.print(kept)
    t = Table(title="Reference falls not shown within the window", title_justify="left")
    for col in ("category", "district", "province", "fell", "shown", "days", "evidence"):
        t.add_column(col, overflow="fold")
    for o in result.outcomes:
        if o.category == "found":
            continue
        ev = (o.evidence[0][:117] + "...") if o.evidence and len(o.evidence[0]) > 120 else (o.evidence[0] if o.evidence else "")
        if o.why:
            ev = f"({o.why}) {ev}".strip()
        t.add_row(
            o.category,
            f"{o.district} ({o.code})",
            o.province or "",
            f"{o.fell} ({o.precision})",
            str(o.shown or ""),
            "" if o.days_off is None else f"{o.days_off:+d}",
            ev,
        )
    if t.row_count:
        con.print(t)
    if result.series:
        st = Table(title="The map, nationwide, week by week", title_justify="left")
        labels = model.conflict.labels
        st.add_column("date")
        for status in result.series[0][1]:
            st.add_column(f"{status} ({labels.get(status, status)})", justify="right")
        for day, counts in result.series:
            st.add_row(str(day), *(str(n) for n in counts.values()))
        con.print(st)
    if result.counts:
        ct = Table(title="Published counts beside the map", title_justify="left")
        for col in ("date", "who", "metric", "published", "map"):
            ct.add_column(col, overflow="fold")
        for c in result.counts:
            ct.add_row(str(c.date), c.who, c.metric, c.published, f"{c.computed} {c.status}")
        con.print(ct)


def claims(
    country: Country = None,
    fmt: Format = OutputFormat.table,
    db: Db = None,
) -> None:
    """All claims about control, each beside the figure computed from events for its date."""
    from sitrep.analysis.claims import check_claims

    store = _store(db)
    all_claims = store.list_claims()
    checks = check_claims(store, _districts(store, country), all_claims) if all_claims else []
    if fmt is OutputFormat.json:
        _dump_json({"claims": [_claim_row(c) for c in checks]})
        return
    if fmt is OutputFormat.csv:
        w = csv.DictWriter(sys.stdout, fieldnames=CLAIM_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(_claim_row(c) for c in checks)
        return
    con = _console()
    if not all_claims:
        con.print("no claims stored")
        return
    t = Table(title=f"{len(all_claims)} claims", title_justify="left")
    for col in ("date", "claimant", "metric", "subject", "claimed", "computed", "source", "evidence"):
        t.add_column(col, overflow="fold")
    for check in checks:
        c = check.claim
        computed = _claim_value(check.computed, check.computed_unit)
        if check.status:
            computed += f" ({check.status}, of {check.districts})"
        ev = c.evidence.text if len(c.evidence.text) <= 120 else c.evidence.text[:117] + "..."
        t.add_row(
            str(c.date or ""),
            c.claimant or "",
            c.metric,
            c.subject or "",
            _claim_value(c.value, c.unit),
            computed,
            c.source or "",
            ev,
        )
    con.print(t)


CLAIM_COLUMNS = [
    "id", "date", "claimant", "metric", "subject", "value", "unit", "computed", "computed_unit",
    "status", "districts", "source", "article_id", "evidence",
]  # fmt: skip


def _claim_row(check: ClaimCheck) -> dict[str, Any]:
    """One claim beside the computed figure, flat (the columns of ``--format csv``)."""
    c = check.claim
    return {
        "id": c.id,
        "date": c.date.isoformat() if c.date else None,
        "claimant": c.claimant,
        "metric": c.metric,
        "subject": c.subject,
        "value": c.value,
        "unit": c.unit,
        "computed": check.computed,
        "computed_unit": check.computed_unit,
        "status": check.status,
        "districts": check.districts,
        "source": c.source,
        "article_id": c.article_id,
        "evidence": c.evidence.text,
    }


def _dump_json(doc: Any) -> None:
    """One JSON document on stdout: no Rich, no markup, nothing else on the stream."""
    sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("reextract")(reextract)
    app.command("events")(events)
    app.command("export")(export)
    app.command("control")(control)
    app.command("claims")(claims)
