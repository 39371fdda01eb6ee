"""A database built from the sample articles (hand-coded events) and a 12-district gazetteer stub."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from sitrep.api import create_app  # noqa: E402
from sitrep.models import (  # noqa: E402
    Article,
    DocumentInfo,
    Event,
    Evidence,
    ExtractionResult,
    Location,
)
from tests.sample import SampleGazetteer, build_sample_db  # noqa: E402

TOKEN = "s3cret-token"


class FakePipeline:
    """Stands in for the extraction pipeline: one armed clash in Argo per article."""

    def extract(self, article: Article) -> ExtractionResult:
        first = article.text.split("\n")[0]
        info = DocumentInfo(
            id=article.id,
            title=article.title,
            published=article.published,
            source=article.source,
            text_chars=len(article.text),
        )
        event = Event(
            type="armed_clash",
            actor1="Taliban",
            actor2="Afghan government forces",
            location=Location(
                country="AF",
                admin1="Badakhshan",
                admin2="Argo",
                admin1_pcode="AF15",
                admin2_pcode="AF1504",
                lat=37.0,
                lon=70.5,
                geo_precision="district",
            ),
            date=article.published,
            date_precision="day" if article.published else "unknown",
            evidence=Evidence(text=first, start=0, end=len(first)),
        )
        return ExtractionResult(document=info, events=[event], extractor_version="fake")


@pytest.fixture(scope="session")
def gazetteer() -> SampleGazetteer:
    return SampleGazetteer()


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory, gazetteer: SampleGazetteer) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'sample.db'}"
    build_sample_db(url, gazetteer)
    return url


@pytest.fixture(scope="session")
def client(db_url: str, gazetteer: SampleGazetteer) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, gazetteer=gazetteer)) as c:
        yield c


@pytest.fixture()
def write_client(tmp_path: Path, gazetteer: SampleGazetteer) -> Iterator[TestClient]:
    """A server with a token, a fake pipeline and its own (empty) database; small body limit."""
    app = create_app(
        f"sqlite:///{tmp_path / 'w.db'}",
        token=TOKEN,
        gazetteer=gazetteer,
        max_body=10_000,
        pipeline=FakePipeline(),
    )
    with TestClient(app) as c:
        yield c


@pytest.fixture()
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
