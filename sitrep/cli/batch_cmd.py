"""`sitrep extract-batch`: extraction on Spark straight to Parquet / JSON Lines files,
for clusters that cannot reach the database."""

from __future__ import annotations

from enum import Enum

import typer
from rich.console import Console

from sitrep.cli.options import SparkMaster
from sitrep.errors import InputError


class BatchFormat(str, Enum):
    parquet = "parquet"
    jsonl = "jsonl"


def extract_batch(
    inputs: list[str] = typer.Argument(..., help="Files, folders or JSON Lines files of articles."),
    out: str = typer.Option(
        ..., "--out", "-o", help="Output folder, on storage every executor can write (HDFS, S3, NFS)."
    ),
    spark_master: SparkMaster = "local[*]",
    old_master: str | None = typer.Option(
        None, "--master", hidden=True, help="Deprecated name of --spark-master."
    ),
    partitions: int | None = typer.Option(
        None, "--partitions", min=1, help="Partitions per chunk (default 2 x Spark's default parallelism)."
    ),
    fmt: BatchFormat = typer.Option(
        BatchFormat.parquet, "--format", "-f", help="parquet (events.parquet) or jsonl (events.jsonl)."
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing output."),
    all_modalities: bool = typer.Option(
        False, "--all", help="Also planned, predicted and negated events (left out by default)."
    ),
) -> None:
    """Extract events on Spark into OUT/events.parquet: one row per event, no database."""
    from pathlib import Path

    from sitrep.runner.spark import check_spark, write_batch

    master = spark_master
    if old_master is not None:
        Console(stderr=True).print("warning: --master is deprecated; use --spark-master", highlight=False)
        master = old_master
    check_spark()
    for p in inputs:
        if "://" not in p and not Path(p).exists():
            raise InputError(f"no such file or folder: {p}")
    err = Console(stderr=True)
    stats = write_batch(
        inputs, out, master=master, partitions=partitions, fmt=fmt.value, overwrite=overwrite,
        include_all=all_modalities,
    )  # fmt: skip
    for e in stats.errors[:10]:
        err.print(f"[yellow]failed:[/] {e}", highlight=False)
    err.print(
        f"{stats.events} events from {stats.articles} articles written to {stats.path} "
        f"({stats.read} read, {stats.skipped} repeated, {stats.failed} failed)",
        highlight=False,
        soft_wrap=True,
    )
    if stats.failed and not stats.articles:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("extract-batch")(extract_batch)
