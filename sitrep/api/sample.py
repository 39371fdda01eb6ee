# ruff: noqa: E501  (the sample articles are prose, one sentence a line)
"""A small, fixed data set for the API and browser tests and the page's screenshot.

Twelve districts in two provinces with hand-made polygons (a jittered hexagon grid,
not real boundaries), and six short articles written for the tests, coded by hand
(:class:`~sitrep.models.ExtractionResult` built directly, so nothing depends on the
quality of extraction). Outlets and texts are invented.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sitrep.models import (
    Article,
    Claim,
    DocumentInfo,
    Event,
    Evidence,
    ExtractionResult,
    Location,
    Place,
    Quantity,
)

COUNTRY = "AF"
# (pcode, name, province, province pcode, column, row)
_DISTRICTS: list[tuple[str, str, str, str, int, int]] = [
    ("AF1701", "Rustaq", "Takhar", "AF17", 0, 0),
    ("AF1702", "Yangi Qala", "Takhar", "AF17", 0, 1),
    ("AF1703", "Dasht-e Qala", "Takhar", "AF17", 0, 2),
    ("AF1501", "Yawan", "Badakhshan", "AF15", 1, 0),
    ("AF1502", "Raghistan", "Badakhshan", "AF15", 1, 1),
    ("AF1503", "Kohistan", "Badakhshan", "AF15", 1, 2),
    ("AF1504", "Argo", "Badakhshan", "AF15", 2, 0),
    ("AF1505", "Fayzabad", "Badakhshan", "AF15", 2, 1),
    ("AF1506", "Khwahan", "Badakhshan", "AF15", 2, 2),
    ("AF1507", "Darayim", "Badakhshan", "AF15", 3, 0),
    ("AF1508", "Shekay", "Badakhshan", "AF15", 3, 1),
    ("AF1509", "Nusay", "Badakhshan", "AF15", 3, 2),
]
_LON0, _LAT0, _R = 69.6, 36.4, 0.34  # grid origin and hexagon radius (degrees of latitude)


def _jitter(x: float, y: float) -> tuple[float, float]:
    """Move a vertex by a fixed pseudo-random amount: neighbours share the moved vertex."""
    key = f"{round(x, 5)}:{round(y, 5)}".encode()
    h = hashlib.sha256(key).digest()
    return x + (h[0] / 255 - 0.5) * _R * 0.45, y + (h[1] / 255 - 0.5) * _R * 0.45


def _hexagon(col: int, row: int) -> tuple[dict[str, Any], tuple[float, float]]:
    kx = math.cos(math.radians(_LAT0 + 0.7))
    w = math.sqrt(3) * _R
    cx = _LON0 + (col * w + (w / 2 if row % 2 else 0)) / kx
    cy = _LAT0 + 1.5 * _R * (2 - row)
    ring = []
    for k in range(6):
        a = math.radians(60 * k + 30)
        ring.append(_jitter(cx + _R * math.cos(a) / kx, cy + _R * math.sin(a)))
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [[[round(x, 4), round(y, 4)] for x, y in ring]]}, (cx, cy)


class SampleGazetteer:
    """The few methods of :class:`sitrep.geo.gazetteer.Gazetteer` that the API uses."""

    def __init__(self, shapes: bool = True) -> None:
        self._places: list[Place] = []
        self._shapes: dict[str, dict[str, Any]] = {}
        for code, name, prov, prov_code, col, row in _DISTRICTS:
            geom, (lon, lat) = _hexagon(col, row)
            self._places.append(
                Place(
                    id=code,
                    name=name,
                    kind="district",
                    country=COUNTRY,
                    admin1=prov,
                    admin2=name,
                    admin1_pcode=prov_code,
                    admin2_pcode=code,
                    lat=round(lat, 4),
                    lon=round(lon, 4),
                )
            )
            if shapes:
                self._shapes[code] = geom

    def districts(self, country: str | None = None) -> list[Place]:
        return [p for p in self._places if country is None or p.country == country]

    def provinces(self, country: str | None = None) -> list[Place]:
        seen: dict[str, Place] = {}
        for p in self.districts(country):
            if p.admin1_pcode and p.admin1_pcode not in seen:
                seen[p.admin1_pcode] = Place(
                    id=p.admin1_pcode,
                    name=p.admin1 or "",
                    kind="province",
                    country=p.country,
                    admin1=p.admin1,
                    admin1_pcode=p.admin1_pcode,
                )
        return list(seen.values())

    def district_shapes(self) -> dict[str, dict[str, Any]]:
        return dict(self._shapes)

    def source(self) -> str:
        return "sample gazetteer (hand-made polygons)"

    def place(self, pcode: str) -> Place:
        return next(p for p in self._places if p.id == pcode)


def _loc(gz: SampleGazetteer, pcode: str) -> Location:
    p = gz.place(pcode)
    return Location(
        country=COUNTRY,
        admin1=p.admin1,
        admin2=p.name,
        admin1_pcode=p.admin1_pcode,
        admin2_pcode=p.id,
        lat=p.lat,
        lon=p.lon,
        geo_precision="district",
    )


def _ev(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(text=sentence, start=start, end=start + len(sentence))


def _article(text: str, published: dt.date, source: str, title: str) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(
        id=digest[:16],
        content_hash=digest,
        text=text,
        title=title,
        published=published,
        source=source,
        raw_chars=len(text),
    )


A1 = """Taliban fighters took control of Yawan district in Badakhshan province on Friday after two days of fighting, local officials said.
The district governor and his guards withdrew to the provincial capital, Fayzabad.
Residents said the militants raised their flag over the district centre on Friday evening.
The Afghan Defense Ministry said reinforcements had been sent to the province."""

A2 = """Yawan district in the north-eastern province of Badakhshan fell to the Taliban on Friday, a provincial council member said.
On Saturday the Taliban also took Khwahan, Shekay and Nusay districts, mostly without a fight, according to the council member.
Taliban spokesman Zabihullah Mujahid claimed that the movement now controls 85 percent of the country's territory.
Government officials rejected the figure as propaganda."""

A3 = """Heavy fighting broke out in Argo district on Sunday as Taliban fighters attacked army checkpoints, officials said.
Afghan commandos were flown in to reinforce the district, the Defense Ministry said.
In neighbouring Raghistan, Taliban fighters seized the district centre on Sunday night."""

A4 = """Afghan forces retook Argo district on Tuesday after a counter-offensive supported by air strikes, the Defense Ministry said.
The ministry said 32 Taliban fighters were killed in the operation.
On Monday, 90 soldiers surrendered to the Taliban in Kohistan district, and the militants took over the district headquarters.
About a third of the nearly 400 districts are now in Taliban hands, the outlet's tally shows."""

A5 = """The Afghan Air Force carried out air strikes on Taliban positions in Darayim district on Wednesday, killing 15 militants, the army said.
Clashes continued on the outskirts of Fayzabad, the provincial capital, where the Taliban attacked police posts on Wednesday night.
In Takhar province, the Taliban captured Yangi Qala and Dasht-e Qala districts on Thursday, local officials said."""

A6 = """Taliban fighters seized Rustaq district of Takhar province on Friday, officials said, after government forces pulled back to the provincial capital.
Fighting also resumed in Argo district on Friday night, residents said.
The Pentagon said on Friday that more than 90 percent of the US withdrawal from Afghanistan was complete."""


def sample_extractions(gazetteer: SampleGazetteer | None = None) -> list[tuple[Article, ExtractionResult]]:
    """The six articles and their hand-coded events and claims (2–9 July 2021)."""
    gz = gazetteer or SampleGazetteer()
    d = dt.date
    T, G = "Taliban", "Afghan government forces"
    out: list[tuple[Article, ExtractionResult]] = []

    def add(
        text: str,
        published: dt.date,
        source: str,
        title: str,
        events: list[dict[str, Any]],
        claims: list[dict[str, Any]] | None = None,
    ) -> None:
        art = _article(text, published, source, title)
        evs = []
        for e in events:
            sentence = e.pop("sentence")
            pcode = e.pop("pcode")
            evs.append(
                Event(
                    evidence=_ev(text, sentence),
                    location=_loc(gz, pcode),
                    date_precision="day",
                    confidence=0.8,
                    **e,
                )
            )
        cls = []
        for c in claims or []:
            sentence = c.pop("sentence")
            cls.append(Claim(evidence=_ev(text, sentence), **c))
        info = DocumentInfo(id=art.id, title=title, published=published, source=source, text_chars=len(text))
        out.append((art, ExtractionResult(document=info, events=evs, claims=cls, extractor_version="sample")))

    s1 = A1.split("\n")
    add(
        A1,
        d(2021, 7, 3),
        "Kabul Daily Monitor",
        "Taliban take Yawan district in Badakhshan",
        [
            dict(
                type="territory_captured",
                actor1=T,
                actor2=G,
                pcode="AF1501",
                date=d(2021, 7, 2),
                transfer="fighting",
                sentence=s1[0],
                attributed_to="local officials",
            ),
        ],
    )
    s2 = A2.split("\n")
    add(
        A2,
        d(2021, 7, 4),
        "Northern Post",
        "Four Badakhshan districts fall in two days",
        [
            dict(
                type="territory_captured",
                actor1=T,
                actor2=G,
                pcode="AF1501",
                date=d(2021, 7, 2),
                transfer="unknown",
                sentence=s2[0],
                attributed_to="provincial council member",
            ),
            *[
                dict(
                    type="territory_captured",
                    actor1=T,
                    actor2=G,
                    pcode=pc,
                    date=d(2021, 7, 3),
                    transfer="peaceful",
                    sentence=s2[1],
                    attributed_to="provincial council member",
                )
                for pc in ("AF1506", "AF1508", "AF1509")
            ],
        ],
        [
            dict(
                claimant=T,
                metric="share_of_territory",
                value=85,
                unit="percent",
                subject=T,
                date=d(2021, 7, 4),
                sentence=s2[2],
                attributed_to="Taliban spokesman",
            ),
        ],
    )
    s3 = A3.split("\n")
    add(
        A3,
        d(2021, 7, 5),
        "Frontline Wire",
        "Fighting spreads across Badakhshan",
        [
            dict(
                type="armed_clash",
                actor1=T,
                actor2=G,
                pcode="AF1504",
                date=d(2021, 7, 4),
                sentence=s3[0],
                attributed_to="officials",
            ),
            dict(
                type="territory_captured",
                actor1=T,
                actor2=G,
                pcode="AF1502",
                date=d(2021, 7, 4),
                transfer="fighting",
                sentence=s3[2],
            ),
        ],
    )
    s4 = A4.split("\n")
    add(
        A4,
        d(2021, 7, 7),
        "Frontline Wire",
        "Army retakes Argo; soldiers surrender in Kohistan",
        [
            dict(
                type="territory_retaken",
                actor1=G,
                actor2=T,
                pcode="AF1504",
                date=d(2021, 7, 6),
                fatalities=32,
                sentence=s4[0],
                modality="claimed",
                attributed_to="Afghan Defense Ministry",
            ),
            dict(
                type="surrender",
                actor1=G,
                actor2=T,
                pcode="AF1503",
                date=d(2021, 7, 5),
                quantities=[Quantity(value=90, unit="personnel", text="90 soldiers")],
                sentence=s4[2],
            ),
            dict(
                type="territory_captured",
                actor1=T,
                actor2=G,
                pcode="AF1503",
                date=d(2021, 7, 5),
                transfer="peaceful",
                sentence=s4[2],
            ),
        ],
        [
            dict(
                claimant="Frontline Wire",
                metric="share_of_districts",
                value=33,
                unit="percent",
                subject=T,
                date=d(2021, 7, 7),
                sentence=s4[3],
            ),
        ],
    )
    s5 = A5.split("\n")
    add(
        A5,
        d(2021, 7, 9),
        "Kabul Daily Monitor",
        "Air strikes in Darayim as Takhar districts fall",
        [
            dict(
                type="air_strike",
                actor1=G,
                actor2=T,
                pcode="AF1507",
                date=d(2021, 7, 7),
                fatalities=15,
                sentence=s5[0],
                attributed_to="the army",
            ),
            dict(type="armed_clash", actor1=T, actor2=G, pcode="AF1505", date=d(2021, 7, 7), sentence=s5[1]),
            *[
                dict(
                    type="territory_captured",
                    actor1=T,
                    actor2=G,
                    pcode=pc,
                    date=d(2021, 7, 8),
                    transfer="unknown",
                    sentence=s5[2],
                    attributed_to="local officials",
                )
                for pc in ("AF1702", "AF1703")
            ],
        ],
    )
    s6 = A6.split("\n")
    add(
        A6,
        d(2021, 7, 10),
        "Northern Post",
        "Rustaq falls; fighting resumes in Argo",
        [
            dict(
                type="territory_captured",
                actor1=T,
                actor2=G,
                pcode="AF1701",
                date=d(2021, 7, 9),
                transfer="fighting",
                sentence=s6[0],
                attributed_to="officials",
            ),
            dict(type="armed_clash", actor1=T, actor2=G, pcode="AF1504", date=d(2021, 7, 9), sentence=s6[1]),
        ],
        [
            dict(
                claimant="US forces",
                metric="withdrawal_progress",
                value=90,
                unit="percent",
                date=d(2021, 7, 9),
                sentence=s6[2],
                attributed_to="Pentagon",
            ),
        ],
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
