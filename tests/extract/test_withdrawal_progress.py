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
