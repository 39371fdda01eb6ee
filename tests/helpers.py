"""Throw-away databases for tests: a SQLite file, or a fresh schema on the
PostgreSQL server named by ``SITREP_TEST_PG_URL`` (dropped afterwards).

Used by the test suites of every stage that needs a store::

    with temp_database("postgres", tmp_path) as url:
        store = Store(url)
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sitrep.models import (
    Article,
    Claim,
    DocumentInfo,
    Event,
    Evidence,
    ExtractionResult,
    Location,
    Place,
    Quantity,
)

PG_ENV = "SITREP_TEST_PG_URL"


#: five made-up districts in two provinces (Eastshire AF15, Westshire AF16) for the control rules
TOY_DISTRICTS = [
    Place(id=code, name=name, kind="district", country="AF", admin1=prov, admin2=name,
          admin1_pcode=code[:4], admin2_pcode=code, lat=37.0 + i, lon=70.0 + i)
    for i, (code, name, prov) in enumerate((
        ("AF1501", "Centreville", "Eastshire"), ("AF1502", "Bravo", "Eastshire"),
        ("AF1503", "Charlie", "Eastshire"), ("AF1601", "Westburg", "Westshire"),
        ("AF1602", "Westshire", "Westshire"),
    ))
]  # fmt: skip


def pg_available() -> bool:
    return bool(os.environ.get(PG_ENV))


@contextmanager
def temp_database(kind: str, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of an empty database of ``kind`` ("sqlite" or "postgres")."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'sitrep-test.db'}"
        return
    from sqlalchemy import create_engine, text

    from sitrep.store.engine import normalise_url

    base = normalise_url(os.environ[PG_ENV])
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def make_article(
    text: str,
    published: Any = None,
    source: str | None = "Test Wire",
    url: str | None = None,
    title: str | None = None,
) -> Article:
    """An :class:`Article` as ingest would make it (id = first 16 hex of the text's sha256)."""
    import hashlib

    h = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    return Article(
        id=h[:16], content_hash=h, text=text, title=title, published=published, source=source, url=url
    )


def make_event(
    type: str,
    *,
    district: str | None = None,
    pcode: str | None = None,
    province: str | None = None,
    province_pcode: str | None = None,
    country: str | None = "AF",
    date: Any = None,
    precision: str = "day",
    actor1: str | None = None,
    actor2: str | None = None,
    quantities: tuple[tuple[float, str, bool], ...] = (),
    fatalities: int | None = None,
    evidence: str = "Something happened.",
    modality: str = "reported",
    lat: float | None = None,
    lon: float | None = None,
    transfer: str | None = None,
    place: str | None = None,
) -> Event:
    """An :class:`Event` with its location already resolved."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    if place:
        geo = "place"
    elif district or pcode:
        geo = "district"
    elif province or province_pcode:
        geo = "province"
    else:
        geo = "country" if country else None
    return Event(
        type=type,  # type: ignore[arg-type]
        actor1=actor1,
        actor2=actor2,
        location=Location(
            country=country,
            admin1=province,
            admin2=district,
            admin1_pcode=province_pcode,
            admin2_pcode=pcode,
            place=place,
            lat=lat,
            lon=lon,
            geo_precision=geo,  # type: ignore[arg-type]
        ),
        date=date,
        date_precision=precision if date else "unknown",  # type: ignore[arg-type]
        quantities=[Quantity(value=v, unit=u, approx=a) for v, u, a in quantities],  # type: ignore[arg-type]
        fatalities=fatalities,
        modality=modality,  # type: ignore[arg-type]
        evidence=Evidence(text=evidence, start=0, end=len(evidence)),
        transfer=transfer,  # type: ignore[arg-type]
    )


def make_result(
    article: Article, events: list[Event], claims: list[Claim] | None = None, version: str | None = None
) -> ExtractionResult:
    from sitrep import EXTRACTOR_VERSION

    return ExtractionResult(
        document=DocumentInfo(
            id=article.id,
            title=article.title,
            published=article.published,
            source=article.source,
            url=article.url,
        ),
        events=events,
        claims=claims or [],
        extractor_version=version or EXTRACTOR_VERSION,
    )
