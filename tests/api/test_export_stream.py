"""Exports are streamed: the first events leave before the last page is read, nothing is
written to a temporary file, and the client that leaves stops the reads."""

from __future__ import annotations

import asyncio
import io
import json
import tempfile
from typing import Any

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from sitrep.api import exports
from sitrep.export.writers import event_parquet, event_text


def _stream(app: Any, path: str, on_body: Any) -> dict[str, Any]:
    """One GET through the ASGI app; ``on_body(chunk)`` is called for every body message."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", b"localhost")], "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000), "state": {},
    }  # fmt: skip
    out: dict[str, Any] = {"chunks": []}

    async def receive() -> dict:
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body" and message.get("body"):
            out["chunks"].append(message["body"])
            on_body(message["body"])

    async def run() -> None:
        first = {"type": "http.request", "body": b"", "more_body": False}
        sent = False

        async def receive_once() -> dict:
            nonlocal sent
            if not sent:
                sent = True
                return first
            return await receive()

        await app(scope, receive_once, send)

    asyncio.run(run())
    return out


@pytest.mark.parametrize("name", ["events.csv", "events.jsonl", "events.geojson", "events.parquet"])
def test_export_leaves_before_the_last_page_is_read(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(exports, "PAGE", 2)
    monkeypatch.setattr("sitrep.export.writers.PARQUET_ROW_GROUP", 2)

    def no_temp_files(*a: Any, **kw: Any) -> Any:
        raise AssertionError("an export wrote a temporary file")

    monkeypatch.setattr(tempfile, "mkstemp", no_temp_files)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_temp_files)
    store = client.app.state.ctx.store
    reads: list[int] = []
    real = store.observed_events
    monkeypatch.setattr(store, "observed_events", lambda flt: reads.append(flt.offset) or real(flt))
    pages_read_at_first_chunk: list[int] = []
    out = _stream(
        client.app, f"/api/export/{name}", lambda chunk: pages_read_at_first_chunk.append(len(reads))
    )
    assert out["status"] == 200 and out["headers"]["content-disposition"] == f'attachment; filename="{name}"'
    assert len(reads) == 8  # 15 events, 2 a page
    assert pages_read_at_first_chunk[0] < len(reads)  # the first bytes left before the last page was read
    assert len(out["chunks"]) > 2
    body = b"".join(out["chunks"])
    if name == "events.csv":
        assert len(body.decode().strip().splitlines()) == 1 + 15
    elif name == "events.jsonl":
        assert len(body.decode().strip().splitlines()) == 15
    elif name == "events.geojson":
        assert len(json.loads(body)["features"]) == 15
    else:
        parquet = pq.ParquetFile(io.BytesIO(body))
        assert parquet.metadata.num_rows == 15 and parquet.num_row_groups == 8


def test_text_and_parquet_writers_are_generators(client: TestClient) -> None:
    store = client.app.state.ctx.store
    events = list(exports.pages(store, exports.EventFilter(), None))
    pieces = list(event_text(events, "csv"))
    assert len(pieces) == 1 + 15 and pieces[0].startswith("event_date,")  # header with the first row
    geo = "".join(event_text(events, "geojson"))
    assert json.loads(geo)["type"] == "FeatureCollection"
    assert json.loads("".join(event_text([], "geojson"))) == {"type": "FeatureCollection", "features": []}
    empty = pq.read_table(io.BytesIO(b"".join(event_parquet([]))))
    assert empty.num_rows == 0 and "evidence" in empty.column_names
