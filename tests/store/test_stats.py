"""Row counts and the data version kept by triggers (``store_stats``) agree with the tables
after every kind of write, and the version changes with each of them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from sitrep.models import Claim, EventFilter, Evidence
from sitrep.store import Store, stats
from sitrep.store.schema import ArticleRow, ClaimRow, MergedEventRow, ReportRow
from tests.helpers import make_article, make_event, make_result


def _real(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            name: conn.scalar(select(func.count()).select_from(t))
            for name, t in (("articles", ArticleRow), ("reports", ReportRow), ("events", MergedEventRow),
                            ("claims", ClaimRow))
        }  # fmt: skip


def _claim(day: str) -> Claim:
    ev = Evidence(text="The group said it held 60 percent of the districts.", start=0, end=50)
    return Claim(claimant="the group", metric="districts_controlled", value=60.0, unit="percent",
                 date=day, evidence=ev)  # fmt: skip


def test_counts_and_version_follow_every_write(store: Store) -> None:
    versions = [store.data_version()]

    def check() -> None:
        assert store.counts() == _real(store)
        assert store.query_events(EventFilter(limit=1))[0] == _real(store)["events"]
        versions.append(store.data_version())
        assert versions[-1] != versions[-2]  # every write moves the version

    a = make_article("Fighting in Kunduz and Baghlan.", published="2021-07-05")
    evs = [make_event("armed_clash", district="Kunduz", date="2021-07-04"),
           make_event("armed_clash", district="Kunduz", date="2021-07-04", evidence="Clashes went on in Kunduz."),
           make_event("armed_clash", district="Baghlan", date="2021-07-03")]  # fmt: skip
    assert store.add_extraction(a, make_result(a, evs, claims=[_claim("2021-07-05")], version="0"))
    check()
    b = make_article("Fighting in Takhar.", published="2021-07-06")
    assert store.add_extraction(b, make_result(b, [make_event("armed_clash", district="Takhar", date="2021-07-05")]))
    check()
    # a re-extraction with as many reports, merged events and claims: only the version says so
    before = store.counts()
    moved = [make_event("armed_clash", district="Kunduz", date="2021-07-01"),
             make_event("armed_clash", district="Kunduz", date="2021-07-01", evidence="Clashes went on in Kunduz."),
             make_event("armed_clash", district="Baghlan", date="2021-06-20")]  # fmt: skip
    assert store.add_extraction(a, make_result(a, moved, claims=[_claim("2021-07-01")], version="1"))
    assert store.counts() == before
    check()
    store.rebuild_merged()
    check()
    with store.engine.begin() as conn:  # a write from outside sitrep: a cascade
        conn.execute(text("DELETE FROM articles WHERE id = :id"), {"id": b.id})
    check()
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE merged_events SET fatalities = 3"))
    assert store.counts() == _real(store)
    assert store.data_version() != versions[-1]


def test_a_rolled_back_write_changes_nothing(store: Store) -> None:
    a = make_article("Fighting in Kunduz.", published="2021-07-05")
    store.add_extraction(a, make_result(a, [make_event("armed_clash", district="Kunduz", date="2021-07-04")]))
    seen = (store.counts(), store.data_version())
    conn = store.engine.connect()
    tx = conn.begin()
    conn.execute(text("DELETE FROM merged_events"))
    tx.rollback()
    conn.close()
    assert (store.counts(), store.data_version()) == seen


def test_suspend_and_resume_recount(store: Store) -> None:
    a = make_article("Fighting in Kunduz.", published="2021-07-05")
    store.add_extraction(a, make_result(a, [make_event("armed_clash", district="Kunduz", date="2021-07-04")]))
    with store.engine.begin() as conn:
        stats.suspend(conn)
        conn.execute(text("DELETE FROM claims"))
        conn.execute(text("UPDATE reports SET merged_id = NULL"))
        conn.execute(text("DELETE FROM merged_events"))
    assert store.counts()["events"] == 1  # not kept while suspended
    with store.engine.begin() as conn:
        stats.resume(conn)
    assert store.counts() == _real(store) == {"articles": 1, "reports": 1, "events": 0, "claims": 0}
    store.merge()
    assert store.counts() == _real(store)  # the triggers are back


def test_a_write_and_a_merge_at_once_do_not_deadlock(db_url: str) -> None:
    """PostgreSQL: a merge holds the merge lock and then writes (the row of store_stats); a
    write must take the merge lock before its first insert, or each waits for the other."""
    import threading
    import time

    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite has one writer at a time")
    from sitrep.store import _PG_MERGE_LOCK

    store = Store(db_url)
    a = make_article("Fighting in Kunduz.", published="2021-07-05")
    errors: list[BaseException] = []

    def write() -> None:
        try:
            store.add_extraction(a, make_result(a, [make_event("armed_clash", district="Kunduz", date="2021-07-04")]))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    with store.engine.connect() as merger:
        tx = merger.begin()
        merger.execute(text("SET LOCAL deadlock_timeout = '200ms'"))
        merger.execute(select(func.pg_advisory_xact_lock(_PG_MERGE_LOCK)))  # as merge_pending does
        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(1.0)  # the writer is waiting now (for the merge lock, or after its inserts)
        merger.execute(text("UPDATE store_stats SET version = version + 1 WHERE id = 1"))  # a merge's write
        tx.commit()
    writer.join(30)
    assert not errors, errors
    assert store.counts() == _real(store) and store.counts()["events"] == 1
