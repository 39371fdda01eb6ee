"""Presence of armed forces in places, killings of people who were not fighting, and
organisations whose names hold a place name."""

from __future__ import annotations

from tests.extract.conftest import of_type


def test_fighters_reported_in_a_list_of_districts_are_one_movement_per_district(extract):
    text = "Local officials said the Taliban were in the districts of Khwahan and Keshem on Friday."
    events, _, _ = extract(text)
    moves = of_type(events, "troop_movement")
    assert sorted(e.location.admin2_pcode for e in moves) == ["AF1715", "AF1720"]
    assert not of_type(events, "territory_captured")  # being there is not taking it


def test_someone_who_is_no_party_being_in_a_city_is_no_movement(extract):
    events, _, _ = extract("He was in the city of Kunduz on Friday, his family said.")
    assert not of_type(events, "troop_movement")


def test_prisoners_killed_in_the_passive_are_an_attack_on_captives(extract):
    events, _, _ = extract("Officials said several inmates were shot dead in the Kunduz jail on Monday.")
    attacks = of_type(events, "attack_on_captives_or_civilians")
    assert [e.location.admin2_pcode for e in attacks] == ["AF1901"]


def test_bodies_of_civilians_found_are_an_attack_on_civilians(extract):
    events, _, _ = extract("Police said the bodies of eleven villagers were found in Tagab district on Tuesday.")
    assert [e.location.admin2_pcode for e in of_type(events, "attack_on_captives_or_civilians")] == ["AF0206"]


def test_soldiers_killed_in_battle_are_not_an_attack_on_captives(extract):
    events, _, _ = extract("Five soldiers were killed in heavy fighting with the Taliban in Tagab district on Tuesday.")
    assert not of_type(events, "attack_on_captives_or_civilians")


def test_a_place_name_inside_an_outlet_name_is_not_where_it_happened(extract):
    events, _, _ = extract("Residents told Kabul Now that heavy fighting broke out overnight in the north.")
    assert of_type(events, "armed_clash")
    assert all(e.location.admin1_pcode != "AF01" for e in events)


def test_a_foreign_newspaper_named_after_a_city_does_not_place_an_event_abroad(extract):
    text = "Dozens of soldiers surrendered to the Taliban at a base outside Kunduz, according to The Washington Post."
    events, _, _ = extract(text)
    (sur,) = of_type(events, "surrender")
    assert sur.location.admin2_pcode == "AF1901"


def test_a_count_of_sources_is_not_a_count_of_the_event(extract):
    text = "Hundreds of soldiers surrendered to the Taliban in Kunduz, according to two army officers."
    events, _, _ = extract(text)
    (sur,) = of_type(events, "surrender")
    assert [(q.value, q.approx) for q in sur.quantities] == [(100, True)]


def test_civilians_looting_is_no_capture_by_a_party(extract):
    text = "Photos shared online showed residents looting furniture from the governor's office in Kunduz on Sunday."
    events, _, _ = extract(text)
    assert not of_type(events, "materiel_captured")


def test_fighters_shown_seizing_weapons_are_the_ones_who_seized_them(extract):
    events, _, _ = extract("A video showed Taliban fighters seizing rifles at an army base in Kunduz on Sunday.")
    (cap,) = of_type(events, "materiel_captured")
    assert cap.actor1 == "Taliban"


def test_every_figure_an_article_gives_for_one_event_stays_on_it(extract):
    text = (
        "A video showed dozens of soldiers surrendering to the Taliban in Kunduz on Sunday. "
        "Hundreds of soldiers surrendered to the Taliban in Kunduz on Sunday, officials said."
    )
    events, _, _ = extract(text, "2021-08-09")
    (sur,) = of_type(events, "surrender")
    assert sorted(q.value for q in sur.quantities) == [12, 100]
