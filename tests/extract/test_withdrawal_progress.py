"""Withdrawals of foreign forces: progress statements, and where they are placed."""

from __future__ import annotations

from tests.extract.conftest import of_type


def test_a_progress_statement_about_the_withdrawal_process_is_an_event_in_the_country_left(extract):
    text = "Military planners said on Monday that 40 percent of the US withdrawal process from Afghanistan had been finished."
    events, _, _ = extract(text)
    (w,) = of_type(events, "troop_withdrawal")
    assert w.location.country == "AF" and w.location.admin1_pcode is None


def test_a_withdrawal_with_no_place_named_is_placed_in_the_country_at_war(extract):
    text = (
        "Taliban fighters captured Tagab district of Kapisa province on Monday.\n\n"
        "Officials said 40 percent of the withdrawal process had been finished by then."
    )
    events, _, _ = extract(text)
    (w,) = of_type(events, "troop_withdrawal")
    assert w.location.country == "AF"


def test_foreign_forces_leaving_do_not_take_the_province_of_a_battle_in_another_clause(extract):
    text = (
        "The loss of the town comes after battles in Kapisa province this week, just days after "
        "the American military formally began withdrawing its last troops from the country."
    )
    events, _, _ = extract(text)
    for w in of_type(events, "troop_withdrawal"):
        assert w.location.admin1_pcode is None


def test_a_withdrawal_in_a_subordinate_clause_with_no_place_is_the_backdrop(extract):
    for text in (
        "Clashes intensified in Kohsan on Monday as US troops withdraw from the country.",
        "The insurgents stepped up attacks after NATO forces began withdrawing in May.",
    ):
        events, _, _ = extract(text, published="2021-07-06")
        assert not of_type(events, "troop_withdrawal"), text


def test_a_withdrawal_from_a_named_base_in_a_subordinate_clause_is_still_an_event(extract):
    events, _, _ = extract(
        "The retreats came two days after US forces vacated Bagram air base on Friday.", published="2021-07-06"
    )
    assert [e.location.admin2_pcode for e in of_type(events, "troop_withdrawal")] == ["AF0302"]


def test_the_goal_to_complete_a_withdrawal_is_an_aim(extract):
    events, _, all_events = extract(
        "The president, in announcing the new goal to complete the withdrawal next month, said the Afghan "
        "army could hold its ground.",
        published="2021-07-06",
    )
    assert not of_type(events, "troop_withdrawal")
