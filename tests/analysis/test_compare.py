"""`sitrep control --compare`: the map checked against a reference list of district falls."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sitrep.analysis.compare import compare
from sitrep.analysis.control import ControlModel
from sitrep.cli import store_cmd
from sitrep.store import Store
from tests.helpers import TOY_DISTRICTS as DISTRICTS
from tests.helpers import make_article, make_event, make_result

REFERENCE = """admin2_pcode,district,province,date_fell,date_precision,retaken_date,notes
AF1502,Bravo,Eastshire,2021-07-05,day,,found one day after the map
AF1502,Bravo,Eastshire,2021-07-09,day,,a later report of the same fall
AF1503,Charlie,Eastshire,2021-07-05,day,,the map shows it two weeks late
AF1501,Centreville,Eastshire,2021-07-05,week,,the map shows it a month early
,Westburg,Westshire,2021-07-06,day,,no P-code; never on the map
AF1602,Westshire,Westshire,2021-07,month,,month precision: not scored
,Atlantis,Westshire,2021-07-06,day,,not in the gazetteer
"""
COUNTS = """date,metric,value,total_districts,who
2021-07-10,nonstate_controlled_districts,3,5,Analyst A
2021-07-10,taliban_controlled_districts,~4,5,Analyst B
2021-07-10,provincial_capitals,1,2,Analyst C
"""


@pytest.fixture
def filled(store: Store) -> Store:
    for i, (code, day) in enumerate((("AF1502", "2021-07-04"), ("AF1503", "2021-07-20"), ("AF1501", "2021-06-01"))):
        ev = make_event("territory_captured", pcode=code, province="Eastshire", date=day, actor1="Taliban",
                        evidence=f"The insurgents took district {code}.")  # fmt: skip
        a = make_article(f"report {i}", published=day, source="Wire")
        assert store.add_extraction(a, make_result(a, [ev]))
    return store


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    ref, counts = tmp_path / "ref.csv", tmp_path / "counts.csv"
    ref.write_text(REFERENCE, encoding="utf-8")
    counts.write_text(COUNTS, encoding="utf-8")
    return ref, counts


def test_compare_categories_and_counts(filled: Store, files: tuple[Path, Path]) -> None:
    ref, counts = files
    result = compare(ControlModel(filled, DISTRICTS), ref, counts)
    got = {o.code: (o.category, o.days_off) for o in result.outcomes}
    assert got == {
        "AF1502": ("found", -1),  # earliest dated fall of the district is kept
        "AF1503": ("late", 15),
        "AF1501": ("early", -34),
        "AF1601": ("missed", None),  # matched by district + province name
    }
    s = result.summary()
    assert (s["reference_districts"], s["found"], s["recall_in_window"], s["early_share"]) == (4, 1, 0.25, 0.25)
    assert s["skipped_rows"] == 2 and s["unknown_districts"] == ["Atlantis"]
    westburg = next(o for o in result.outcomes if o.code == "AF1601")
    assert westburg.why == "no capture, retake, surrender or clash reported in the district"
    bravo = next(o for o in result.outcomes if o.code == "AF1502")
    assert bravo.event_ids and bravo.evidence == ["The insurgents took district AF1502."]
    # published counts beside the map's figure; the non-state party's own metric name comes from actors.json
    assert [(c.who, c.status, c.computed) for c in result.counts] == [
        ("Analyst A", "nonstate", 2),
        ("Analyst B", "nonstate", 2),
    ]


def test_week_precision_has_a_seven_day_window(filled: Store, tmp_path: Path) -> None:
    ref = tmp_path / "ref.csv"
    ref.write_text("admin2_pcode,date_fell,date_precision\nAF1503,2021-07-14,week\nAF1502,2021-07-09,day\n")
    got = {o.code: o.category for o in compare(ControlModel(filled, DISTRICTS), ref).outcomes}
    assert got == {"AF1503": "found", "AF1502": "early"}


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setattr(store_cmd, "_districts", lambda store, country: DISTRICTS)
    a = typer.Typer()
    store_cmd.register(a)
    return a


def test_cli_compare_formats(app: typer.Typer, filled: Store, files: tuple[Path, Path]) -> None:
    ref, counts = files
    base = ["control", "--db", filled.url, "--compare", str(ref), "--counts", str(counts)]
    r = CliRunner().invoke(app, base, terminal_width=200)
    assert r.exit_code == 0, r.output
    assert "4 reference districts with a dated fall: 1 shown within the window (recall 0.25)" in r.stdout
    assert "Charlie (AF1503)" in r.stdout and "missed" in r.stdout and "Analyst A" in r.stdout
    r = CliRunner().invoke(app, [*base, "--format", "json"])
    out = json.loads(r.stdout)
    assert out["summary"]["found"] == 1 and len(out["districts"]) == 4 and len(out["counts"]) == 2
    # the map's nationwide series, week by week from the first reference date
    assert out["series"][0] == {"date": "2021-07-05", "government": 0, "contested": 0, "nonstate": 2, "unknown": 3}
    assert [p["date"] for p in out["series"]] == ["2021-07-05", "2021-07-12"]
    r = CliRunner().invoke(app, [*base, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(row["admin2_pcode"], row["category"]) for row in rows][0] == ("AF1501", "early")


def test_cli_control_json_and_csv(app: typer.Typer, filled: Store) -> None:
    r = CliRunner().invoke(app, ["control", "--db", filled.url, "--date", "2021-07-10", "--format", "json"])
    out = json.loads(r.stdout)
    assert out["counts"]["nonstate"] == 2 and out["labels"]["nonstate"] == "Taliban"
    assert out["kept_out"] == {"undated": 0, "no_district": 0, "other_country": 0, "estimate_overruled": 0}
    bravo = next(d for d in out["districts"] if d["admin2_pcode"] == "AF1502")
    assert bravo["status"] == "nonstate" and bravo["confidence"] == 0.8 and bravo["claimed"] is False
    r = CliRunner().invoke(app, ["control", "--db", filled.url, "--date", "2021-07-10", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == len(DISTRICTS) and {r["date"] for r in rows} == {"2021-07-10"}


@pytest.mark.parametrize(
    "content, message",
    [
        ("district,when\nBravo,2021-07-05\n", "needs a column date_fell"),
        ("admin2_pcode,date_fell,date_precision\nAF1502,5 July,day\n", "line 2: date_fell '5 July' is not a date"),
    ],
)
def test_cli_bad_reference_is_one_line(filled: Store, tmp_path: Path, content: str, message: str) -> None:
    ref = tmp_path / "ref.csv"
    ref.write_text(content, encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "sitrep.cli", "control", "--db", filled.url, "--country", "AF", "--compare", str(ref)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode != 0 and message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_counts_without_compare_is_refused(app: typer.Typer, filled: Store, files: tuple[Path, Path]) -> None:
    r = CliRunner().invoke(app, ["control", "--db", filled.url, "--counts", str(files[1])])
    assert r.exit_code != 0 and "--counts needs --compare" in str(r.exception)


def test_first_day_is_the_day_the_status_began(filled: Store) -> None:
    model = ControlModel(filled, DISTRICTS)
    assert model.first("nonstate")["AF1502"].since == dt.date(2021, 7, 4)


def test_missing_or_binary_reference_is_a_clear_error(filled: Store, tmp_path: Path) -> None:
    from sitrep.errors import InputError

    model = ControlModel(filled, DISTRICTS)
    with pytest.raises(InputError, match="cannot read"):
        compare(model, tmp_path / "nowhere.csv")
    binary = tmp_path / "ref.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\x00garbage")
    with pytest.raises(InputError, match="not a readable CSV"):
        compare(model, binary)


def test_a_missed_district_says_what_the_map_had_on_it(filled: Store, tmp_path: Path) -> None:
    text = "The rebels took Westburg on Friday."
    ev = make_event("territory_captured", pcode="AF1601", province="Westshire", actor1="Taliban", evidence=text)
    a = make_article(text, published=None)
    assert filled.add_extraction(a, make_result(a, [ev]))
    ref = tmp_path / "ref.csv"
    ref.write_text("admin2_pcode,date_fell,date_precision\nAF1601,2021-07-06,day\n")
    (missed,) = compare(ControlModel(filled, DISTRICTS), ref).outcomes
    assert missed.category == "missed" and missed.evidence == [text]
    assert missed.why == "its only reports are in articles without a publication date that do not date them"
