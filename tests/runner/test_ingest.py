"""Ingest runs: idempotent, parallel, and resumable after ``kill -9``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from sitrep.models import EventFilter
from sitrep.store import Store

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
DISTRICTS = [
    ("Khwahan", "Badakhshan"), ("Shekay", "Badakhshan"), ("Nusay", "Badakhshan"), ("Yamgan", "Badakhshan"),
    ("Jurm", "Badakhshan"), ("Baharak", "Badakhshan"), ("Ishkashim", "Badakhshan"), ("Zebak", "Badakhshan"),
    ("Archi", "Kunduz"), ("Khanabad", "Kunduz"), ("Nahrin", "Baghlan"), ("Burka", "Baghlan"),
]  # fmt: skip
SOURCES = ("Reuters", "TASS", "Pajhwok")


def write_corpus(path: Path, n: int = 30) -> Path:
    """``n`` short articles in our own words; some report the same capture (they merge)."""
    lines = []
    for i in range(n):
        district, province = DISTRICTS[i % len(DISTRICTS)]
        day = 1 + (i % 12) + 3 * (i // 24)
        actor, verb = ("Afghan forces", "retook") if i % 7 == 6 else ("The Taliban", "captured")
        body = (
            f"{actor} {verb} {district} district of {province} province on {day} July, local officials said. "
            f"Residents described the situation in the district centre as tense (report {i})."
        )
        lines.append(
            {
                "url": f"https://news.example/{i}",
                "title": f"{district}: report {i}",
                "published": f"2021-07-{day + 1:02d}",
                "source": SOURCES[i % len(SOURCES)],
                "text": body,
            }
        )
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def _env(fake: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), str(ROOT), env.get("PYTHONPATH")) if p)
    if fake:
        env["SITREP_PIPELINE"] = "fakepipe:make"
    else:
        env.pop("SITREP_PIPELINE", None)
    return env


def _cmd(corpus: Path, url: str, workers: int) -> list[str]:
    return [sys.executable, "-m", "sitrep.cli", "ingest", str(corpus), "--db", url, "--workers", str(workers),
            "--no-progress"]  # fmt: skip


def _articles(url: str) -> int:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0
    except Exception:  # noqa: BLE001 - the schema may not exist yet
        return 0
    finally:
        engine.dispose()


def signature(url: str) -> list[tuple]:
    store = Store(url)
    try:
        _, events = store.query_events(EventFilter())
        rows = []
        for e in events:
            full = store.get_event(e.id)
            assert full is not None
            loc = e.location
            rows.append(
                (e.type, e.actor1, loc.admin1, loc.admin2, loc.admin2_pcode, str(e.date), e.corroboration,
                 tuple(sorted(e.sources)), tuple(sorted(r.evidence.text for r in full.reports)))
            )  # fmt: skip
        return sorted(rows, key=repr)
    finally:
        store.close()


def _pipeline_works() -> str | None:
    try:
        from sitrep.pipeline import shared_pipeline
        from tests.helpers import make_article

        shared_pipeline().extract(
            make_article("The Taliban captured Khwahan district.", published="2021-07-05")
        )
    except Exception as exc:  # noqa: BLE001
        return f"the extraction pipeline does not work yet: {type(exc).__name__}: {exc}"
    return None


def test_ingest_is_idempotent_and_parallel(store: Store, tmp_path: Path, monkeypatch) -> None:
    from sitrep.ingest import iter_articles
    from sitrep.runner.ingest import ingest_articles

    monkeypatch.syspath_prepend(str(HERE))
    monkeypatch.setenv("SITREP_PIPELINE", "fakepipe:make")
    import fakepipe

    monkeypatch.setattr(fakepipe.FakePipeline, "delay", 0.0)
    corpus = write_corpus(tmp_path / "corpus.jsonl", n=12)
    first = ingest_articles(store, iter_articles([corpus]), workers=1, progress=False)
    assert (first.read, first.added, first.failed) == (12, 12, 0)
    again = ingest_articles(store, iter_articles([corpus, corpus]), workers=2, progress=False)
    assert (again.read, again.added, again.skipped) == (24, 0, 24)
    assert store.counts()["articles"] == 12 and first.events == again.events == 12


@pytest.mark.slow
@pytest.mark.parametrize("pipeline", ["fake", "real"])
def test_kill_9_then_resume_gives_the_same_events(db_url: str, tmp_path: Path, pipeline: str) -> None:
    fake = pipeline == "fake"
    if not fake:
        if "postgres" in db_url:
            pytest.skip("the real pipeline runs against SQLite only (time)")
        reason = _pipeline_works()
        if reason:
            pytest.skip(reason)
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    env = _env(fake)
    # an uninterrupted run (in this process) into its own database
    from sitrep.ingest import iter_articles
    from sitrep.runner.ingest import ingest_articles

    ref_url = f"sqlite:///{tmp_path / 'reference.db'}"
    with pytest.MonkeyPatch.context() as mp:
        if fake:
            mp.syspath_prepend(str(HERE))
            mp.setenv("SITREP_PIPELINE", "fakepipe:make")
            import fakepipe

            mp.setattr(fakepipe.FakePipeline, "delay", 0.0)
        ref = Store(ref_url)
        ingest_articles(ref, iter_articles([corpus]), workers=1, progress=False)
        ref.close()
    reference = signature(ref_url)
    assert len(reference) >= 5

    proc = subprocess.Popen(
        _cmd(corpus, db_url, 2), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 240
    try:
        while _articles(db_url) < 4:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "ingest committed nothing in time"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its workers
        proc.wait(timeout=30)
    committed = _articles(db_url)
    assert 4 <= committed < 30, "the kill came too late to test a resume"

    resumed = subprocess.run(_cmd(corpus, db_url, 2), env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{30 - committed} articles ingested, {committed} already stored" in " ".join(
        resumed.stdout.split()
    )
    assert _articles(db_url) == 30
    assert signature(db_url) == reference


@pytest.mark.parametrize("workers", [1, 2])
def test_one_failing_article_fails_alone(db_url: str, tmp_path: Path, workers: int) -> None:
    # 40 articles: the worker pool gets them in chunks of several, the bad one among them
    corpus = write_corpus(tmp_path / "corpus.jsonl", n=40)
    bad = {"url": "https://news.example/bad", "published": "2021-07-09", "source": "Reuters",
           "text": "The Taliban captured Jurm district of Badakhshan province on 8 July. EXPLODE"}  # fmt: skip
    lines = corpus.read_text(encoding="utf-8").splitlines()
    lines.insert(5, json.dumps(bad))
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = _env(fake=True)
    env["SITREP_PIPELINE"] = "fakepipe:make_batched"
    run = subprocess.run(_cmd(corpus, db_url, workers), env=env, capture_output=True, text=True, timeout=300)
    out = " ".join((run.stdout + run.stderr).split())
    assert "40 articles ingested, 0 already stored, 1 failed" in out, out
    assert "corpus.jsonl:6: ValueError: the parser choked" in out
    assert _articles(db_url) == 40
