"""Tables of the store (SQLAlchemy 2 ORM). The Alembic migrations under
``migrations/versions`` create exactly these; change both together.

- ``articles``: one row per ingested article (cleaned text and metadata, the
  extractor version its events come from);
- ``reports``: one row per event as one article reported it (with evidence);
- ``merged_events``: the real events, each the merge of one or more reports
  (``reports.merged_id``); rebuilt by :mod:`sitrep.analysis.merge`;
- ``claims``: aggregate claims about control (codebook §4);
- ``store_stats``: one row, the counts of the four tables and a data version (triggers).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from sitrep.models import Event, FlatField, StoredEvent, flat_fields


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    source: Mapped[str | None] = mapped_column(String(200))
    path: Mapped[str | None] = mapped_column(Text)
    fmt: Mapped[str] = mapped_column(String(16), default="text")
    text: Mapped[str] = mapped_column(Text)
    raw_chars: Mapped[int] = mapped_column(Integer, default=0)
    removed_chars: Mapped[int] = mapped_column(Integer, default=0)
    extractor_version: Mapped[str] = mapped_column(String(32))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)


# merged-event ids are 52-bit hashes (sitrep.analysis.merge.stable_id): BIGINT on PostgreSQL;
# SQLite's INTEGER is 64 bits already (and only INTEGER is its rowid)
MergedId = BigInteger().with_variant(Integer(), "sqlite")

# ---------------------------------------------------------------------- event columns
# The event columns of ``reports`` and ``merged_events`` are derived from the event models
# (sitrep.models.flat_fields): a field added to Event or StoredEvent is a column here
# (and needs a migration), with the type, width, nullability and default the model says.

_DB_NAMES = {"conflicting_quantities": "conflicting"}  # historical column names


def column_name(field: str) -> str:
    """The column of a flat event field."""
    return _DB_NAMES.get(field, field)


def _sa_type(f: FlatField) -> Any:
    if f.kind == "str":
        return String(f.size)
    return {
        "text": Text, "int": Integer, "float": Float, "bool": Boolean, "date": Date,
        "quantities": JSON, "str_list": JSON, "float_map": JSON,
    }[f.kind]()  # fmt: skip


def event_columns(model: type[BaseModel], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """``mapped_column``s for the flat fields of ``model`` (an index on ``type``)."""
    out: dict[str, Any] = {}
    for f in flat_fields(model):
        if f.name in skip:
            continue
        kw: dict[str, Any] = {"nullable": f.nullable}
        if f.default is not None:
            kw["default"] = f.default
        if f.name == "type":
            kw["index"] = True
        out[column_name(f.name)] = mapped_column(_sa_type(f), **kw)
    return out


# one mixin per model: the columns of one report (Event), of one merged event (StoredEvent)
ReportColumns: type = type("ReportColumns", (), event_columns(Event))
MergedEventColumns: type = type("MergedEventColumns", (), event_columns(StoredEvent, skip=("id",)))


class ReportRow(ReportColumns, Base):
    """One event as one article reported it: the columns of :class:`~sitrep.models.Event`."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    extractor_version: Mapped[str] = mapped_column(String(32))
    merged_id: Mapped[int | None] = mapped_column(MergedId, index=True)


class MergedEventRow(MergedEventColumns, Base):
    """A merged event: the columns of :class:`~sitrep.models.StoredEvent`, and what merging
    and reading need besides."""

    __tablename__ = "merged_events"

    id: Mapped[int] = mapped_column(MergedId, primary_key=True, autoincrement=False)
    # the event date, else the earliest publication date of its reports
    obs_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    # where incremental merging looks for the events a new report can join
    # (sitrep.analysis.merge.area_key)
    area_key: Mapped[str] = mapped_column(String(240), default="-")
    # some report is coarser (place, date) than the event: it may join other events nearby
    mixed: Mapped[bool] = mapped_column(Boolean, default=False)


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    extractor_version: Mapped[str] = mapped_column(String(32))
    claimant: Mapped[str | None] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str | None] = mapped_column(String(200))
    date: Mapped[dt.date | None] = mapped_column(Date)
    attributed_to: Mapped[str | None] = mapped_column(String(200))
    evidence_text: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)


class StoreStatsRow(Base):
    """One row (``id`` 1): the row counts of the tables and a data version, kept by triggers
    (:mod:`sitrep.store.stats`)."""

    __tablename__ = "store_stats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    articles: Mapped[int] = mapped_column(BigInteger, default=0)
    reports: Mapped[int] = mapped_column(BigInteger, default=0)
    events: Mapped[int] = mapped_column(BigInteger, default=0)
    claims: Mapped[int] = mapped_column(BigInteger, default=0)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


Index("ix_merged_events_admin", MergedEventRow.admin1, MergedEventRow.admin2)
# reads: the first page in (date, id) order, and province filters (case-insensitive) by date
Index("ix_merged_events_order", MergedEventRow.obs_date.is_(None), MergedEventRow.obs_date, MergedEventRow.id)
Index("ix_merged_events_admin1_ci", func.lower(MergedEventRow.admin1), MergedEventRow.obs_date)
Index("ix_merged_events_admin1_pcode_ci", func.lower(MergedEventRow.admin1_pcode), MergedEventRow.obs_date)
# incremental merge: the groups of one type and area within a date window, one range per
# date precision (a day-precise event is a few days from a report, a month-precise one up to
# 31); the actors, so that the actor condition of the search is decided in the index, without
# reading the row (sitrep.store._candidate_query; migration 0005)
Index(
    "ix_merged_events_area",
    MergedEventRow.type,
    MergedEventRow.area_key,
    MergedEventRow.date_precision,
    MergedEventRow.obs_date,
    MergedEventRow.mixed,
    MergedEventRow.actor1,
    MergedEventRow.actor2,
)
# incremental merge: the few events with a coarser report (``mixed``) in a province's
# districts, which a district-level report of the province can join (without it, each
# such report scanned every event of its type in the province)
Index(
    "ix_merged_events_mixed_area",
    MergedEventRow.area_key,
    MergedEventRow.obs_date,
    sqlite_where=MergedEventRow.mixed == true(),
    postgresql_where=MergedEventRow.mixed,
)
