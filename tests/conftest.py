"""Shared fixtures: a private SITREP_HOME per test session and one pipeline for all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
OCHA_GEOJSON = SHARED_DATA / "afg_adm2_ocha_agcho_20180522.geojson"


@pytest.fixture(scope="session")
def session_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("sitrep_home")
    os.environ["SITREP_HOME"] = str(home)
    return home


@pytest.fixture(scope="session")
def pipeline(session_home: Path):
    """The real pipeline on the built-in gazetteer (no shared data needed)."""
    from sitrep.geo import load_gazetteer
    from sitrep.pipeline import Pipeline

    return Pipeline(load_gazetteer(session_home))
