"""Security headers, the Host allow-list, body deadlines, database errors, clients that leave."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app, exports, routes
from sitrep.api.guard import PAGE_CSP, HostAllowList, default_allowed_hosts, host_of
from sitrep.store import Store
from sitrep.store.engine import make_engine
from tests.sample import SampleGazetteer

from .conftest import TOKEN, FakePipeline

# ---------------------------------------------------------------- headers


@pytest.mark.parametrize(
    "path", ["/", "/static/js/main.js", "/static/style.css", "/api/meta", "/api/nope", "/api/events?limit=0"]
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["content-security-policy"] == PAGE_CSP
    assert "'unsafe-inline'" not in PAGE_CSP and "frame-ancestors 'none'" in PAGE_CSP


def test_docs_keep_working_under_their_own_csp(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "https://cdn.jsdelivr.net" in csp and "frame-ancestors 'none'" in csp


def test_page_has_no_inline_script_or_style(client: TestClient) -> None:
    html = client.get("/").text
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    assert " onclick=" not in html and "javascript:" not in html


def test_unexpected_error_is_json_with_headers(db_url: str, gazetteer: SampleGazetteer) -> None:
    app = create_app(db_url, gazetteer=gazetteer)

    class Broken:
        def date_range(self) -> Any:
            raise ZeroDivisionError("secret internals")

    app.state.ctx._store = Broken()
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/control/series")
        assert r.status_code == 500 and "secret" not in r.text and "Traceback" not in r.text
        assert r.json()["detail"].startswith("internal error")
        assert r.headers["x-content-type-options"] == "nosniff"


# ---------------------------------------------------------------- Host


def test_host_names() -> None:
    assert host_of("Example.org:8000") == "example.org" and host_of("[::1]:8000") == "::1"
    assert host_of("::1") == "::1" and host_of("localhost.") == "localhost"
    allow = HostAllowList(["localhost", "127.0.0.1", "::1", "*.example.org"])
    assert allow.allows("localhost:8000") and allow.allows("[::1]:8000") and allow.allows("a.example.org")
    assert not allow.allows("example.org") and not allow.allows("evil.test") and not allow.allows("")
    assert HostAllowList(["*"]).allows("anything")
    assert default_allowed_hosts("0.0.0.0") == ["localhost", "127.0.0.1", "::1"]
    assert default_allowed_hosts("10.1.2.3")[-1] == "10.1.2.3"


def test_host_allow_list(db_url: str, gazetteer: SampleGazetteer) -> None:
    app = create_app(
        db_url, gazetteer=gazetteer, allowed_hosts=["localhost", "127.0.0.1", "::1", "maps.example"]
    )
    for base in (
        "http://localhost:8000",
        "http://127.0.0.1:8000",
        "http://[::1]:8000",
        "http://maps.example",
    ):
        with TestClient(app, base_url=base) as c:
            assert c.get("/api/meta").status_code == 200, base
    with TestClient(app, base_url="http://attacker.example:8000") as c:  # DNS rebinding
        for path in ("/api/meta", "/", "/api/export/events.csv"):
            r = c.get(path)
            assert r.status_code == 400, path
            assert "host not allowed: 'attacker.example:8000'" in r.json()["detail"]
            assert r.headers["x-frame-options"] == "DENY"


# ---------------------------------------------------------------- raw ASGI (slow clients, leaving clients)


def _call(app: Any, path: str, receive: Any, method: str = "GET", headers: list | None = None) -> dict:
    """Run one request through the ASGI app; the response's status, headers and body."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), *(headers or [])],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    out: dict[str, Any] = {"body": b""}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    asyncio.run(app(scope, receive, send))
    return out


def test_slow_body_gets_408(tmp_path: Path, gazetteer: SampleGazetteer) -> None:
    app = create_app(
        f"sqlite:///{tmp_path / 'b.db'}", token=TOKEN, gazetteer=gazetteer, pipeline=FakePipeline(),
        body_timeout=0.5,
    )  # fmt: skip
    calls = 0

    async def dribble() -> dict:  # one byte, then nothing
        nonlocal calls
        calls += 1
        if calls == 1:
            return {"type": "http.request", "body": b"{", "more_body": True}
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    began = time.monotonic()
    out = _call(
        app,
        "/api/extract",
        dribble,
        method="POST",
        headers=[
            (b"authorization", f"Bearer {TOKEN}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", b"100"),
        ],
    )
    assert out["status"] == 408 and b"not received in time" in out["body"]
    assert time.monotonic() - began < 10  # measured: 0.5 s
    assert out["headers"]["x-content-type-options"] == "nosniff"


def test_series_stops_when_the_client_leaves(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    app = client.app
    ctx = app.state.ctx
    chunks: list[Any] = []
    real = ctx.control_series

    def counting(start: Any, end: Any) -> Any:
        chunks.append((start, end))
        return real(start, end)

    monkeypatch.setattr(ctx, "control_series", counting)

    async def leave() -> dict:  # the client has gone before the work starts
        return {"type": "http.disconnect"}

    scope_path = "/api/control/series"
    out = _call(app, scope_path, leave)
    assert out["status"] == 499
    assert chunks == []  # gone before the first chunk: nothing computed

    # staying: all chunks (8 days of sample data = one chunk of 31 days)
    out = _call(app, scope_path, _staying())
    assert out["status"] == 200 and len(chunks) == 1


def _staying() -> Any:
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    return receive


def test_export_stops_when_the_client_leaves(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "PAGE", 2)
    store = client.app.state.ctx.store
    pages: list[int] = []
    real = store.observed_events

    def counting(flt: Any) -> Any:
        pages.append(flt.offset)
        return real(flt)

    monkeypatch.setattr(store, "observed_events", counting)
    out = _call(client.app, "/api/export/events.csv", _staying())
    assert out["status"] == 200 and len(pages) == 8  # 15 events, 2 a page
    pages.clear()

    async def leave() -> dict:
        return {"type": "http.disconnect"}

    out = _call(client.app, "/api/export/events.csv", leave)
    assert out["status"] == 499 and len(pages) == 0


def test_series_has_a_time_budget(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routes, "SERIES_BUDGET_S", -1.0)
    r = client.get("/api/control/series")
    assert r.status_code == 503 and "shorter range" in r.json()["detail"]


# ---------------------------------------------------------------- database errors


SECRET_URL = "postgresql://analyst:hunter2@db-internal.example:6543/warroom"


def test_database_down_is_503_without_the_url(tmp_path: Path, gazetteer: SampleGazetteer) -> None:
    store = Store(f"sqlite:///{tmp_path / 'down.db'}")
    # the database goes away: a PostgreSQL server nobody listens for (connection refused)
    store.engine = make_engine("postgresql://analyst:hunter2@127.0.0.1:1/warroom")
    from sqlalchemy.orm import sessionmaker

    store._session = sessionmaker(store.engine, expire_on_commit=False)
    app = create_app(gazetteer=gazetteer, store=store, token=TOKEN, pipeline=FakePipeline())
    with TestClient(app, raise_server_exceptions=False) as c:
        for path in ("/api/meta", "/api/events", "/api/events/1", "/api/control", "/api/control/series",
                     "/api/claims", "/api/articles", "/api/export/events.csv"):  # fmt: skip
            r = c.get(path)
            assert r.status_code == 503, (path, r.text)
            assert r.json() == {"detail": "database unavailable: try again later"}
            assert r.headers["retry-after"] == "30"
            for secret in ("analyst", "hunter2", "127.0.0.1", ":1/", "warroom", "postgresql"):
                assert secret not in r.text, (path, secret)
        r = c.post(
            "/api/articles", json={"text": "Fighting in Argo."}, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert r.status_code == 503 and "warroom" not in r.text


def test_other_database_errors_do_not_show_the_url(db_url: str, gazetteer: SampleGazetteer) -> None:
    from sqlalchemy.exc import DataError, IntegrityError

    from sitrep.errors import StoreError

    app = create_app(db_url, gazetteer=gazetteer)
    store = app.state.ctx.store

    def fail(exc: Exception) -> Any:
        def raise_it(*a: Any, **k: Any) -> Any:
            raise StoreError(f"database error ({SECRET_URL}): boom") from exc

        return raise_it

    with TestClient(app, raise_server_exceptions=False) as c:
        for exc, status in (
            (DataError("x", {}, Exception("bad")), 422),
            (IntegrityError("x", {}, Exception()), 500),
        ):
            store.list_claims = fail(exc)
            r = c.get("/api/claims")
            assert r.status_code == status, r.text
            assert "warroom" not in r.text and "analyst" not in r.text and "db-internal" not in r.text
