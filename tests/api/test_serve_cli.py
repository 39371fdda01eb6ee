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


def test_serve_limits_and_hosts(cli: tuple[typer.Typer, dict[str, Any]], tmp_path: Any) -> None:
    app, seen = cli
    db = f"sqlite:///{tmp_path / 'x.db'}"
    r = CliRunner().invoke(app, ["serve", "--db", db])
    assert r.exit_code == 0, r.output
    assert seen["timeout_keep_alive"] == 5 and seen["timeout_graceful_shutdown"] == 5
    assert seen["limit_concurrency"] == 1000 and seen["h11_max_incomplete_event_size"] == 16 * 1024
    assert seen["http"].__name__ == "GuardedH11Protocol"
    hardening = seen["app"].hardening
    assert hardening["allowed_hosts"] == ["localhost", "127.0.0.1", "::1"]
    assert hardening["body_timeout"] == 60.0
    assert seen["app"].state.ctx.extractor.budget == 120.0
    assert seen["app"].state.ctx.export_limit == 10_000

    r = CliRunner().invoke(
        app,
        ["serve", "--db", db, "--host", "10.0.0.5", "--allowed-host", "maps.example", "--allowed-host",
         "*.corp.example", "--body-timeout", "7", "--extract-timeout", "30", "--export-limit", "0"],
        env={"SITREP_ALLOWED_HOSTS": ""},
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    hosts = seen["app"].hardening["allowed_hosts"]
    assert hosts == ["localhost", "127.0.0.1", "::1", "10.0.0.5", "maps.example", "*.corp.example"]
    assert seen["app"].hardening["body_timeout"] == 7.0
    assert seen["app"].state.ctx.extractor.budget == 30.0 and seen["app"].state.ctx.export_limit is None

    r = CliRunner().invoke(app, ["serve", "--db", db], env={"SITREP_ALLOWED_HOSTS": "a.example,b.example"})
    assert r.exit_code == 0, r.output
    assert seen["app"].hardening["allowed_hosts"][-2:] == ["a.example", "b.example"]
