"""Shared fixtures: a private SITREP_HOME per test session and one pipeline for all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import pg_available, temp_database

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
OCHA_GEOJSON = SHARED_DATA / "afg_adm2_ocha_agcho_20180522.geojson"


@pytest.fixture(scope="session", autouse=True)
def session_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # for every test, from the first one on: no test reads the developer's ~/.sitrep (an
    # imported OCHA gazetteer there would change what the in-process pipeline finds)
    home = tmp_path_factory.mktemp("sitrep_home")
    os.environ["SITREP_HOME"] = str(home)
    return home


@pytest.fixture(scope="session")
def pipeline(session_home: Path):
    """The real pipeline on the built-in gazetteer (no shared data needed)."""
    from sitrep.geo import load_gazetteer
    from sitrep.pipeline import Pipeline

    return Pipeline(load_gazetteer(session_home))


# --------------------------------------------------------------------------- databases
# Each test that asks for `db_url` or `store` gets an empty database: a SQLite file and,
# when SITREP_TEST_PG_URL is set, a fresh schema on that PostgreSQL server.

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not pg_available(), reason="SITREP_TEST_PG_URL is not set"),
        ],
    ),
]


@pytest.fixture(params=DATABASES)
def db_url(request, tmp_path):
    with temp_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(db_url):
    from sitrep.store import Store

    s = Store(db_url)
    yield s
    s.close()
