"""Merging happens when reports are stored: reads never write, ids are stable, and the
merged events do not depend on the order the articles came in."""

from __future__ import annotations

import hashlib
import sqlite3
import warnings
from pathlib import Path

import pytest

from sitrep.models import EventFilter
from sitrep.store import Store
from tests.helpers import make_article, make_event, make_result, pg_available, temp_database

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)


def _corpus() -> list[tuple[str, str, str, list]]:
    """Articles (text, published, source, events) where several outlets report the same
    events on different days, with different figures and sentences."""
    out = []
    outlets = ["Wire One", "Wire Two", "Daily Three", "Radio Four"]
    places = [("Khwahan", "AF1528"), ("Shekay", "AF1527"), ("Argo", "AF1504")]
    n = 0
    for day in range(1, 13):
        for k, (district, code) in enumerate(places):
            for o, outlet in enumerate(outlets):
                if (day + k + o) % 3:
                    continue
                n += 1
                published = f"2021-07-{day + (o % 2):02d}"
                text = f"Report {n} by {outlet}: fighting near {district} on day {day}."
                evs = [
                    make_event(
                        "armed_clash" if (day + k) % 2 else "territory_captured",
                        district=district,
                        pcode=code,
                        province="Badakhshan",
                        province_pcode="AF15",
                        date=f"2021-07-{day:02d}" if o != 3 else None,
                        actor1="Taliban",
                        fatalities=(10 + o) if (day % 4 == 0) else None,
                        evidence=text,
                    ),
                    make_event("surrender", province="Badakhshan", province_pcode="AF15", evidence=text,
                               date=f"2021-07-{day:02d}", quantities=((20 + 3 * o, "personnel", o == 1),)),
                ]  # fmt: skip
                if o == 2:  # a province-level report of the fighting, without a date
                    evs.append(make_event("armed_clash", province="Badakhshan", province_pcode="AF15",
                                          actor1="Taliban", evidence=text))  # fmt: skip
                out.append((text, published, outlet, evs))
    return out


def _ingest(store: Store, items) -> None:
    for text, published, source, evs in items:
        a = make_article(text, published=published, source=source)
        assert store.add_extraction(a, make_result(a, evs))


def _snapshot(store: Store) -> list[dict]:
    _, events = store.query_events(EventFilter())
    out = []
    for e in events:
        full = store.get_event(e.id)
        assert full is not None
        d = full.model_dump(mode="json")
        d["reports"] = sorted(r["article_id"] for r in d["reports"])
        out.append(d)
    return sorted(out, key=lambda d: d["id"])


def test_merged_events_do_not_depend_on_ingest_order(tmp_path: Path) -> None:
    items = _corpus()
    half = len(items) // 2
    first, second = Store(f"sqlite:///{tmp_path / 'a.db'}"), Store(f"sqlite:///{tmp_path / 'b.db'}")
    _ingest(first, items[:half])
    _ingest(first, items[half:])
    _ingest(second, items[half:])
    _ingest(second, list(reversed(items[:half])))
    a, b = _snapshot(first), _snapshot(second)
    assert len(a) > 10 and any(e["corroboration"] > 1 for e in a)
    assert a == b  # representative sentence, article, sources order, ids: all the same
    # and the same as merging everything from scratch
    first.rebuild_merged()
    assert _snapshot(first) == a


def test_merged_events_same_in_any_order(tmp_path: Path) -> None:
    import random

    items = _corpus()
    reference = Store(f"sqlite:///{tmp_path / 'ref.db'}")
    _ingest(reference, items)
    reference.rebuild_merged()
    want = _snapshot(reference)
    for seed in (1, 2, 3):
        shuffled = list(items)
        random.Random(seed).shuffle(shuffled)
        s = Store(f"sqlite:///{tmp_path / f'{seed}.db'}")
        _ingest(s, shuffled)
        assert _snapshot(s) == want, seed


def test_merged_ids_survive_reingest_and_reextraction(store: Store) -> None:
    items = _corpus()[:12]
    _ingest(store, items)
    before = _snapshot(store)
    # the same articles again: nothing added, nothing changes
    for text, published, source, evs in items:
        a = make_article(text, published=published, source=source)
        assert not store.add_extraction(a, make_result(a, evs))
    assert _snapshot(store) == before
    # a re-extraction (new extractor version) of every article, in another order
    for text, published, source, evs in reversed(items):
        a = make_article(text, published=published, source=source)
        assert store.add_extraction(a, make_result(a, evs, version="next"))
    assert _snapshot(store) == before
    assert not store.needs_merge()


def test_incremental_merge_touches_only_nearby_groups(store: Store) -> None:
    far = make_event("armed_clash", district="Argo", pcode="AF1504", province="Badakhshan",
                     province_pcode="AF15", date="2021-05-01", actor1="Taliban", evidence="Far away.")  # fmt: skip
    a = make_article("Far away.", published="2021-05-02")
    store.add_extraction(a, make_result(a, [far]))
    far_id = store.query_events(EventFilter())[1][0].id
    _ingest(store, _corpus()[:6])
    # the May event was never taken apart: same id, same row
    assert store.get_event(far_id) is not None
    assert store.query_events(EventFilter(date_to=far.date))[0] == 1


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_read_only_sqlite_file_serves_every_get(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from sitrep.api import create_app
    from tests.sample import SampleGazetteer, build_sample_db

    gz = SampleGazetteer()
    path = tmp_path / "sample.db"
    build_sample_db(f"sqlite:///{path}", gz).close()
    # an interrupted write left one report unmerged: a read must not try to merge it
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE reports SET merged_id = NULL WHERE id = (SELECT max(id) FROM reports)")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    digest = _file_hash(path)
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    with TestClient(create_app(url, gazetteer=gz)) as c:
        events = c.get("/api/events").json()
        assert events["total"] > 0
        eid, aid = events["items"][0]["id"], events["items"][0]["article_id"]
        day = c.get("/api/meta").json()["date_to"]
        paths = [
            "/api/events", "/api/events?province=Badakhshan&date_from=2021-07-01&date_to=2021-08-31",
            f"/api/events/{eid}", "/api/articles", f"/api/articles/{aid}", "/api/control",
            f"/api/control?date={day}", "/api/control/series", "/api/claims", "/api/districts",
            "/api/districts/AF1504/events",
            "/api/meta", "/api/export/events.csv", "/api/export/events.geojson", "/api/export/events.jsonl",
            "/api/export/events.parquet", "/api/export/districts.geojson", "/",
        ]  # fmt: skip
        for p in paths:
            r = c.get(p)
            assert r.status_code == 200, (p, r.text[:200])
    assert _file_hash(path) == digest


def test_store_reads_never_write(tmp_path: Path) -> None:
    from sqlalchemy import event as sa_event

    s = Store(f"sqlite:///{tmp_path / 'w.db'}")
    _ingest(s, _corpus()[:8])
    writes: list[str] = []

    def spy(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        if statement.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP"):
            writes.append(statement)

    sa_event.listen(s.engine, "before_cursor_execute", spy)
    with sqlite3.connect(tmp_path / "w.db") as conn:  # a pending report, as after a crash
        conn.execute("UPDATE reports SET merged_id = NULL WHERE id = 1")
    conn.close()
    total, events = s.query_events(EventFilter())
    s.observed_events(EventFilter())
    s.get_event(events[0].id)
    s.date_range()
    s.counts()
    assert writes == []
    assert s.needs_merge()
    s.merge()  # the next write (or `sitrep ingest`) merges it
    assert not s.needs_merge() and s.query_events(EventFilter())[0] == total


def test_upgrade_from_0001_gives_stable_ids(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from sitrep.store.engine import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    # an old database: reports merged with "smallest report id" ids
    with sqlite3.connect(tmp_path / "old.db") as conn:
        conn.execute(
            "INSERT INTO articles VALUES ('a1', 'h1', NULL, NULL, '2021-07-05', 'Wire', NULL, 'text',"
            " 'Khwahan fell.', 0, 0, 'old', '2021-07-05 00:00:00')"
        )
        conn.execute(
            "INSERT INTO reports (article_id, extractor_version, type, country, admin2, date, date_precision,"
            " quantities, modality, evidence_text, evidence_start, evidence_end, confidence, merged_id)"
            " VALUES ('a1', 'old', 'territory_captured', 'AF', 'Khwahan', '2021-07-04', 'day', '[]',"
            " 'reported', 'Khwahan fell.', 0, 13, 0.5, 1)"
        )
        conn.execute(
            "INSERT INTO merged_events (id, type, country, admin2, date, date_precision, obs_date, quantities,"
            " modality, evidence_text, evidence_start, evidence_end, article_id, confidence, sources,"
            " corroboration, conflicting) VALUES (1, 'territory_captured', 'AF', 'Khwahan', '2021-07-04',"
            " 'day', '2021-07-04', '[]', 'reported', 'Khwahan fell.', 0, 13, 'a1', 0.5, '[]', 1, '{}')"
        )
    conn.close()
    engine.dispose()
    s = Store(url)
    total, events = s.query_events(EventFilter())
    assert total == 1 and events[0].id != 1 and events[0].sources == ["Wire"]
    ids = [e.id for e in events]
    s.rebuild_merged()
    assert [e.id for e in s.query_events(EventFilter())[1]] == ids


@pytest.mark.postgres
@pytest.mark.skipif(not pg_available(), reason="SITREP_TEST_PG_URL is not set")
def test_read_only_postgres_role_serves_every_get(tmp_path: Path) -> None:
    import uuid

    from fastapi.testclient import TestClient
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from sitrep.api import create_app
    from tests.sample import SampleGazetteer, build_sample_db

    gz = SampleGazetteer()
    with temp_database("postgres", tmp_path) as url:
        build_sample_db(url, gz).close()
        parsed = make_url(url)
        schema = parsed.query["options"].split("=", 1)[1]
        role = f"ro_{uuid.uuid4().hex[:12]}"
        admin = create_engine(url)
        with admin.begin() as conn:
            # an interrupted write left a report unmerged: no GET may try to merge it
            conn.execute(text("UPDATE reports SET merged_id = NULL WHERE id = (SELECT max(id) FROM reports)"))
            conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
            conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
            conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"'))
        try:
            ro_url = parsed.set(username=role, password=None).render_as_string(hide_password=False)
            with TestClient(create_app(ro_url, gazetteer=gz)) as c:
                events = c.get("/api/events").json()
                assert events["total"] > 0
                eid = events["items"][0]["id"]
                for p in ("/api/events", f"/api/events/{eid}", "/api/articles", "/api/control",
                          "/api/control/series", "/api/claims", "/api/meta", "/api/export/events.csv",
                          "/api/districts/AF1504/events"):  # fmt: skip
                    r = c.get(p)
                    assert r.status_code == 200, (p, r.text[:200])
                c.app.state.ctx.store.close()
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))
            admin.dispose()
