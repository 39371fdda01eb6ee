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


# --------------------------------------------------------------------------- one event schema
# The fields of an event are declared once, by the models above. The flat row (one value
# per column) is derived from them: the store's tables (sitrep.store.schema), the Parquet
# schema of the exports (sitrep.export.writers) and the Spark batch schema
# (sitrep.runner.spark) are built from :func:`flat_fields`.

FlatKind = Literal["str", "text", "int", "float", "bool", "date", "quantities", "str_list", "float_map"]

# where a nested field lands in the flat row (else: its own name)
_FLAT_NAMES = {("evidence", "text"): "evidence_text", ("evidence", "start"): "evidence_start",
               ("evidence", "end"): "evidence_end"}  # fmt: skip
# width of a string column (else 200; a Literal: 16); "text": no limit
_FLAT_SIZES: dict[str, int | str] = {
    "type": 40, "country": 8, "admin1_pcode": 32, "admin2_pcode": 32, "trigger": 100,
    "article_id": 64, "evidence_text": "text",
}  # fmt: skip


class FlatField(BaseModel):
    """One column of the flat event row."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: FlatKind
    nullable: bool
    size: int | None = None  # for "str"
    default: Any = None  # the model's default (a callable for lists and dicts)
    path: tuple[str, ...]  # attribute path in the model, e.g. ("location", "admin1")


def _flat_kind(annotation: Any) -> tuple[str, bool]:
    """(kind, nullable) of a field's annotation."""
    import types
    import typing

    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        kind, _ = _flat_kind(inner[0])
        return kind, True
    if origin is Literal or annotation is str:
        return "str", False
    if annotation is bool:
        return "bool", False
    if annotation is int:
        return "int", False
    if annotation is float:
        return "float", False
    if annotation is dt.date:
        return "date", False
    if origin is list and args and args[0] is Quantity:
        return "quantities", False
    if origin is list and args and args[0] is str:
        return "str_list", False
    if origin is dict:
        return "float_map", False
    raise TypeError(f"no flat column kind for {annotation!r}")


def flat_fields(model: type[BaseModel], skip: frozenset[str] = frozenset({"reports"})) -> list[FlatField]:
    """The flat columns of an event model (:class:`Event`, :class:`StoredEvent`), in the
    model's order: ``location`` is spread into its fields, ``evidence`` into
    ``evidence_text``/``evidence_start``/``evidence_end``; fields the model leaves out of
    its output (``exclude=True``) and those in ``skip`` are not columns."""
    out: list[FlatField] = []
    for name, info in model.model_fields.items():
        if info.exclude or name in skip:
            continue
        if info.annotation in (Location, Evidence):
            sub: type[BaseModel] = info.annotation  # type: ignore[assignment]
            for sub_name, sub_info in sub.model_fields.items():
                path = (name, sub_name)
                flat = _FLAT_NAMES.get(path, sub_name)
                out.append(_flat_field(flat, sub_info, path))
            continue
        out.append(_flat_field(name, info, (name,)))
    return out


def _flat_field(name: str, info: Any, path: tuple[str, ...]) -> FlatField:
    import typing

    kind, nullable = _flat_kind(info.annotation)
    size: int | None = None
    if kind == "str":
        width = _FLAT_SIZES.get(name)
        literal = typing.get_origin(info.annotation) is Literal or any(
            typing.get_origin(a) is Literal for a in typing.get_args(info.annotation)
        )
        if width == "text":
            kind = "text"
        else:
            size = int(width) if width is not None else 16 if literal else 200
    if info.default_factory is not None:
        default = info.default_factory
    elif info.is_required():
        default = None
    else:
        default = info.default
    return FlatField(name=name, kind=kind, nullable=nullable, size=size, default=default, path=path)  # type: ignore[arg-type]


def flat_row(record: BaseModel, fields: list[FlatField] | None = None) -> dict[str, Any]:
    """The flat row of an event record: one value per column of :func:`flat_fields`
    (quantities as dicts)."""
    out: dict[str, Any] = {}
    for f in fields or flat_fields(type(record)):
        value: Any = record
        for part in f.path:
            value = getattr(value, part)
        if f.kind == "quantities":
            value = [q.model_dump() for q in value]
        elif f.kind == "str_list":
            value = list(value)
        elif f.kind == "float_map":
            value = {k: list(v) for k, v in value.items()}
        out[f.name] = value
    return out


def from_flat(model: type[BaseModel], values: dict[str, Any], fields: list[FlatField] | None = None) -> Any:
    """The record of ``model`` from its flat row (the inverse of :func:`flat_row`), built
    without validation: for values that were validated when they were stored."""
    top: dict[str, Any] = {}
    nested: dict[str, dict[str, Any]] = {}
    for f in fields or flat_fields(model):
        value = values[f.name]
        if f.kind == "quantities":
            value = [Quantity.model_construct(**q) for q in value or []]
        elif f.kind == "str_list":
            value = list(value or [])
        elif f.kind == "float_map":
            value = {k: list(v) for k, v in (value or {}).items()}
        if len(f.path) == 2:
            nested.setdefault(f.path[0], {})[f.path[1]] = value
        else:
            top[f.name] = value
    for name, sub in nested.items():
        top[name] = model.model_fields[name].annotation.model_construct(**sub)  # type: ignore[union-attr]
    return model.model_construct(**top)


def add_days(day: dt.date, days: int | dt.timedelta) -> dt.date:
    """``day`` plus ``days``, held at the calendar's ends: a stored 9999-12-31 or 0001-01-01
    must not crash a merge, a window or the control map."""
    delta = days if isinstance(days, dt.timedelta) else dt.timedelta(days=days)
    try:
        return day + delta
    except OverflowError:
        return dt.date.max if delta.days > 0 else dt.date.min
