"""The small, fixed data set of the API and browser tests and the page's screenshot.

The data live in ``tests/fixtures/sample.json``: twelve districts in two provinces on a
hexagon grid (hand-made polygons, not real boundaries) and six short articles written for
the tests, coded by hand (:class:`~sitrep.models.ExtractionResult` built directly, so
nothing depends on the quality of extraction). Outlets and texts are invented.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitrep.models import Article, Claim, DocumentInfo, Event, Evidence, ExtractionResult, Location, Place

FIXTURE = Path(__file__).parent / "fixtures" / "sample.json"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _jitter(x: float, y: float, r: float) -> tuple[float, float]:
    """Move a vertex by a fixed pseudo-random amount: neighbours share the moved vertex."""
    h = hashlib.sha256(f"{round(x, 5)}:{round(y, 5)}".encode()).digest()
    return x + (h[0] / 255 - 0.5) * r * 0.45, y + (h[1] / 255 - 0.5) * r * 0.45


def _hexagon(col: int, row: int) -> tuple[dict[str, Any], tuple[float, float]]:
    grid = _data()["grid"]
    lon0, lat0, r = grid["lon0"], grid["lat0"], grid["radius"]
    kx = math.cos(math.radians(lat0 + 0.7))
    w = math.sqrt(3) * r
    cx = lon0 + (col * w + (w / 2 if row % 2 else 0)) / kx
    cy = lat0 + 1.5 * r * (2 - row)
    ring = []
    for k in range(6):
        a = math.radians(60 * k + 30)
        ring.append(_jitter(cx + r * math.cos(a) / kx, cy + r * math.sin(a), r))
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [[[round(x, 4), round(y, 4)] for x, y in ring]]}, (cx, cy)


class SampleGazetteer:
    """The sample's districts, implementing :class:`sitrep.protocols.MapGazetteer`."""

    def __init__(self, shapes: bool = True) -> None:
        country = _data()["country"]
        self._places: list[Place] = []
        self._shapes: dict[str, dict[str, Any]] = {}
        for d in _data()["districts"]:
            geom, (lon, lat) = _hexagon(d["col"], d["row"])
            self._places.append(
                Place(
                    id=d["pcode"],
                    name=d["name"],
                    kind="district",
                    country=country,
                    admin1=d["province"],
                    admin2=d["name"],
                    admin1_pcode=d["province_pcode"],
                    admin2_pcode=d["pcode"],
                    lat=round(lat, 4),
                    lon=round(lon, 4),
                )
            )
            if shapes:
                self._shapes[d["pcode"]] = geom

    def districts(self, country: str | None = None) -> list[Place]:
        return [p for p in self._places if country is None or p.country == country]

    def countries(self) -> list[Place]:
        return []  # the outline, when drawn, comes from countryinfo by ISO code

    def district_shapes(self) -> dict[str, dict[str, Any]]:
        return dict(self._shapes)

    def source(self) -> str:
        return "sample gazetteer (hand-made polygons)"

    def place(self, pcode: str) -> Place:
        return next(p for p in self._places if p.id == pcode)


def _location(gz: SampleGazetteer, pcode: str) -> Location:
    p = gz.place(pcode)
    return Location(
        country=p.country,
        admin1=p.admin1,
        admin2=p.name,
        admin1_pcode=p.admin1_pcode,
        admin2_pcode=p.id,
        lat=p.lat,
        lon=p.lon,
        geo_precision="district",
    )


def _evidence(text: str, lines: list[str], i: int) -> Evidence:
    start = text.index(lines[i])
    return Evidence(text=lines[i], start=start, end=start + len(lines[i]))


def sample_extractions(gazetteer: SampleGazetteer | None = None) -> list[tuple[Article, ExtractionResult]]:
    """The six articles and their hand-coded events and claims (2–9 July 2021)."""
    gz = gazetteer or SampleGazetteer()
    out: list[tuple[Article, ExtractionResult]] = []
    for a in _data()["articles"]:
        lines: list[str] = a["lines"]
        text = "\n".join(lines)
        published = dt.date.fromisoformat(a["published"])
        digest = hashlib.sha256(text.encode()).hexdigest()
        article = Article(
            id=digest[:16],
            content_hash=digest,
            text=text,
            title=a["title"],
            published=published,
            source=a["source"],
            raw_chars=len(text),
        )
        events = []
        for e in a["events"]:
            fields = {k: v for k, v in e.items() if k not in ("line", "pcode")}
            events.append(
                Event.model_validate(
                    {
                        **fields,
                        "evidence": _evidence(text, lines, e["line"]),
                        "location": _location(gz, e["pcode"]),
                        "date_precision": "day",
                        "confidence": 0.8,
                    }
                )
            )
        claims = [
            Claim.model_validate(
                {**{k: v for k, v in c.items() if k != "line"}, "evidence": _evidence(text, lines, c["line"])}
            )
            for c in a["claims"]
        ]
        info = DocumentInfo(
            id=article.id, title=a["title"], published=published, source=a["source"], text_chars=len(text)
        )
        out.append(
            (
                article,
                ExtractionResult(document=info, events=events, claims=claims, extractor_version="sample"),
            )
        )
    return out


def build_sample_db(url: str, gazetteer: SampleGazetteer | None = None) -> Any:
    """Create (or fill) the database at ``url`` with the sample articles; returns the Store."""
    from sitrep.store import Store

    store = Store(url)
    for article, result in sample_extractions(gazetteer):
        store.add_extraction(article, result)
    return store


@contextmanager
def running_server(app: Any, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``app`` with uvicorn in a thread on a free port; yields the base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as sock:
        sock.bind((host, 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
