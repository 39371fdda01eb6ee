from __future__ import annotations

import datetime as dt
import itertools

import pytest

from sitrep.analysis.claims import check_claims, latest_claims
from sitrep.analysis.control import ControlModel, control_on, control_series, is_state
from sitrep.models import Claim, Evidence, Place
from sitrep.store import Store
from tests.helpers import make_article, make_event, make_result

D = dt.date.fromisoformat
_N = itertools.count()
DISTRICTS = [
    Place(id=code, name=name, kind="district", country="AF", admin1="Badakhshan", admin2=name,
          admin1_pcode="AF15", admin2_pcode=code, lat=37.0 + i, lon=70.0 + i)
    for i, (code, name) in enumerate((("AF1501", "Alpha"), ("AF1502", "Bravo"), ("AF1503", "Charlie"),
                                      ("AF1504", "Delta")))
]  # fmt: skip


def _ev(type_: str, code: str | None, day: str, actor1: str | None = None, name: str | None = None, **kw):
    return make_event(type_, district=name, pcode=code, province="Badakhshan", date=day, actor1=actor1, **kw)


def _add(store: Store, published: str, *events, claims=()) -> None:
    a = make_article(f"article {next(_N)} of {published}", published=published)
    assert store.add_extraction(a, make_result(a, list(events), list(claims)))


def _status(store: Store, day: str) -> dict[str, str]:
    return {c.admin2: c.status for c in control_on(store, D(day), DISTRICTS)}


def test_capture_then_retake(store: Store) -> None:
    _add(store, "2021-07-05", _ev("territory_captured", "AF1501", "2021-07-04", "Taliban", evidence="cap"))
    _add(store, "2021-07-12", _ev("territory_retaken", "AF1501", "2021-07-11", "Afghan government forces"))
    assert _status(store, "2021-07-03")["Alpha"] == "unknown"
    on = {c.admin2: c for c in control_on(store, D("2021-07-05"), DISTRICTS)}
    assert on["Alpha"].status == "nonstate" and on["Alpha"].since == D("2021-07-04")
    assert len(on["Alpha"].event_ids) == 1
    assert store.get_event(on["Alpha"].event_ids[0]).type == "territory_captured"
    assert _status(store, "2021-07-11")["Alpha"] == "government"
    assert _status(store, "2021-07-11")["Bravo"] == "unknown"


def test_district_matched_by_name_and_state_captor(store: Store) -> None:
    # no P-code: matched by name; captured by state forces -> government
    _add(
        store,
        "2021-07-05",
        _ev("territory_captured", None, "2021-07-04", "Afghan government forces", name="bravo"),
    )
    _add(store, "2021-07-05", _ev("territory_captured", "AF1503", "2021-07-04", None, transfer="peaceful"))
    s = _status(store, "2021-07-05")
    assert s["Bravo"] == "government" and s["Charlie"] == "nonstate"


def test_contested_expires_back(store: Store) -> None:
    _add(store, "2021-07-02", _ev("territory_retaken", "AF1502", "2021-07-01", "Afghan government forces"))
    _add(store, "2021-07-06", _ev("armed_clash", "AF1502", "2021-07-05", "Taliban", evidence="fight 1"))
    _add(store, "2021-07-11", _ev("armed_clash", "AF1502", "2021-07-10", "Taliban", evidence="fight 2"))
    # a clash in an unknown district: contested, then back to unknown
    _add(store, "2021-07-06", _ev("armed_clash", "AF1504", "2021-07-05", "Taliban", evidence="fight 3"))
    assert _status(store, "2021-07-04")["Bravo"] == "government"
    on = {c.admin2: c for c in control_on(store, D("2021-07-12"), DISTRICTS)}
    assert on["Bravo"].status == "contested" and len(on["Bravo"].event_ids) == 2
    assert _status(store, "2021-07-24")["Bravo"] == "contested"  # 14 days after the last clash
    assert _status(store, "2021-07-25")["Bravo"] == "government"
    assert _status(store, "2021-07-19")["Delta"] == "contested"
    assert _status(store, "2021-07-20")["Delta"] == "unknown"


def test_clash_in_taliban_district_stays_taliban(store: Store) -> None:
    _add(store, "2021-07-02", _ev("territory_captured", "AF1501", "2021-07-01", "Taliban"))
    _add(store, "2021-07-06", _ev("armed_clash", "AF1501", "2021-07-05", "Afghan forces", evidence="x"))
    assert _status(store, "2021-07-06")["Alpha"] == "nonstate"


def test_totals_and_series(store: Store) -> None:
    _add(store, "2021-07-02", _ev("territory_captured", "AF1501", "2021-07-01", "Taliban", evidence="a"))
    _add(store, "2021-07-03", _ev("territory_captured", "AF1502", "2021-07-03", "Taliban", evidence="b"))
    _add(store, "2021-07-03", _ev("territory_retaken", "AF1503", "2021-07-02", "Afghan government forces"))
    series = control_series(store, DISTRICTS)
    assert [t.date for t in series] == [D("2021-07-01"), D("2021-07-02"), D("2021-07-03")]
    last = series[-1]
    assert last.counts == {"government": 1, "contested": 0, "nonstate": 2, "unknown": 1}
    assert last.shares == {"government": 25.0, "contested": 0.0, "nonstate": 50.0, "unknown": 25.0}
    assert series[0].counts["nonstate"] == 1
    assert control_series(store, DISTRICTS, D("2021-07-05"), D("2021-07-04")) == []


def test_claims_beside_computed(store: Store) -> None:
    ev = Evidence(text="x", start=0, end=1)
    claims = [
        Claim(claimant="Taliban", metric="share_of_territory", value=85, unit="percent", subject="Taliban",
              date=D("2021-07-02"), evidence=ev),
        Claim(claimant="Taliban", metric="districts_controlled", value=174, unit="count", subject="Taliban",
              evidence=ev),
        Claim(claimant="Taliban", metric="share_of_territory", value=90, unit="percent", date=D("2021-07-20"),
              evidence=ev),
        Claim(claimant="NATO", metric="withdrawal_progress", value=90, unit="percent", evidence=ev),
    ]  # fmt: skip
    _add(store, "2021-07-03", _ev("territory_captured", "AF1501", "2021-07-01", "Taliban"), claims=claims)
    checks = {(c.claim.metric, c.claim.value): c for c in check_claims(store, DISTRICTS)}
    share = checks[("share_of_territory", 85)]
    assert share.status == "nonstate" and share.computed == 25.0 and share.computed_unit == "percent"
    count = checks[("districts_controlled", 174)]
    assert count.claim.date == D("2021-07-03") and count.computed == 1.0 and count.computed_unit == "count"
    assert checks[("withdrawal_progress", 90)].computed is None
    latest = latest_claims(store.list_claims(), D("2021-07-12"))
    assert sorted((c.metric, c.value) for c in latest) == [
        ("districts_controlled", 174),
        ("share_of_territory", 85),
        ("withdrawal_progress", 90),
    ]


@pytest.mark.parametrize(
    "actor, state",
    [
        ("Taliban", False),
        ("Afghan government forces", True),
        ("ISIS", False),
        ("Tajikistan", True),
        (None, None),
    ],
)
def test_state_actors(actor: str | None, state: bool | None) -> None:
    assert is_state(actor) is state


def test_model_accepts_a_gazetteer_like_object(store: Store) -> None:
    class Gaz:
        def districts(self, country=None):
            return DISTRICTS

    assert len(ControlModel(store, Gaz()).on(D("2021-07-01"))) == 4
