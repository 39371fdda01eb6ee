"""The status rules of the control map (sitrep/analysis/control.py), one by one."""

from __future__ import annotations

import datetime as dt
import itertools

from sitrep.analysis.conflict import load_conflict
from sitrep.analysis.control import ControlModel, Signal, signal_of, timeline
from sitrep.models import DistrictControl, Evidence, StoredEvent
from sitrep.store import Store
from tests.helpers import TOY_DISTRICTS as DISTRICTS
from tests.helpers import make_article, make_event, make_result

D = dt.date.fromisoformat
_N = itertools.count()
STATE, NONSTATE = "Afghan government forces", "Taliban"


def _ev(type_: str, code: str | None, day: str | None, actor1: str | None = None, attributed_to=None, **kw):
    e = make_event(type_, pcode=code, province=kw.pop("province", "Eastshire"), date=day, actor1=actor1, **kw)
    e.attributed_to = attributed_to
    return e


def _add(store: Store, published: str | None, *events, text: str | None = None, source: str = "Wire") -> None:
    a = make_article(text or f"article {next(_N)} of {published}", published=published, source=source)
    assert store.add_extraction(a, make_result(a, list(events)))


def _on(store: Store, day: str) -> dict[str, DistrictControl]:
    return {c.admin2_pcode: c for c in ControlModel(store, DISTRICTS).on(D(day))}


# ------------------------------------------------------------------ claims vs reports


def test_a_partys_own_claim_is_shown_as_claimed_until_a_report_confirms_it(store: Store) -> None:
    _add(store, "2021-07-05", _ev("territory_captured", "AF1502", "2021-07-04", NONSTATE, modality="claimed",
                                  attributed_to=NONSTATE))  # fmt: skip
    claimed = _on(store, "2021-07-05")["AF1502"]
    assert claimed.status == "nonstate" and claimed.claimed and claimed.confidence is not None
    assert claimed.confidence < 0.6
    # a report two weeks later (a separate event, not merged into the claim)
    _add(store, "2021-07-20", _ev("territory_captured", "AF1502", "2021-07-19", NONSTATE, evidence="confirmed"))
    assert _on(store, "2021-07-18")["AF1502"].claimed
    confirmed = _on(store, "2021-07-20")["AF1502"]
    assert confirmed.status == "nonstate" and not confirmed.claimed
    assert confirmed.since == D("2021-07-04") and confirmed.confidence > claimed.confidence
    assert len(confirmed.event_ids) == 2


def test_an_admission_by_the_losing_side_counts_as_a_report(store: Store) -> None:
    _add(store, "2021-07-05", _ev("territory_captured", "AF1502", "2021-07-04", NONSTATE, modality="claimed",
                                  attributed_to=STATE))  # fmt: skip
    c = _on(store, "2021-07-05")["AF1502"]
    assert c.status == "nonstate" and not c.claimed and c.confidence >= 0.8


def test_more_sources_more_confidence(store: Store) -> None:
    _add(store, "2021-07-05", _ev("territory_captured", "AF1502", "2021-07-04", NONSTATE), source="A")
    one = _on(store, "2021-07-05")["AF1502"].confidence
    _add(store, "2021-07-05", _ev("territory_captured", "AF1502", "2021-07-04", NONSTATE, evidence="again"),
         source="B")  # fmt: skip
    two = _on(store, "2021-07-05")["AF1502"].confidence
    assert one is not None and two is not None and two > one


# ------------------------------------------------------------------ captures and retakes


def test_retake_after_capture_and_taken_stays_taken(store: Store) -> None:
    _add(store, "2021-07-05", _ev("territory_captured", "AF1502", "2021-07-04", NONSTATE),
         _ev("territory_captured", "AF1503", "2021-07-04", NONSTATE, evidence="other"))  # fmt: skip
    _add(store, "2021-07-12", _ev("territory_retaken", "AF1502", "2021-07-11", STATE))
    assert _on(store, "2021-07-03")["AF1502"].status == "unknown"
    assert _on(store, "2021-07-10")["AF1502"].status == "nonstate"
    back = _on(store, "2021-07-11")["AF1502"]
    assert back.status == "government" and back.since == D("2021-07-11")
    # never reported retaken: still taken months later
    later = _on(store, "2021-10-30")["AF1503"]
    assert later.status == "nonstate" and later.since == D("2021-07-04")


def test_surrender_of_the_states_forces_gives_the_district_weakly(store: Store) -> None:
    _add(store, "2021-07-05", _ev("surrender", "AF1502", "2021-07-04", STATE))
    c = _on(store, "2021-07-05")["AF1502"]
    assert c.status == "nonstate" and c.confidence < 0.8


def test_a_foreign_states_capture_is_no_side_of_the_map(store: Store) -> None:
    # an actor of another country is not the mapped state: a capture is the non-state side's
    _add(store, "2021-07-05", _ev("territory_captured", "AF1502", "2021-07-04", "Iran"))
    assert _on(store, "2021-07-05")["AF1502"].status == "nonstate"


# ------------------------------------------------------------------ conflicting reports


def test_opposite_reports_on_the_same_day_make_it_contested(store: Store) -> None:
    _add(store, "2021-07-05", _ev("territory_captured", "AF1502", "2021-07-04", NONSTATE), source="A")
    _add(store, "2021-07-05", _ev("territory_retaken", "AF1502", "2021-07-04", STATE), source="B")
    c = _on(store, "2021-07-05")["AF1502"]
    assert c.status == "contested" and len(c.event_ids) == 2


def test_claim_against_claim_is_contested(store: Store) -> None:
    _add(store, "2021-07-05", _ev("territory_captured", "AF1502", "2021-07-04", NONSTATE, modality="claimed",
                                  attributed_to=NONSTATE))  # fmt: skip
    _add(store, "2021-07-07", _ev("territory_retaken", "AF1502", "2021-07-06", STATE, modality="claimed",
                                  attributed_to=STATE))  # fmt: skip
    assert _on(store, "2021-07-05")["AF1502"].status == "nonstate"
    assert _on(store, "2021-07-07")["AF1502"].status == "contested"


def test_a_claimed_retake_of_a_reported_capture_is_contested_not_government(store: Store) -> None:
    _add(store, "2021-07-05", _ev("territory_captured", "AF1502", "2021-07-04", NONSTATE), source="A")
    _add(store, "2021-07-05", _ev("territory_captured", "AF1502", "2021-07-04", NONSTATE, evidence="b"), source="B")
    _add(store, "2021-07-09", _ev("territory_retaken", "AF1502", "2021-07-08", STATE, modality="claimed",
                                  attributed_to=STATE))  # fmt: skip
    assert _on(store, "2021-07-09")["AF1502"].status == "contested"


def test_clash_makes_a_government_district_contested_for_a_while(store: Store) -> None:
    _add(store, "2021-07-02", _ev("territory_retaken", "AF1502", "2021-07-01", STATE))
    _add(store, "2021-07-05", _ev("armed_clash", "AF1502", "2021-07-04", NONSTATE))
    assert _on(store, "2021-07-04")["AF1502"].status == "contested"
    back = _on(store, "2021-07-25")["AF1502"]
    assert back.status == "government" and back.since == D("2021-07-19")


def _stored(type_: str, actor1: str, modality: str = "reported", sources=("A",)) -> StoredEvent:
    return StoredEvent(id=next(_N), type=type_, actor1=actor1, modality=modality, sources=list(sources),
                       evidence=Evidence(text="x", start=0, end=1), article_id="a")  # fmt: skip


def test_a_denial_turns_a_claimed_capture_into_contested() -> None:
    conflict = load_conflict()
    claim = signal_of(_stored("territory_captured", NONSTATE, "claimed"), D("2021-07-04"), conflict)
    denial = signal_of(_stored("territory_captured", NONSTATE, "negated"), D("2021-07-05"), conflict)
    assert claim is not None and claim.claimed and denial is not None and denial.kind == "denial"
    segs = timeline([claim, denial])
    # contested; with no news for two weeks it fades back to what it was before the claim
    assert [(s.start, s.status) for s in segs] == [
        (D("2021-07-04"), "nonstate"), (D("2021-07-05"), "contested"), (D("2021-07-20"), "unknown")
    ]  # fmt: skip
    # a reported capture is not undone by a denial
    report = signal_of(_stored("territory_captured", NONSTATE), D("2021-07-04"), conflict)
    assert [s.status for s in timeline([report, denial])] == ["nonstate"]  # type: ignore[list-item]


def test_planned_and_unknown_surrenders_give_no_signal() -> None:
    conflict = load_conflict()
    assert signal_of(_stored("territory_captured", NONSTATE, "planned"), D("2021-07-04"), conflict) is None
    assert signal_of(_stored("surrender", "someone unheard of"), D("2021-07-04"), conflict) is None
    s = signal_of(_stored("territory_captured", NONSTATE, sources=("A", "B", "C")), D("2021-07-04"), conflict)
    assert isinstance(s, Signal) and s.weight > 0.95


# ------------------------------------------------------------------ province-level reports


def test_province_level_report_acts_on_the_capitals_centre_district_only(store: Store) -> None:
    capital = _ev("territory_captured", None, "2021-07-04", NONSTATE,
                  evidence="The insurgents seized the city, the capital of Eastshire province, on Sunday.")  # fmt: skip
    districts = _ev("territory_captured", None, "2021-07-04", NONSTATE,
                    evidence="The rebels overran two districts in Westshire province.", province="Westshire")  # fmt: skip
    _add(store, "2021-07-05", capital, districts)
    model = ControlModel(store, DISTRICTS)
    on = {c.admin2_pcode: c.status for c in model.on(D("2021-07-05"))}
    assert on == {"AF1501": "nonstate", "AF1502": "unknown", "AF1503": "unknown", "AF1601": "unknown",
                  "AF1602": "unknown"}  # fmt: skip
    assert model.kept_out_summary()["no_district"] == 1


def test_the_capital_the_losing_side_fled_to_is_not_taken(store: Store) -> None:
    fled = _ev("territory_captured", None, "2021-07-04", NONSTATE, province="Eastshire",
               evidence="Troops gave up their posts and fled to Centreville, the provincial capital of Eastshire.")  # fmt: skip
    _add(store, "2021-07-05", fled)
    model = ControlModel(store, DISTRICTS)
    assert {c.status for c in model.on(D("2021-07-05"))} == {"unknown"}
    assert model.kept_out_summary()["no_district"] == 1


def test_a_bare_province_name_means_its_namesake_district(store: Store) -> None:
    bare = _ev("territory_captured", None, "2021-07-04", NONSTATE, province="Westshire",
               evidence="The insurgents took Westshire on Sunday.")  # fmt: skip
    clash = _ev("armed_clash", None, "2021-07-04", NONSTATE, province="Eastshire",
                evidence="Fighting raged in the capital of Eastshire.")  # fmt: skip
    _add(store, "2021-07-05", bare, clash)
    on = {c.admin2_pcode: c.status for c in ControlModel(store, DISTRICTS).on(D("2021-07-05"))}
    assert on["AF1602"] == "nonstate" and on["AF1601"] == "unknown"
    assert on["AF1501"] == "unknown"  # clashes at province level act nowhere


# ------------------------------------------------------------------ undated articles


def test_undated_articles_count_only_where_the_text_dates_the_event(store: Store) -> None:
    dated = "The rebels took Bravo district on July 5. Published July 6, 2021."
    cap = make_event("territory_captured", pcode="AF1502", province="Eastshire", actor1=NONSTATE,
                     evidence="The rebels took Bravo district on July 5.")  # fmt: skip
    _add(store, None, cap, text=dated)
    vague = "The rebels took Charlie district on Friday."
    _add(store, None, make_event("territory_captured", pcode="AF1503", province="Eastshire", actor1=NONSTATE,
                                 evidence=vague), text=vague)  # fmt: skip
    model = ControlModel(store, DISTRICTS)
    on = {c.admin2_pcode: c for c in model.on(D("2021-07-10"))}
    assert on["AF1502"].status == "nonstate" and on["AF1502"].since == D("2021-07-05")
    assert on["AF1503"].status == "unknown"
    assert model.dated_from_text == 1 and model.kept_out_summary()["undated"] == 1


def test_a_capital_word_that_goes_with_another_place_is_no_capture_of_the_capital(store: Store) -> None:
    far = _ev("territory_captured", None, "2021-07-04", NONSTATE,
              evidence="The rebels took Eastshire, on the outskirts of the old royal city of Kings.")  # fmt: skip
    based = _ev("territory_captured", None, "2021-07-04", NONSTATE, province="Westshire",
                evidence="A Westshire-based paper said the rebels entered the city of Kings.")  # fmt: skip
    _add(store, "2021-07-05", far, based)
    model = ControlModel(store, DISTRICTS)
    assert {c.status for c in model.on(D("2021-07-05"))} == {"unknown"}
    assert model.kept_out_summary()["no_district"] == 2


def test_undated_article_relative_dates_read_against_the_day_it_states(store: Store) -> None:
    _add(store, "2021-08-01", _ev("territory_captured", "AF1601", "2021-07-30", NONSTATE, province="Westshire"))
    text = "The rebels took Centreville on Friday. The council met on August 13 to discuss it."
    cap = make_event("territory_captured", pcode="AF1501", province="Eastshire", actor1=NONSTATE,
                     evidence="The rebels took Centreville on Friday.")  # fmt: skip
    _add(store, None, cap, text=text)
    model = ControlModel(store, DISTRICTS)
    c = {c.admin2_pcode: c for c in model.on(D("2021-08-20"))}["AF1501"]
    # the year from the corpus (2021), 13 August 2021 was a Friday
    assert c.status == "nonstate" and c.since == D("2021-08-13") and model.dated_from_text == 1


def test_an_undated_event_of_an_article_that_states_a_day_takes_that_day_as_an_estimate(store: Store) -> None:
    # dated reporting has Bravo fall on 20 August; nobody dates Alpha's fall
    _add(store, "2021-08-21", _ev("territory_captured", "AF1502", "2021-08-20", NONSTATE, province="Eastshire"))
    text = ("The rebels took Alpha district after a night of fighting. They also entered Bravo district. "
            "A spokesman said on August 13 that talks would go on.")  # fmt: skip
    alpha = make_event("territory_captured", pcode="AF1501", province="Eastshire", actor1=NONSTATE,
                       evidence="The rebels took Alpha district after a night of fighting.")  # fmt: skip
    bravo = make_event("territory_captured", pcode="AF1502", province="Eastshire", actor1=NONSTATE,
                       evidence="They also entered Bravo district.")  # fmt: skip
    _add(store, None, alpha, bravo, text=text)
    model = ControlModel(store, DISTRICTS)
    on = {c.admin2_pcode: c for c in model.on(D("2021-08-25"))}
    # the latest day the article states stands in for its own day ...
    assert on["AF1501"].status == "nonstate" and on["AF1501"].since == D("2021-08-13")
    # ... but only as an estimate: it never moves what dated reporting shows
    assert on["AF1502"].since == D("2021-08-20")
    assert model.kept_out_summary()["estimate_overruled"] == 1


def test_a_month_precise_event_counts_from_the_months_last_day(store: Store) -> None:
    _add(store, "2021-07-09", _ev("territory_captured", "AF1502", "2021-06-15", NONSTATE, precision="month"))
    assert _on(store, "2021-06-29")["AF1502"].status == "unknown"
    taken = _on(store, "2021-06-30")["AF1502"]
    assert taken.status == "nonstate" and taken.since == D("2021-06-30")


def test_the_rules_file_is_checked() -> None:
    from sitrep.analysis.control import ControlRules, rules

    assert rules()["weights"]["claimed"] < rules()["weights"]["reported"]
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        ControlRules.model_validate({**rules(), "contested_ratio": 0.5})
    with pytest.raises(ValidationError):
        ControlRules.model_validate({**rules(), "weigths": {}})


# ------------------------------------------------------------------ undated articles placed by co-reporting


def test_an_undated_article_is_placed_in_time_by_the_dated_events_it_also_reports(store: Store) -> None:
    # dated reporting: Bravo and Westburg fell in the first days of July
    _add(store, "2021-07-03", _ev("territory_captured", "AF1502", "2021-07-02", NONSTATE))
    _add(store, "2021-07-04", _ev("territory_captured", "AF1601", "2021-07-03", NONSTATE))
    # an undated round-up reports those two falls again, and one nobody dated: Charlie
    text = "The rebels took Bravo. They also took Westburg. Charlie district fell too."
    _add(store, None,
         _ev("territory_captured", "AF1502", None, NONSTATE, evidence="The rebels took Bravo."),
         _ev("territory_captured", "AF1601", None, NONSTATE, province="Westshire", evidence="They also took Westburg."),
         _ev("territory_captured", "AF1503", None, NONSTATE, evidence="Charlie district fell too."),
         text=text)  # fmt: skip
    model = ControlModel(store, DISTRICTS)
    charlie = {c.admin2_pcode: c for c in model.on(D("2021-07-10"))}["AF1503"]
    # the latest day of the co-reported falls stands in for the article's day
    assert charlie.status == "nonstate" and charlie.since == D("2021-07-03")
    assert {c.admin2_pcode: c for c in model.on(D("2021-07-02"))}["AF1503"].status == "unknown"


def test_a_stray_later_match_does_not_move_the_estimated_day(store: Store) -> None:
    _add(store, "2021-07-03", _ev("territory_captured", "AF1502", "2021-07-02", NONSTATE))
    _add(store, "2021-07-04", _ev("territory_captured", "AF1601", "2021-07-03", NONSTATE))
    _add(store, "2021-08-20", _ev("territory_captured", "AF1602", "2021-08-19", NONSTATE, province="Westshire"))
    text = "The rebels took Bravo. They also took Westburg. Westshire fell. Charlie district fell too."
    _add(store, None,
         _ev("territory_captured", "AF1502", None, NONSTATE, evidence="The rebels took Bravo."),
         _ev("territory_captured", "AF1601", None, NONSTATE, province="Westshire", evidence="They also took Westburg."),
         _ev("territory_captured", "AF1602", None, NONSTATE, province="Westshire", evidence="Westshire fell."),
         _ev("territory_captured", "AF1503", None, NONSTATE, evidence="Charlie district fell too."),
         text=text)  # fmt: skip
    charlie = _on(store, "2021-07-10")["AF1503"]
    assert charlie.status == "nonstate" and charlie.since == D("2021-07-03")


def test_an_estimated_day_never_moves_what_dated_reporting_shows(store: Store) -> None:
    _add(store, "2021-07-03", _ev("territory_captured", "AF1502", "2021-07-02", NONSTATE))
    _add(store, "2021-07-04", _ev("territory_captured", "AF1601", "2021-07-03", NONSTATE))
    _add(store, "2021-08-12", _ev("territory_captured", "AF1503", "2021-08-11", NONSTATE))
    text = "The rebels took Bravo. They also took Westburg. Charlie district fell too."
    _add(store, None,
         _ev("territory_captured", "AF1502", None, NONSTATE, evidence="The rebels took Bravo."),
         _ev("territory_captured", "AF1601", None, NONSTATE, province="Westshire", evidence="They also took Westburg."),
         _ev("territory_captured", "AF1503", None, NONSTATE, evidence="Charlie district fell too."),
         text=text)  # fmt: skip
    model = ControlModel(store, DISTRICTS)
    # Charlie's dated fall (11 August) stands; the undated article's estimate (2 July) is set aside
    assert _on(store, "2021-07-10")["AF1503"].status == "unknown"
    # (its own reports of Bravo and Westburg are set aside as well: dated reporting covers them)
    assert model.kept_out_summary()["estimate_overruled"] == 3


def test_a_sentence_that_excepts_the_capital_does_not_act_on_it(store: Store) -> None:
    _add(store, "2021-07-05", _ev("territory_captured", None, "2021-07-04", NONSTATE, province="Westshire",
         evidence="The rebels took Westshire province, except the city of Westshire, on Sunday."))  # fmt: skip
    on = _on(store, "2021-07-05")
    assert on["AF1601"].status == on["AF1602"].status == "unknown"
