"""Write endpoints: off without a token, token checks, body limits, bad input."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from sitrep.api import create_app

TEXT = "Taliban fighters attacked army checkpoints in Argo district on Sunday, officials said.\nMore text."


def test_write_endpoints_off_without_token(client: TestClient) -> None:
    for path in ("/api/extract", "/api/articles"):
        r = client.post(path, json={"text": TEXT}, headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403
        assert r.json()["detail"] == "write endpoints are disabled: start the server with --token"


def test_token_missing_or_wrong(write_client: TestClient) -> None:
    r = write_client.post("/api/extract", json={"text": TEXT})
    assert r.status_code == 401 and "missing token" in r.json()["detail"]
    assert r.headers["www-authenticate"] == "Bearer"
    r = write_client.post("/api/extract", json={"text": TEXT}, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401 and r.json()["detail"] == "wrong token"
    r = write_client.post("/api/extract", json={"text": TEXT}, headers={"Authorization": "Basic abc"})
    assert r.status_code == 401


def test_extract_json(write_client: TestClient, auth: dict[str, str]) -> None:
    r = write_client.post(
        "/api/extract", json={"text": TEXT, "published": "2021-07-05", "source": "Wire"}, headers=auth
    )
    assert r.status_code == 200, r.text
    out = r.json()
    assert set(out) == {"document", "events", "claims", "extractor_version"}
    assert out["document"]["published"] == "2021-07-05" and out["document"]["source"] == "Wire"
    assert out["events"][0]["type"] == "armed_clash"
    # extraction stores nothing
    assert write_client.get("/api/meta").json()["counts"]["articles"] == 0


def test_extract_raw_text_and_html(write_client: TestClient, auth: dict[str, str]) -> None:
    r = write_client.post(
        "/api/extract?published=2021-07-05&source=Wire",
        content=TEXT.encode(),
        headers={**auth, "Content-Type": "text/plain"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["document"]["published"] == "2021-07-05"
    html = f"<html><head><title>T</title></head><body><article><p>{TEXT}</p></article></body></html>"
    r = write_client.post(
        "/api/extract", content=html.encode(), headers={**auth, "Content-Type": "text/html"}
    )
    assert r.status_code == 200, r.text
    r = write_client.post(
        "/api/extract?published=yesterday",
        content=TEXT.encode(),
        headers={**auth, "Content-Type": "text/plain"},
    )
    assert r.status_code == 422 and "published" in r.json()["detail"]


def test_body_too_large(write_client: TestClient, auth: dict[str, str]) -> None:
    big = "x" * 20_000
    r = write_client.post("/api/extract", json={"text": big}, headers=auth)
    assert r.status_code == 413 and "too large" in r.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the actual size is counted
        for _ in range(20):
            yield b"y" * 1000

    r = write_client.post("/api/articles", content=chunks(), headers={**auth, "Content-Type": "text/plain"})
    assert r.status_code == 413


def test_bad_input(write_client: TestClient, auth: dict[str, str]) -> None:
    json_headers = {**auth, "Content-Type": "application/json"}
    r = write_client.post("/api/extract", content=b'{"text": ', headers=json_headers)
    assert r.status_code == 400 and r.json()["detail"].startswith("invalid JSON")
    r = write_client.post("/api/extract", content=b'["a"]', headers=json_headers)
    assert r.status_code == 422 and "object" in r.json()["detail"]
    r = write_client.post("/api/extract", json={"title": "no text"}, headers=auth)
    assert r.status_code == 422 and "text" in r.json()["detail"]
    r = write_client.post("/api/extract", json={"text": "   \n "}, headers=auth)
    assert r.status_code == 422 and r.json()["detail"] == "text is empty"
    r = write_client.post("/api/extract", content=b"", headers=auth)
    assert r.status_code == 422 and "empty body" in r.json()["detail"]
    r = write_client.post("/api/extract", json={"text": TEXT, "published": "2021-02-30"}, headers=auth)
    assert r.status_code == 422 and "published" in r.json()["detail"]
    r = write_client.post("/api/extract", json={"text": TEXT, "format": "pdf"}, headers=auth)
    assert r.status_code == 422 and "format" in r.json()["detail"]
    r = write_client.post(
        "/api/extract", content=b"\xff\xfe\xfa", headers={**auth, "Content-Type": "text/plain"}
    )
    assert r.status_code == 400 and "UTF-8" in r.json()["detail"]


def test_ingest_article(write_client: TestClient, auth: dict[str, str]) -> None:
    body = {"text": TEXT, "published": "2021-07-05", "source": "Wire", "title": "Argo"}
    r = write_client.post("/api/articles", json=body, headers=auth)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["added"] is True and out["events"] == 1 and out["claims"] == 0
    again = write_client.post("/api/articles", json=body, headers=auth)
    assert again.status_code == 200 and again.json()["added"] is False
    assert write_client.get(f"/api/articles/{out['article_id']}").json()["source"] == "Wire"
    events = write_client.get("/api/events").json()
    assert events["total"] == 1 and events["items"][0]["location"]["admin2_pcode"] == "AF1504"
    control = write_client.get("/api/control").json()
    assert control["date"] == "2021-07-05"
    assert next(d for d in control["districts"] if d["admin2_pcode"] == "AF1504")["status"] == "contested"


def test_meta_says_writes_enabled(write_client: TestClient) -> None:
    assert write_client.get("/api/meta").json()["write_enabled"] is True


def test_create_app_signature(tmp_path) -> None:  # noqa: ANN001
    app = create_app(f"sqlite:///{tmp_path / 'x.db'}", token=None, gazetteer=None, max_body=1000)
    assert app.state.ctx.max_body == 1000 and app.state.ctx.token is None
