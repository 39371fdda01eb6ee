"""Wires the stages together: ingest -> language -> extract -> geo.

Each stage is called here in order with the records of :mod:`sitrep.models`;
no stage imports a later one. ``Pipeline`` is built once per process (it
holds the spaCy model and the gazetteer) and reused for every article.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice

from sitrep import EXTRACTOR_VERSION
from sitrep.models import AnalysedArticle, Article, DocumentInfo, ExtractionResult


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
        return self.extract_many([article])[0]

    def extract_many(self, articles: Sequence[Article]) -> list[ExtractionResult]:
        """Several articles at once: the same results as :meth:`extract` on each, faster,
        because their candidate sentences go through spaCy in shared batches."""
        from sitrep.language import analyse_many

        with without_cyclic_gc():
            return [self._finish(doc) for doc in analyse_many(articles, self.finder)]

    def extract_stream(self, articles: Iterable[Article], chunk: int = 32) -> Iterator[ExtractionResult]:
        """:meth:`extract_many` over an iterable, ``chunk`` articles at a time."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= chunk:
                yield from self.extract_many(batch)
                batch = []
        if batch:
            yield from self.extract_many(batch)

    def _finish(self, doc: AnalysedArticle) -> ExtractionResult:
        article = doc.article
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


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block, as it was after it.

    Extraction makes millions of small containers (sentences, parses, mentions, events) that
    all live until the article is done: the collector's full passes over a growing heap
    found nothing to free (the same peak memory without them) and took about 6 % of the CPU
    time of a 4 MB article, more the longer the article. Reference counting still frees
    everything that is not part of a cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


def extract_each(
    pipeline: object, articles: Iterable[Article], chunk: int = 16
) -> Iterator[tuple[Article, ExtractionResult | None, str | None]]:
    """(article, result, error) for each article, in input order, never raising for one
    bad article: chunks go through ``extract_many`` when the pipeline has it, and a chunk
    that fails is redone one article at a time so that only the bad one fails.
    A :class:`~sitrep.errors.SitrepError` (no model, no gazetteer) stops the run."""
    from sitrep.errors import SitrepError

    many = getattr(pipeline, "extract_many", None)
    one = pipeline.extract  # type: ignore[attr-defined]
    it = iter(articles)
    while True:
        batch = list(islice(it, chunk if many else 1))
        if not batch:
            return
        if many is not None and len(batch) > 1:
            try:
                results = many(batch)
            except Exception:  # noqa: BLE001 - redone one by one below
                results = None
            if results is not None:
                yield from ((a, r, None) for a, r in zip(batch, results, strict=True))
                continue
        for a in batch:
            try:
                yield a, one(a), None
            except SitrepError:
                raise
            except Exception as exc:  # noqa: BLE001 - one bad article does not stop the run
                yield a, None, f"{type(exc).__name__}: {exc}"


_shared: Pipeline | None = None


def shared_pipeline() -> Pipeline:
    """One pipeline per process (CLI, API, worker processes)."""
    global _shared
    if _shared is None:
        _shared = Pipeline()
    return _shared
