from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from sitrep.cli import gazetteer_cmd

OCHA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "afg_adm2_ocha_agcho_20180522.geojson"


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # a group, so that "gazetteer" is a sub-command
        pass

    gazetteer_cmd.register(app)
    return app


def test_info_and_lookup(home):
    runner = CliRunner()
    res = runner.invoke(_app(), ["gazetteer", "info"])
    assert res.exit_code == 0, res.output
    assert "builtin" in res.output and "district" in res.output
    args = ["gazetteer", "lookup", "Tagab", "--province", "Kapisa"]
    res = runner.invoke(_app(), args, env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.output.splitlines() if "AF0206" in ln or "AF1717" in ln]
    assert "AF0206" in lines[0]
    res = runner.invoke(_app(), ["gazetteer", "lookup", "Qwertzuiop"])
    assert res.exit_code == 1


def test_import_command(home, tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.geojson"
    bad.write_text("{}", encoding="utf-8")
    res = runner.invoke(_app(), ["gazetteer", "import", str(bad)])
    assert res.exit_code != 0
    assert type(res.exception).__name__ == "GazetteerError"
    if OCHA.exists():
        res = runner.invoke(_app(), ["gazetteer", "import", str(OCHA)])
        assert res.exit_code == 0, res.output
        assert "399 districts" in res.output and "34 provinces" in res.output
