"""Each test gets an empty database: a SQLite file and, when SITREP_TEST_PG_URL is
set, a fresh schema on that PostgreSQL server."""

from __future__ import annotations

import pytest

from sitrep.store.testing import pg_available, temp_database

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
