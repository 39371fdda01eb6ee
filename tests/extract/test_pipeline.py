"""The pipeline's batch entry points: same results as one by one, and one bad article fails alone."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.errors import SitrepError
from sitrep.ingest import from_text
from sitrep.models import Article, DocumentInfo, ExtractionResult
from sitrep.pipeline import extract_each


class _Stub:
    """extract_many fails for the whole chunk when one article is bad, as a real batch would."""

    def __init__(self, fatal: bool = False) -> None:
        self.fatal = fatal
        self.many_calls = 0

    def extract(self, article: Article) -> ExtractionResult:
        if "BAD" in article.text:
            raise (SitrepError("model missing") if self.fatal else ValueError("cannot parse"))
        return ExtractionResult(document=DocumentInfo(id=article.id, title=article.text))

    def extract_many(self, articles: list[Article]) -> list[ExtractionResult]:
        self.many_calls += 1
        return [self.extract(a) for a in articles]


def _arts(*texts: str) -> list[Article]:
    return [from_text(t, fmt="text") for t in texts]


def test_extract_each_isolates_a_bad_article_in_a_chunk():
    stub = _Stub()
    out = list(extract_each(stub, _arts("one", "two", "BAD three", "four", "five"), chunk=4))
    assert [a.text for a, _, _ in out] == ["one", "two", "BAD three", "four", "five"]
    assert [r.document.title if r else None for _, r, _ in out] == ["one", "two", None, "four", "five"]
    assert out[2][2] == "ValueError: cannot parse"
    assert stub.many_calls == 1  # the first chunk failed and was redone one by one; the last has one article


def test_extract_each_stops_on_a_sitrep_error():
    with pytest.raises(SitrepError, match="model missing"):
        list(extract_each(_Stub(fatal=True), _arts("one", "BAD")))


def test_extract_each_works_with_a_pipeline_without_extract_many():
    class OneByOne:
        def extract(self, article: Article) -> ExtractionResult:
            return ExtractionResult(document=DocumentInfo(id=article.id))

    out = list(extract_each(OneByOne(), _arts("a", "b", "c")))
    assert [e for _, _, e in out] == [None, None, None]


def test_extract_many_gives_the_same_events_as_extract():
    from sitrep.pipeline import Pipeline

    texts = [
        "KUNDUZ — The Taliban captured Imam Sahib district of Kunduz province on Tuesday, officials said.",
        "The weather was mild and the market was busy.",
        "Afghan forces retook Dand-e-Ghori district in Baghlan province last night after heavy fighting.",
    ]
    arts = [from_text(t, fmt="text", published=dt.date(2021, 7, 8)) for t in texts]
    p = Pipeline()
    one = [p.extract(a).model_dump() for a in arts]
    many = [r.model_dump() for r in p.extract_many(arts)]
    assert one == many
    # the retake and the heavy fighting before it (codebook: fighting named with a capture is a clash too)
    assert [sorted(e["type"] for e in r["events"]) for r in one] == [
        ["territory_captured"], [], ["armed_clash", "territory_retaken"]
    ]
