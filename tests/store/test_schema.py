"""One event schema: the models declare the fields; the tables, the Parquet export, the
Spark batch rows and the flat row are derived from them and agree."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

from sitrep.models import Event, Location, StoredEvent, flat_fields, flat_row, from_flat
from sitrep.store import Store
from sitrep.store.schema import MergedEventRow, ReportRow, column_name, event_columns
from tests.helpers import make_event

_SQL_KIND = {"str": "VARCHAR", "text": "TEXT", "int": "INTEGER", "float": "FLOAT", "bool": "BOOLEAN",
             "date": "DATE", "quantities": "JSON", "str_list": "JSON", "float_map": "JSON"}  # fmt: skip


@pytest.mark.parametrize(("model", "row"), [(Event, ReportRow), (StoredEvent, MergedEventRow)])
def test_tables_have_the_models_fields(model, row) -> None:
    table = row.__table__
    for f in flat_fields(model):
        col = table.c[column_name(f.name)]
        if col.primary_key:  # the merged-event id: BIGINT (INTEGER on SQLite)
            continue
        assert str(col.type).startswith(_SQL_KIND[f.kind]), f.name
        assert col.nullable == f.nullable, f.name
        if f.kind == "str":
            assert col.type.length == f.size, f.name
    extra = {"id", "article_id", "extractor_version", "merged_id", "obs_date", "area_key", "mixed"}
    assert {c.name for c in table.columns} - {column_name(f.name) for f in flat_fields(model)} <= extra


def test_migrations_create_exactly_the_tables(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import inspect

    from sitrep.store.schema import Base

    store = Store(db_url)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # expression indexes cannot be reflected: checked below
        with store.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
            names = {i["name"] for i in inspect(conn).get_indexes("merged_events")}
    assert diff == []
    assert {i.name for i in MergedEventRow.__table__.indexes} <= names | {
        "ix_merged_events_order", "ix_merged_events_admin1_ci", "ix_merged_events_admin1_pcode_ci"
    }  # fmt: skip
    if store.dialect == "sqlite":
        with store.engine.connect() as conn:
            from sqlalchemy import text

            sqlite_names = set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'index'")))
        assert {i.name for i in MergedEventRow.__table__.indexes} <= sqlite_names
    store.close()


def test_parquet_schema_is_the_flat_stored_event() -> None:
    pa = pytest.importorskip("pyarrow")
    from sitrep.export.writers import arrow_type, event_schema

    schema = event_schema()
    names = [n for n in schema.names if n not in ("event_type", "sub_event_type", "observed")]
    flat = flat_fields(StoredEvent)
    assert names == [("evidence" if f.name == "evidence_text" else f.name) for f in flat]
    for f in flat:
        assert schema.field("evidence" if f.name == "evidence_text" else f.name).type == arrow_type(
            f.kind, f.name
        )
    assert schema.field("observed").type == pa.date32()


def test_spark_batch_rows_are_the_flat_event() -> None:
    from sitrep.runner.spark import batch_columns, event_rows
    from tests.helpers import make_article, make_result

    cols = [n for n, _ in batch_columns()]
    assert cols[6:-1] == [("evidence" if f.name == "evidence_text" else f.name) for f in flat_fields(Event)]
    a = make_article("Fighting in Argo.", published="2021-07-01")
    ev = make_event("armed_clash", district="Argo", date="2021-06-30", quantities=((3, "people", True),))
    (row,) = event_rows(a, make_result(a, [ev]))
    values = dict(zip(cols, row, strict=True))
    assert values["admin2"] == "Argo" and values["date"] == dt.date(2021, 6, 30)
    assert values["quantities"] == [(3.0, "people", True, "")] and values["evidence"] == ev.evidence.text


def test_flat_row_round_trip() -> None:
    ev = make_event("armed_clash", district="Argo", pcode="AF1504", date="2021-06-30", fatalities=4,
                    quantities=((3, "people", True),), lat=37.0, lon=70.5)  # fmt: skip
    stored = StoredEvent(**ev.model_dump(exclude={"trigger"}), id=7, article_id="a", sources=["W"],
                         conflicting_quantities={"people": [3.0, 4.0]})  # fmt: skip
    row = flat_row(stored)
    assert row["admin2_pcode"] == "AF1504" and row["evidence_text"] == ev.evidence.text
    back = from_flat(StoredEvent, row)
    assert back.model_dump(mode="json") == stored.model_dump(mode="json")


def test_a_new_model_field_is_a_column_everywhere() -> None:
    class Wider(StoredEvent):
        civilians: int | None = None  # a new field, declared once
        location: Location = Location()

    fields = {f.name: f for f in flat_fields(Wider)}
    assert fields["civilians"].kind == "int" and fields["civilians"].nullable
    assert "civilians" in event_columns(Wider)
    from sitrep.export.writers import arrow_type

    assert str(arrow_type(fields["civilians"].kind)) == "int32"
