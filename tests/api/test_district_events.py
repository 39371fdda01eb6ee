"""GET /api/districts/{pcode}/events: a district's events, their reports and the articles'
texts in one request -- what the evidence panel needs when a district is clicked."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def test_one_request_holds_events_reports_and_article_texts(client: TestClient) -> None:
    r = client.get("/api/districts/AF1504/events")  # Argo: a clash, a retake, a second clash
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["pcode"] == "AF1504" and body["total"] == len(body["items"]) >= 3
    dates = [e["date"] for e in body["items"]]
    assert dates == sorted(dates)
    texts = {a["id"]: a["text"] for a in body["articles"]}
    for e in body["items"]:
        assert e["location"]["admin2_pcode"] == "AF1504"
        assert e["reports"] and len(e["reports"]) == e["corroboration"]
        for rep in e["reports"]:
            text = texts[rep["article_id"]]  # every cited article is there, with its text
            ev = rep["evidence"]
            assert text[ev["start"] : ev["end"]] == ev["text"]
    assert len(texts) == len(body["articles"])  # each article once


def test_same_as_one_request_per_event_and_article(client: TestClient) -> None:
    body = client.get("/api/districts/AF1501/events").json()  # Yawan: one event, two reports
    for e in body["items"]:
        single: dict[str, Any] = client.get(f"/api/events/{e['id']}").json()
        assert single == e
    for a in body["articles"]:
        assert client.get(f"/api/articles/{a['id']}").json() == a


def test_paged_and_limited(client: TestClient) -> None:
    first = client.get("/api/districts/AF1504/events?limit=1").json()
    second = client.get("/api/districts/AF1504/events?limit=1&offset=1").json()
    assert first["limit"] == 1 and len(first["items"]) == 1 and first["total"] >= 3
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert {r["article_id"] for r in first["items"][0]["reports"]} == {a["id"] for a in first["articles"]}
    assert client.get("/api/districts/AF1504/events?limit=501").status_code == 422


def test_unknown_district_is_an_empty_page(client: TestClient) -> None:
    r = client.get("/api/districts/XX9999/events")
    assert r.status_code == 200 and r.json()["total"] == 0 and r.json()["articles"] == []
