"""Request and response bodies of the HTTP API (what the OpenAPI schema shows)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sitrep.models import DistrictControl, StoredArticle, StoredClaim, StoredEvent


class ArticleIn(BaseModel):
    """One article to extract or ingest (the JSON form of the write endpoints)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The article: plain text or HTML.")
    published: dt.date | None = Field(default=None, description="Publication date, YYYY-MM-DD.")
    source: str | None = Field(default=None, max_length=200, description="The outlet, e.g. 'Reuters'.")
    title: str | None = None
    url: str | None = None
    format: Literal["auto", "text", "html"] = "auto"


class EventsPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[StoredEvent]


class DistrictEvents(BaseModel):
    """A district's events with their reports, and the text of every article they cite."""

    pcode: str
    total: int
    limit: int
    offset: int
    items: list[StoredEvent] = Field(description="Events by date, each with its reports (as GET /api/events/{id}).")
    articles: list[StoredArticle] = Field(description="The articles of those reports, once each, with their text.")


class ArticlesPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[StoredArticle]


class ControlMap(BaseModel):
    date: dt.date | None
    counts: dict[str, int]
    districts: list[DistrictControl]
    kept_out: dict[str, int] = Field(
        default_factory=dict,
        description="Control events not on the map, by reason (undated: article without a publication "
        "date whose text does not date the event; no_district: province or country level; other_country; "
        "estimate_overruled: dated only by estimate where dated reporting covers the district).",
    )
    dated_from_text: int = Field(
        default=0, description="Events of articles without a publication date, dated from their text."
    )


class SeriesPoint(BaseModel):
    date: dt.date
    counts: dict[str, int]
    shares: dict[str, float]


class ControlSeries(BaseModel):
    districts: int
    items: list[SeriesPoint]


class ClaimsList(BaseModel):
    total: int
    items: list[StoredClaim]


class Meta(BaseModel):
    date_from: dt.date | None
    date_to: dt.date | None
    gazetteer: str
    counts: dict[str, int]
    write_enabled: bool
    event_types: list[str]
    modalities: list[str]
    statuses: list[str]
    status_labels: dict[str, str] = Field(
        default_factory=dict, description="status -> label (actors file: the conflict's parties)"
    )
    conflict: dict[str, str | None] = Field(
        default_factory=dict, description="country, state and nonstate actor of the mapped conflict"
    )
    exports: list[str]
    max_body: int
    max_series_days: int = Field(description="Most days of one /api/control/series request.")
    export_limit: int | None = Field(description="Most events in one download without the token.")


class IngestResult(BaseModel):
    article_id: str
    added: bool = Field(description="False when the article was already in the database.")
    events: int
    claims: int


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[dict[str, Any]]
    bbox: list[float] | None = None
    outline: dict[str, Any] | None = Field(
        default=None, description="The country outline (GeoJSON geometry) where the gazetteer has one."
    )
