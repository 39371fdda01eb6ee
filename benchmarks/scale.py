"""Store, API and merge at scale: a database of N synthetic merged events.

Builds a database of N merged events (one report each, four per article) spread
over the gazetteer's map districts and 120 days, with bulk inserts (indexes are
dropped during the load and built afterwards). Each stored event has actors of
its own ("Taliban unit 17", "Afghan army unit 17"), so that the database is what
merging would have made (no two stored events are compatible); the new articles
use the usual actor names or none, and so join stored events. Then it measures through the API
(FastAPI TestClient, in process):

- ``events_filtered``: ``GET /api/events?province=P&date_from=D&date_to=D+9``
  (a random province and 10-day window each time);
- ``events_first_page``: ``GET /api/events`` (no filter, first page of 50);
- ``control_day``: ``GET /api/control?date=D`` (a random day each time; the
  first call, which computes the districts' timelines, is reported apart as
  ``control_first_s``);
- ``series_120d_s``: one ``GET /api/control/series`` over the 120 days;

and the cost of ingesting 1,000 new articles (two events each, merged with what
is stored) through :func:`sitrep.runner.ingest.ingest_articles`, with a
synthetic extraction step so that only storing and merging are measured, into
an empty database and into the full one (wall and CPU seconds of this process; the
load average of the machine after each step is in the JSON too).

    python benchmarks/scale.py --events 1000000 --json /tmp/scale.json
    SITREP_TEST_PG_URL=postgresql://... python benchmarks/scale.py --events 1000000 \\
        --backend postgresql --json /tmp/scale-pg.json

The gazetteer is the one of ``SITREP_HOME`` (default: a private temporary home
with the built-in gazetteer; ``--ocha FILE`` imports an OCHA admin-2 file there).
Everything is generated from ``--seed``; the database is removed at the end
unless ``--keep``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# the test helpers (tests/helpers.py, tests/sample.py) import as `tests.*` from the repository root
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TYPES = [  # (type, weight): the control types dominate news of an offensive
    ("armed_clash", 30), ("territory_captured", 20), ("territory_retaken", 8), ("air_strike", 10),
    ("attack_on_captives_or_civilians", 6), ("surrender", 5), ("cross_border_flight", 2),
    ("materiel_captured", 4), ("troop_withdrawal", 3), ("displacement", 4), ("negotiation", 2),
    ("deployment", 3), ("troop_movement", 3),
]  # fmt: skip
ACTORS = ["Taliban", "Afghan government forces", "Afghan National Army", "Afghan police", None]
SOURCES = ["Wire One", "Wire Two", "Daily Three", "Radio Four", "Agency Five", "Channel Six"]
DAYS = 120
START = dt.date(2021, 5, 1)
EVENTS_PER_ARTICLE = 4


def _hex(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


class Synth:
    """Deterministic synthetic events over the map's districts."""

    def __init__(self, districts: list[Any], seed: int, days: int = DAYS) -> None:
        self.districts = districts
        self.provinces = sorted({(d.admin1, d.admin1_pcode) for d in districts if d.admin1})
        self.rng = random.Random(seed)
        self.days = days
        self.types = [t for t, _ in TYPES]
        self.weights = [w for _, w in TYPES]

    def event(self, unit: int | None = None) -> dict[str, Any]:
        """One event; with ``unit``, its actors are that unit's own (so that the stored
        events are already merged: no two of them can be the same event)."""
        rng = self.rng
        day = START + dt.timedelta(days=rng.randrange(self.days))
        kind = rng.random()
        loc: dict[str, Any] = {"country": "AF"}
        if kind < 0.85:
            d = rng.choice(self.districts)
            loc.update(admin1=d.admin1, admin1_pcode=d.admin1_pcode, admin2=d.admin2 or d.name,
                       admin2_pcode=d.admin2_pcode or d.id, lat=d.lat, lon=d.lon, geo_precision="district")  # fmt: skip
        elif kind < 0.97:
            name, code = rng.choice(self.provinces)
            loc.update(admin1=name, admin1_pcode=code, geo_precision="province")
        else:
            loc.update(geo_precision="country")
        p = rng.random()
        precision = "day" if p < 0.85 else "week" if p < 0.90 else "month" if p < 0.93 else "unknown"
        published = day + dt.timedelta(days=rng.randrange(3))
        typ = rng.choices(self.types, self.weights)[0]
        if unit is None:
            a1, a2 = rng.choice(ACTORS), rng.choice(ACTORS) if typ == "armed_clash" else None
        else:
            sides = [f"Taliban unit {unit}", f"Afghan army unit {unit}"]
            rng.shuffle(sides)
            a1, a2 = sides[0], sides[1] if typ == "armed_clash" else None
        return {
            "type": typ,
            "actor1": a1,
            "actor2": a2,
            "loc": loc,
            "date": None if precision == "unknown" else day,
            "date_precision": precision,
            "published": published,
            "fatalities": rng.choice([None, None, None, rng.randrange(1, 40)]),
            "source": rng.choice(SOURCES),
        }


# ---------------------------------------------------------------------- building


def _drop_indexes(conn: Any, tables: list[Any]) -> list[Any]:
    dropped = []
    for t in tables:
        for idx in list(t.indexes):
            idx.drop(conn)
            dropped.append(idx)
    return dropped


def build(url: str, districts: list[Any], n: int, seed: int) -> float:
    """Fill an empty database with ``n`` merged events; returns the seconds it took."""
    from sqlalchemy import insert

    from sitrep.analysis.merge import area_key
    from sitrep.store import Store, stats
    from sitrep.store.schema import ArticleRow, MergedEventRow, ReportRow

    started = time.perf_counter()
    store = Store(url)
    synth = Synth(districts, seed)
    tables = [ArticleRow.__table__, ReportRow.__table__, MergedEventRow.__table__]
    now = dt.datetime(2021, 9, 1)
    with store.engine.begin() as conn:
        dropped = _drop_indexes(conn, tables)
        stats.suspend(conn)  # the counting triggers: put back with a recount below
        chunk = 20_000
        for lo in range(0, n, chunk):
            arts, reps, merged = [], [], []
            for i in range(lo, min(n, lo + chunk)):
                e = synth.event(unit=i)
                a_no = i // EVENTS_PER_ARTICLE
                h = _hex("article", seed, a_no)
                text = f"Synthetic article {a_no}: a report of fighting and movements in several districts."
                if i % EVENTS_PER_ARTICLE == 0:
                    arts.append({
                        "id": h[:16], "content_hash": h, "url": None, "title": f"Article {a_no}",
                        "published": e["published"], "source": e["source"], "path": None, "fmt": "text",
                        "text": text, "raw_chars": len(text), "removed_chars": 0,
                        "extractor_version": "synthetic", "ingested_at": now,
                    })  # fmt: skip
                loc = e["loc"]
                ev_text = f"Event {i} of a synthetic article."
                common = {
                    "type": e["type"], "actor1": e["actor1"], "actor2": e["actor2"],
                    "country": loc.get("country"), "admin1": loc.get("admin1"), "admin2": loc.get("admin2"),
                    "admin1_pcode": loc.get("admin1_pcode"), "admin2_pcode": loc.get("admin2_pcode"),
                    "place": None, "lat": loc.get("lat"), "lon": loc.get("lon"),
                    "geo_precision": loc.get("geo_precision"), "date": e["date"],
                    "date_precision": e["date_precision"], "quantities": [], "fatalities": e["fatalities"],
                    "modality": "reported", "attributed_to": None, "transfer": None,
                    "evidence_text": ev_text, "evidence_start": 0, "evidence_end": len(ev_text),
                    "confidence": 0.6,
                }  # fmt: skip
                mid = i + 1
                reps.append({**common, "id": mid, "article_id": h[:16], "extractor_version": "synthetic",
                             "trigger": None, "merged_id": mid})  # fmt: skip
                merged.append({
                    **common, "id": mid, "obs_date": e["date"] or e["published"], "article_id": h[:16],
                    "sources": [e["source"]], "corroboration": 1, "conflicting": {},
                    "area_key": area_key(loc.get("country"), loc.get("admin1"), loc.get("admin2"),
                                         loc.get("admin1_pcode")),
                    "mixed": False,
                })  # fmt: skip
            if arts:
                conn.execute(insert(ArticleRow.__table__), arts)
            conn.execute(insert(ReportRow.__table__), reps)
            conn.execute(insert(MergedEventRow.__table__), merged)
            print(f"  {min(n, lo + chunk):>9,} events", end="\r", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        for idx in dropped:
            idx.create(conn)
        stats.resume(conn)
        assert stats.read(conn)["events"] == n  # the counts the first page gives as its total
        if conn.dialect.name == "postgresql":  # ids were given: move the sequence past them
            from sqlalchemy import text

            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('reports', 'id'), (SELECT max(id) FROM reports))")
            )
    if store.engine.dialect.name == "postgresql":
        # statistics for the planner after a bulk load, as an operator runs it (else autovacuum
        # analyses the million rows in the middle of the measured ingest, and plans are guessed)
        from sqlalchemy import text

        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    store.close()
    return time.perf_counter() - started


# ---------------------------------------------------------------------- ingest


class SyntheticPipeline:
    """Extraction stand-in: the events registered for each article's content hash."""

    results: dict[str, Any] = {}

    def extract(self, article: Any) -> Any:
        return SyntheticPipeline.results[article.content_hash]


def synthetic_pipeline() -> SyntheticPipeline:
    return SyntheticPipeline()


def new_articles(districts: list[Any], count: int, seed: int) -> list[Any]:
    from sitrep import EXTRACTOR_VERSION
    from sitrep.models import Article, DocumentInfo, Event, Evidence, ExtractionResult, Location

    synth = Synth(districts, seed + 1)
    out = []
    for k in range(count):
        evs = [synth.event() for _ in range(2)]
        text = f"New synthetic article {seed}-{k}: " + " ".join(
            f"Sentence {j} about {e['type'].replace('_', ' ')} in {e['loc'].get('admin2') or 'the province'}."
            for j, e in enumerate(evs)
        )
        h = _hex(text)
        published = max(e["published"] for e in evs)
        source = evs[0]["source"]
        art = Article(id=h[:16], content_hash=h, text=text, published=published, source=source, fmt="text")
        events = []
        for j, e in enumerate(evs):
            sentence = f"Sentence {j}"
            start = text.index(sentence)
            events.append(
                Event(
                    type=e["type"], actor1=e["actor1"], actor2=e["actor2"],
                    location=Location(**{k2: v for k2, v in e["loc"].items()}),
                    date=e["date"], date_precision=e["date_precision"], fatalities=e["fatalities"],
                    evidence=Evidence(text=sentence, start=start, end=start + len(sentence)),
                )
            )  # fmt: skip
        SyntheticPipeline.results[h] = ExtractionResult(
            document=DocumentInfo(id=art.id, published=published, source=source, text_chars=len(text)),
            events=events,
            extractor_version=EXTRACTOR_VERSION,
        )
        out.append(art)
    return out


def time_ingest(url: str, articles: list[Any]) -> tuple[float, Any, float]:
    """Wall seconds, the ingest's stats, and the CPU seconds of this process (with one
    worker the work is done here; on a shared machine the CPU time moves less than the
    wall time; a PostgreSQL server's own CPU time is not in it)."""
    from sitrep.runner.factory import PIPELINE_ENV
    from sitrep.runner.ingest import ingest_articles
    from sitrep.store import Store

    os.environ[PIPELINE_ENV] = f"{__name__}:synthetic_pipeline"
    store = Store(url)
    started, cpu = time.perf_counter(), time.process_time()
    stats = ingest_articles(store, articles, workers=1, progress=False)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    store.close()
    assert stats.added == len(articles), stats
    return seconds, stats, cpu


def load_average() -> float | None:
    """The 1-minute load average (None where the system has none)."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


# ---------------------------------------------------------------------- reads


def _ms(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return {"p50": round(statistics.median(samples) * 1000, 1), "p95": round(cuts[18] * 1000, 1)}


def measure_reads(url: str, gazetteer: Any, reps: int, seed: int) -> dict[str, Any]:
    warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
    from fastapi.testclient import TestClient

    from sitrep.api import create_app

    rng = random.Random(seed + 2)
    out: dict[str, Any] = {}
    with TestClient(create_app(url, gazetteer=gazetteer)) as c:
        provinces = sorted({d.admin1 for d in c.app.state.ctx.districts() if d.admin1})

        def get(path: str) -> float:
            t = time.perf_counter()
            r = c.get(path)
            took = time.perf_counter() - t
            if r.status_code != 200:
                raise SystemExit(f"GET {path}: {r.status_code} {r.text[:200]}")
            return took

        def day() -> dt.date:
            return START + dt.timedelta(days=rng.randrange(DAYS))

        out["control_first_s"] = round(get(f"/api/control?date={day()}"), 3)
        samples: dict[str, list[float]] = {"events_filtered": [], "events_first_page": [], "control_day": []}
        get("/api/events")
        for _ in range(reps):
            d = day()
            p = rng.choice(provinces)
            samples["events_filtered"].append(
                get(f"/api/events?province={p}&date_from={d}&date_to={d + dt.timedelta(days=9)}")
            )
            samples["events_first_page"].append(get("/api/events"))
            samples["control_day"].append(get(f"/api/control?date={day()}"))
        stats = {k: _ms(v) for k, v in samples.items()}
        out["p95_ms"] = {k: v["p95"] for k, v in stats.items()}
        out["p50_ms"] = {k: v["p50"] for k, v in stats.items()}
        end = START + dt.timedelta(days=DAYS - 1)
        out["series_120d_s"] = round(get(f"/api/control/series?start={START}&end={end}"), 3)
    return out


# ---------------------------------------------------------------------- main


@contextmanager
def database(backend: str, folder: Path, name: str, keep: bool) -> Iterator[str]:
    if backend == "sqlite":
        path = folder / f"{name}.db"
        yield f"sqlite:///{path}"
        if not keep:
            for p in folder.glob(f"{name}.db*"):
                p.unlink()
        return
    from tests.helpers import temp_database

    with temp_database("postgres", folder) as url:
        yield url


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000, help="merged events in the database")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite",
                    help="postgresql: a throw-away schema on SITREP_TEST_PG_URL")  # fmt: skip
    ap.add_argument("--reps", type=int, default=50, help="requests per measured read")
    ap.add_argument("--articles", type=int, default=1000, help="articles of the ingest measurement")
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--dir", type=Path, help="folder for the SQLite files (default: a temporary one)")
    ap.add_argument("--ocha", type=Path, help="import this OCHA admin-2 GeoJSON into the gazetteer first")
    ap.add_argument("--keep", action="store_true", help="keep the SQLite databases")
    args = ap.parse_args(argv)
    if args.events < 1:
        ap.error("--events must be at least 1")
    if args.backend == "postgresql" and not os.environ.get("SITREP_TEST_PG_URL"):
        print("scale.py: --backend postgresql needs SITREP_TEST_PG_URL", file=sys.stderr)
        return 2
    folder = args.dir or Path(tempfile.mkdtemp(prefix="sitrep-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SITREP_HOME", str(folder / "home"))

    from sitrep.api.geodata import map_districts
    from sitrep.geo import import_ocha, load_gazetteer

    if args.ocha:
        import_ocha(args.ocha)
    gazetteer = load_gazetteer()
    shapes = gazetteer.district_shapes() if hasattr(gazetteer, "district_shapes") else {}
    districts = map_districts(gazetteer, dict(shapes or {}))
    print(f"{len(districts)} districts; building {args.events:,} events ({args.backend})", file=sys.stderr)

    result: dict[str, Any] = {"events": args.events, "backend": args.backend}
    articles = new_articles(districts, args.articles, args.seed)
    load: dict[str, float | None] = {}  # the machine's load average after each step
    with database(args.backend, folder, "empty", args.keep) as url:
        seconds, _, cpu = time_ingest(url, articles)
        result["ingest_1000_s"] = {"empty": round(seconds, 2)}
        result["ingest_1000_cpu_s"] = {"empty": round(cpu, 2)}
        load["ingest_empty"] = load_average()
    with database(args.backend, folder, "full", args.keep) as url:
        result["build_s"] = round(build(url, districts, args.events, args.seed), 1)
        load["build"] = load_average()
        print(f"built in {result['build_s']} s; reading", file=sys.stderr)
        result.update(measure_reads(url, gazetteer, args.reps, args.seed))
        load["reads"] = load_average()
        print("ingesting into the full database", file=sys.stderr)
        seconds, _, cpu = time_ingest(url, articles)
        load["ingest_full"] = load_average()
        result["ingest_1000_s"]["full"] = round(seconds, 2)
        result["ingest_1000_cpu_s"]["full"] = round(cpu, 2)
        result["ingest_ratio"] = round(result["ingest_1000_s"]["full"] / result["ingest_1000_s"]["empty"], 2)
        result["ingest_cpu_ratio"] = round(cpu / max(result["ingest_1000_cpu_s"]["empty"], 1e-9), 2)
    result["load_average"] = load
    result["districts"] = len(districts)
    result["days"] = DAYS
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
