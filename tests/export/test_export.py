from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pyarrow.parquet as pq

from sitrep.analysis.control import control_on
from sitrep.export import ACLED_COLUMNS, write_districts, write_events
from sitrep.models import EventFilter, Place
from sitrep.store import Store
from tests.helpers import make_article, make_event, make_result

D = dt.date.fromisoformat


def _fill(store: Store) -> None:
    a = make_article("a", published="2021-07-05", source="Reuters")
    b = make_article("b", published="2021-07-06", source="AP")
    cap = dict(district="Khwahan", pcode="AF1528", province="Badakhshan", date="2021-07-04", actor1="Taliban",
               lat=37.9, lon=70.2, evidence="The Taliban captured Khwahan.", fatalities=3)  # fmt: skip
    store.add_extraction(a, make_result(a, [make_event("territory_captured", transfer="peaceful", **cap)]))
    store.add_extraction(b, make_result(b, [make_event("territory_captured", **cap)]))
    c = make_article("c", published="2021-07-06", source="AP")
    store.add_extraction(
        c,
        make_result(
            c,
            [
                make_event(
                    "surrender",
                    province="Kunduz",
                    quantities=((90, "personnel", False),),
                    evidence="90 gave up.",
                )
            ],
        ),
    )


def test_csv_acled(store: Store, tmp_path: Path) -> None:
    _fill(store)
    out = tmp_path / "e.csv"
    stats = write_events(store.observed_events(EventFilter()), "csv", out)
    assert stats.written == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS
    cap, sur = rows
    assert cap["event_date"] == "2021-07-04" and cap["year"] == "2021" and cap["time_precision"] == "1"
    assert (cap["event_type"], cap["sub_event_type"]) == (
        "Strategic developments",
        "Non-violent transfer of territory",
    )
    assert cap["country"] == "Afghanistan" and cap["admin2"] == "Khwahan" and cap["geo_precision"] == "2"
    assert cap["source"] == "Reuters; AP" and cap["notes"] == "The Taliban captured Khwahan."
    assert cap["fatalities"] == "3" and float(cap["latitude"]) == 37.9
    # no event date: the publication date, time precision 3; province-level: geo precision 3
    assert sur["event_date"] == "2021-07-06" and sur["time_precision"] == "3" and sur["geo_precision"] == "3"
    assert sur["location"] == "Kunduz" and sur["fatalities"] == "0"


def test_geojson_jsonl_parquet(store: Store, tmp_path: Path) -> None:
    _fill(store)
    pairs = store.observed_events(EventFilter())
    stats = write_events(pairs, "geojson", tmp_path / "e.geojson")
    assert (stats.written, stats.skipped) == (1, 1)
    fc = json.loads((tmp_path / "e.geojson").read_text())
    assert fc["type"] == "FeatureCollection"
    f = fc["features"][0]
    assert f["geometry"] == {"type": "Point", "coordinates": [70.2, 37.9]}
    assert f["properties"]["corroboration"] == 2

    buf = io.StringIO()
    write_events(pairs, "jsonl", buf)
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert [x["type"] for x in lines] == ["territory_captured", "surrender"]
    assert lines[1]["observed"] == "2021-07-06" and lines[1]["quantities"][0]["value"] == 90

    write_events(pairs, "parquet", tmp_path / "e.parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 2
    assert str(table.schema.field("date").type) == "date32[day]"
    rows = table.to_pylist()
    assert rows[0]["sources"] == ["Reuters", "AP"] and rows[0]["date"] == D("2021-07-04")
    assert rows[1]["quantities"][0]["unit"] == "personnel" and rows[1]["observed"] == D("2021-07-06")


def test_districts_geojson_and_parquet(store: Store, tmp_path: Path) -> None:
    _fill(store)
    districts = [
        Place(id="AF1528", name="Khwahan", kind="district", country="AF", admin1="Badakhshan",
              admin2="Khwahan", admin2_pcode="AF1528", lat=37.9, lon=70.2),
        Place(id="AF1527", name="Shekay", kind="district", country="AF", admin1="Badakhshan", admin2="Shekay",
              admin2_pcode="AF1527", lat=38.0, lon=70.5),
    ]  # fmt: skip
    day = D("2021-07-05")
    controls = control_on(store, day, districts)
    square = {"type": "Polygon", "coordinates": [[[70, 38], [71, 38], [71, 39], [70, 38]]]}
    write_districts(
        controls, districts, "geojson", tmp_path / "d.geojson", day=day, shapes={"AF1527": square}
    )
    fc = json.loads((tmp_path / "d.geojson").read_text())
    by = {f["id"]: f for f in fc["features"]}
    assert by["AF1528"]["properties"]["status"] == "nonstate" and by["AF1528"]["geometry"]["type"] == "Point"
    assert by["AF1527"]["properties"]["status"] == "unknown" and by["AF1527"]["geometry"] == square
    write_districts(controls, districts, "parquet", tmp_path / "d.parquet", day=day)
    rows = pq.read_table(tmp_path / "d.parquet").to_pylist()
    assert rows[0]["status"] == "nonstate" and rows[0]["date"] == day and len(rows[0]["event_ids"]) == 1
    write_districts(controls, districts, "csv", tmp_path / "d.csv", day=day)
    assert [r["status"] for r in csv.DictReader((tmp_path / "d.csv").open())] == ["nonstate", "unknown"]
