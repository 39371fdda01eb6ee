"""A second conflict set up only through data files: nothing of the map is tied to one country.

``fixtures/ruritania/`` holds a made-up country (XR, an ISO user-assigned code) as an OCHA-style
district file and an actors file naming its state, its main non-state party and the labels.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sitrep.analysis.conflict import ActorsFile, load_conflict, read_actors
from sitrep.analysis.control import ControlModel
from sitrep.errors import InputError
from sitrep.store import Store
from tests.helpers import make_article, make_event, make_result

FIXTURE = Path(__file__).parent / "fixtures" / "ruritania"
ACTORS = FIXTURE / "actors.json"
D = dt.date.fromisoformat
REBELS, ARMY = "Black Michael's Men", "Royal Ruritanian Army"


@pytest.fixture(scope="module")
def xr_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SITREP_HOME with the made-up country's districts imported (as a user would)."""
    from sitrep.geo import import_ocha

    home = tmp_path_factory.mktemp("xr_home")
    summary = import_ocha(FIXTURE / "districts.geojson", home)
    assert summary["country"] == "XR" and summary["districts"] == 5
    return home


@pytest.fixture
def xr_store(tmp_path: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'xr.db'}")

    def ev(type_, pcode, day, actor, **kw):
        return make_event(type_, pcode=pcode, country="XR", province=kw.pop("province", "Elphberg"), date=day,
                          actor1=actor, **kw)  # fmt: skip

    for i, events in enumerate([
        [ev("territory_captured", "XR0102", "1897-03-02", REBELS, evidence="The rebels took Zenda.")],
        [ev("territory_captured", "XR0103", "1897-03-03", "graustark", evidence="Graustark took Tarlenheim.")],
        [ev("territory_retaken", "XR0201", "1897-03-04", "royal army", evidence="The army retook Hofbau.")],
        [ev("territory_captured", None, "1897-03-05", REBELS, province="Modenstein",
            evidence="The rebels seized the capital of Modenstein province.")],
    ]):  # fmt: skip
        a = make_article(f"Ruritanian dispatch {i}", published="1897-03-06")
        assert store.add_extraction(a, make_result(a, events))
    yield store
    store.close()


def _cli() -> typer.Typer:
    from sitrep.cli import store_cmd

    app = typer.Typer()
    store_cmd.register(app)
    return app


def _districts(home: Path):
    from sitrep.geo import load_gazetteer

    return load_gazetteer(home).districts("XR")


def test_the_conflict_comes_from_the_actors_file() -> None:
    c = load_conflict(ACTORS)
    assert (c.country, c.state, c.nonstate) == ("XR", ARMY, REBELS)
    assert c.labels["nonstate"] == "Black Michael" and c.labels["government"] == "Crown"
    assert c.side("royal army") == "government" and c.side("rebels of black michael") == "nonstate"
    assert c.side("graustark") is None  # another country's state holds no ground of the map
    assert c.is_state("chancellor") is True and c.is_state("rebels") is False and c.is_state("nobody") is None


def test_statuses_of_the_made_up_country(xr_home: Path, xr_store: Store) -> None:
    model = ControlModel(xr_store, _districts(xr_home), conflict=load_conflict(ACTORS))
    assert {c.admin2_pcode: c.status for c in model.on(D("1897-03-04"))}["XR0201"] == "government"
    on = {c.admin2_pcode: c.status for c in model.on(D("1897-03-06"))}
    assert on == {
        "XR0101": "unknown",
        "XR0102": "nonstate",
        "XR0103": "nonstate",  # a foreign state's "capture" is no gain of the mapped state
        "XR0201": "nonstate",  # "the capital of Modenstein province": its centre district (OCHA numbering)
        "XR0202": "unknown",  # and nowhere else in the province
    }


def test_cli_takes_country_and_labels_from_the_data(
    xr_home: Path, xr_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _cli()
    monkeypatch.setenv("SITREP_HOME", str(xr_home))
    monkeypatch.setenv("SITREP_ACTORS", str(ACTORS))
    r = CliRunner().invoke(app, ["control", "--db", xr_store.url, "--date", "1897-03-06", "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["labels"]["nonstate"] == "Black Michael"
    assert {d["admin2_pcode"] for d in out["districts"]} == {"XR0101", "XR0102", "XR0103", "XR0201", "XR0202"}
    assert out["counts"]["nonstate"] == 3
    r = CliRunner().invoke(app, ["control", "--db", xr_store.url, "--date", "1897-03-06"], terminal_width=200)
    assert r.exit_code == 0 and "Black Michael" in r.stdout


def test_no_default_country_without_events(xr_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _cli()
    monkeypatch.setenv("SITREP_HOME", str(xr_home))
    monkeypatch.setenv("SITREP_ACTORS", str(ACTORS))
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    r = CliRunner().invoke(app, ["control", "--db", empty, "--date", "1897-03-06", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.stdout)["districts"]) == 5  # the actors file's country, XR


def test_api_meta_serves_the_data_files_labels(xr_home: Path, xr_store: Store, monkeypatch) -> None:
    warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
    from fastapi.testclient import TestClient

    from sitrep.api import create_app
    from sitrep.geo import load_gazetteer

    monkeypatch.setenv("SITREP_ACTORS", str(ACTORS))
    client = TestClient(create_app(store=xr_store, gazetteer=load_gazetteer(xr_home)))
    meta = client.get("/api/meta").json()
    assert meta["statuses"] == ["government", "contested", "nonstate", "unknown"]
    assert meta["status_labels"]["nonstate"] == "Black Michael" and meta["conflict"]["country"] == "XR"
    control = client.get("/api/control", params={"date": "1897-03-06"}).json()
    assert {d["admin2_pcode"]: d["status"] for d in control["districts"]}["XR0102"] == "nonstate"


def test_actors_file_schema_is_strict(tmp_path: Path) -> None:
    from sitrep.config import data_dir

    assert isinstance(read_actors(data_dir() / "actors.json"), ActorsFile)  # the package's own file
    bad = json.loads(ACTORS.read_text(encoding="utf-8"))
    bad["actors"][0]["kinds"] = "nonstate"  # a misspelt key
    path = tmp_path / "actors.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(InputError, match=r"actors\.0\.kinds"):
        read_actors(path)
    bad = json.loads(ACTORS.read_text(encoding="utf-8"))
    del bad["conflict"]["nonstate"]
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(InputError, match=r"conflict\.nonstate"):
        read_actors(path)


def test_no_actor_or_country_name_in_the_analysis_code() -> None:
    import sitrep.analysis as pkg

    data = read_actors(Path(__import__("sitrep.config", fromlist=["data_dir"]).data_dir()) / "actors.json")
    kinds = {a.kind.casefold() for a in data.actors}  # schema words ("civilians"), not names
    names = {a.name for a in data.actors if a.name.casefold() not in kinds}
    names |= {a.country for a in data.actors if a.country}
    code = "\n".join(p.read_text(encoding="utf-8") for p in Path(pkg.__file__).parent.glob("*.py"))
    found = sorted(
        n for n in names if re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", code, re.I if len(n) > 2 else 0)
    )
    assert found == []
