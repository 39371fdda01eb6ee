"""Bad or extreme requests get a 4xx with a message, never a 500; work per request is bounded."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.api.context import MAX_SERIES_DAYS, data_window
from sitrep.extract.dates import find_dates
from sitrep.store import Store
from tests.helpers import make_article, make_event, make_result
from tests.sample import SampleGazetteer, build_sample_db

from .conftest import TOKEN, FakePipeline

JSON = {"Content-Type": "application/json"}


def _no_traceback(body: str) -> None:
    assert "Traceback" not in body and 'File "' not in body


# ---------------------------------------------------------------- POST bodies


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b'{"text": "a", "x": ' + b"[" * 1000 + b"]" * 1000 + b"}", 400, "nested too deeply"),
        (b'{"text": ' + b"[" * 4900 + b"]" * 4900 + b"}", 400, "nested too deeply"),
        (b'{"text": "a", "n": ' + b"7" * 5000 + b"}", 400, "too many digits"),
        (b'{"text": "Fighters \\ud800 attacked."}', 422, "lone surrogate (U+D800)"),
        (b'{"text": "Fighters attacked.", "source": "\\udfff"}', 422, "source:"),
        (b'{"text": "Fighters\\u0000 attacked."}', 422, "NUL"),
        (b'{"text": "Fighters attacked yesterday.", "published": "0001-01-01"}', 422, "before 1800"),
        (b'{"text": "Fighters attacked yesterday.", "published": "9999-12-31"}', 422, "more than a year"),
    ],
    ids=["nested-1000", "nested-4900", "5000-digits", "surrogate", "surrogate-source", "nul",
         "published-0001", "published-9999"],
)  # fmt: skip
def test_hostile_json_bodies(
    write_client: TestClient, auth: dict[str, str], body: bytes, status: int, words: str
) -> None:
    for path in ("/api/extract", "/api/articles"):
        r = write_client.post(path, content=body, headers={**auth, **JSON})
        assert r.status_code == status, r.text
        assert words in r.json()["detail"]
        _no_traceback(r.text)


def test_source_longer_than_the_column(write_client: TestClient, auth: dict[str, str]) -> None:
    r = write_client.post(
        "/api/articles", json={"text": "Fighting in Argo.", "source": "S" * 201}, headers=auth
    )
    assert r.status_code == 422 and "source" in r.json()["detail"] and "200" in r.json()["detail"]
    r = write_client.post(
        "/api/articles",
        params={"source": "S" * 201},
        content=b"Fighting in Argo.",
        headers={**auth, "Content-Type": "text/plain"},
    )
    assert r.status_code == 422 and "source" in r.json()["detail"]
    r = write_client.post(
        "/api/articles", json={"text": "Fighting in Argo.", "source": "S" * 200}, headers=auth
    )
    assert r.status_code == 201


def test_relative_dates_next_to_the_calendars_ends() -> None:
    text = "Fighters attacked yesterday, the day before, last month, last year, and the next day, on Monday."
    for published in (dt.date.min, dt.date(1, 1, 2), dt.date.max, dt.date(9999, 12, 30)):
        found = find_dates(text, published)  # no OverflowError
        assert found and all(d.date is None and not d.ref_previous for d in found)
    # an explicit date is still a date; a normal publication date still resolves
    assert find_dates("On 2021-07-04 they came.", dt.date.max)[0].date == dt.date(2021, 7, 4)
    assert find_dates("They came yesterday.", dt.date(2021, 7, 5))[0].date == dt.date(2021, 7, 4)


@pytest.mark.slow
def test_real_pipeline_with_extreme_publication_dates(pipeline) -> None:  # noqa: ANN001
    from sitrep.ingest import from_text

    text = (
        "Taliban fighters captured Khwahan district in Badakhshan province yesterday, officials said.\n"
        "The next day they attacked the district of Argo. Two days ago a clash was reported."
    )
    for published in (dt.date.min, dt.date.max):
        result = pipeline.extract(from_text(text, published=published))
        assert all(e.date is None or dt.date.min <= e.date <= dt.date.max for e in result.events)


# ---------------------------------------------------------------- ids and filters


@pytest.mark.parametrize("event_id", ["9223372036854775808", "-9223372036854775809", "9007199254740992", "0"])
def test_event_ids_out_of_range(client: TestClient, event_id: str) -> None:
    r = client.get(f"/api/events/{event_id}")
    assert r.status_code == 422 and "event_id" in r.json()["detail"]


def test_article_ids(client: TestClient) -> None:
    r = client.get("/api/articles/a%00b")
    assert r.status_code == 422 and "NUL" in r.json()["detail"]
    assert client.get("/api/articles/" + "x" * 5000).status_code == 404


def test_like_wildcards_are_literal(write_client: TestClient, auth: dict[str, str]) -> None:
    lines = ("Prices rose 50% in Argo after the clash.", "The road_block at Argo fell.", "Quiet day.")
    for line, day in zip(lines, ("2021-07-01", "2021-07-11", "2021-07-21"), strict=True):  # not merged
        r = write_client.post("/api/articles", json={"text": line, "published": day}, headers=auth)
        assert r.status_code == 201, r.text

    def total(**params: str) -> int:
        r = write_client.get("/api/events", params=params)
        assert r.status_code == 200, r.text
        return r.json()["total"]

    assert total() == 3
    assert total(text="%") == 1 and total(text="50%") == 1 and total(text="0% i") == 1
    assert total(text="_") == 1 and total(text="road_block") == 1 and total(text="road block") == 0
    assert total(text="\\") == 0 and total(actor="%") == 0 and total(actor="_") == 0
    assert total(actor="Tali%") == 0 and total(actor="Tali") == 3
    r = write_client.get("/api/events", params={"text": "\x00"})
    assert r.status_code == 422 and "NUL" in r.json()["detail"]
    assert write_client.get("/api/events?actor=%00").status_code == 422


# ---------------------------------------------------------------- date ranges


def test_series_range_is_capped(client: TestClient) -> None:
    r = client.get("/api/control/series", params={"start": "0001-01-01", "end": "9999-12-31"})
    assert r.status_code == 422
    assert "date range too long" in r.json()["detail"] and str(MAX_SERIES_DAYS) in r.json()["detail"]
    r = client.get("/api/control/series", params={"start": "0001-01-01"})  # end: the data's last day
    assert r.status_code == 422
    r = client.get("/api/control/series", params={"end": "9999-12-31"})  # start: the data's first day
    assert r.status_code == 422
    start = dt.date(2019, 7, 10)
    end = start + dt.timedelta(days=MAX_SERIES_DAYS - 1)
    began = time.monotonic()
    r = client.get("/api/control/series", params={"start": str(start), "end": str(end)})
    assert r.status_code == 200 and len(r.json()["items"]) == MAX_SERIES_DAYS
    assert time.monotonic() - began < 30  # measured: ~0.1 s on the sample data
    assert client.get("/api/meta").json()["max_series_days"] == MAX_SERIES_DAYS


@pytest.fixture()
def outlier_db(tmp_path: Path, gazetteer: SampleGazetteer) -> str:
    """The sample data plus an article published 9999-12-31 and one of 0001-01-01."""
    url = f"sqlite:///{tmp_path / 'outliers.db'}"
    build_sample_db(url, gazetteer)
    store = Store(url)
    for text, day in (("Far future report.", "9999-12-31"), ("Far past report.", "0001-01-01")):
        a = make_article(text, published=day)
        e = make_event("territory_captured", district="Argo", pcode="AF1504", province="Badakhshan",
                       actor1="Taliban", date=day, evidence=text)  # fmt: skip
        store.add_extraction(a, make_result(a, [e]))
    store.close()
    return url


def test_outlier_dates_do_not_stretch_the_default_range(outlier_db: str, gazetteer: SampleGazetteer) -> None:
    store = Store(outlier_db)
    assert store.date_range() == (dt.date.min, dt.date.max)
    assert data_window(store) == (dt.date(2021, 7, 2), dt.date(2021, 7, 9))
    store.close()
    with TestClient(create_app(outlier_db, gazetteer=gazetteer)) as c:
        meta = c.get("/api/meta").json()
        assert (meta["date_from"], meta["date_to"]) == ("2021-07-02", "2021-07-09")
        began = time.monotonic()
        r = c.get("/api/control/series")  # what the page asks first
        assert r.status_code == 200, r.text
        assert time.monotonic() - began < 10  # measured: ~0.02 s (before: did not finish)
        days = [p["date"] for p in r.json()["items"]]
        assert days[0] == "2021-07-02" and days[-1] == "2021-07-09"
        assert c.get("/api/control").json()["date"] == "2021-07-09"


def test_data_window_keeps_the_last_three_years() -> None:
    class Spread:  # events on the first and last day of ten years
        def date_range(self) -> tuple[dt.date, dt.date]:
            return dt.date(2011, 1, 1), dt.date(2020, 12, 31)

        def observed_events(self, flt):  # noqa: ANN001, ANN202
            return [(dt.date(2020, 12, 31), None)] if flt.date_from else []

    lo, hi = data_window(Spread(), today=dt.date(2021, 1, 1))
    assert hi == dt.date(2020, 12, 31) and lo == dt.date(2020, 12, 31)


# ---------------------------------------------------------------- exports


def test_anonymous_export_is_capped(tmp_path: Path, gazetteer: SampleGazetteer, db_url: str) -> None:
    app = create_app(db_url, gazetteer=gazetteer, token=TOKEN, export_limit=4, pipeline=FakePipeline())
    with TestClient(app) as c:
        r = c.get("/api/export/events.csv")
        assert r.status_code == 200
        assert r.headers["x-sitrep-truncated"] == "true" and r.headers["x-sitrep-export-limit"] == "4"
        assert len(r.text.strip().splitlines()) == 1 + 4
        r = c.get("/api/export/events.jsonl", params={"type": "territory_captured"})
        assert len(r.text.strip().splitlines()) == 4
        # with the token: everything
        r = c.get("/api/export/events.csv", headers={"Authorization": f"Bearer {TOKEN}"})
        assert "x-sitrep-truncated" not in r.headers and len(r.text.strip().splitlines()) == 1 + 15
        assert c.get("/api/meta").json()["export_limit"] == 4
    with TestClient(create_app(db_url, gazetteer=gazetteer, export_limit=100)) as c:
        r = c.get("/api/export/events.csv")
        assert "x-sitrep-truncated" not in r.headers and len(r.text.strip().splitlines()) == 1 + 15


@pytest.mark.parametrize(
    "kind",
    [
        "sqlite",
        pytest.param(
            "postgres",
            marks=pytest.mark.skipif(
                not __import__("tests.helpers").helpers.pg_available(),
                reason="SITREP_TEST_PG_URL is not set",
            ),
        ),
    ],
)
def test_like_filters_on_each_database(kind: str, tmp_path: Path) -> None:
    from sitrep.models import EventFilter
    from tests.helpers import temp_database

    with temp_database(kind, tmp_path) as url:
        store = Store(url)
        for i, text in enumerate(["Up 50% in Argo.", "A road_block in Argo.", "C:\\path in Argo.", "Calm."]):
            a = make_article(text, published=f"2021-07-{1 + 10 * i:02d}")
            store.add_extraction(a, make_result(a, [make_event("armed_clash", district="Argo", pcode="AF1504",
                                 actor1="Taliban_x%", date=f"2021-07-{1 + 10 * i:02d}", evidence=text)]))  # fmt: skip

        def total(**kw: str) -> int:
            return store.query_events(EventFilter(**kw))[0]

        assert total() == 4
        assert total(text="%") == 1 and total(text="_") == 1 and total(text="\\") == 1
        assert total(text="C:\\p") == 1 and total(text="d_b") == 1 and total(text="50%") == 1
        assert total(actor="_x%") == 4 and total(actor="n_x") == 4 and total(actor="%%") == 0
        store.close()


@pytest.mark.parametrize("path", ["/api/events", "/api/articles"])
@pytest.mark.parametrize("offset", ["9223372036854775808", "99999999999999999999999", "2147483648"])
def test_offsets_out_of_range(client: TestClient, path: str, offset: str) -> None:
    r = client.get(path, params={"offset": offset})
    assert r.status_code == 422 and "offset" in r.json()["detail"]
