from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
OCHA = SHARED / "afg_adm2_ocha_agcho_20180522.geojson"


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SITREP_HOME holding the built-in gazetteer, built once per session."""
    from sitrep.geo import load_gazetteer

    home = tmp_path_factory.mktemp("sitrep_home")
    load_gazetteer(home)
    return home


@pytest.fixture()
def home(built_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty-looking SITREP_HOME (the built-in cache copied in to save time)."""
    h = tmp_path / "home"
    shutil.copytree(built_home / "gazetteer", h / "gazetteer")
    monkeypatch.setenv("SITREP_HOME", str(h))
    return h


@pytest.fixture(scope="session")
def gaz(built_home: Path):
    from sitrep.geo import load_gazetteer

    return load_gazetteer(built_home)


@pytest.fixture(scope="session")
def finder(gaz):
    from sitrep.language.places import MentionFinder

    return MentionFinder(gaz.surface_forms())


@pytest.fixture(scope="session")
def resolver(gaz):
    from sitrep.geo.resolve import Resolver

    return Resolver(gaz)


@pytest.fixture(scope="session")
def ocha_home(tmp_path_factory: pytest.TempPathFactory, built_home: Path) -> Path:
    if not OCHA.exists():
        pytest.skip("reference data ../shared/data not present")
    from sitrep.geo import import_ocha

    h = tmp_path_factory.mktemp("ocha_home")
    shutil.copytree(built_home / "gazetteer", h / "gazetteer")
    import_ocha(OCHA, h)
    return h
