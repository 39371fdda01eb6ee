"""`sitrep serve`: the HTTP API and the web page over the database."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on (1-65535)."),
        db: str | None = typer.Option(
            None, "--db", help="Database URL (default: SITREP_DB, else SQLite in SITREP_HOME)."
        ),
        token: str | None = typer.Option(
            None,
            "--token",
            envvar="SITREP_API_TOKEN",
            help="Turns on POST /api/extract and POST /api/articles, which then need "
            "'Authorization: Bearer TOKEN'. Also read from SITREP_API_TOKEN.",
            show_default=False,
        ),
    ) -> None:
        """Serve the map, the timeline and the evidence (and the JSON API) over HTTP."""
        import uvicorn
        from rich.console import Console

        from sitrep.api import create_app

        application = create_app(db_url=db, token=token)
        writes = "on (token required)" if token else "off (no --token)"
        Console(stderr=True).print(
            f"sitrep: serving on http://{host}:{port}/  API docs: /docs  write endpoints: {writes}",
            highlight=False,
        )
        uvicorn.run(application, host=host, port=port, log_level="warning")
