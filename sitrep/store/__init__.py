"""The corpus database: articles, the events each reported, merged events, claims.

SQLite file by default (:func:`sitrep.config.default_db_url`), PostgreSQL when
given a ``postgresql://`` URL; the schema is created and upgraded with Alembic
when a :class:`Store` opens. Every write is one transaction per article, so an
interrupted ingest keeps everything it committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import delete, exists, func, inspect, literal, or_, select, union_all, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from sitrep.errors import StoreError
from sitrep.models import (
    EXPORTED_MODALITIES,
    Article,
    Event,
    EventFilter,
    EventReport,
    Evidence,
    ExtractionResult,
    Quantity,
    StoredArticle,
    StoredClaim,
    StoredEvent,
    add_days,
    flat_fields,
    flat_row,
    from_flat,
)
from sitrep.store import stats
from sitrep.store.engine import RecordError, describe, first_line, make_engine, migrate
from sitrep.store.schema import ArticleRow, ClaimRow, MergedEventRow, ReportRow, column_name

__all__ = ["RecordError", "Store", "merge_pending", "rebuild_merged"]

_STORED_FIELDS = flat_fields(StoredEvent)
_REPORT_FIELDS = flat_fields(Event)

MERGE_WINDOW_DAYS = 3
_PG_MERGE_LOCK = 7_316_001


def _fit(row: Any) -> Any:
    """``row`` with its text as every database takes it: no NUL characters, and strings cut
    to their column's length (PostgreSQL refuses both, SQLite would store them)."""
    for attr in inspect(row).mapper.column_attrs:
        value = getattr(row, attr.key, None)
        if not isinstance(value, str):
            continue
        fitted = value.replace("\x00", "")
        length = getattr(attr.columns[0].type, "length", None)
        if length and len(fitted) > length:
            fitted = fitted[:length]
        if fitted is not value:
            setattr(row, attr.key, fitted)
    return row


class Store:
    """Read and write access to one database."""

    def __init__(self, url: str | None = None) -> None:
        from sitrep.config import default_db_url

        self.url = url or default_db_url()
        self.engine = make_engine(self.url)
        migrate(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Store({describe(self.engine.url)!r})"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return self._session()

    # ------------------------------------------------------------------ write

    def article_version(self, content_hash: str, url: str | None = None) -> str | None:
        """The extractor version of the stored article with this hash (or URL), else None."""
        with self._guard(), self.session() as s:
            cond = ArticleRow.content_hash == content_hash
            if url:
                cond = or_(cond, ArticleRow.url == url)
            rows = s.execute(select(ArticleRow.content_hash, ArticleRow.extractor_version).where(cond)).all()
        for h, version in rows:  # the same content first
            if h == content_hash:
                return version
        return rows[0][1] if rows else None

    def has_article(self, content_hash: str, url: str | None = None) -> bool:
        return self.article_version(content_hash, url) is not None

    def add_extraction(self, article: Article, result: ExtractionResult, replace: bool = False) -> bool:
        """Store an article and what was extracted from it, in one transaction.

        Returns False (and changes nothing) when the article (same content hash,
        or same URL with other content) is already stored with the same
        extractor version. An older version is replaced: its events and claims
        are deleted. The new reports are merged in the same transaction, and
        only the merged events they (or the replaced ones) can belong to are
        examined again (:func:`merge_pending`). ``replace=True`` replaces even
        the same version.
        """
        version = result.extractor_version
        try:
            with self.session() as s, s.begin():
                # PostgreSQL: the merge lock first, before the first write takes the row of
                # store_stats (a merge takes them in this order too: no deadlock)
                _lock(s)
                row = s.scalar(select(ArticleRow).where(ArticleRow.content_hash == article.content_hash))
                same_url = select(ArticleRow.id).where(ArticleRow.url == article.url).limit(1)
                if row is None and article.url and s.scalar(same_url):
                    return False
                fresh = row is None  # nothing taken out of the stored events (see merge_pending)
                if row is not None:
                    if row.extractor_version == version and not replace:
                        return False
                    fresh = not self._drop_extraction(s, row.id)
                    row.extractor_version = version
                    row.ingested_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
                    article_id = row.id
                else:
                    article_id = article.id
                    s.add(
                        _fit(ArticleRow(
                            id=article.id,
                            content_hash=article.content_hash,
                            url=article.url,
                            title=article.title,
                            published=article.published,
                            source=article.source,
                            path=article.path,
                            fmt=article.fmt,
                            text=article.text,
                            raw_chars=article.raw_chars,
                            removed_chars=article.removed_chars,
                            extractor_version=version,
                            ingested_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                        ))
                    )
                    s.flush()
                for e in result.events:
                    if e.modality not in EXPORTED_MODALITIES:
                        continue  # planned / predicted / negated are never events
                    s.add(
                        _fit(ReportRow(
                            article_id=article_id,
                            extractor_version=version,
                            **_report_values(e),  # the columns of models.Event
                            merged_id=None,
                        ))
                    )
                for c in result.claims:
                    s.add(
                        _fit(ClaimRow(
                            article_id=article_id,
                            extractor_version=version,
                            claimant=c.claimant,
                            metric=c.metric,
                            value=c.value,
                            unit=c.unit,
                            subject=c.subject,
                            date=c.date,
                            attributed_to=c.attributed_to,
                            evidence_text=c.evidence.text,
                            evidence_start=c.evidence.start,
                            evidence_end=c.evidence.end,
                        ))
                    )
                s.flush()
                merge_pending(s, only=article_id if fresh else None)
        except IntegrityError:  # stored meanwhile by a concurrent writer
            return False
        except (DBAPIError, StatementError, OverflowError, ValueError) as exc:
            # a value this database does not take (the driver's own OverflowError included) costs
            # this article only; a lost connection stops the run
            if isinstance(exc, OperationalError) or getattr(exc, "connection_invalidated", False):
                raise StoreError(f"cannot write to {describe(self.engine.url)}: {first_line(exc)}") from exc
            name = article.path or article.url or article.id
            raise RecordError(f"{name}: the database refused the article: {first_line(exc)}") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write to {describe(self.engine.url)}: {first_line(exc)}") from exc
        return True

    @staticmethod
    def _drop_extraction(s: Session, article_id: str) -> int:
        """Delete an article's reports and claims, and the merged events they were in (their
        other reports are merged again); returns how many merged events."""
        old = s.scalars(
            select(ReportRow.merged_id).where(
                ReportRow.article_id == article_id, ReportRow.merged_id.isnot(None)
            )
        ).all()
        s.execute(delete(ReportRow).where(ReportRow.article_id == article_id))
        s.execute(delete(ClaimRow).where(ClaimRow.article_id == article_id))
        ids = sorted(set(old))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            s.execute(update(ReportRow).where(ReportRow.merged_id.in_(chunk)).values(merged_id=None))
            s.execute(delete(MergedEventRow).where(MergedEventRow.id.in_(chunk)))
        return len(ids)

    def stale_articles(self, version: str, everything: bool = False) -> list[Article]:
        """Stored articles extracted with another version than ``version`` (all with ``everything``)."""
        with self._guard(), self.session() as s:
            q = select(ArticleRow).order_by(ArticleRow.id)
            if not everything:
                q = q.where(ArticleRow.extractor_version != version)
            return [_article(r) for r in s.scalars(q)]

    # ------------------------------------------------------------------ merge

    def needs_merge(self) -> bool:
        """Whether some reports are in no merged event yet (a write was interrupted)."""
        with self._guard(), self.session() as s:
            return bool(s.scalar(select(exists().where(ReportRow.merged_id.is_(None)))))

    def merge(self, window_days: int = MERGE_WINDOW_DAYS) -> int:
        """Merge the reports that are in no merged event yet into the events they can join
        (incremental; a no-op when every write merged its reports). Returns how many reports."""
        with self._guard(), self.session() as s, s.begin():
            return merge_pending(s, window_days)

    def rebuild_merged(self, window_days: int = MERGE_WINDOW_DAYS) -> int:
        """Merge all reports again from scratch; returns the number of merged events.
        The ids come out the same as from incremental merging."""
        with self._guard(), self.session() as s, s.begin():
            return rebuild_merged(s, window_days)

    # ------------------------------------------------------------------ read

    def query_events(self, flt: EventFilter) -> tuple[int, list[StoredEvent]]:
        """Merged events matching ``flt``, ordered by date then id, and the total before paging.

        Date filters apply to the event date, or to the earliest publication
        date of its reports when the event date is unknown.
        """
        conds = _conditions(flt)
        with self._guard(), self.session() as s:
            if conds:
                total = s.scalar(select(func.count()).select_from(MergedEventRow).where(*conds)) or 0
            else:  # every event: the exact count the triggers keep, not a scan
                total = stats.read(s.connection())["events"]
            q = (
                select(MergedEventRow.__table__)  # plain rows: no ORM objects to build
                .where(*conds)
                .order_by(MergedEventRow.obs_date.is_(None), MergedEventRow.obs_date, MergedEventRow.id)
            )
            if flt.offset:
                q = q.offset(flt.offset)
            if flt.limit is not None:
                q = q.limit(flt.limit)
            return total, [_stored_event(r) for r in s.execute(q)]

    def observed_events(self, flt: EventFilter) -> list[tuple[dt.date | None, StoredEvent]]:
        """Like :meth:`query_events` (no total), each event with its observation date:
        the event date, else the earliest publication date of its reports."""
        conds = _conditions(flt)
        with self._guard(), self.session() as s:
            q = (
                select(MergedEventRow.__table__)
                .where(*conds)
                .order_by(MergedEventRow.obs_date.is_(None), MergedEventRow.obs_date, MergedEventRow.id)
            )
            if flt.offset:
                q = q.offset(flt.offset)
            if flt.limit is not None:
                q = q.limit(flt.limit)
            return [(r.obs_date, _stored_event(r)) for r in s.execute(q)]

    def observed_rows(self, flt: EventFilter, fields: Sequence[str]) -> Iterator[Sequence[Any]]:
        """The slim form of :meth:`observed_events`: for each matching merged event, in the
        same order, one plain row ``(obs_date, *values)`` of the given flat fields of
        :class:`~sitrep.models.StoredEvent` (``admin1``, ``evidence_text``, ``sources``, ...),
        streamed from one query: no records built, only the columns asked for read (a
        control map reads every capture, retake and clash)."""
        table = MergedEventRow.__table__
        known = {f.name for f in _STORED_FIELDS}
        unknown = [f for f in fields if f not in known]
        if unknown:
            raise ValueError(f"not a field of a stored event: {', '.join(unknown)}")
        m = MergedEventRow
        q = (
            select(table.c.obs_date, *(table.c[column_name(f)] for f in fields))
            .where(*_conditions(flt))
            .order_by(m.obs_date.is_(None), m.obs_date, m.id)
        )
        if flt.offset:
            q = q.offset(flt.offset)
        if flt.limit is not None:
            q = q.limit(flt.limit)
        with self._guard(), self.session() as s:
            yield from s.execute(q.execution_options(yield_per=2000))

    def get_event(self, event_id: int) -> StoredEvent | None:
        with self._guard(), self.session() as s:
            row = s.get(MergedEventRow, event_id)
            if row is None:
                return None
            event = _stored_event(row)
            event.reports = _reports_of(s, [event_id]).get(event_id, [])
            return event

    def events_with_reports(self, flt: EventFilter) -> tuple[int, list[StoredEvent]]:
        """Like :meth:`query_events`, each event with its reports (as :meth:`get_event`),
        read in one query for the whole page instead of one per event."""
        total, events = self.query_events(flt)
        if events:
            with self._guard(), self.session() as s:
                by_event = _reports_of(s, [e.id for e in events])
            for e in events:
                e.reports = by_event.get(e.id, [])
        return total, events

    def get_articles(self, article_ids: list[str]) -> list[StoredArticle]:
        """The articles of ``article_ids`` with their text (as :meth:`get_article`), in one
        query; unknown ids are left out."""
        ids = sorted(set(article_ids))
        if not ids:
            return []
        with self._guard(), self.session() as s:
            counts = dict(
                s.execute(
                    select(ReportRow.article_id, func.count())
                    .where(ReportRow.article_id.in_(ids))
                    .group_by(ReportRow.article_id)
                ).all()
            )
            out = []
            for row in s.scalars(select(ArticleRow).where(ArticleRow.id.in_(ids)).order_by(ArticleRow.id)):
                article = _stored_article(row, counts.get(row.id, 0))
                article.text = row.text
                out.append(article)
            return out

    def list_articles(self, limit: int = 50, offset: int = 0) -> tuple[int, list[StoredArticle]]:
        """Articles, newest publication first, with the number of events each reported."""
        with self._guard(), self.session() as s:
            total = s.scalar(select(func.count()).select_from(ArticleRow)) or 0
            counts = (
                select(ReportRow.article_id, func.count().label("n"))
                .group_by(ReportRow.article_id)
                .subquery()
            )
            q = (
                select(ArticleRow, func.coalesce(counts.c.n, 0))
                .outerjoin(counts, counts.c.article_id == ArticleRow.id)
                .order_by(ArticleRow.published.is_(None), ArticleRow.published.desc(), ArticleRow.id)
                .offset(offset)
                .limit(limit)
            )
            return total, [_stored_article(a, n) for a, n in s.execute(q)]

    def get_article(self, article_id: str) -> StoredArticle | None:
        with self._guard(), self.session() as s:
            row = s.get(ArticleRow, article_id)
            if row is None:
                return None
            n = s.scalar(
                select(func.count()).select_from(ReportRow).where(ReportRow.article_id == article_id)
            )
            out = _stored_article(row, n or 0)
            out.text = row.text
            return out

    def list_claims(self) -> list[StoredClaim]:
        """All claims, by date (the claim's, else its article's publication date)."""
        with self._guard(), self.session() as s:
            rows = s.execute(
                select(ClaimRow, ArticleRow.source, ArticleRow.published).join(
                    ArticleRow, ArticleRow.id == ClaimRow.article_id
                )
            ).all()
        claims = [
            StoredClaim(
                id=c.id,
                article_id=c.article_id,
                source=source,
                claimant=c.claimant,
                metric=c.metric,
                value=c.value,
                unit=c.unit,
                subject=c.subject,
                date=c.date or published,
                evidence=Evidence(text=c.evidence_text, start=c.evidence_start, end=c.evidence_end),
            )
            for c, source, published in rows
        ]
        claims.sort(key=lambda c: (c.date is None, c.date or dt.date.min, c.id))
        return claims

    def co_reported_dates(self, article_ids: Sequence[str]) -> dict[str, list[dt.date]]:
        """Per article, the observation dates of the merged events its reports belong to that
        have one: the days of what it reported along with dated reporting (how an article
        without a publication date is placed in time)."""
        ids = list(dict.fromkeys(article_ids))
        out: dict[str, list[dt.date]] = {}
        with self._guard(), self.session() as s:
            for i in range(0, len(ids), 500):
                q = (
                    select(ReportRow.article_id, MergedEventRow.obs_date)
                    .join(MergedEventRow, MergedEventRow.id == ReportRow.merged_id)
                    .where(ReportRow.article_id.in_(ids[i : i + 500]), MergedEventRow.obs_date.is_not(None))
                )
                for article_id, day in s.execute(q):
                    out.setdefault(article_id, []).append(day)
        return out

    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        """First and last day of the merged events (else of the articles' publication dates)."""
        with self._guard(), self.session() as s:
            lo, hi = s.execute(
                select(func.min(MergedEventRow.obs_date), func.max(MergedEventRow.obs_date))
            ).one()
            if lo is None:
                lo, hi = s.execute(
                    select(func.min(ArticleRow.published), func.max(ArticleRow.published))
                ).one()
        return lo, hi

    def counts(self) -> dict[str, int]:
        """Numbers of articles, reports, merged events and claims (kept by triggers:
        :mod:`sitrep.store.stats`; no table is counted)."""
        with self._guard(), self.engine.connect() as conn:
            got = stats.read(conn)
        del got["version"]
        return got

    def data_version(self) -> int:
        """A number that changes with every write to the articles, reports, merged events
        or claims (insert, delete, update; committed writes only): a cache key."""
        with self._guard(), self.engine.connect() as conn:
            return stats.read(conn)["version"]

    # ------------------------------------------------------------------ helpers

    def _guard(self) -> _Guard:
        return _Guard(self)


class _Guard:
    """Turns database errors into one-line :class:`StoreError`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> None:
        return None

    def __exit__(self, _type: Any, exc: BaseException | None, _tb: Any) -> bool:
        if exc is not None and isinstance(exc, SQLAlchemyError):
            raise StoreError(
                f"database error ({describe(self.store.engine.url)}): {first_line(exc)}"
            ) from exc
        return False


# ---------------------------------------------------------------------- merging on write


@cache
def _view_query(which: str) -> Any:
    """The statement of :func:`_views` (built once: a statement built anew for each call
    costs more than running it, SQLAlchemy matching its columns to the cached one's)."""
    from dataclasses import fields

    from sqlalchemy import bindparam

    from sitrep.analysis.merge import ReportView

    a = ArticleRow
    names = [f.name for f in fields(ReportView) if f.init]
    cols = [
        getattr(a, n) if n in ("published", "source", "content_hash") else getattr(ReportRow, n)
        for n in names
    ]
    stmt = select(*cols).join(a, a.id == ReportRow.article_id)
    if which == "pending":
        return stmt.where(ReportRow.merged_id.is_(None))
    return stmt.where(ReportRow.merged_id.in_(bindparam("ids", expanding=True)))


def _views(s: Session, which: str, event_ids: Sequence[int] = ()) -> list[Any]:
    """The reports in no merged event (``pending``), or those of the merged events
    ``event_ids`` (``events``), as merging sees them (plain columns, no ORM objects)."""
    from sitrep.analysis.merge import ReportView

    conn = s.connection()  # Core: no ORM result machinery
    if which == "pending":
        return [ReportView(*row) for row in conn.execute(_view_query(which))]
    out: list[Any] = []
    ids = list(event_ids)
    for i in range(0, len(ids), 500):
        out += [ReportView(*row) for row in conn.execute(_view_query(which), {"ids": ids[i : i + 500]})]
    return out


_ID_COLUMNS = (
    ReportRow.id, ReportRow.article_id, ReportRow.type, ArticleRow.published, ArticleRow.content_hash,
    ReportRow.country, ReportRow.admin1, ReportRow.admin2, ReportRow.admin1_pcode, ReportRow.admin2_pcode,
    ReportRow.date, ReportRow.evidence_start, ReportRow.evidence_end,
)  # fmt: skip


@cache
def _id_query() -> Any:
    from sqlalchemy import bindparam

    return (
        select(*_ID_COLUMNS)
        .join(ArticleRow, ArticleRow.id == ReportRow.article_id)
        .where(ReportRow.article_id.in_(bindparam("ids", expanding=True)))
    )


def _id_views(s: Session, article_ids: Sequence[str]) -> list[Any]:
    """The reports of the articles ``article_ids`` with what
    :func:`sitrep.analysis.merge.id_key` reads."""
    from sitrep.analysis.merge import ReportView

    names = [c.key for c in _ID_COLUMNS]
    out = []
    ids = list(article_ids)
    for i in range(0, len(ids), 500):
        rows = s.connection().execute(_id_query(), {"ids": ids[i : i + 500]})
        out += [ReportView(**dict(zip(names, row, strict=True))) for row in rows]
    return out


def _lock(s: Session) -> None:
    if s.get_bind().dialect.name == "postgresql":  # one merger at a time
        s.execute(select(func.pg_advisory_xact_lock(_PG_MERGE_LOCK)))


def _date_window(dated: bool, published: bool) -> Any:
    """SQL: the merged events whose observation date a report can be compatible with
    (sitrep.analysis.merge.compatible_dates), by the event's date precision; a report
    with a date or without, with a publication date or without. The days are bound
    parameters (:func:`_date_params`)."""
    from sqlalchemy import and_, bindparam, false

    m = MergedEventRow

    def within(name: str) -> Any:
        return m.obs_date.between(bindparam(f"{name}_lo"), bindparam(f"{name}_hi"))

    undated = and_(m.date_precision == "unknown", within("pub")) if published else false()
    if not dated:  # compared by publication dates: those are after the event dates
        return or_(undated, and_(m.date_precision != "unknown", within("pub_wide")), m.mixed)
    return or_(
        and_(m.date_precision == "day", within("near")),
        and_(m.date_precision == "week", within("week")),
        and_(m.date_precision == "month", within("wide")),
        undated,
        and_(m.mixed, within("wide")),
    )


def _date_params(r: Any, window_days: int) -> dict[str, dt.date]:
    """The days of :func:`_date_window` for the report ``r``."""
    from sitrep.analysis.merge import PRECISION_WINDOW, horizon

    wide = horizon(window_days)
    out: dict[str, dt.date] = {}

    def put(name: str, day: dt.date, span: int) -> None:
        out[f"{name}_lo"], out[f"{name}_hi"] = add_days(day, -span), add_days(day, span)

    if r.published:
        put("pub", r.published, window_days)
    if r.date is None:
        put("pub_wide", r.published, wide)
    else:
        near = max(window_days, PRECISION_WINDOW.get(r.date_precision, 0))
        put("near", r.date, near)
        put("week", r.date, max(near, PRECISION_WINDOW["week"]))
        put("wide", r.date, wide)
    return out


_CANDIDATE_COLUMNS = tuple(
    getattr(MergedEventRow, n)
    for n in (
        "id", "type", "actor1", "actor2", "country", "admin1", "admin2", "admin1_pcode", "admin2_pcode",
        "quantities", "fatalities", "mixed", "date", "date_precision",
    )
)  # fmt: skip


# what places a merged event's first report in the order of clustering, but for its report id
# and its article's publication date and content hash (sitrep.analysis.merge.choose)
_ORDER_OF_FIRST = (
    MergedEventRow.article_id, MergedEventRow.evidence_text, MergedEventRow.evidence_start,
    MergedEventRow.evidence_end,
)  # fmt: skip


@lru_cache(maxsize=512)
def _candidate_query(
    place: str, dated: bool, published: bool, actors: str | None, quantities: bool, dialect: str, order: bool = False
) -> Any:
    """The candidate search of one shape (built once, then run with bound parameters: the
    search runs for every new report, and building the statement cost more than running it).

    ``place``: ``exact`` (area keys ``keys``), ``province`` (every event of the province:
    keys between ``p_lo`` and ``p_hi``), ``exact_mixed`` and ``province_mixed`` (the mixed
    events of those, in a wider window), ``pcode``, ``admin2``; ``actors``: None, ``one``, ``second`` or ``clash`` (:func:`_actor_window`);
    ``order``: with what places the event's first report in the order (:data:`_ORDER_OF_FIRST`)."""
    from sqlalchemy import and_, bindparam

    m = MergedEventRow
    cols = _CANDIDATE_COLUMNS
    # without figures of its own, a report is compatible with any figures: they are not read
    read = cols if quantities else (*cols[:9], literal(None).label("quantities"), *cols[10:])
    if order:
        read = (*read, *_ORDER_OF_FIRST)
    same_type = m.type == bindparam("type")
    in_province = and_(m.area_key > bindparam("p_lo"), m.area_key < bindparam("p_hi"))
    if place in ("exact_mixed", "province_mixed"):
        # mixed events are always taken, within the wider window; the type in a form no
        # index can use: the search goes through their own (partial) index, not through
        # the index of all events by type
        where = m.area_key.in_(bindparam("keys", expanding=True)) if place == "exact_mixed" else in_province
        return select(*read).where(
            m.obs_date >= bindparam("lo2"), m.obs_date <= bindparam("hi2"), m.mixed,
            (m.type + literal("")) == bindparam("type"), where,
        )  # fmt: skip
    if place in ("exact", "province"):
        # one branch per date precision of the stored event, each a range of the index
        # (type, area_key, date_precision, obs_date): the window of a day-precise event is a
        # few days, not the widest window of all. The mixed events are searched apart
        # (``exact_mixed``, ``province_mixed``: a superset of what a branch for them would find)
        where = m.area_key.in_(bindparam("keys", expanding=True)) if place == "exact" else in_province
        actor = [] if actors is None else [or_(m.mixed, _actor_window(actors, dialect))]
        branches = [
            select(*read).where(
                same_type, where, m.date_precision == precision,
                m.obs_date >= bindparam(f"{window}_lo"), m.obs_date <= bindparam(f"{window}_hi"), *actor,
            )  # fmt: skip
            for precision, window in _precision_windows(dated, published)
        ]
        return union_all(*branches)
    # rare (no province name): one query takes the mixed events too, in the wider window
    conds = [m.obs_date >= bindparam("lo2"), m.obs_date <= bindparam("hi2"),
             or_(m.mixed, and_(m.obs_date >= bindparam("lo"), m.obs_date <= bindparam("hi"),
                               _date_window(dated, published)))]  # fmt: skip
    if actors is not None:
        conds.append(or_(m.mixed, _actor_window(actors, dialect)))
    if place == "pcode":
        conds += [same_type, func.upper(m.admin1_pcode) == bindparam("pcode")]
    else:
        conds += [same_type, func.lower(m.admin2) == bindparam("admin2")]
    return select(*read).where(*conds)


def _precision_windows(dated: bool, published: bool) -> list[tuple[str, str]]:
    """The branches of :func:`_date_window` without its mixed events: (the stored event's date
    precision, the window of :func:`_date_params` its observation date must be in)."""
    if dated:
        out = [("day", "near"), ("week", "week"), ("month", "wide")]
    else:  # compared by publication dates: those are after the event dates
        out = [("day", "pub_wide"), ("week", "pub_wide"), ("month", "pub_wide")]
    if published:
        out.append(("unknown", "pub"))
    return out


def _candidate_groups(
    s: Session,
    pending: list[Any],
    window_days: int,
    found: dict[int, dict[int, Any]] | None = None,
    side: str | None = None,
    actor_of: Any = None,
) -> set[int]:
    """Ids of the stored merged events that one of ``pending`` could join.

    A superset, found through the index (type, area_key, obs_date, date_precision,
    mixed): the same type; the same district (or its province-level events); an
    observation date the report's date can be compatible with; an actor1 that can be
    the report's (:func:`_actor_window`); then, in Python, a compatible place, actors
    and figures (the merged event's values are those of one of its reports, which a
    joining report must match). A ``mixed`` event (one of its reports is coarser than
    it, in place or date, or its reports differ in what compatibility reads:
    :func:`sitrep.analysis.merge._uniform`) in the same province is always taken: one of
    its reports could move to a group with ``r`` although the event as a whole could not
    take ``r``; those of the province's other districts are found through their own
    partial index.

    ``found``, when given, gets for each report (by id) the events found for it: id -> the
    event's values as a ReportView (None for a mixed event). ``side``: ``until``, only the
    events dated up to the report's day; ``from``, only those from its day on, and not the
    mixed ones apart. ``actor_of``: a report whose actors the events must admit too (when
    the report has none to look for).
    """
    from sitrep.analysis.merge import (
        ReportView,
        candidate_keys,
        compatible_actors,
        compatible_place,
        compatible_quantities,
        horizon,
    )

    wide = dt.timedelta(days=horizon(window_days))
    # mixed events: a member may be ``wide`` days from the report and the event's date
    # ``wide`` days from that member; searched apart, among the mixed events only
    far = 2 * wide
    order = found is not None
    keys = [c.key for c in _CANDIDATE_COLUMNS] + ([c.key for c in _ORDER_OF_FIRST] if order else [])
    dialect = s.get_bind().dialect.name
    conn = s.connection()  # plain rows through Core: no ORM result machinery per row
    ids: set[int] = set()
    for r in pending:
        obs = r.obs_date
        if obs is None:
            continue  # an undated, unpublished report is an event of its own
        params: dict[str, Any] = {
            "type": r.type,
            "lo": add_days(min(obs, r.published or obs), -wide),
            "hi": add_days(max(obs, r.published or obs), wide),
            "lo2": add_days(min(obs, r.published or obs), -far),
            "hi2": add_days(max(obs, r.published or obs), far),
            **_date_params(r, window_days),
        }
        if side is not None:  # the windows cut at the report's day
            for name in ("near", "week", "wide", "pub", "pub_wide", ""):
                bound = f"{name}_hi" if side == "until" else f"{name}_lo"
                bound = bound.lstrip("_")
                if bound in params:
                    params[bound] = min(params[bound], obs) if side == "until" else max(params[bound], obs)
        actor = _actor_key(r)
        if actor is None and actor_of is not None:
            actor = _actor_key(actor_of)
        if actor is not None:
            params["actor"] = actor[1]
        shape = (
            r.date is not None,
            r.published is not None,
            None if actor is None else actor[0],
            bool(r.quantities),
            dialect,
            order,
        )
        exact, provinces = candidate_keys(r)
        places: list[tuple[str, dict[str, Any]]] = [("exact", {"keys": sorted(exact)})]
        if side != "from":
            places.append(("exact_mixed", {"keys": sorted(exact)}))
        for p in provinces:  # the province's districts: all of them, or those with a coarser report
            if r.level != "district":
                places.append(("province", {"p_lo": p + "/", "p_hi": p + "0"}))
            if side != "from":
                places.append(("province_mixed", {"p_lo": p + "/", "p_hi": p + "0"}))
        if not (r.admin1 or "").strip():  # no province name: by P-code or district name (rare)
            if r.admin1_pcode:
                places.append(("pcode", {"pcode": r.admin1_pcode.strip().upper()}))
            if r.admin2:
                places.append(("admin2", {"admin2": r.admin2.strip().lower()}))
        mine: dict[int, Any] = {}
        seen: set[int] = set()
        for place, extra in places:
            for row in conn.execute(_candidate_query(place, *shape), {**params, **extra}):
                if row.id in seen:
                    continue
                seen.add(row.id)
                if row.mixed:  # a coarser report in it may be the one to join ``r``
                    mine[row.id] = None
                    continue
                values = {k: v for k, v in zip(keys, row, strict=True) if k != "mixed"}
                values.setdefault("article_id", "")
                view = ReportView(**values)
                if (
                    compatible_place(r, view)
                    and compatible_actors(r, view)
                    and compatible_quantities(r, view)
                ):
                    mine[row.id] = view
        ids.update(mine)
        if found is not None:
            found[r.id] = mine
    return ids


def _plain(value: str) -> bool:
    """Printable ASCII only: what SQL's ``lower(trim())`` folds as Python's ``strip().casefold()``."""
    return all(" " <= ch <= "~" for ch in value)


def _actor_key(r: Any) -> tuple[str, str] | None:
    """What :func:`_actor_window` looks for to find the events ``r`` can join: (``one``, its
    actor1), for a clash (``clash``, its actor1, else its actor2: either side of the event
    must admit it), else (``second``, its actor2) when it has no actor1; folded as the bound
    parameter ``actor``. None when there is none to look for, or SQL cannot fold it as
    Python does."""
    clash = r.type == "armed_clash"
    for slot, kind in (("actor1", "clash" if clash else "one"), ("actor2", "clash" if clash else "second")):
        actor = (getattr(r, slot) or "").strip().casefold()
        if actor:
            return (kind, actor) if _plain(actor) else None
    return None


def _actor_window(kind: str, dialect: str) -> Any:
    """SQL: a superset of the merged events whose actors can be compatible with a report
    whose folded actor is the bound parameter ``actor`` (sitrep.analysis.merge.
    compatible_actors: each the same, or either missing; for clashes in either order):
    ``one``, the report's actor1; ``second``, its actor2 (it has no actor1); ``clash``, one of
    a clash's actors, which either of the event's may match.
    An actor of the event other than printable ASCII is always taken (SQL's case folding
    is not Python's): the check in Python decides."""
    from sqlalchemy import and_, bindparam

    m = MergedEventRow
    actor = bindparam("actor")

    def matches(column: Any) -> Any:
        odd = column.op("GLOB")("*[^ -~]*") if dialect == "sqlite" else column.regexp_match(r"[^\x20-\x7e]")
        trimmed = func.trim(column)
        return or_(column.is_(None), trimmed == "", func.lower(trimmed) == actor, and_(column.isnot(None), odd))

    if kind == "clash":
        return or_(matches(m.actor1), matches(m.actor2))
    return matches(m.actor2 if kind == "second" else m.actor1)


def merge_pending(s: Session, window_days: int = MERGE_WINDOW_DAYS, only: str | None = None) -> int:
    """Merge the reports in no merged event yet, inside the caller's transaction.

    The merged events those reports can join are taken apart and clustered again
    together with them (the same clustering as a full rebuild, in the same fixed
    order). Where that changes a group, the events its reports can join are added
    and the clustering is done again, until the groups at the edge come out as they
    were: the result does not depend on the order of the writes, and the cost of a
    write stays local instead of growing with the corpus. Returns how many pending
    reports there were.

    ``only``: the pending reports are the new reports of this article, and nothing was
    taken out of the stored events (a new article): then, where it is certain that each
    new report only joins one stored event or stays alone (:func:`_join_alone`), only
    that event is taken apart.
    """
    from sitrep.analysis.merge import assign_twin_ids, combine, twin_keys

    s.flush()  # the reports added in this session: the queries below go through Core
    pending = _views(s, "pending")
    if not pending:
        return 0
    _lock(s)
    settled = None
    if only is not None and all(v.article_id == only for v in pending):
        settled = _join_alone(s, pending, window_days)
    clustered, groups, views, before = settled or _recluster(s, pending, window_days)
    by_id = {v.id: v for v in views}
    # groups that came out as they were stay as they are; only the others are combined
    unchanged = {before[k] for k in clustered if k in before}
    gone = sorted(groups - unchanged)
    for i in range(0, len(gone), 500):
        s.execute(delete(MergedEventRow).where(MergedEventRow.id.in_(gone[i : i + 500])))
    merged = [combine([by_id[rid] for rid in k]) for k in clustered if k not in before]
    # ids of events headed by one of two reports of an article with the same id key: the
    # other reports of those articles are needed to tell
    firsts = sorted({m.first.article_id for m in merged if m.first is not None})
    if firsts:
        assign_twin_ids(merged, twin_keys(_id_views(s, firsts)))
    _write_merged(s, merged)
    return len(pending)


_Settled = tuple[list[frozenset[int]], set[int], list[Any], dict[frozenset[int], int]]


def _recluster(s: Session, pending: list[Any], window_days: int) -> _Settled:
    """The groups of ``pending`` and of the stored events they can join, clustered again
    until the groups at the edge come out as they were (:func:`merge_pending`): the groups
    (report ids), the stored events taken apart, the reports, and the stored events' report
    ids -> their id."""
    from sitrep.analysis.merge import cluster

    views = list(pending)
    new_ids = {v.id for v in pending}
    before: dict[frozenset[int], int] = {}  # report ids of a stored group -> its id
    groups: set[int] = set()
    probe = pending
    clustered: list[frozenset[int]] | None = None  # report ids of each group
    for _ in range(_MAX_ROUNDS):
        new = sorted(_candidate_groups(s, probe, window_days) - groups)
        if not new:
            break
        groups.update(new)
        for i in range(0, len(new), 500):
            added = _views(s, "events", new[i : i + 500])
            views += added
            members: dict[int, set[int]] = {}
            for v in added:
                members.setdefault(v.merged_id, set()).add(v.id)
            before.update({frozenset(ids): mid for mid, ids in members.items()})
        clustered = [frozenset(r.id for r in g) for g in cluster(views, window_days=window_days)]
        by_id = {v.id: v for v in views}
        # stored reports whose group is no longer a stored group (plus new reports): the
        # events they can join are looked at too
        probe = [by_id[rid] for k in clustered if (old := k - new_ids) and old not in before for rid in old]
    if clustered is None:  # nothing stored nearby
        clustered = [frozenset(r.id for r in g) for g in cluster(views, window_days=window_days)]
    return clustered, groups, views, before


def _join_alone(s: Session, pending: list[Any], window_days: int) -> _Settled | None:
    """:func:`_recluster`'s result without clustering the stored events again, when it is
    certain: each new report joins one stored event or stays alone, and nothing else
    changes. That needs the new reports to be incompatible with each other, to have no
    stored event in common among those found for them, and each to be settled
    (:func:`sitrep.analysis.merge.choose` among the events dated up to its day,
    :func:`~sitrep.analysis.merge.settles` with those from its day on that admit the actors
    of the event it joins). None otherwise: then everything is clustered again.

    At a million stored events a report without actors can join a hundred of them: those
    that are not mixed are read as the event's values (with its first report's place in the
    order), not as their reports; only the reports of the mixed ones and of the events
    joined are read, and after its day only the events that could come to the one it joins."""
    from sitrep.analysis.merge import ALONE, StoredGroup, choose, compatible, settles, sort_key

    for i, a in enumerate(pending):
        if any(compatible(a, b, window_days) for b in pending[i + 1 :]):
            return None
    # the events a new report can join; for one without actors to look for (it can join
    # many), first those dated up to its day, then after it those that could come to the one
    # it joins
    found: dict[int, dict[int, Any]] = {}
    unnamed = {r.id for r in pending if _actor_key(r) is None}
    _candidate_groups(s, [r for r in pending if r.id not in unnamed], window_days, found=found)
    _candidate_groups(s, [r for r in pending if r.id in unnamed], window_days, found=found, side="until")
    mixed = sorted(mid for events in found.values() for mid, like in events.items() if like is None)
    full: dict[int, list[Any]] = {}
    for v in _views(s, "events", mixed):
        full.setdefault(v.merged_id, []).append(v)

    def stored(events: dict[int, Any]) -> list[Any]:
        return [
            StoredGroup(mid, members=[(sort_key(v), v) for v in full[mid]])
            if like is None  # mixed: each report as it is
            else StoredGroup(mid, like=like)
            for mid, like in events.items()
        ]

    def fill(gs: list[Any]) -> None:
        _fill_first(s, gs)

    chosen: dict[int, int] = {}  # new report -> the stored event it joins
    for r in pending:
        if r.obs_date is None:
            continue  # an event of its own
        earlier = stored(found.get(r.id, {}))
        pick = choose(r, earlier, window_days, fill)
        if pick is None:
            return None
        later: dict[int, Any] = {}
        if r.id in unnamed:  # the events after it that could come to the one it joins (or to it)
            who = None if pick.group is ALONE else pick.prefix[0]
            more: dict[int, dict[int, Any]] = {}
            _candidate_groups(s, [r], window_days, found=more, side="from", actor_of=who)
            later = {mid: like for mid, like in more.get(r.id, {}).items() if mid not in found.get(r.id, {})}
            found.setdefault(r.id, {}).update(later)
            if any(like is None and mid not in full for mid, like in later.items()):
                return None  # (the mixed ones come before)
        if not settles(r, pick, earlier + stored(later), window_days, fill):
            return None
        if pick.group is not ALONE:
            chosen[r.id] = pick.group.id
    seen: set[int] = set()
    for events in found.values():
        if not seen.isdisjoint(events):
            return None  # an event two of them could join
        seen.update(events)
    groups = set(chosen.values())
    views = list(pending)
    before: dict[frozenset[int], int] = {}
    members_of: dict[int, set[int]] = {}
    if groups:
        added = _views(s, "events", sorted(groups))
        views += added
        for v in added:
            members_of.setdefault(v.merged_id, set()).add(v.id)
        before = {frozenset(ids): mid for mid, ids in members_of.items()}
    clustered = [
        frozenset(members_of[chosen[r.id]] | {r.id}) if r.id in chosen else frozenset({r.id}) for r in pending
    ]
    return clustered, groups, views, before


def _fill_first(s: Session, groups: list[Any]) -> None:
    """Give the values of stored events (:class:`sitrep.analysis.merge.StoredGroup`) their
    first report's publication date and content hash, from its article."""
    by_article: dict[str, list[Any]] = {}
    for g in groups:
        by_article.setdefault(g.like.article_id, []).append(g.like)
    ids = sorted(by_article)
    conn = s.connection()
    for i in range(0, len(ids), 500):
        for article_id, published, content_hash in conn.execute(_FIRST_QUERY, {"ids": ids[i : i + 500]}):
            for like in by_article[article_id]:
                like.published, like.content_hash = published, content_hash


def _first_query() -> Any:
    from sqlalchemy import bindparam

    a = ArticleRow
    return select(a.id, a.published, a.content_hash).where(a.id.in_(bindparam("ids", expanding=True)))


_FIRST_QUERY = _first_query()


_MAX_ROUNDS = 50


def rebuild_merged(s: Session, window_days: int = MERGE_WINDOW_DAYS) -> int:
    """Drop every merged event and merge all reports again, inside the caller's transaction."""
    _lock(s)
    s.execute(update(ReportRow).values(merged_id=None))
    s.execute(delete(MergedEventRow))
    from sitrep.analysis.merge import merge_reports

    merged = merge_reports(_views(s, "pending"), window_days=window_days)
    _write_merged(s, merged)
    return len(merged)


def _write_merged(s: Session, merged: list[Any]) -> None:
    """Insert merged events (resolving the rare id collision deterministically) and point
    their reports at them."""
    from sqlalchemy import bindparam

    if not merged:
        return
    merged = sorted(merged, key=lambda m: m.row["id"])
    wanted = sorted({m.row["id"] for m in merged})
    taken: set[int] = set()
    for i in range(0, len(wanted), 500):
        taken.update(s.scalars(select(MergedEventRow.id).where(MergedEventRow.id.in_(wanted[i : i + 500]))))
    for m in merged:
        mid = m.row["id"]
        while mid in taken:  # another event hashed to the same id: the next free one
            mid = mid + 1 if mid < _MAX_ID else 1
            if mid not in taken and s.get(MergedEventRow, mid) is not None:
                taken.add(mid)
        m.row["id"] = mid
        taken.add(mid)
    s.execute(MergedEventRow.__table__.insert(), [m.row for m in merged])
    table = ReportRow.__table__
    stmt = update(table).where(table.c.id == bindparam("rid")).values(merged_id=bindparam("mid"))
    s.connection().execute(stmt, [{"rid": rid, "mid": m.row["id"]} for m in merged for rid in m.report_ids])


_MAX_ID = 2**52


def _ci_equal(column: Any, value: str) -> Any:
    return func.lower(column) == value.strip().lower()


def _contains(value: str) -> str:
    """A LIKE pattern matching ``value`` literally anywhere (``%``, ``_`` and ``\\`` escaped)."""
    literal = value.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{literal}%"


def _conditions(flt: EventFilter) -> list[Any]:
    m = MergedEventRow
    conds: list[Any] = []
    if flt.date_from:
        conds.append(m.obs_date >= flt.date_from)
    if flt.date_to:
        conds.append(m.obs_date <= flt.date_to)
    if flt.type:
        types = [t.strip() for t in flt.type.split(",") if t.strip()]
        conds.append(m.type.in_(types))
    if flt.actor:
        pattern = _contains(flt.actor)
        conds.append(or_(m.actor1.ilike(pattern, escape="\\"), m.actor2.ilike(pattern, escape="\\")))
    if flt.country:
        conds.append(_ci_equal(m.country, flt.country))
    if flt.province:
        conds.append(or_(_ci_equal(m.admin1, flt.province), _ci_equal(m.admin1_pcode, flt.province)))
    if flt.district:
        conds.append(or_(_ci_equal(m.admin2, flt.district), _ci_equal(m.admin2_pcode, flt.district)))
    if flt.modality:
        conds.append(m.modality == flt.modality)
    if flt.text:
        pattern = _contains(flt.text)
        conds.append(
            exists().where(ReportRow.merged_id == m.id, ReportRow.evidence_text.ilike(pattern, escape="\\"))
        )
    return conds


def _stored_event(r: Any) -> StoredEvent:
    """A merged event from its row (an ORM object or a plain row). The values were
    validated when they were stored, so the record is built without validating again
    (a control map reads every capture, retake and clash)."""
    event: StoredEvent = from_flat(
        StoredEvent, {f.name: getattr(r, column_name(f.name)) for f in _STORED_FIELDS}, _STORED_FIELDS
    )
    event.reports = []
    return event


def _report_values(e: Any) -> dict[str, Any]:
    """The event columns of a ``reports`` row from an extracted event."""
    values = {column_name(k): v for k, v in flat_row(e, _REPORT_FIELDS).items()}
    values["trigger"] = (e.trigger or None) and e.trigger[:100]
    return values


def _reports_of(s: Session, event_ids: list[int]) -> dict[int, list[EventReport]]:
    """The reports of each merged event of ``event_ids``, by publication date."""
    rows = s.execute(
        select(ReportRow, ArticleRow)
        .join(ArticleRow, ArticleRow.id == ReportRow.article_id)
        .where(ReportRow.merged_id.in_(event_ids))
        .order_by(ArticleRow.published.is_(None), ArticleRow.published, ReportRow.id)
    ).all()
    out: dict[int, list[EventReport]] = {}
    for r, a in rows:
        out.setdefault(r.merged_id, []).append(
            EventReport(
                article_id=a.id,
                title=a.title,
                source=a.source,
                url=a.url,
                published=a.published,
                evidence=Evidence(text=r.evidence_text, start=r.evidence_start, end=r.evidence_end),
                modality=r.modality,
                attributed_to=r.attributed_to,
                quantities=[Quantity(**q) for q in r.quantities or []],
                fatalities=r.fatalities,
                date=r.date,
            )
        )
    return out


def _stored_article(a: ArticleRow, n_events: int) -> StoredArticle:
    return StoredArticle(
        id=a.id,
        title=a.title,
        published=a.published,
        source=a.source,
        url=a.url,
        text_chars=len(a.text),
        removed_chars=a.removed_chars,
        n_events=n_events,
    )


def _article(a: ArticleRow) -> Article:
    return Article(
        id=a.id,
        content_hash=a.content_hash,
        text=a.text,
        title=a.title,
        published=a.published,
        source=a.source,
        url=a.url,
        path=a.path,
        raw_chars=a.raw_chars,
        removed_chars=a.removed_chars,
        fmt=a.fmt,  # type: ignore[arg-type]
    )

