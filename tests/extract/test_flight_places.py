"""Where a flight across a border is placed: on the side the forces left (codebook §3)."""

from __future__ import annotations

from tests.extract.conftest import of_type


def test_a_crossing_named_after_across_is_the_way_out_not_the_destination(extract):
    events, _, _ = extract("Dozens of Afghan border guards escaped across the Islam Qala border crossing into Iran on Monday.")
    flights = of_type(events, "cross_border_flight")
    assert [e.location.admin2_pcode for e in flights] == ["AF3213"]


def test_places_on_the_far_side_of_the_border_are_not_where_the_flight_happened(extract):
    text = (
        "Officials in Dushanbe said 40 Afghan soldiers crossed into Tajik territory in the Khwahan district "
        "of the neighbouring region on Sunday."
    )
    events, _, _ = extract(text)
    flights = of_type(events, "cross_border_flight")
    assert flights and all(e.location.admin2_pcode != "AF1720" for e in flights)


def test_a_flight_forced_by_an_attack_happened_where_the_attack_did(extract):
    text = "Taliban fighters stormed a border post in Khwahan district on Friday, forcing 25 Afghan soldiers to flee into Tajikistan."
    events, _, _ = extract(text)
    flights = of_type(events, "cross_border_flight")
    assert [e.location.admin2_pcode for e in flights] == ["AF1720"]
    # object control: the soldiers fled, not the insurgents who forced them
    assert flights[0].actor1 != of_type(events, "armed_clash")[0].actor1


def test_a_story_told_after_a_list_of_districts_is_placed_at_their_province(extract):
    text = (
        "The insurgents seized Khwahan, Keshem and Shighnan districts in Badakhshan province on Sunday.\n\n"
        "Hundreds of Afghan soldiers later fled across the river into Tajikistan."
    )
    events, _, _ = extract(text)
    flights = of_type(events, "cross_border_flight")
    assert flights and flights[0].location.admin1_pcode == "AF17"
    assert flights[0].location.admin2_pcode is None
