"""`sitrep gazetteer ...`: import an OCHA admin-2 file, show what is loaded, look names up."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

gazetteer_app = typer.Typer(
    name="gazetteer",
    help="The gazetteer that places events: import OCHA districts, inspect, look up names.",
    no_args_is_help=True,
    add_completion=False,
)


def _console() -> Console:
    return Console()  # made per command, so that COLUMNS and redirection are honoured


@gazetteer_app.command("import")
def import_cmd(
    file: Path = typer.Argument(
        ..., help="OCHA COD-AB admin-2 GeoJSON (adm2_pcode, adm2_en, adm1_pcode, adm1_en)"
    ),
) -> None:
    """Import district polygons and P-codes; replaces the built-in default."""
    from sitrep.geo import import_ocha

    summary = import_ocha(file)
    _console().print(
        f"imported [bold]{summary['source']}[/]: country {summary['country']}, "
        f"{summary['provinces']} provinces, {summary['districts']} districts, "
        f"{summary['towns']} towns ({summary['places']} places in all)",
        highlight=False,
    )


@gazetteer_app.command("info")
def info_cmd() -> None:
    """Which gazetteer is in use and how many places of each kind it holds."""
    from collections import Counter

    from sitrep.geo import load_gazetteer

    gaz = load_gazetteer()
    counts = Counter(row[2] for row in gaz.rows())
    table = Table(title=f"gazetteer: {gaz.source()}")
    table.add_column("kind")
    table.add_column("places", justify="right")
    for kind in ("country", "province", "district", "place"):
        table.add_row(kind, str(counts.get(kind, 0)))
    table.add_row("district shapes", str(len(gaz.district_shapes())))
    _console().print(table)


class PlaceKind(str, Enum):
    country = "country"
    province = "province"
    district = "district"
    place = "place"


@gazetteer_app.command("lookup")
def lookup_cmd(
    name: str = typer.Argument(..., help="a place name as written in news"),
    province: str | None = typer.Option(None, "--province", "-p", help="province named nearby"),
    kind: PlaceKind | None = typer.Option(None, "--kind", "-k", help="country, province, district or place"),
) -> None:
    """Candidates for a name, best first, with their scores."""
    from sitrep.geo import load_gazetteer
    from sitrep.geo.resolve import Resolver
    from sitrep.models import PlaceMention

    gaz = load_gazetteer()
    resolver = Resolver(gaz)
    text = name if province is None else f"{name} in {province} province"
    mentions = [PlaceMention(text=name, start=0, end=len(name), kind_hint=kind.value if kind else None, sentence=0)]
    if province is not None:
        start = len(name) + 4
        mentions.append(
            PlaceMention(
                text=province, start=start, end=start + len(province), kind_hint="province", sentence=0
            )
        )
    ranked = resolver.rank(mentions[0], text, mentions)
    if not ranked:
        _console().print(f"no place matches [bold]{name}[/]", highlight=False)
        raise typer.Exit(1)
    table = Table(title=f"{name}" + (f" (province {province})" if province else ""))
    for col in ("score", "match", "id", "name", "kind", "country", "province", "district", "lat", "lon"):
        table.add_column(col)
    for c in ranked[:15]:
        p = c.place
        table.add_row(
            f"{c.score:.2f}",
            c.how,
            p.id,
            p.name,
            p.kind,
            p.country,
            p.admin1 or "",
            p.admin2 or "",
            "" if p.lat is None else f"{p.lat:.3f}",
            "" if p.lon is None else f"{p.lon:.3f}",
        )
    _console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(gazetteer_app, name="gazetteer")
