"""`sitrep serve`: the HTTP API and the web page over the database."""

from __future__ import annotations

import typer

from sitrep.cli.options import Db


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on (1-65535)."),
        db: Db = None,
        token: str | None = typer.Option(
            None,
            "--token",
            envvar="SITREP_API_TOKEN",
            help="Turns on POST /api/extract and POST /api/articles, which then need "
            "'Authorization: Bearer TOKEN'. Also read from SITREP_API_TOKEN.",
            show_default=False,
        ),
        allowed_hosts: list[str] | None = typer.Option(
            None,
            "--allowed-host",
            envvar="SITREP_ALLOWED_HOSTS",
            help="A host name clients may use (the Host header); repeat it, or give a "
            "comma-separated SITREP_ALLOWED_HOSTS; '*.example.org' and '*' (any) work too. "
            "Always allowed: the --host address, localhost, 127.0.0.1, ::1. Others get 400.",
            show_default=False,
        ),
        header_timeout: float = typer.Option(
            10.0, "--header-timeout", help="Seconds a client has to send a request's headers."
        ),
        body_timeout: float = typer.Option(
            60.0, "--body-timeout", help="Seconds a client has to send a request body (408 after)."
        ),
        keep_alive: int = typer.Option(5, "--keep-alive", help="Seconds an idle connection is kept."),
        limit_concurrency: int = typer.Option(
            1000, "--limit-concurrency", help="Connections and requests at once; more get 503."
        ),
        extract_timeout: float = typer.Option(
            120.0,
            "--extract-timeout",
            help="Seconds one article may take in POST /api/extract or /api/articles (503 after).",
        ),
        export_limit: int = typer.Option(
            10_000, "--export-limit", help="Most events in one download without the token (0: no limit)."
        ),
    ) -> None:
        """Serve the map, the timeline and the evidence (and the JSON API) over HTTP."""
        import uvicorn
        from rich.console import Console

        from sitrep.api import create_app
        from sitrep.api.guard import default_allowed_hosts
        from sitrep.api.server import ServerLimits, uvicorn_options

        hosts = default_allowed_hosts(host)
        for value in allowed_hosts or []:
            hosts.extend(h.strip() for h in value.split(",") if h.strip())
        limits = ServerLimits(
            header_timeout=header_timeout,
            body_timeout=body_timeout,
            keep_alive=keep_alive,
            limit_concurrency=limit_concurrency,
        )
        application = create_app(
            db_url=db,
            token=token,
            allowed_hosts=hosts,
            body_timeout=body_timeout,
            export_limit=export_limit or None,
            isolate_extraction=True,
            extract_budget=extract_timeout,
        )
        writes = "on (token required)" if token else "off (no --token)"
        Console(stderr=True).print(
            f"sitrep: serving on http://{host}:{port}/  API docs: /docs  write endpoints: {writes}"
            f"  allowed hosts: {', '.join(hosts)}",
            highlight=False,
        )
        uvicorn.run(application, host=host, port=port, log_level="warning", **uvicorn_options(limits))
