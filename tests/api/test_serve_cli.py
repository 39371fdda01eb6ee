"""`sitrep serve` builds the app with the options given and hands it to uvicorn."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sitrep.cli import serve_cmd


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch) -> tuple[typer.Typer, dict[str, Any]]:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    app = typer.Typer()
    serve_cmd.register(app)

    @app.command("noop")
    def noop() -> None:  # a second command, so typer keeps "serve" as a sub-command
        return None

    return app, seen


def test_serve_options(cli: tuple[typer.Typer, dict[str, Any]], tmp_path: Any) -> None:
    app, seen = cli
    db = f"sqlite:///{tmp_path / 'x.db'}"
    r = CliRunner().invoke(app, ["serve", "--db", db, "--port", "8123", "--token", "abc"])
    assert r.exit_code == 0, r.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert seen["app"].state.ctx.token == "abc"


def test_serve_token_from_env(cli: tuple[typer.Typer, dict[str, Any]], tmp_path: Any) -> None:
    app, seen = cli
    r = CliRunner().invoke(
        app, ["serve", "--db", f"sqlite:///{tmp_path / 'x.db'}"], env={"SITREP_API_TOKEN": "from-env"}
    )
    assert r.exit_code == 0, r.output
    assert seen["app"].state.ctx.token == "from-env"
    r = CliRunner().invoke(
        app, ["serve", "--db", f"sqlite:///{tmp_path / 'y.db'}"], env={"SITREP_API_TOKEN": ""}
    )
    assert seen["app"].state.ctx.token is None
