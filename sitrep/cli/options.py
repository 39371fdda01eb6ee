"""Options shared by the commands, declared once.

Each is an ``Annotated`` type a command names in its signature (``db: Db = None``), so the
flag, its type, its parser and its help are the same everywhere. Dates are parsed into
:class:`datetime.date` and event types checked against the codebook as the command line is
read: a bad value is one line naming the option (``Invalid value for '--from': ...``).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import typer

from sitrep.models import EVENT_TYPES, EventFilter

DB_HELP = "Database URL (postgresql://...) or SQLite file; default SITREP_DB, else SITREP_HOME/sitrep.db."
SPARK_MASTER_HELP = "Spark master URL (local[*], spark://..., yarn)."


def parse_day(value: str | dt.date) -> dt.date:
    """The parser of the date options: YYYY-MM-DD, else one line naming the option."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date as YYYY-MM-DD") from None


def _event_types(value: str) -> str:
    """Comma-separated event types of the codebook (checked), as given."""
    bad = [t.strip() for t in value.split(",") if t.strip() and t.strip() not in EVENT_TYPES]
    if bad:
        raise typer.BadParameter(f"unknown event type {bad[0]!r} (one of: {', '.join(EVENT_TYPES)})")
    return value


class OutputFormat(str, Enum):
    """How a listing is printed: a Rich table for people, JSON or CSV (with a header) for scripts."""

    table = "table"
    json = "json"
    csv = "csv"


Db = Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)]
DateFrom = Annotated[
    dt.date | None, typer.Option("--from", parser=parse_day, metavar="YYYY-MM-DD", help="First day.")
]
DateTo = Annotated[
    dt.date | None, typer.Option("--to", parser=parse_day, metavar="YYYY-MM-DD", help="Last day.")
]
Published = Annotated[
    dt.date | None,
    typer.Option(
        "--published", parser=parse_day, metavar="YYYY-MM-DD", help="Publication date (else from metadata)."
    ),
]
Day = Annotated[
    dt.date | None,
    typer.Option(
        "--date",
        parser=parse_day,
        metavar="YYYY-MM-DD",
        help="The day (default: the last day of the events).",
    ),
]
EventTypes = Annotated[
    str | None,
    typer.Option(
        "--type", "-t", parser=_event_types, metavar="TYPE[,TYPE]", help="Event type(s), comma-separated."
    ),
]
Actor = Annotated[str | None, typer.Option("--actor", "-a", help="Actor (part of actor1 or actor2).")]
Country = Annotated[str | None, typer.Option("--country", help="ISO country code (default: from the data).")]
Province = Annotated[str | None, typer.Option("--province", "-p", help="Province name or P-code.")]
District = Annotated[str | None, typer.Option("--district", "-d", help="District name or P-code.")]
Text = Annotated[str | None, typer.Option("--text", "-q", help="Words in the evidence.")]
Format = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="table, json (one document on stdout) or csv (with a header)."),
]
SparkMaster = Annotated[str, typer.Option("--spark-master", help=SPARK_MASTER_HELP)]


def event_filter(
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    type_: str | None = None,
    actor: str | None = None,
    country: str | None = None,
    province: str | None = None,
    district: str | None = None,
    text: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> EventFilter:
    """The filter the shared options describe."""
    return EventFilter(
        date_from=date_from,
        date_to=date_to,
        type=type_,
        actor=actor,
        country=country,
        province=province,
        district=district,
        text=text,
        limit=limit,
        offset=offset,
    )
