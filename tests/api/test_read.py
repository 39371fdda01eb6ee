"""Read-only endpoints over the sample database (15 merged events, 6 articles, 3 claims)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app
from tests.sample import SampleGazetteer

STATIC = Path(__file__).resolve().parents[2] / "sitrep" / "api" / "static"


def test_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/events",
        "/api/events/{event_id}",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/control",
        "/api/control/series",
        "/api/claims",
        "/api/districts",
        "/api/meta",
        "/api/export/{name}",
        "/api/extract",
    ):
        assert path in paths
    assert "post" in schema["paths"]["/api/articles"]
    body = schema["paths"]["/api/extract"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/plain", "text/html"} <= set(body)
    assert "text" in body["application/json"]["schema"]["properties"]


def test_meta(client: TestClient) -> None:
    meta = client.get("/api/meta").json()
    assert meta["date_from"] == "2021-07-02" and meta["date_to"] == "2021-07-09"
    assert meta["counts"] == {"events": 15, "articles": 6, "claims": 3, "districts": 12}
    assert meta["write_enabled"] is False
    assert "territory_captured" in meta["event_types"]
    assert "events.csv" in meta["exports"]


def test_events_paging(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 5}).json()
    second = client.get("/api/events", params={"limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] == 15
    assert len(first["items"]) == len(second["items"]) == 5
    ids = [e["id"] for e in first["items"] + second["items"]]
    assert len(set(ids)) == 10
    dates = [e["date"] for e in first["items"] + second["items"]]
    assert dates == sorted(dates)
    last = client.get("/api/events", params={"limit": 500, "offset": 14}).json()
    assert len(last["items"]) == 1
    assert client.get("/api/events", params={"limit": 501}).status_code == 422
    assert client.get("/api/events", params={"offset": -1}).status_code == 422


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "territory_retaken"}, 1),
        ({"type": "territory_captured"}, 9),
        ({"district": "AF1504"}, 3),
        ({"district": "Argo"}, 3),
        ({"province": "Takhar"}, 3),
        ({"date_from": "2021-07-08", "date_to": "2021-07-09"}, 4),
        ({"text": "surrendered"}, 2),
        ({"modality": "claimed"}, 1),
        ({"actor": "Afghan government forces", "type": "air_strike"}, 1),
    ],
)
def test_event_filters(client: TestClient, params: dict[str, str], expected: int) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    assert r.json()["total"] == expected


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"date_from": "2021-13-01"}, "date_from"),
        ({"date_from": "2021-07-09", "date_to": "2021-07-01"}, "after"),
        ({"type": "picnic"}, "unknown event type"),
        ({"modality": "rumoured"}, "unknown modality"),
    ],
)
def test_bad_filters_are_422_with_a_message(client: TestClient, params: dict[str, str], needle: str) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 422
    assert needle in r.json()["detail"]


def test_event_with_all_reports_and_evidence_offsets(client: TestClient) -> None:
    items = client.get("/api/events", params={"district": "AF1501"}).json()["items"]
    assert len(items) == 1 and items[0]["corroboration"] == 2
    event = client.get(f"/api/events/{items[0]['id']}").json()
    assert len(event["reports"]) == 2
    assert {r["source"] for r in event["reports"]} == {"Kabul Daily Monitor", "Northern Post"}
    for report in event["reports"]:
        article = client.get(f"/api/articles/{report['article_id']}").json()
        ev = report["evidence"]
        assert article["text"][ev["start"] : ev["end"]] == ev["text"]
        assert "Yawan" in ev["text"]


def test_missing_event_and_article_are_404_json(client: TestClient) -> None:
    r = client.get("/api/events/99999")
    assert r.status_code == 404 and "99999" in r.json()["detail"]
    r = client.get("/api/articles/nope")
    assert r.status_code == 404 and "nope" in r.json()["detail"]
    assert client.get("/api/events/abc").status_code == 422
    assert client.get("/api/nothing-here").status_code == 404


def test_articles(client: TestClient) -> None:
    page = client.get("/api/articles", params={"limit": 4}).json()
    assert page["total"] == 6 and len(page["items"]) == 4
    assert all(a["text"] is None for a in page["items"])
    one = client.get(f"/api/articles/{page['items'][0]['id']}").json()
    assert one["text"] and one["n_events"] >= 1


def _status(control: dict, pcode: str) -> dict:
    return next(d for d in control["districts"] if d["admin2_pcode"] == pcode)


def test_control_on_a_day(client: TestClient) -> None:
    before = client.get("/api/control", params={"date": "2021-07-01"}).json()
    assert before["counts"]["unknown"] == 12
    day = client.get("/api/control", params={"date": "2021-07-02"}).json()
    yawan = _status(day, "AF1501")
    assert yawan["status"] == "nonstate" and yawan["since"] == "2021-07-02" and yawan["event_ids"]
    assert _status(client.get("/api/control?date=2021-07-06").json(), "AF1504")["status"] == "government"
    latest = client.get("/api/control").json()
    assert latest["date"] == "2021-07-09"
    assert sum(latest["counts"].values()) == 12 == len(latest["districts"])
    assert client.get("/api/control", params={"date": "July 2"}).status_code == 422


def test_control_series(client: TestClient) -> None:
    series = client.get("/api/control/series").json()
    assert series["districts"] == 12
    days = [p["date"] for p in series["items"]]
    assert days[0] == "2021-07-02" and days[-1] == "2021-07-09" and len(days) == 8
    assert all(sum(p["counts"].values()) == 12 for p in series["items"])
    taliban = [p["counts"]["nonstate"] for p in series["items"]]
    assert taliban[0] == 1 and taliban[-1] > taliban[0]
    part = client.get("/api/control/series", params={"start": "2021-07-03", "end": "2021-07-04"}).json()
    assert len(part["items"]) == 2


def test_claims(client: TestClient) -> None:
    claims = client.get("/api/claims").json()
    assert claims["total"] == 3
    assert [c["metric"] for c in claims["items"]] == [
        "share_of_territory",
        "share_of_districts",
        "withdrawal_progress",
    ]
    assert claims["items"][0]["value"] == 85 and claims["items"][0]["claimant"] == "Taliban"


def test_districts_polygons(client: TestClient) -> None:
    fc = client.get("/api/districts").json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 12
    f = fc["features"][0]
    assert f["geometry"]["type"] == "Polygon"
    assert {"pcode", "name", "admin1"} <= set(f["properties"])
    assert len(fc["bbox"]) == 4


def test_districts_points_without_shapes(db_url: str) -> None:
    with TestClient(create_app(db_url, gazetteer=SampleGazetteer(shapes=False))) as c:
        fc = c.get("/api/districts").json()
    assert {f["geometry"]["type"] for f in fc["features"]} == {"Point"}


@pytest.mark.parametrize(
    "name", ["events.csv", "events.geojson", "events.jsonl", "events.parquet", "districts.geojson"]
)
def test_exports_download(client: TestClient, name: str) -> None:
    r = client.get(f"/api/export/{name}")
    assert r.status_code == 200, r.text
    assert f'filename="{name}"' in r.headers["content-disposition"]
    assert r.content


def test_export_applies_filters(client: TestClient) -> None:
    lines = client.get("/api/export/events.jsonl", params={"type": "territory_retaken"}).text.splitlines()
    assert len(lines) == 1
    csv_rows = client.get("/api/export/events.csv", params={"province": "Takhar"}).text.strip().splitlines()
    assert len(csv_rows) == 1 + 3
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(client.get("/api/export/events.parquet").content))
    assert table.num_rows == 15
    fc = client.get("/api/export/districts.geojson", params={"date": "2021-07-02"}).json()
    yawan = next(f for f in fc["features"] if f["id"] == "AF1501")
    assert yawan["properties"]["status"] == "nonstate"
    r = client.get("/api/export/events.xlsx")
    assert r.status_code == 404 and "unknown export" in r.json()["detail"]


def test_page_and_static_files_are_local(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and 'data-testid="map"' in r.text
    for name in ("style.css", "js/main.js", "js/api.js", "js/map.js", "js/chart.js", "js/panel.js", "js/table.js"):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200, name
        if name.endswith(".js"):  # module scripts run only with a JavaScript MIME type (nosniff)
            assert r.headers["content-type"].startswith("text/javascript"), r.headers["content-type"]
    assert '<script type="module" src="/static/js/main.js"></script>' in client.get("/").text
    for path in STATIC.rglob("*"):
        if path.is_file():
            assert "http" not in path.read_text(encoding="utf-8").lower(), path
