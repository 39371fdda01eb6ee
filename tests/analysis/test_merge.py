from __future__ import annotations

import datetime as dt

from sitrep.analysis.merge import ReportView, compatible, merge_reports
from sitrep.models import EventFilter
from sitrep.store import Store
from tests.helpers import make_article, make_event, make_result

D = dt.date.fromisoformat


def _add(store: Store, text: str, published: str, source: str, *events) -> None:
    a = make_article(text, published=published, source=source)
    assert store.add_extraction(a, make_result(a, list(events)))


def _flight(value: float, approx: bool, day: str | None, text: str):
    return make_event(
        "cross_border_flight",
        actor1="Afghan government forces",
        country="AF",
        province="Badakhshan",
        province_pcode="AF15",
        date=day,
        quantities=((value, "personnel", approx),),
        evidence=text,
    )


def test_same_flight_from_two_outlets_is_one_event(store: Store) -> None:
    t1 = "1,037 soldiers fled to Tajikistan on Monday."
    t2 = "Nearly 1,000 Afghan soldiers crossed into Tajikistan."
    _add(store, t1, "2021-07-06", "Reuters", _flight(1037, False, "2021-07-05", t1))
    _add(store, t2, "2021-07-06", "TASS", _flight(1000, True, None, t2))
    total, events = store.query_events(EventFilter())
    assert total == 1
    e = events[0]
    assert e.corroboration == 2 and sorted(e.sources) == ["Reuters", "TASS"]
    assert e.quantities[0].value == 1037  # the exact figure
    assert e.conflicting_quantities == {"personnel": [1000.0, 1037.0]}
    assert e.date == D("2021-07-05")
    full = store.get_event(e.id)
    assert full is not None and {r.evidence.text for r in full.reports} == {t1, t2}


def test_same_district_different_week_not_merged(store: Store) -> None:
    for day in ("2021-07-01", "2021-07-09"):
        ev = make_event("territory_captured", district="Khwahan", pcode="AF1528", date=day, actor1="Taliban")
        _add(store, f"Khwahan fell on {day}.", day, "Reuters", ev)
    assert store.query_events(EventFilter())[0] == 2


def test_different_districts_same_day_not_merged(store: Store) -> None:
    for name, code in (("Khwahan", "AF1528"), ("Shekay", "AF1527")):
        ev = make_event("territory_captured", district=name, pcode=code, date="2021-07-04", actor1="Taliban")
        _add(store, f"{name} fell.", "2021-07-05", "Reuters", ev)
    assert store.query_events(EventFilter())[0] == 2


def test_province_level_report_joins_district_event(store: Store) -> None:
    district = make_event(
        "armed_clash", district="Kunduz", pcode="AF1701", province="Kunduz", province_pcode="AF17",
        date="2021-07-04", actor1="Taliban", fatalities=15,
    )  # fmt: skip
    province = make_event(
        "armed_clash", province="Kunduz", province_pcode="AF17", date="2021-07-05", actor1="Afghan forces",
        actor2="Taliban", fatalities=17,
    )  # fmt: skip
    _add(store, "Fighting in Kunduz district.", "2021-07-05", "Reuters", district)
    assert store.query_events(EventFilter())[0] == 1
    _add(store, "Clashes in Kunduz province.", "2021-07-06", "AP", province)
    total, events = store.query_events(EventFilter())
    assert total == 1
    e = events[0]
    assert e.location.admin2 == "Kunduz" and e.corroboration == 2
    assert e.fatalities == 15 and e.conflicting_quantities == {"fatalities": [15.0, 17.0]}


def test_incompatible_numbers_or_actors_not_merged(store: Store) -> None:
    _add(store, "a", "2021-07-06", "A", _flight(1037, False, "2021-07-05", "a"))
    _add(store, "b", "2021-07-06", "B", _flight(90, False, "2021-07-05", "b"))
    assert store.query_events(EventFilter())[0] == 2
    ev = make_event("territory_captured", district="Khwahan", date="2021-07-04", actor1="ISIS")
    ev2 = make_event("territory_captured", district="Khwahan", date="2021-07-04", actor1="Taliban")
    _add(store, "c", "2021-07-05", "C", ev)
    _add(store, "d", "2021-07-05", "D", ev2)
    assert store.query_events(EventFilter(type="territory_captured"))[0] == 2


def _view(i: int, **kw) -> ReportView:
    base = {"article_id": f"a{i}", "type": "armed_clash", "country": "AF", "admin2": "Kunduz"}
    return ReportView(id=i, **{**base, **kw})


def test_undated_reports_merge_only_with_close_publication() -> None:
    a = _view(1, published=D("2021-07-05"))
    assert compatible(a, _view(2, published=D("2021-07-07")))
    assert not compatible(a, _view(3, published=D("2021-07-20")))
    assert not compatible(a, _view(4))  # no date at all
    assert compatible(_view(5, date=D("2021-07-01"), date_precision="week"), _view(6, date=D("2021-07-06")))


def test_complete_linkage_does_not_chain() -> None:
    q = lambda v: [{"value": v, "unit": "personnel", "approx": False, "text": ""}]  # noqa: E731
    reports = [_view(i, date=D("2021-07-05"), quantities=q(v)) for i, v in enumerate((1000, 1400, 1950))]
    groups = merge_reports(reports)
    assert sorted(len(g.report_ids) for g in groups) == [1, 2]
    pair = next(g for g in groups if len(g.report_ids) == 2)
    assert sorted(pair.report_ids) == [0, 1]  # 1,000 with 1,400; 1,950 alone
