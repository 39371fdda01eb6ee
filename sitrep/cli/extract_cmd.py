"""`sitrep extract`: one article in, the codebook §5 JSON out."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from sitrep.cli.options import Published
from sitrep.errors import InputError


class OutputFormat(str, Enum):
    json = "json"
    table = "table"


def extract(
    file: str = typer.Argument(..., help="Article file (plain text or HTML), or - for standard input."),
    published: Published = None,
    source: str | None = typer.Option(None, help="Outlet name (else from metadata)."),
    title: str | None = typer.Option(None, help="Title (else from metadata or the first line)."),
    fmt: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="json or table."),
    all_modalities: bool = typer.Option(
        False, "--all", help="Also print planned, predicted and negated events (not exported by default)."
    ),
) -> None:
    """Extract events and claims from one article and print them."""
    from sitrep.ingest import read_path
    from sitrep.pipeline import shared_pipeline

    if file != "-" and not Path(file).exists():
        raise InputError(f"no such file: {file}")
    article = read_path(file, published=published, source=source, title=title)
    result = shared_pipeline().extract(article)
    if fmt is OutputFormat.json:
        sys.stdout.write(
            json.dumps(result.contract(include_unexported=all_modalities), ensure_ascii=False, indent=1)
        )
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{result.document.title or result.document.id} ({result.document.published})")
    for col in ("type", "actor1", "actor2", "where", "date", "qty", "modality", "evidence"):
        table.add_column(col, overflow="fold")
    for e in result.events:
        if not all_modalities and e.modality not in ("reported", "claimed", "alleged"):
            continue
        loc = e.location
        where = ", ".join(x for x in (loc.place, loc.admin2, loc.admin1, loc.country) if x)
        qty = "; ".join(f"{q.value:g} {q.unit}" for q in e.quantities)
        table.add_row(
            e.type,
            e.actor1 or "",
            e.actor2 or "",
            where,
            str(e.date or ""),
            qty,
            e.modality,
            e.evidence.text[:120],
        )
    Console().print(table)
    for c in result.claims:
        Console().print(f"claim: {c.claimant} {c.metric} = {c.value:g} {c.unit} ({c.evidence.text[:100]})")


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
