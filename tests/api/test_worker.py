"""Extraction in the server's child process: a stalled article is stopped after its budget
(503) while other requests are answered at once, and the next article works again."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app

from .conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = "Taliban fighters attacked Argo district on Sunday, officials said."


@pytest.fixture()
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("SITREP_PIPELINE", "tests.api.pipelines:stalling")
    app = create_app(
        f"sqlite:///{tmp_path / 'w.db'}", token=TOKEN, isolate_extraction=True, extract_budget=2.0
    )
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_stalled_extraction_is_stopped_and_others_are_served(isolated: TestClient) -> None:
    extractor = isolated.app.state.ctx.extractor
    r = isolated.post("/api/extract", json={"text": ARTICLE, "published": "2021-07-05"}, headers=AUTH)
    assert r.status_code == 200 and r.json()["events"][0]["type"] == "armed_clash"  # in the child
    first_child = extractor.pid
    assert isolated.get("/api/meta").status_code == 200  # loads the gazetteer (slow the first time)
    result: dict = {}

    def stall() -> None:
        began = time.monotonic()
        result["r"] = isolated.post("/api/extract", json={"text": "STALL " + ARTICLE}, headers=AUTH)
        result["seconds"] = time.monotonic() - began

    t = threading.Thread(target=stall)
    t.start()
    time.sleep(0.5)
    began = time.monotonic()
    assert isolated.get("/api/meta").status_code == 200
    assert time.monotonic() - began < 1.5  # not held by the extraction
    t.join(30)
    r = result["r"]
    assert r.status_code == 503 and "stopped after 2 s" in r.json()["detail"]
    assert result["seconds"] < 10  # budget 2 s
    # a new child for the next article
    r = isolated.post("/api/articles", json={"text": ARTICLE, "published": "2021-07-05"}, headers=AUTH)
    assert r.status_code == 201, r.text
    assert extractor.pid != first_child


def test_crashed_child_is_a_500_with_a_message(isolated: TestClient) -> None:
    r = isolated.post("/api/extract", json={"text": "CRASH " + ARTICLE}, headers=AUTH)
    assert r.status_code == 500 and "extraction process ended" in r.json()["detail"]
    r = isolated.post("/api/extract", json={"text": ARTICLE}, headers=AUTH)
    assert r.status_code == 200


def test_child_stops_with_the_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_PIPELINE", "tests.api.pipelines:stalling")
    app = create_app(f"sqlite:///{tmp_path / 'w.db'}", token=TOKEN, isolate_extraction=True)
    with TestClient(app) as c:
        assert c.post("/api/extract", json={"text": ARTICLE}, headers=AUTH).status_code == 200
        proc = app.state.ctx.extractor._proc
        assert proc.is_alive()
    assert not proc.is_alive()


def test_client_leaving_stops_the_extraction(isolated: TestClient) -> None:
    import json

    from .test_hardening import _call

    extractor = isolated.app.state.ctx.extractor
    assert isolated.post("/api/extract", json={"text": ARTICLE}, headers=AUTH).status_code == 200
    child = extractor._proc
    body = json.dumps({"text": "STALL " + ARTICLE}).encode()
    sent = False

    async def receive() -> dict:  # the body, then the client is gone
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    headers = [
        (b"authorization", f"Bearer {TOKEN}".encode()),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    began = time.monotonic()
    out = _call(isolated.app, "/api/extract", receive, method="POST", headers=headers)
    assert out["status"] == 499 and time.monotonic() - began < 1.5  # budget 2 s: stopped before it
    assert not child.is_alive()
