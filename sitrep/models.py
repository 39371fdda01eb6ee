"""Typed records that move forward through the stages.

ingest -> language -> extract -> geo -> store -> analysis -> api/export

Every stage takes records defined here and returns records defined here; no
stage imports a later one and none calls back into an earlier one. The JSON
contract of ``sitrep extract`` (codebook §5) is :class:`ExtractionResult`
serialised with :meth:`ExtractionResult.contract`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EventType = Literal[
    "territory_captured",
    "territory_retaken",
    "armed_clash",
    "air_strike",
    "attack_on_captives_or_civilians",
    "surrender",
    "defection",
    "cross_border_flight",
    "materiel_captured",
    "troop_withdrawal",
    "deployment",
    "troop_movement",
    "mobilization",
    "military_exercise",
    "base_established",
    "negotiation",
    "policy_announcement",
    "displacement",
    "border_closure",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

Modality = Literal["reported", "claimed", "alleged", "planned", "predicted", "negated"]
EXPORTED_MODALITIES: frozenset[str] = frozenset({"reported", "claimed", "alleged"})
DatePrecision = Literal["day", "week", "month", "unknown"]
GeoPrecision = Literal["place", "district", "province", "country"]
Transfer = Literal["fighting", "peaceful", "unknown"]
QuantityUnit = Literal["personnel", "people", "weapons", "vehicles", "aircraft", "ammunition", "other"]
ClaimMetric = Literal[
    "share_of_territory", "districts_controlled", "share_of_districts", "withdrawal_progress"
]
PlaceKind = Literal["country", "province", "district", "place"]
ControlStatus = Literal["government", "contested", "nonstate", "unknown"]  # labels: actors.json "conflict"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


# --------------------------------------------------------------------------- ingest


class Article(Record):
    """One article after ingest and cleaning: the text every offset refers to."""

    id: str  # stable id: first 16 hex chars of the content hash
    content_hash: str  # sha256 of the cleaned text
    text: str  # cleaned report text (comments, captions, footers removed)
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None
    raw_chars: int = 0  # characters of the main text before cleaning
    removed_chars: int = 0  # characters removed by cleaning
    fmt: Literal["text", "html", "jsonl", "feed"] = "text"

    def identity_keys(self) -> set[str]:
        """What makes two articles the same one: the content hash, and the URL when known."""
        return {self.content_hash, self.url} if self.url else {self.content_hash}


# --------------------------------------------------------------------------- language


class Span(Record):
    start: int
    end: int
    text: str


class PlaceMention(Record):
    """A place name as written in the article, found by the language/extract stage.

    ``kind_hint`` is what the text itself says the name is ("X district",
    "Y province", "the town of Z"); ``None`` when the text does not say.
    """

    text: str
    start: int
    end: int
    kind_hint: Literal["country", "province", "district", "place"] | None = None
    sentence: int = -1  # index of the sentence that holds it


# --------------------------------------------------------------------------- geo


class Place(Record):
    """One gazetteer entry."""

    id: str  # P-code where there is one, else a stable id (e.g. "gn:1138958", "AF")
    name: str
    kind: PlaceKind
    country: str  # ISO 3166 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    admin1_pcode: str | None = None
    admin2_pcode: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    aliases: list[str] = Field(default_factory=list)


class Location(Record):
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin1_pcode: str | None = None
    admin2_pcode: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: GeoPrecision | None = None


# --------------------------------------------------------------------------- extract


class Quantity(Record):
    value: float
    unit: QuantityUnit
    approx: bool = False
    text: str = ""


class Evidence(Record):
    text: str
    start: int
    end: int


class Event(Record):
    type: EventType
    actor1: str | None = None
    actor2: str | None = None
    location: Location = Field(default_factory=Location)
    date: dt.date | None = None
    date_precision: DatePrecision = "unknown"
    quantities: list[Quantity] = Field(default_factory=list)
    fatalities: int | None = None
    modality: Modality = "reported"
    attributed_to: str | None = None
    evidence: Evidence
    confidence: float = 0.5
    transfer: Transfer | None = None  # territory_captured only
    trigger: str | None = None  # the word that made it an event
    # where the event happened, as written; geo turns it into ``location``
    mention: PlaceMention | None = Field(default=None, exclude=True)
    # names of the country the text puts it in ("into Tajikistan"), ISO alpha-2
    country_hint: str | None = Field(default=None, exclude=True)
    # a village, base or settlement named beside the district ("Sultan Khel settlement of Saidabad district")
    place_name: str | None = Field(default=None, exclude=True)


class Claim(Record):
    claimant: str | None = None
    metric: ClaimMetric
    value: float
    unit: Literal["percent", "count"]
    subject: str | None = None
    date: dt.date | None = None
    evidence: Evidence
    attributed_to: str | None = None


class DocumentInfo(Record):
    id: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    text_chars: int = 0
    removed_chars: int = 0
    url: str | None = None


class ExtractionResult(Record):
    document: DocumentInfo
    events: list[Event] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    extractor_version: str = ""

    def contract(self, include_unexported: bool = False) -> dict[str, Any]:
        """The JSON object of codebook §5."""
        events = [e for e in self.events if include_unexported or e.modality in EXPORTED_MODALITIES]
        return {
            "document": self.document.model_dump(mode="json"),
            "events": [e.model_dump(mode="json") for e in events],
            "claims": [c.model_dump(mode="json") for c in self.claims],
            "extractor_version": self.extractor_version,
        }


# --------------------------------------------------------------------------- store / analysis


class EventFilter(Record):
    """Filters shared by the CLI (`sitrep events`), the API and the exports."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    type: str | None = None
    actor: str | None = None
    country: str | None = None
    province: str | None = None  # admin1 name or P-code
    district: str | None = None  # admin2 name or P-code
    text: str | None = None  # substring of the evidence
    modality: str | None = None
    limit: int | None = None
    offset: int = 0


class DistrictControl(Record):
    admin2_pcode: str
    admin2: str
    admin1: str | None = None
    admin1_pcode: str | None = None
    status: ControlStatus
    since: dt.date | None = None
    event_ids: list[int] = Field(default_factory=list)  # merged events behind the status
    confidence: float | None = None  # 0..1, from the modality and number of sources of those events
    claimed: bool = False  # the status rests only on a claim of the side it favours


class ControlTotals(Record):
    date: dt.date
    counts: dict[str, int]  # status -> number of districts
    shares: dict[str, float]  # status -> percent of districts


# --------------------------------------------------------------------------- language stage output


class Sentence(BaseModel):
    """A sentence of the cleaned text; ``doc`` is its spaCy parse when it was a candidate."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    candidate: bool = False
    doc: Any = None


class AnalysedArticle(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    article: Article
    sentences: list[Sentence]
    mentions: list[PlaceMention]


# --------------------------------------------------------------------------- store output (read side)


class EventReport(Record):
    """One article's report of a (merged) event: what that source said."""

    article_id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    evidence: Evidence
    modality: Modality = "reported"
    attributed_to: str | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    fatalities: int | None = None
    date: dt.date | None = None


class StoredEvent(Record):
    """A merged event as the store returns it: one real event, all its sources."""

    id: int
    type: EventType
    actor1: str | None = None
    actor2: str | None = None
    location: Location = Field(default_factory=Location)
    date: dt.date | None = None
    date_precision: DatePrecision = "unknown"
    quantities: list[Quantity] = Field(default_factory=list)
    fatalities: int | None = None
    modality: Modality = "reported"
    attributed_to: str | None = None
    transfer: Transfer | None = None
    evidence: Evidence  # of the first report
    article_id: str  # of the first report
    confidence: float = 0.5
    sources: list[str] = Field(default_factory=list)  # distinct outlets
    corroboration: int = 1  # number of reports (articles) merged into it
    # conflicting figures kept side by side: unit -> the distinct values reported
    conflicting_quantities: dict[str, list[float]] = Field(default_factory=dict)
    reports: list[EventReport] = Field(default_factory=list)  # filled by get_event


class StoredArticle(Record):
    id: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    text_chars: int = 0
    removed_chars: int = 0
    n_events: int = 0
    text: str | None = None  # filled by get_article


class StoredClaim(Record):
    id: int
    article_id: str
    source: str | None = None
    claimant: str | None = None
    metric: ClaimMetric
    value: float
    unit: Literal["percent", "count"]
    subject: str | None = None
    date: dt.date | None = None  # the claim's date, else the article's publication date
    evidence: Evidence


# --------------------------------------------------------------------------- store: analysis output


class ClaimCheck(Record):
    """A claim set beside the figure computed from the events for the claim's date."""

    claim: StoredClaim
    status: ControlStatus | None = None  # whose control the computed figure counts
    computed: float | None = None  # percent of districts, or number of districts
    computed_unit: Literal["percent", "count"] | None = None
    districts: int = 0  # districts in the computation
