from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from sitrep.cli import store_cmd
from sitrep.models import Claim, Evidence, Place
from sitrep.store import Store
from tests.helpers import make_article, make_event, make_result

DISTRICTS = [
    Place(id="AF1528", name="Khwahan", kind="district", country="AF", admin1="Badakhshan", admin2="Khwahan",
          admin2_pcode="AF1528", lat=37.9, lon=70.2),
    Place(id="AF1527", name="Shekay", kind="district", country="AF", admin1="Badakhshan", admin2="Shekay",
          admin2_pcode="AF1527", lat=38.0, lon=70.5),
]  # fmt: skip


@pytest.fixture
def app(monkeypatch) -> typer.Typer:
    monkeypatch.setenv("COLUMNS", "220")
    monkeypatch.setattr(store_cmd, "_districts", lambda store, country: DISTRICTS)
    a = typer.Typer()
    store_cmd.register(a)
    return a


@pytest.fixture
def filled(store: Store, db_url: str) -> str:
    a = make_article("a", published="2021-07-12", source="Reuters")
    ev = Evidence(text="85% of the territory", start=0, end=20)
    claim = Claim(
        claimant="Taliban",
        metric="share_of_territory",
        value=85,
        unit="percent",
        subject="Taliban",
        evidence=ev,
    )
    events = [
        make_event("territory_captured", district="Khwahan", pcode="AF1528", date="2021-07-04",
                   actor1="Taliban", lat=37.9, lon=70.2, evidence="The Taliban captured Khwahan."),
        make_event("armed_clash", district="Shekay", pcode="AF1527", date="2021-07-20", actor1="Taliban",
                   evidence="Fighting in Shekay."),
    ]  # fmt: skip
    store.add_extraction(a, make_result(a, events, [claim]))
    return db_url


def test_events_table_and_filters(app, filled: str) -> None:
    r = CliRunner().invoke(app, ["events", "--db", filled], terminal_width=200)
    assert r.exit_code == 0, r.output
    assert "2 of 2 events" in r.output and "territory_captured" in r.output
    r = CliRunner().invoke(app, ["events", "--db", filled, "--type", "armed_clash", "--json"])
    assert [json.loads(x)["type"] for x in r.stdout.splitlines()] == ["armed_clash"]
    assert "--json is deprecated; use --format json" in r.stderr
    r = CliRunner().invoke(
        app, ["events", "--db", filled, "--to", "2021-07-10", "--district", "khwahan", "--json"]
    )
    assert len(r.stdout.splitlines()) == 1
    r = CliRunner().invoke(app, ["events", "--db", filled, "--type", "battle"])
    assert r.exit_code == 2 and "unknown event type 'battle'" in r.output


def test_export_formats(app, filled: str, tmp_path: Path) -> None:
    run = CliRunner().invoke
    assert run(app, ["export", "--db", filled, "-f", "csv", "-o", str(tmp_path / "e.csv")]).exit_code == 0
    assert [r["sub_event_type"] for r in csv.DictReader((tmp_path / "e.csv").open())] == [
        "Non-state actor overtakes territory",
        "Armed clash",
    ]
    r = run(app, ["export", "--db", filled, "-f", "geojson", "-o", str(tmp_path / "e.geojson")])
    assert r.exit_code == 0 and "1 without coordinates skipped" in r.output
    out = str(tmp_path / "e.jsonl")
    assert (
        run(app, ["export", "--db", filled, "-f", "jsonl", "--type", "armed_clash", "-o", out]).exit_code == 0
    )
    assert len((tmp_path / "e.jsonl").read_text().splitlines()) == 1
    assert (
        run(app, ["export", "--db", filled, "-f", "parquet", "-o", str(tmp_path / "e.parquet")]).exit_code
        == 0
    )
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 2
    r = run(app, ["export", "--db", filled, "-f", "geojson", "--what", "districts", "--date", "2021-07-12",
                  "-o", str(tmp_path / "d.geojson")])  # fmt: skip
    assert r.exit_code == 0, r.output
    statuses = {
        f["id"]: f["properties"]["status"]
        for f in json.loads((tmp_path / "d.geojson").read_text())["features"]
    }
    assert statuses == {"AF1528": "nonstate", "AF1527": "unknown"}


def test_control_and_claims(app, filled: str) -> None:
    r = CliRunner().invoke(app, ["control", "--db", filled, "--date", "2021-07-12"], terminal_width=200)
    assert r.exit_code == 0, r.output
    out = " ".join(r.output.split())
    assert "Control of 2 districts on 2021-07-12" in out
    assert "50.0%" in out and "85%" in out and "Khwahan" in out
    r = CliRunner().invoke(app, ["control", "--db", filled, "--date", "2021-07-21"], terminal_width=200)
    assert "contested" in r.output and "Shekay" in r.output
    r = CliRunner().invoke(app, ["claims", "--db", filled], terminal_width=200)
    assert r.exit_code == 0, r.output
    assert "share_of_territory" in r.output and "85%" in r.output and "50%" in r.output


def test_bad_db_is_one_line_error(monkeypatch, capsys) -> None:
    from sitrep.cli import main

    monkeypatch.setattr(sys, "argv", ["sitrep", "events", "--db", "postgresql://nobody@127.0.0.1:1/x"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "cannot open database" in err and len(err.splitlines()) == 1
