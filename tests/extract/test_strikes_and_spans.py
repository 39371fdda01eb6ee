"""Strikes told with the verb 'strike', bases vacated, and fighting told as a span of time."""

from __future__ import annotations

from tests.extract.conftest import of_type


def test_aircraft_striking_positions_is_an_air_strike_even_through_a_pronoun(extract):
    events, _, _ = extract(
        "Officials said the bombers were flying in from the Gulf and that they were striking insurgent "
        "positions around Kohsan and Keshem on Monday."
    )
    strikes = of_type(events, "air_strike")
    assert sorted(e.location.admin2_pcode for e in strikes) == ["AF1715", "AF3213"]
    assert not of_type(events, "armed_clash")


def test_striking_a_deal_or_a_bus_is_no_fighting(extract):
    for text in ("The two sides struck a deal in Kohsan on Monday.", "A flood struck a bus in Kohsan on Monday."):
        events, _, _ = extract(text)
        assert not events, text


def test_troops_striking_positions_on_the_ground_is_a_clash(extract):
    events, _, _ = extract("Commandos struck Taliban positions in Kohsan district on Monday.")
    assert [e.location.admin2_pcode for e in of_type(events, "armed_clash")] == ["AF3213"]


def test_a_base_vacated_by_foreign_forces_is_their_withdrawal(extract):
    events, _, _ = extract("The US military vacated its air base near Kohsan on Friday.")
    assert of_type(events, "troop_withdrawal") and not of_type(events, "territory_captured")


def test_a_district_centre_vacated_by_government_troops_is_taken_by_their_adversary(extract):
    events, _, _ = extract(
        "The Taliban pressed on in the west. Government troops vacated the district centre of Kohsan on Friday."
    )
    caps = of_type(events, "territory_captured")
    assert [(e.actor1, e.location.admin2_pcode) for e in caps] == [("Taliban", "AF3213")]


def test_a_counted_span_of_fighting_before_a_capture_is_a_clash_there(extract):
    events, _, _ = extract(
        "The insurgents overran Kohsan district after three days of heavy fighting, an official said on Monday."
    )
    assert [e.location.admin2_pcode for e in of_type(events, "armed_clash")] == ["AF3213"]
    assert [e.location.admin2_pcode for e in of_type(events, "territory_captured")] == ["AF3213"]


def test_months_of_fighting_are_the_background_not_an_event(extract):
    events, _, _ = extract("The insurgents overran Kohsan district after months of fighting, an official said.")
    assert not of_type(events, "armed_clash")


def test_a_post_that_came_under_attack_was_attacked_by_the_other_side(extract):
    events, _, _ = extract("The Taliban pressed on in the west. A police post in Kohsan came under attack overnight.")
    clashes = of_type(events, "armed_clash")
    assert [(e.actor1, e.location.admin2_pcode) for e in clashes] == [("Taliban", "AF3213")]
    assert clashes[0].actor2 == "Afghan government forces"


def test_troops_that_fled_after_coming_under_assault_were_in_a_clash_where_they_fled_from(extract):
    events, _, _ = extract(
        "The Taliban advanced in the north. Afghan soldiers escaped across the Keshem border crossing after "
        "coming under a sustained assault on Monday."
    )
    assert [e.location.admin2_pcode for e in of_type(events, "armed_clash")] == ["AF1715"]


def test_an_order_or_demand_is_no_event(extract):
    events, _, _ = extract(
        "The Taliban pressed on in the west. The insurgents sent elders to the garrison in Kohsan with a "
        "message: Surrender or die."
    )
    assert not of_type(events, "surrender")


def test_a_total_over_a_period_is_a_tally_not_a_new_flight(extract):
    events, _, _ = extract(
        "In all, a total number of 640 Afghan troops crossed into Tajik territory over the past two weeks, "
        "the border service said."
    )
    assert not of_type(events, "cross_border_flight")
    events, _, _ = extract("A total of 64 Afghan troops crossed into Tajikistan from Keshem on Monday.")
    assert of_type(events, "cross_border_flight")


def test_they_in_an_after_clause_is_the_nearest_party_named_before_it(extract):
    events, _, _ = extract(
        "US and Afghan airstrikes hit targets overnight in Herat province to dislodge the Taliban after they "
        "captured much of Kohsan district, officials said on Monday."
    )
    caps = of_type(events, "territory_captured")
    assert [(e.actor1, e.location.admin2_pcode) for e in caps] == [("Taliban", "AF3213")]


def test_airstrikes_named_with_their_country_are_placed_where_the_clause_says(extract):
    events, _, _ = extract("US airstrikes hit insurgent positions overnight in Herat province, officials said on Monday.")
    strikes = of_type(events, "air_strike")
    assert [(e.location.country, e.location.admin1_pcode) for e in strikes] == [("AF", "AF32")]
