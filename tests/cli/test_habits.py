"""The command line's shared habits: one declaration of the filters and --db, typed dates and
choices, --format table|json|csv on events/control/claims, --debug, one Spark master option."""

from __future__ import annotations

import csv
import io
import json
import sys
import typing
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import sitrep.cli as cli
from sitrep.cli import batch_cmd, options, serve_cmd, store_cmd
from sitrep.errors import StoreError
from tests.store.test_cli import app, filled  # noqa: F401 - fixtures

FILTERS = ["DateFrom", "DateTo", "EventTypes", "Actor", "Country", "Province", "District", "Text"]
SHARED = {
    "events": [*FILTERS, "Format", "Db"],
    "export": [*FILTERS, "Day", "Db"],
    "control": ["Day", "Country", "Format", "Db"],
    "claims": ["Country", "Format", "Db"],
    "ingest": ["Db", "SparkMaster"],
    "reextract": ["Db"],
    "serve": ["Db"],
}


def test_filters_and_db_are_declared_once_and_shared() -> None:
    """Each command's filter options are the very declarations of sitrep.cli.options."""
    a = typer.Typer()
    store_cmd.register(a)
    serve_cmd.register(a)
    for command in a.registered_commands:
        hints = typing.get_type_hints(command.callback, include_extras=True)
        used = {id(m) for h in hints.values() for m in getattr(h, "__metadata__", ())}
        for alias in SHARED[command.name]:
            assert id(getattr(options, alias).__metadata__[0]) in used, (command.name, alias)


@pytest.mark.parametrize(
    "args",
    [
        ["events", "--from", "2021-13-01"],
        ["events", "--to", "July"],
        ["export", "-f", "csv", "-o", "-", "--from", "5/7/2021"],
        ["control", "--date", "yesterday"],
    ],
)
def test_a_bad_date_is_one_line_naming_the_option(app, filled: str, args: list[str]) -> None:  # noqa: F811
    r = CliRunner().invoke(app, [*args, "--db", filled])
    assert r.exit_code == 2
    assert "is not a date as YYYY-MM-DD" in r.output and args[-2] in r.output


def test_choices_are_checked_when_the_line_is_read(app, filled: str) -> None:  # noqa: F811
    r = CliRunner().invoke(app, ["events", "--db", filled, "--format", "yaml"])
    assert r.exit_code == 2 and "'yaml' is not one of" in r.output
    r = CliRunner().invoke(app, ["ingest", "--samples", "--db", filled, "--engine", "threads"])
    assert r.exit_code == 2 and "'threads' is not one of" in r.output


def test_events_format_json_and_csv(app, filled: str) -> None:  # noqa: F811
    r = CliRunner().invoke(app, ["events", "--db", filled, "--format", "json", "--type", "armed_clash"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)  # one document, nothing else on stdout
    assert doc["total"] == 1 and [e["type"] for e in doc["items"]] == ["armed_clash"]
    assert doc["limit"] == 50 and doc["offset"] == 0 and "reports" not in doc["items"][0]
    r = CliRunner().invoke(app, ["events", "--db", filled, "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 2 and list(rows[0])[:2] == ["id", "type"]
    assert sorted(x["type"] for x in rows) == ["armed_clash", "territory_captured"]
    assert {x["admin2"] for x in rows} == {"Khwahan", "Shekay"} and all(x["evidence_text"] for x in rows)


def test_control_format_json_and_csv(app, filled: str) -> None:  # noqa: F811
    r = CliRunner().invoke(app, ["control", "--db", filled, "--date", "2021-07-10", "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["date"] == "2021-07-10" and len(doc["districts"]) == 2
    r = CliRunner().invoke(app, ["control", "--db", filled, "--date", "2021-07-10", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {x["admin2_pcode"] for x in rows} == {"AF1528", "AF1527"}


def test_claims_format_json_and_csv(app, filled: str) -> None:  # noqa: F811
    r = CliRunner().invoke(app, ["claims", "--db", filled, "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    (claim,) = doc["claims"]
    assert claim["claimant"] == "Taliban" and claim["value"] == 85 and claim["districts"] == 2
    assert "[" not in claim["evidence"]  # no Rich markup
    r = CliRunner().invoke(app, ["claims", "--db", filled, "--format", "csv"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].split(",") == store_cmd.CLAIM_COLUMNS
    (row,) = csv.DictReader(io.StringIO(r.stdout))
    assert row["metric"] == "share_of_territory" and row["unit"] == "percent"


def test_claims_json_with_no_claims_is_still_a_document(app, db_url: str) -> None:  # noqa: F811
    r = CliRunner().invoke(app, ["claims", "--db", db_url, "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout) == {"claims": []}


def _run_main(monkeypatch, capsys, args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["sitrep", *args])
    for k, v in (env or {}).items():
        monkeypatch.setenv(k, v)

    def broken(db):  # noqa: ANN001, ANN202
        raise StoreError("cannot open database x: it is on fire")

    monkeypatch.setattr(store_cmd, "_store", broken)
    with pytest.raises(SystemExit) as info:
        cli.main()
    return int(info.value.code), capsys.readouterr().err


def test_an_error_is_one_line_without_debug(monkeypatch, capsys) -> None:
    monkeypatch.delenv("SITREP_DEBUG", raising=False)
    code, err = _run_main(monkeypatch, capsys, ["events"])
    assert code == 2 and err.strip() == "error: cannot open database x: it is on fire"


@pytest.mark.parametrize(("args", "env"), [(["--debug", "events"], {}), (["events"], {"SITREP_DEBUG": "1"})])
def test_debug_shows_the_traceback(monkeypatch, capsys, args, env) -> None:
    code, err = _run_main(monkeypatch, capsys, args, env)
    assert code == 2
    assert "Traceback (most recent call last)" in err and "in broken" in err
    assert err.strip().splitlines()[-1] == "error: cannot open database x: it is on fire"


def test_one_spark_master_option(monkeypatch, tmp_path: Path) -> None:
    a = typer.Typer()
    store_cmd.register(a)
    batch_cmd.register(a)
    for name in ("ingest", "extract-batch"):
        r = CliRunner().invoke(a, [name, "--help"], terminal_width=200)
        assert "--spark-master" in r.output and "--master " not in r.output, name
    seen: dict[str, str] = {}

    def fake_write_batch(inputs, out, master, **kw):  # noqa: ANN001, ANN003, ANN202
        seen["master"] = master
        raise typer.Exit(0)

    import sitrep.runner.spark as spark

    monkeypatch.setattr(spark, "check_spark", lambda: None)
    monkeypatch.setattr(spark, "write_batch", fake_write_batch)
    corpus = tmp_path / "a.txt"
    corpus.write_text("x")
    r = CliRunner().invoke(
        a, ["extract-batch", str(corpus), "-o", str(tmp_path / "o"), "--spark-master", "local[2]"]
    )
    assert r.exit_code == 0 and seen["master"] == "local[2]"
    r = CliRunner().invoke(
        a, ["extract-batch", str(corpus), "-o", str(tmp_path / "o"), "--master", "local[3]"]
    )
    assert r.exit_code == 0 and seen["master"] == "local[3]"
    assert "--master is deprecated; use --spark-master" in r.stderr


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "parquet"])
def test_cli_export_reads_a_page_at_a_time(app, filled: str, monkeypatch, tmp_path: Path, fmt: str) -> None:  # noqa: F811
    """The export streams: the events are read a page at a time, never all at once."""
    import sitrep.export.writers as writers
    from sitrep.store import Store

    monkeypatch.setattr(writers, "EXPORT_PAGE", 1)
    store = Store(filled)
    limits: list[int | None] = []
    real = store.observed_events
    monkeypatch.setattr(store, "observed_events", lambda flt: limits.append(flt.limit) or real(flt))
    monkeypatch.setattr(store_cmd, "_store", lambda db: store)
    out = tmp_path / f"events.{fmt}"
    r = CliRunner().invoke(app, ["export", "-f", fmt, "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert limits == [1, 1, 1]  # two events, then an empty page
    assert out.stat().st_size > 0


def test_gazetteer_lookup_kind_is_a_choice() -> None:
    from sitrep.cli import gazetteer_cmd

    a = typer.Typer()
    gazetteer_cmd.register(a)
    r = CliRunner().invoke(a, ["gazetteer", "lookup", "Kunduz", "--kind", "city"], terminal_width=200)
    assert r.exit_code == 2 and "'city' is not one of" in r.output and "'district'" in r.output


def test_a_bad_date_through_main_is_one_stderr_line(monkeypatch, capsys) -> None:
    monkeypatch.delenv("SITREP_DEBUG", raising=False)
    code, err = _run_main(monkeypatch, capsys, ["events", "--from", "2021-02-30"])
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "--from" in err and "'2021-02-30' is not a date as YYYY-MM-DD" in err
