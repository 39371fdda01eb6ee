"""A small deterministic stand-in for the extraction pipeline (``SITREP_PIPELINE=fakepipe:make``):
it knows one sentence pattern, so store tests need no language models."""

from __future__ import annotations

import datetime as dt
import re
import time

from sitrep import EXTRACTOR_VERSION
from sitrep.models import Article, DocumentInfo, Event, Evidence, ExtractionResult, Location

PATTERN = re.compile(
    r"(?P<actor>The Taliban|Afghan forces) (?P<verb>captured|retook) (?P<district>[A-Z][\w-]+) district "
    r"of (?P<province>[A-Z]\w+) province on (?P<day>\d{1,2}) July"
)


class FakePipeline:
    delay = 0.1

    def extract(self, article: Article) -> ExtractionResult:
        time.sleep(self.delay)
        events = []
        for m in PATTERN.finditer(article.text):
            year = article.published.year if article.published else 2021
            events.append(
                Event(
                    type="territory_captured" if m["verb"] == "captured" else "territory_retaken",
                    actor1="Taliban" if m["actor"] == "The Taliban" else "Afghan government forces",
                    location=Location(
                        country="AF", admin1=m["province"], admin2=m["district"], geo_precision="district"
                    ),
                    date=dt.date(year, 7, int(m["day"])),
                    date_precision="day",
                    evidence=Evidence(text=m[0], start=m.start(), end=m.end()),
                )
            )
        info = DocumentInfo(
            id=article.id, published=article.published, source=article.source, url=article.url
        )
        return ExtractionResult(document=info, events=events, extractor_version=EXTRACTOR_VERSION)


def make() -> FakePipeline:
    return FakePipeline()


class BatchedFakePipeline(FakePipeline):
    """With ``extract_many``, as the real pipeline has; an article containing EXPLODE fails,
    and with it the whole batch it came in."""

    delay = 0.0

    def extract(self, article: Article) -> ExtractionResult:
        if "EXPLODE" in article.text:
            raise ValueError("the parser choked")
        return super().extract(article)

    def extract_many(self, articles: list[Article]) -> list[ExtractionResult]:
        return [self.extract(a) for a in articles]


def make_batched() -> BatchedFakePipeline:
    return BatchedFakePipeline()
