"""The Spark engine: same results as in-process extraction, idempotent ingest, batch Parquet files."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sitrep.errors import SitrepError
from sitrep.models import Article
from sitrep.store import Store
from tests.helpers import make_article
from tests.runner.test_ingest import signature


def _spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'sitrep[spark]')"
    java_home = os.environ.get("JAVA_HOME")
    if not (java_home and Path(java_home, "bin", "java").exists()) and shutil.which("java") is None:
        return "Java is not installed (Spark needs a JRE)"
    return None


needs_spark = pytest.mark.skipif(_spark_missing() is not None, reason=_spark_missing() or "")

# Four short reports in our own words: Taliban captures of named districts on given days.
REPORTS = [
    ("Khwahan", "2021-07-06", "Reuters",
     "The Taliban captured Khwahan district of Badakhshan province on 5 July, local officials said. "
     "Government troops withdrew from the district centre after a night of fighting."),
    ("Shekay", "2021-07-05", "Pajhwok",
     "Taliban fighters seized Shekay district in Badakhshan on 4 July, a provincial council member said. "
     "Dozens of soldiers crossed the river into Tajikistan."),
    ("Archi", "2021-07-09", "TASS",
     "The Taliban captured Archi district of Kunduz province on 8 July after government forces retreated, "
     "a police spokesman said."),
    ("Nahrin", "2021-07-12", "Reuters",
     "Taliban insurgents took control of Nahrin district in Baghlan province on 11 July, residents said. "
     "The weather in Kabul was hot."),
]  # fmt: skip


def _articles() -> list[Article]:
    return [
        make_article(text, published=day, source=src, url=f"https://news.example/{name.lower()}")
        for name, day, src, text in REPORTS
    ]


def _write_jsonl(path: Path) -> Path:
    lines = [
        {"url": a.url, "title": None, "published": str(a.published), "source": a.source, "text": a.text}
        for a in _articles()
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def spark(session_home: Path):
    """One local Spark for the module (starting it takes ~10 s); the code under test reuses it."""
    if _spark_missing():
        pytest.skip(_spark_missing() or "")
    from sitrep.runner.spark import start_spark

    session = start_spark("local[2]")
    yield session
    session.stop()


@pytest.fixture(autouse=True)
def _real_pipeline(monkeypatch) -> None:
    monkeypatch.delenv("SITREP_PIPELINE", raising=False)


def _app() -> typer.Typer:
    from sitrep.cli import batch_cmd, store_cmd

    app = typer.Typer()
    store_cmd.register(app)
    batch_cmd.register(app)
    return app


# ---------------------------------------------------------------------- with Spark


@pytest.mark.slow
@needs_spark
def test_spark_results_equal_in_process_results(spark, pipeline) -> None:
    from sitrep.runner.spark import extract_with_spark

    articles = _articles()
    expected = [pipeline.extract(a).model_dump() for a in articles]
    got = list(extract_with_spark(articles, master="local[2]", partitions=2))
    assert [a.id for a, _ in got] == [a.id for a in articles]  # input order kept
    assert [a.model_dump() for a, _ in got] == [a.model_dump() for a in articles]
    assert [r.model_dump() for _, r in got] == expected
    # not a vacuous comparison: every report gives its capture, dated the day before publication
    for article, result in zip(articles, expected, strict=True):
        day = article.published - dt.timedelta(days=1)
        found = [(e["type"], e["actor1"], e["date"]) for e in result["events"]]
        assert ("territory_captured", "Taliban", day) in found, found


@pytest.mark.slow
@needs_spark
def test_ingest_engine_spark_equals_processes_and_is_idempotent(spark, tmp_path: Path) -> None:
    corpus = _write_jsonl(tmp_path / "corpus.jsonl")
    ref_url = f"sqlite:///{tmp_path / 'processes.db'}"
    url = f"sqlite:///{tmp_path / 'spark.db'}"
    run = CliRunner().invoke
    app = _app()
    r = run(app, ["ingest", str(corpus), "--db", ref_url, "--engine", "processes", "--workers", "1",
                  "--no-progress"])  # fmt: skip
    assert r.exit_code == 0, r.output
    spark_cmd = ["ingest", str(corpus), "--db", url, "--engine", "spark", "--spark-master", "local[2]",
                 "--no-progress"]  # fmt: skip
    r = run(app, spark_cmd)
    assert r.exit_code == 0, (r.output, r.exception)
    assert "4 articles ingested, 0 already stored, 0 failed" in " ".join(r.output.split())
    reference = signature(ref_url)
    assert reference and signature(url) == reference

    again = run(app, spark_cmd)
    assert again.exit_code == 0, again.output
    assert "0 articles ingested, 4 already stored" in " ".join(again.output.split())
    assert signature(url) == reference
    store = Store(url)
    assert store.counts()["articles"] == 4
    store.close()


@pytest.mark.slow
@needs_spark
def test_extract_batch_writes_parquet(spark, pipeline, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from sitrep.models import EXPORTED_MODALITIES

    corpus = _write_jsonl(tmp_path / "corpus.jsonl")
    out = tmp_path / "out"
    cmd = ["extract-batch", str(corpus), "--out", str(out), "--spark-master", "local[2]"]
    r = CliRunner().invoke(_app(), cmd)
    assert r.exit_code == 0, (r.output, r.exception)
    table = pq.read_table(out / "events.parquet")
    expected = [
        (a.id, e.type, e.location.admin2, e.date, e.evidence.start, e.evidence.end)
        for a in _articles()
        for e in pipeline.extract(a).events
        if e.modality in EXPORTED_MODALITIES
    ]
    assert f"{len(expected)} events from 4 articles" in " ".join(r.output.split())
    assert {
        "article_id", "source", "published", "type", "actor1", "country", "admin1", "admin2",
        "admin2_pcode", "lat", "lon", "date", "evidence", "evidence_start", "evidence_end", "quantities",
    } <= set(table.column_names)  # fmt: skip
    rows = table.to_pylist()
    got = [(x["article_id"], x["type"], x["admin2"], x["date"], x["evidence_start"], x["evidence_end"])
           for x in rows]  # fmt: skip
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    texts = {a.id: a.text for a in _articles()}
    for x in rows:
        assert texts[x["article_id"]][x["evidence_start"] : x["evidence_end"]] == x["evidence"]
        assert x["source"] in {"Reuters", "Pajhwok", "TASS"} and x["published"] is not None

    again = CliRunner().invoke(_app(), cmd)  # the output is there: refused without --overwrite
    assert again.exit_code != 0 and "already exists" in str(again.exception)


# ---------------------------------------------------------------------- without Spark


def test_missing_pyspark_is_a_clear_error(monkeypatch, tmp_path: Path) -> None:
    from sitrep.runner.spark import check_spark

    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark -> ImportError
    with pytest.raises(SitrepError, match=r"pip install 'sitrep\[spark\]'"):
        check_spark()
    r = CliRunner().invoke(
        _app(), ["ingest", "--samples", "--engine", "spark", "--db", str(tmp_path / "x.db")]
    )
    assert isinstance(r.exception, SitrepError) and "sitrep[spark]" in str(r.exception)


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed")
def test_missing_java_is_a_clear_error(monkeypatch) -> None:
    from sitrep.runner import spark

    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(spark.shutil, "which", lambda name: None)
    with pytest.raises(SitrepError, match="Java"):
        spark.check_spark()


def test_unknown_engine(store: Store) -> None:
    from sitrep.runner.ingest import ingest_articles

    with pytest.raises(SitrepError, match="unknown engine"):
        ingest_articles(store, [], engine="dask")
