"""Ingest under bad records, signals and races (issue 10): nothing good is lost, the exit code
says what happened, no process outlives the run, and new databases are created once."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from sitrep.models import DocumentInfo, Event, Evidence, ExtractionResult, Location
from sitrep.store import RecordError, Store
from tests.helpers import make_article

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from test_ingest import _articles, _cmd, _env, write_corpus  # noqa: E402

GOOD = "Militia fighters took the river crossing near the old fort on Tuesday, elders in the valley said."


def _run(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep.cli", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


# ---------------------------------------------------------------------- bad records


def _hostile_corpus(path: Path) -> Path:
    """Three good articles and three that PostgreSQL refused before (long source, NULs)."""
    lines = write_corpus(path, n=3).read_text(encoding="utf-8").splitlines()
    base = json.loads(lines[0])
    for i, extra in enumerate(
        [
            {"source": "S" * 300},
            {"title": "Head\u0000line", "source": "Wire\u0000"},
            {"text": base["text"].replace("officials", "offi\u0000cials") + " Second copy."},
        ]
    ):
        rec = dict(base, url=f"https://news.example/hostile-{i}", text=base["text"] + f" Copy {i}.")
        rec.update(extra)
        lines.append(json.dumps(rec))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_hostile_values_are_stored_alike_on_every_backend(db_url: str, tmp_path: Path) -> None:
    corpus = _hostile_corpus(tmp_path / "corpus.jsonl")
    run = _run([*_cmd(corpus, db_url, 1)[3:]], _env(fake=True))
    assert run.returncode == 0, run.stderr
    assert "6 articles ingested, 0 already stored, 0 failed" in " ".join(run.stdout.split())
    store = Store(db_url)
    try:
        arts = {a.url: a for a in store.stale_articles("", everything=True)}
    finally:
        store.close()
    assert len(arts) == 6
    assert arts["https://news.example/hostile-0"].source == "S" * 200  # cut to the column
    assert arts["https://news.example/hostile-1"].title == "Head line"
    assert all("\x00" not in (a.text + (a.title or "") + (a.source or "")) for a in arts.values())


def _result(article, fatalities: int | None = None) -> ExtractionResult:
    event = Event(
        type="territory_captured",
        actor1="Taliban",
        location=Location(country="AF", admin1="Kunduz", admin2="Archi", geo_precision="district"),
        fatalities=fatalities,
        evidence=Evidence(text=article.text[:20], start=0, end=20),
    )
    from sitrep import EXTRACTOR_VERSION

    info = DocumentInfo(id=article.id, published=article.published, source=article.source, url=article.url)
    return ExtractionResult(document=info, events=[event], extractor_version=EXTRACTOR_VERSION)


def test_a_value_the_database_refuses_costs_only_its_article(store: Store, monkeypatch) -> None:
    from sitrep.runner import ingest as ingest_mod

    bad = make_article(GOOD + " Bad one.", url="https://x.test/bad")
    bad = bad.model_copy(update={"path": "corpus.jsonl:2"})
    with pytest.raises(RecordError, match="corpus.jsonl:2: the database refused the article"):
        store.add_extraction(bad, _result(bad, fatalities=2**70))  # no integer column takes it
    assert store.counts()["articles"] == 0  # nothing half-written

    class Pipe:
        def extract(self, article):
            return _result(article, fatalities=2**70 if "Bad" in article.text else 3)

    monkeypatch.setattr(ingest_mod, "load_factory", lambda name: Pipe)
    articles = [make_article(GOOD + f" Report {i}.") for i in range(3)]
    articles.insert(1, bad)
    stats = ingest_mod.ingest_articles(store, articles, workers=1, progress=False)
    assert (stats.added, stats.failed) == (3, 1)
    assert stats.errors == [stats.errors[0]] and stats.errors[0].startswith("corpus.jsonl:2: the database refused")


# ---------------------------------------------------------------------- exit codes


def test_exit_codes(tmp_path: Path) -> None:
    env = _env(fake=True)
    env["SITREP_PIPELINE"] = "fakepipe:make_batched"
    db = f"sqlite:///{tmp_path / 'x.db'}"
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(GOOD, encoding="utf-8")
    b.write_text(GOOD.replace("Tuesday", "Wednesday"), encoding="utf-8")
    noise = tmp_path / "random.bin"
    noise.write_bytes(os.urandom(4096))
    boom = tmp_path / "boom.txt"
    boom.write_text("The Taliban captured Jurm district of Badakhshan province on 8 July. EXPLODE", encoding="utf-8")

    only_bad = _run(["ingest", str(noise), "--db", db, "--no-progress"], env)
    assert only_bad.returncode == 2, only_bad.stderr
    assert "random.bin" in only_bad.stderr and "Traceback" not in only_bad.stderr

    mixed = _run(["ingest", str(a), str(noise), str(b), "--db", db, "--no-progress"], env)
    assert mixed.returncode == 1, mixed.stderr
    assert "2 articles ingested, 0 already stored, 1 failed" in " ".join(mixed.stdout.split())
    assert f"skipped: {noise} looks binary" in " ".join(mixed.stderr.split())

    again = _run(["ingest", str(a), str(b), "--db", db, "--no-progress"], env)
    assert again.returncode == 0, again.stderr  # already stored is fine

    failed = _run(["ingest", str(boom), "--db", db, "--no-progress"], env)
    assert failed.returncode == 2 and "the parser choked" in failed.stderr


def test_main_returns_the_commands_exit_code(monkeypatch, capsys, tmp_path: Path) -> None:
    from sitrep.cli import main

    noise = tmp_path / "random.bin"
    noise.write_bytes(os.urandom(4096))
    monkeypatch.setattr(sys, "argv", ["sitrep", "ingest", str(noise), "--db", str(tmp_path / "y.db"), "--no-progress"])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["serve", "--port", "99999"], "Invalid value for '--port'"),
        (["events", "--db", ":::"], "not a database URL: ':::'"),
        (["events", "--db", "postgresql://bob:s3cr/et@[::1/x"], "not a database URL"),
        (["events", "--db", "postgres:/bob:s3cr/et@host/x"], "not a database URL"),
        (["events", "--db", "bob:s3cret@host:5432"], "not a database URL"),
        (["ingest", "--workers", "0", "x"], "Invalid value for '--workers'"),
    ],
)
def test_bad_options_are_one_line(monkeypatch, capsys, tmp_path: Path, args: list[str], expected: str) -> None:
    from sitrep.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["sitrep", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert expected in err and len(err.strip().splitlines()) == 1
    assert "s3cr" not in err
    assert not any(tmp_path.iterdir())  # no file named ':::'


def test_workers_are_capped_at_the_cpu_count(store: Store, monkeypatch) -> None:
    from sitrep.runner import ingest as ingest_mod

    monkeypatch.setattr(ingest_mod, "max_workers", lambda: 1)
    seen: list[str] = []

    class Pipe:
        def extract(self, article):
            seen.append(article.id)
            return _result(article)

    monkeypatch.setattr(ingest_mod, "load_factory", lambda name: Pipe)  # only the in-process path uses it
    out = io.StringIO()
    stats = ingest_mod.ingest_articles(
        store, [make_article(GOOD)], workers=64, progress=False, console=Console(file=out, width=200)
    )
    assert stats.added == 1 and len(seen) == 1
    assert "64 workers asked for, 1 CPUs here: using 1" in out.getvalue()


# ---------------------------------------------------------------------- signals and orphans


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pids: list[int]) -> list[int]:
    living = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
                if fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X"):
                    living.append(pid)
        except (OSError, IndexError):
            pass
    return living


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm", "kill-9"])
def test_a_stopped_ingest_leaves_no_process_behind(tmp_path: Path, how: str) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", n=60)
    db = f"sqlite:///{tmp_path / 'stop.db'}"
    proc = subprocess.Popen(
        _cmd(corpus, db, 2), env=_env(fake=True), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    family: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while _articles(db) < 3:  # the workers are at work
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "ingest committed nothing in time"
            time.sleep(0.1)
        family = _descendants(proc.pid)
        assert len(family) >= 2  # the workers (and the fork server, the resource tracker)
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)  # a terminal sends it to the whole group
        else:
            os.kill(proc.pid, signal.SIGTERM if how == "sigterm" else signal.SIGKILL)
        # the pipes close only when every process that inherited them is gone
        out, err = proc.communicate(timeout=30)
        deadline = time.monotonic() + 10
        while _alive(family) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _alive(family) == [], f"left behind after {how}"
    finally:
        if proc.poll() is None or _alive(family):
            os.killpg(proc.pid, signal.SIGKILL)
            for pid in _alive(family):
                os.kill(pid, signal.SIGKILL)
    if how == "kill-9":
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 130, err
        # one summary line and no traceback; the interpreter's own resource tracker may add its
        # "leaked semaphore" warning when the signal lands while a queue is open (timing)
        lines = [x for x in err.splitlines() if x.strip()]
        summary = [x for x in lines if x.startswith("interrupted: ")]
        assert len(summary) == 1 and "articles stored" in summary[0], err
        assert "Traceback" not in err, err
        assert all(x in summary or "resource_tracker" in x or "warnings.warn" in x for x in lines), err
    stored = _articles(db)
    assert 3 <= stored < 60
    resumed = subprocess.run(_cmd(corpus, db, 2), env=_env(fake=True), capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert _articles(db) == 60


# ---------------------------------------------------------------------- schema creation race


def test_first_time_concurrent_opens_create_the_schema_once(db_url: str) -> None:
    # separate processes, as concurrent `sitrep ingest` runs are; they start together
    go = time.time() + 4
    code = (
        "import sys, time; from sitrep.store import Store; "
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time())); Store(sys.argv[1]).close()"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE.parent.parent), os.environ.get("PYTHONPATH")]))}
    procs = [
        subprocess.Popen([sys.executable, "-c", code, db_url, str(go)], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(5)
    ]
    errors = []
    for p in procs:
        try:
            _, err = p.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            p.kill()
            _, err = p.communicate()
        if p.returncode != 0:
            errors.append(err.strip().splitlines()[-1] if err.strip() else f"exit {p.returncode}")
    assert errors == []
    store = Store(db_url)
    try:
        assert store.counts()["articles"] == 0
    finally:
        store.close()


def test_articles_are_read_while_others_are_extracted(store: Store, monkeypatch) -> None:
    # a corpus is not held in memory: extraction starts after a read-ahead window
    from sitrep.runner import ingest as ingest_mod

    total = ingest_mod.READ_AHEAD + 300
    read = 0
    read_at_first_extract: list[int] = []

    def corpus():
        nonlocal read
        for i in range(total):
            read += 1
            yield make_article(f"{GOOD} Report {i}.")

    class Pipe:
        def extract(self, article):
            read_at_first_extract.append(read)
            return _result(article)

    monkeypatch.setattr(ingest_mod, "load_factory", lambda name: Pipe)
    stats = ingest_mod.ingest_articles(store, corpus(), workers=1, progress=False)
    assert stats.added == total and stats.read == total
    assert read_at_first_extract[0] <= ingest_mod.READ_AHEAD + 1 < total
