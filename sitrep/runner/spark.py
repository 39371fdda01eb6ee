"""Extraction on a Spark cluster, for corpora that outgrow one machine.

Two ways to use it:

* :func:`extract_with_spark` -- the articles are distributed to the executors as
  JSON (``Article.model_dump_json()``), each partition builds the pipeline once
  (:func:`sitrep.pipeline.shared_pipeline`, or ``SITREP_PIPELINE``) and the
  ``(article, result)`` pairs stream back to the driver, which stores them
  (``sitrep ingest --engine spark``: one transaction per article, already stored
  articles skipped before anything is sent to Spark, so resume and idempotence
  are those of :func:`sitrep.runner.ingest.ingest_articles`).
* :func:`write_batch` -- for clusters without access to the database: the
  executors write one row per event straight to Parquet (or JSON Lines) on
  shared storage (``sitrep extract-batch``).

The driver works through the input in chunks of ``chunk_size`` articles so that
its memory stays bounded. Each chunk is extracted by all executors at once
(``persist`` + ``count``; a plain ``toLocalIterator`` would compute one partition
at a time) while the driver streams the previous chunk's results with
``toLocalIterator``.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sitrep.errors import InputError, SitrepError
from sitrep.models import (
    EXPORTED_MODALITIES,
    Article,
    Event,
    ExtractionResult,
    Quantity,
    flat_fields,
    flat_row,
)
from sitrep.pipeline import extract_each
from sitrep.runner.factory import factory_name, load_factory

__all__ = [
    "BatchStats",
    "check_spark",
    "extract_with_spark",
    "spark_extractions",
    "spark_session",
    "start_spark",
    "write_batch",
]

APP_NAME = "sitrep"
INSTALL_HINT = "pip install 'sitrep[spark]'"
DEFAULT_CHUNK = 10_000
_FETCH_POOL = "sitrep-fetch"
_EXTRACT_POOL = "sitrep-extract"
_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark %p %c{1}: %m%n%ex
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = error
"""

# one record from the executors: (article JSON, result JSON or None, error or None, pipeline failed to load)
Record = tuple[str, str | None, str | None, bool]


# ---------------------------------------------------------------------- session


def check_spark() -> None:
    """Raise a one-line :class:`SitrepError` when pyspark or Java is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SitrepError(f"the Spark engine needs pyspark: {INSTALL_HINT}") from exc
    java_home = os.environ.get("JAVA_HOME")
    if java_home and Path(java_home, "bin", "java").exists():
        return
    if shutil.which("java") is None:
        raise SitrepError(
            "the Spark engine needs Java 17 or newer: install a JRE (e.g. apt-get install "
            "default-jre-headless) or set JAVA_HOME"
        )


def _log4j_file() -> str:
    path = Path(tempfile.gettempdir()) / "sitrep-spark-log4j2.properties"
    if not path.exists() or path.read_text(encoding="utf-8") != _LOG4J:
        path.write_text(_LOG4J, encoding="utf-8")
    return str(path)


def start_spark(master: str = "local[*]") -> Any:
    """A SparkSession named "sitrep" on ``master``, with Spark's logging turned down to errors.

    For a local master the executors run this very Python (``PYSPARK_PYTHON``
    unless set); on a cluster, sitrep must be installed on the executors.
    """
    check_spark()
    from pyspark.sql import SparkSession

    if not re.fullmatch(r"local(\[[^\]]+\])?|yarn|(spark|k8s)://\S+", master):
        raise InputError(
            f"bad Spark master {master!r}: local[*], local[N], spark://HOST:PORT, k8s://..., yarn"
        )
    local = master.startswith("local")
    if local:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.appName(APP_NAME)
        .master(master)
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.scheduler.mode", "FAIR")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={_log4j_file()}")
    )
    if local:
        builder = builder.config("spark.ui.enabled", "false")
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - JVM did not start: one line for the user
        raise SitrepError(f"cannot start Spark on {master}: {_first_line(exc)}") from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@contextmanager
def spark_session(master: str = "local[*]") -> Iterator[Any]:
    """The active SparkSession if there is one (left running), else a new one stopped afterwards."""
    check_spark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    spark = start_spark(master)
    try:
        yield spark
    finally:
        spark.stop()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    # Spark's job failures carry the Python traceback of the executor: its last line says what went wrong
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    errors = [x for x in lines if x.split(":", 1)[0].endswith(("Error", "Exception"))]
    line = errors[-1] if errors else (lines[0] if lines else type(exc).__name__)
    return line[:300]


# ---------------------------------------------------------------------- executors


def _build_pipeline(factory: str, env: dict[str, str]) -> Any:
    for key, value in env.items():
        os.environ.setdefault(key, value)
    return load_factory(factory)()


def _extract_partition(factory: str, env: dict[str, str], rows: Iterable[str]) -> Iterator[Record]:
    """Runs on an executor: one pipeline per partition (cached per worker process by the factory)."""
    try:
        pipeline = _build_pipeline(factory, env)
    except Exception as exc:  # noqa: BLE001 - reported back with every article of the partition
        error = f"{type(exc).__name__}: {exc}"
        for row in rows:
            yield row, None, error, True
        return
    it = iter(rows)
    while chunk := list(islice(it, 16)):
        parsed: list[tuple[str, Article]] = []
        for row in chunk:
            try:
                parsed.append((row, Article.model_validate_json(row)))
            except Exception as exc:  # noqa: BLE001 - one bad row does not stop the run
                yield row, None, f"{type(exc).__name__}: {exc}", False
        done = 0
        try:
            for _article, result, error in extract_each(pipeline, [a for _, a in parsed], chunk=16):
                row = parsed[done][0]
                done += 1
                yield row, result.model_dump_json() if result is not None else None, error, False
        except Exception as exc:  # noqa: BLE001 - a pipeline error fails what is left of the chunk
            for row, _ in parsed[done:]:
                yield row, None, f"{type(exc).__name__}: {exc}", False


def _env_for(sc: Any) -> dict[str, str]:
    """Settings the local executors need from the driver (a cluster has its own)."""
    if not str(sc.master).startswith("local"):
        return {}
    return {k: os.environ[k] for k in ("SITREP_HOME",) if os.environ.get(k)}


def _factory() -> str:
    return factory_name()


# ---------------------------------------------------------------------- driver


def _articles(articles_or_paths: Iterable[Article | str | Path]) -> Iterator[Article]:
    from sitrep.ingest import iter_articles

    for item in articles_or_paths:
        if isinstance(item, Article):
            yield item
        else:
            if str(item) != "-" and not Path(item).exists():
                raise InputError(f"no such file or folder: {item}")
            yield from iter_articles([item])


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def _partitions(sc: Any, partitions: int | None, n: int) -> int:
    wanted = partitions if partitions else sc.defaultParallelism * 2
    return max(1, min(wanted, n))


def spark_extractions(
    articles_or_paths: Iterable[Article | str | Path],
    master: str = "local[*]",
    partitions: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> Iterator[tuple[Article, ExtractionResult | None, str | None]]:
    """``(article, result, None)`` or ``(article, None, error)`` for every article, in input order.

    Raises :class:`SitrepError` when the pipeline cannot be built on the
    executors, or the Spark job itself fails.
    """
    from pyspark import StorageLevel

    with spark_session(master) as spark:
        sc = spark.sparkContext
        factory, env = _factory(), _env_for(sc)
        part_fn = functools.partial(_extract_partition, factory, env)
        group = f"sitrep-{id(part_fn):x}"
        pool = ThreadPoolExecutor(1, thread_name_prefix="sitrep-spark")

        def launch(chunk: list[Article]) -> tuple[Any, Future]:
            rdd = (
                sc.parallelize([a.model_dump_json() for a in chunk], _partitions(sc, partitions, len(chunk)))
                .mapPartitions(part_fn)
                .persist(StorageLevel.MEMORY_AND_DISK)
            )

            def run() -> int:
                sc.setLocalProperty("spark.scheduler.pool", _EXTRACT_POOL)
                sc.setJobGroup(group, "sitrep extraction", interruptOnCancel=True)
                return rdd.count()

            return rdd, pool.submit(run)

        chunks = _chunks(_articles(articles_or_paths), max(1, chunk_size))
        sc.setLocalProperty("spark.scheduler.pool", _FETCH_POOL)
        current = None
        try:
            first = next(chunks, None)
            current = launch(first) if first else None
            while current is not None:
                rdd, counted = current
                try:
                    counted.result()
                    nxt = next(chunks, None)
                    current = launch(nxt) if nxt else None  # extracts while this chunk is stored
                    records = rdd.toLocalIterator()
                    for article_json, result_json, error, load_failed in records:
                        if load_failed:
                            raise SitrepError(f"cannot build the extraction pipeline on Spark: {error}")
                        article = Article.model_validate_json(article_json)
                        if result_json is None:
                            yield article, None, error
                        else:
                            yield article, ExtractionResult.model_validate_json(result_json), None
                finally:
                    rdd.unpersist()
        except SitrepError:
            raise
        except Exception as exc:  # noqa: BLE001 - py4j / Spark job failures: one line
            if type(exc).__module__.startswith(("pyspark", "py4j")):
                raise SitrepError(f"the Spark job failed: {_first_line(exc)}") from exc
            raise
        finally:
            if current is not None:
                sc.cancelJobGroup(group)
                current[0].unpersist()
            pool.shutdown(wait=True)
            sc.setLocalProperty("spark.scheduler.pool", None)  # type: ignore[arg-type]


def extract_with_spark(
    articles_or_paths: Iterable[Article | str | Path],
    master: str = "local[*]",
    partitions: int | None = None,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    failures: list[tuple[Article, str]] | None = None,
) -> Iterator[tuple[Article, ExtractionResult]]:
    """Extract ``articles_or_paths`` (Articles, or files/folders for :func:`sitrep.ingest.iter_articles`)
    on Spark; yields ``(article, result)`` in input order as results arrive on the driver.

    ``partitions``: partitions per chunk (default twice Spark's default parallelism).
    An article whose extraction fails is appended to ``failures`` when given,
    else raises :class:`SitrepError`. Uses the active SparkSession if there is one,
    else starts one on ``master`` and stops it at the end.
    """
    for article, result, error in spark_extractions(articles_or_paths, master, partitions, chunk_size):
        if result is not None:
            yield article, result
        elif failures is not None:
            failures.append((article, error or "failed"))
        else:
            raise SitrepError(f"extraction failed for {article.path or article.url or article.id}: {error}")


# ---------------------------------------------------------------------- batch files

BATCH_FORMATS = ("parquet", "jsonl")


@dataclass
class BatchStats:
    read: int = 0  # articles read from the inputs
    skipped: int = 0  # repeated in the input (same content or URL)
    articles: int = 0  # extracted
    events: int = 0  # rows written
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    path: str = ""


# the batch columns: the article's, the event's index in it, the flat fields of Event
# (sitrep.models.flat_fields, the evidence text as ``evidence``), the extractor version
_ARTICLE_COLUMNS = (("article_id", "str"), ("source", "str"), ("published", "date"), ("title", "str"),
                    ("url", "str"), ("event_index", "int"))  # fmt: skip
_BATCH_NAMES = {"evidence_text": "evidence"}


def batch_columns() -> list[tuple[str, str]]:
    """(name, kind) of every column of the batch output, in order."""
    event = [(_BATCH_NAMES.get(f.name, f.name), f.kind) for f in flat_fields(Event)]
    return [*_ARTICLE_COLUMNS, *event, ("extractor_version", "str")]


def _spark_type(kind: str) -> Any:
    from pyspark.sql import types as T

    if kind == "quantities":
        qty = T.StructType([T.StructField(f.name, _spark_type(f.kind)) for f in flat_fields(Quantity)])
        return T.ArrayType(qty)
    return {
        "str": T.StringType(), "text": T.StringType(), "int": T.IntegerType(), "float": T.DoubleType(),
        "bool": T.BooleanType(), "date": T.DateType(),
    }[kind]  # fmt: skip


def _event_schema() -> Any:
    from pyspark.sql import types as T

    return T.StructType([T.StructField(name, _spark_type(kind)) for name, kind in batch_columns()])


def event_rows(article: Article, result: ExtractionResult, include_all: bool = False) -> list[tuple]:
    """One flat row per event, in the column order of the batch schema."""
    fields = flat_fields(Event)
    rows = []
    for n, e in enumerate(result.events):
        if not include_all and e.modality not in EXPORTED_MODALITIES:
            continue
        flat = flat_row(e, fields)
        flat["quantities"] = [tuple(q.values()) for q in flat["quantities"]]
        rows.append(
            (article.id, article.source, article.published, article.title, article.url, n,
             *flat.values(), result.extractor_version)
        )  # fmt: skip
    return rows


def _rows_partition(
    factory: str, env: dict[str, str], include_all: bool, acc: Any, rows: Iterable[str]
) -> Iterator[tuple]:
    """Runs on an executor: extraction records turned into event rows; counts go to ``acc``."""
    articles = failed = events = 0
    errors: list[str] = []
    for article_json, result_json, error, load_failed in _extract_partition(factory, env, rows):
        if load_failed:
            raise RuntimeError(f"cannot build the extraction pipeline on Spark: {error}")
        if result_json is None:
            failed += 1
            if len(errors) < 20:
                a = Article.model_validate_json(article_json)
                errors.append(f"{a.path or a.url or a.id}: {error}")
            continue
        articles += 1
        out = event_rows(
            Article.model_validate_json(article_json), ExtractionResult.model_validate_json(result_json),
            include_all,
        )  # fmt: skip
        events += len(out)
        yield from out
    acc.add((articles, failed, events, errors))


def _stats_param() -> Any:
    from pyspark.accumulators import AccumulatorParam

    class StatsParam(AccumulatorParam):
        def zero(self, value: Any) -> tuple:
            return (0, 0, 0, [])

        def addInPlace(self, a: tuple, b: tuple) -> tuple:  # noqa: N802 - pyspark's name
            return (a[0] + b[0], a[1] + b[1], a[2] + b[2], (a[3] + b[3])[:20])

    return StatsParam()


def _target(out_dir: str, name: str) -> tuple[str, Path | None]:
    """The output URI and, for a local folder, its path (checked on the driver)."""
    if "://" in out_dir and not out_dir.startswith("file://"):
        return out_dir.rstrip("/") + "/" + name, None
    local = Path(out_dir.removeprefix("file://")).expanduser().resolve()
    return str(local / name), local / name


def write_batch(
    articles_or_paths: Iterable[Article | str | Path],
    out_dir: str,
    master: str = "local[*]",
    partitions: int | None = None,
    fmt: str = "parquet",
    overwrite: bool = False,
    include_all: bool = False,
    chunk_size: int = DEFAULT_CHUNK,
    on_chunk: Callable[[BatchStats], None] | None = None,
) -> BatchStats:
    """Extract on Spark and write ``OUT_DIR/events.parquet`` (or ``events.jsonl``): one row per event.

    The executors write the files themselves (a Spark dataset folder of part
    files, readable by pyarrow, pandas, DuckDB and Spark), so ``out_dir`` must be
    storage all of them share on a cluster (HDFS, S3, NFS). No database is used.
    """
    if fmt not in BATCH_FORMATS:
        raise InputError(f"unknown batch format {fmt!r} (one of: {', '.join(BATCH_FORMATS)})")
    uri, local = _target(out_dir, f"events.{fmt}")
    if local is not None:
        if local.exists() and not overwrite:
            raise InputError(f"{local} already exists (use --overwrite)")
        local.parent.mkdir(parents=True, exist_ok=True)
    stats = BatchStats(path=uri)
    seen: set[str] = set()

    def unique(articles: Iterable[Article]) -> Iterator[Article]:
        for a in articles:
            stats.read += 1
            keys = a.identity_keys()
            if keys & seen:
                stats.skipped += 1
                continue
            seen.update(keys)
            yield a

    with spark_session(master) as spark:
        sc = spark.sparkContext
        schema = _event_schema()
        factory, env = _factory(), _env_for(sc)
        mode = "overwrite" if overwrite else "errorifexists"
        try:
            for chunk in _chunks(unique(_articles(articles_or_paths)), max(1, chunk_size)):
                acc = sc.accumulator((0, 0, 0, []), _stats_param())
                part_fn = functools.partial(_rows_partition, factory, env, include_all, acc)
                rdd = sc.parallelize(
                    [a.model_dump_json() for a in chunk], _partitions(sc, partitions, len(chunk))
                ).mapPartitions(part_fn)
                writer = spark.createDataFrame(rdd, schema).write.mode(mode)
                if fmt == "parquet":
                    writer.parquet(uri)
                else:
                    writer.option("compression", "none").json(uri)
                mode = "append"
                articles, failed, events, errors = acc.value
                stats.articles += articles
                stats.failed += failed
                stats.events += events
                stats.errors.extend(errors[: max(0, 20 - len(stats.errors))])
                if on_chunk is not None:
                    on_chunk(stats)
            if mode != "append":  # no article at all: still leave an (empty) dataset behind
                writer = spark.createDataFrame([], schema).write.mode(mode)
                if fmt == "parquet":
                    writer.parquet(uri)
                else:
                    writer.json(uri)
        except SitrepError:
            raise
        except Exception as exc:  # noqa: BLE001 - py4j / Spark failures: one line
            if type(exc).__module__.startswith(("pyspark", "py4j")):
                raise SitrepError(f"the Spark job failed: {_first_line(exc)}") from exc
            raise
    return stats
