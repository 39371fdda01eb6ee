"""Wires the stages together: ingest -> language -> extract -> geo.

Each stage is called here in order with the records of :mod:`sitrep.models`;
no stage imports a later one. ``Pipeline`` is built once per process (it
holds the spaCy model and the gazetteer) and reused for every article.
"""

from __future__ import annotations

from sitrep import EXTRACTOR_VERSION
from sitrep.models import Article, DocumentInfo, ExtractionResult


class Pipeline:
    """Extraction of one article at a time, with models loaded once."""

    def __init__(self, gazetteer=None) -> None:  # noqa: ANN001 - geo.Gazetteer
        from sitrep.geo import load_gazetteer
        from sitrep.geo.resolve import Resolver
        from sitrep.language.places import MentionFinder

        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
        self.finder = MentionFinder(self.gazetteer.surface_forms())
        self.resolver = Resolver(self.gazetteer)
        from sitrep.extract import Extractor

        self.extractor = Extractor()

    def extract(self, article: Article) -> ExtractionResult:
        from sitrep.language import analyse

        doc = analyse(article, self.finder)
        events, claims = self.extractor.run(doc)
        self.resolver.locate(events, doc.mentions, article.text)
        _finish_locations(events)
        info = DocumentInfo(
            id=article.id,
            title=article.title,
            published=article.published,
            source=article.source,
            text_chars=len(article.text),
            removed_chars=article.removed_chars,
            url=article.url,
        )
        return ExtractionResult(
            document=info, events=events, claims=claims, extractor_version=EXTRACTOR_VERSION
        )


def _finish_locations(events: list) -> None:
    """A finer place named beside the district, and the article's country for events placed nowhere."""
    from collections import Counter

    countries = Counter(e.location.country for e in events if e.location.country)
    main = countries.most_common(1)[0][0] if countries else None
    for e in events:
        loc = e.location
        if e.place_name and loc.admin2 and not loc.place:
            loc.place = e.place_name
            loc.geo_precision = "place"
        if loc.country is None and main is not None and e.mention is None:
            loc.country = main
            loc.geo_precision = "country"


_shared: Pipeline | None = None


def shared_pipeline() -> Pipeline:
    """One pipeline per process (CLI, API, worker processes)."""
    global _shared
    if _shared is None:
        _shared = Pipeline()
    return _shared
