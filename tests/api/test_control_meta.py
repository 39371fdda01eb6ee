"""The control endpoints say what the statuses are called, and what the map leaves out."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_meta_names_the_statuses_from_the_actors_file(client: TestClient) -> None:
    meta = client.get("/api/meta").json()
    assert meta["statuses"] == ["government", "contested", "nonstate", "unknown"]
    assert meta["status_labels"] == {
        "government": "Government",
        "contested": "Contested",
        "nonstate": "Taliban",
        "unknown": "Unknown / no data",
    }
    assert meta["conflict"] == {"country": "AF", "state": "Afghan government forces", "nonstate": "Taliban"}


def test_control_says_what_was_kept_out(client: TestClient) -> None:
    control = client.get("/api/control", params={"date": "2021-07-09"}).json()
    assert set(control["kept_out"]) == {"undated", "no_district", "other_country", "estimate_overruled"}
    assert all(isinstance(n, int) for n in control["kept_out"].values())
    assert control["dated_from_text"] == 0
    held = [d for d in control["districts"] if d["status"] == "nonstate"]
    assert held and all(0 < d["confidence"] <= 1 and d["claimed"] in (True, False) for d in held)


def test_control_map_follows_a_re_extraction_with_the_same_counts(tmp_path, gazetteer) -> None:
    """The control model is cached by the store's data version: a re-extraction that keeps
    every count (one capture moved to another district) still gives a new map."""
    from sitrep.api import create_app
    from tests.helpers import make_article, make_event, make_result

    first, second = gazetteer.districts()[:2]
    a = make_article("The Taliban captured the district centre.", published="2021-07-05")

    def capture(place, version: str):
        e = make_event("territory_captured", district=place.name, pcode=place.id, province=place.admin1,
                       province_pcode=place.admin1_pcode, date="2021-07-04", actor1="Taliban",
                       evidence="The Taliban captured the district centre.")  # fmt: skip
        return make_result(a, [e], version=version)

    with TestClient(create_app(f"sqlite:///{tmp_path / 'c.db'}", gazetteer=gazetteer)) as c:
        store = c.app.state.ctx.store

        def status(place) -> str:
            rows = c.get("/api/control", params={"date": "2021-07-06"}).json()["districts"]
            return next(d["status"] for d in rows if d["admin2_pcode"] == place.id)

        store.add_extraction(a, capture(first, "0"))
        assert (status(first), status(second)) == ("nonstate", "unknown")
        counts = store.counts()
        store.add_extraction(a, capture(second, "1"))
        assert store.counts() == counts
        assert (status(first), status(second)) == ("unknown", "nonstate")
