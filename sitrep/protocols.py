"""What the analysis and the API need of the store, the gazetteer and the pipeline.

Structural types (:class:`typing.Protocol`): :class:`sitrep.store.Store`,
:class:`sitrep.geo.gazetteer.Gazetteer` and :class:`sitrep.pipeline.Pipeline` satisfy them,
and so must any stand-in (tests, plug-ins) -- production code does not probe for methods.
Depending on these instead of the classes keeps ``sitrep.analysis`` free of ``sitrep.store``
(the store merges with :mod:`sitrep.analysis.merge` when it writes; the analysis reads the
store through :class:`EventReader`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

from sitrep.models import (
    Article,
    EventFilter,
    ExtractionResult,
    Place,
    StoredArticle,
    StoredClaim,
    StoredEvent,
)


@runtime_checkable
class EventReader(Protocol):
    """The reads the control map and the claim check make."""

    def observed_events(self, flt: EventFilter) -> list[tuple[dt.date | None, StoredEvent]]: ...

    def observed_rows(self, flt: EventFilter, fields: Sequence[str]) -> Iterator[Sequence[Any]]: ...

    def date_range(self) -> tuple[dt.date | None, dt.date | None]: ...

    def co_reported_dates(self, article_ids: Sequence[str]) -> dict[str, list[dt.date]]: ...

    def list_claims(self) -> list[StoredClaim]: ...


@runtime_checkable
class EventStore(EventReader, Protocol):
    """The store the API serves from (reads), and writes to with the token."""

    def query_events(self, flt: EventFilter) -> tuple[int, list[StoredEvent]]: ...

    def get_event(self, event_id: int) -> StoredEvent | None: ...

    def events_with_reports(self, flt: EventFilter) -> tuple[int, list[StoredEvent]]: ...

    def get_articles(self, article_ids: list[str]) -> list[StoredArticle]: ...

    def list_articles(self, limit: int = 50, offset: int = 0) -> tuple[int, list[StoredArticle]]: ...

    def get_article(self, article_id: str) -> StoredArticle | None: ...

    def counts(self) -> dict[str, int]: ...

    def data_version(self) -> int: ...

    def add_extraction(self, article: Article, result: ExtractionResult, replace: bool = False) -> bool: ...


@runtime_checkable
class MapGazetteer(Protocol):
    """The places the map draws: districts (with shapes when known) and countries."""

    def districts(self, country: str | None = None) -> list[Place]: ...

    def countries(self) -> list[Place]: ...

    def district_shapes(self) -> dict[str, dict[str, Any]]: ...

    def source(self) -> str: ...


@runtime_checkable
class Extractor(Protocol):
    """An extraction pipeline: one article in, its events and claims out."""

    def extract(self, article: Article) -> ExtractionResult: ...
