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
