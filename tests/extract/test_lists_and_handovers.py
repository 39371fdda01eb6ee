"""Places named after the event that counts them (a colon, "these are"), items separated by
semicolons, and places handed over to a party."""

from __future__ import annotations

from tests.extract.conftest import of_type


def _codes(events, typ: str) -> list[str]:
    return sorted(e.location.admin2_pcode for e in of_type(events, typ))


def test_places_counted_then_named_after_a_colon_are_one_capture_each(extract):
    events, _, _ = extract("The Taliban seized three districts on Sunday: Keshem, Khwahan and Kohsan.")
    assert _codes(events, "territory_captured") == ["AF1715", "AF1720", "AF3213"]
    # a province named before the colon holds the listed districts; it is not the place itself
    events, _, _ = extract("The Taliban overran two districts in Kunduz on Sunday: Khan Abad and Ali Abad.")
    assert _codes(events, "territory_captured") == ["AF1903", "AF1904"]


def test_a_colon_with_no_counted_places_before_it_lists_nothing(extract):
    events, _, _ = extract("Officials in Kunduz gave the latest toll on Sunday: Keshem, Khwahan and Kohsan were calm.")
    assert not of_type(events, "territory_captured")


def test_semicolons_separate_items_that_carry_their_own_context(extract):
    events, _, _ = extract(
        "The insurgents seized three capitals on Sunday: the city of Kunduz in the north; Taloqan, the "
        "capital of Takhar; and Sheberghan."
    )
    assert _codes(events, "territory_captured") == ["AF1801", "AF1901", "AF2801"]
    taloqan = [e for e in of_type(events, "territory_captured") if e.location.admin2_pcode == "AF1801"]
    assert taloqan and taloqan[0].location.admin1_pcode == "AF18"


def test_these_are_after_a_count_of_captured_places_names_them(extract):
    events, _, _ = extract("Two more district centres fell to the Taliban on Monday. These are Keshem and Kohsan.")
    assert _codes(events, "territory_captured") == ["AF1715", "AF3213"]


def test_a_place_handed_over_to_the_insurgents_is_captured_by_them(extract):
    for text in (
        "Kohsan district was handed over to the Taliban on Monday after talks with elders.",
        "Tribal elders handed over Kohsan district to the Taliban on Monday.",
    ):
        events, _, _ = extract(text)
        caps = of_type(events, "territory_captured")
        assert [(e.actor1, e.location.admin2_pcode) for e in caps] == [("Taliban", "AF3213")], text


def test_weapons_handed_over_are_no_capture_of_territory(extract):
    events, _, _ = extract("Soldiers handed over their weapons to the Taliban in Kohsan on Monday.")
    assert not of_type(events, "territory_captured")
    assert of_type(events, "surrender")


def test_districts_that_collapsed_to_a_party_were_captured(extract):
    events, _, _ = extract("Officials said Keshem and Khwahan district of Badakhshan collapsed to the Taliban on Sunday.")
    assert _codes(events, "territory_captured") == ["AF1715", "AF1720"]


def test_an_army_that_collapsed_took_no_place(extract):
    events, _, _ = extract("The army collapsed in the north on Sunday, a Taliban spokesman said.")
    assert not of_type(events, "territory_captured")


def test_the_confirmed_collapse_of_a_district_is_its_capture(extract):
    events, _, _ = extract("A local official confirmed the collapse of Kohsan district to the Taliban on Sunday.")
    assert _codes(events, "territory_captured") == ["AF3213"]


def test_the_fall_of_a_place_as_background_or_forecast_is_no_event(extract):
    for text in (
        "After the fall of Kohsan, thousands of families fled to Herat on Sunday.",
        "The fall of Kohsan would be a blow to the government, a lawmaker said on Sunday.",
    ):
        events, _, _ = extract(text)
        assert not of_type(events, "territory_captured"), text


def test_a_long_list_with_directions_after_each_province_is_one_capture_per_district(extract):
    events, _, _ = extract(
        "The Taliban have managed to capture the districts of Keshem and Khwahan in Badakhshan in the north, "
        "Kohsan in Herat in the west, Zorabad in Badghis in the south and Jalrez in Maidan Wardak province also "
        "in the centre."
    )
    # "Zorabad" is a name the gazetteer does not hold: the list goes on past it
    assert _codes(events, "territory_captured") == ["AF0403", "AF1715", "AF1720", "AF3213"]


def test_a_list_does_not_run_on_into_another_clause(extract):
    events, _, _ = extract(
        "The Taliban captured Keshem in Badakhshan on Sunday, while officials said prices rose in Kohsan."
    )
    assert _codes(events, "territory_captured") == ["AF1715"]


def test_a_place_surrendered_to_a_party_is_taken_by_that_party(extract):
    events, _, _ = extract("The garrison in Kohsan surrendered the district centre to the Taliban on Sunday.")
    caps = of_type(events, "territory_captured")
    assert [(e.actor1, e.location.admin2_pcode) for e in caps] == [("Taliban", "AF3213")]


def test_where_the_losing_side_fled_is_not_taken_from_the_next_sentence_either(extract):
    events, _, _ = extract(
        "Ten districts fell to the Taliban this week, he said. Soldiers surrendered their posts and "
        "fled to Kohsan, officials said. Later, senior officials were leaving Kohsan for Kabul."
    )
    assert "AF3213" not in {e.location.admin2_pcode for e in of_type(events, "territory_captured")}


def test_a_list_of_districts_each_in_its_province_with_capitalised_frame_words(extract):
    events, _, _ = extract(
        "The ministry said the army managed to reclaim Keshem District in the Badakhshan province, the Kohsan "
        "district in the Herat province, and the Jalrez district in the Maidan Wardak province from the Taliban."
    )
    assert _codes(events, "territory_retaken") == ["AF0403", "AF1715", "AF3213"]


def test_places_cleared_of_the_insurgents_are_retaken(extract):
    events, _, _ = extract("Kohsan district was cleared of the Taliban on Monday, the ministry said.")
    assert [(e.actor2, e.location.admin2_pcode) for e in of_type(events, "territory_retaken")] == [("Taliban", "AF3213")]
    events, _, _ = extract("The road to Kohsan was cleared of mines on Monday.")
    assert not events


def test_a_village_on_the_outskirts_of_a_city_is_in_the_citys_district(extract):
    events, _, _ = extract(
        "Zarghun village on the outskirts of the city of Herat was cleared of the Taliban on Monday, the ministry said."
    )
    retaken = of_type(events, "territory_retaken")
    assert [(e.location.admin2_pcode, e.location.place) for e in retaken] == [("AF3201", "Zarghun")]


def test_the_collapse_of_something_else_in_a_place_is_no_capture(extract):
    for text in (
        "Officials reported the collapse of security in Kohsan on Sunday.",
        "Officials confirmed the collapse of the talks in Kohsan on Sunday.",
    ):
        events, _, _ = extract(text)
        assert not of_type(events, "territory_captured"), text


def test_where_troops_were_evacuated_to_is_not_taken(extract):
    events, _, _ = extract(
        "Security forces left Kohsan district early on Sunday. They were evacuated to Herat city the same night."
    )
    assert "AF3201" not in {e.location.admin2_pcode for e in of_type(events, "territory_captured")}


def test_a_list_names_the_places_of_the_sentence_just_before_it_only(extract):
    events, _, _ = extract(
        "The Taliban captured two districts on Monday. Elders later met in the mosque. The districts are "
        "Keshem and Kohsan."
    )
    assert not of_type(events, "territory_captured")


def test_places_re_occupied_by_the_state_are_retaken(extract):
    events, _, _ = extract(
        "Afghan forces have re-occupied two districts in the last day, the ministry said. The two districts "
        "include Keshem in Badakhshan and Kohsan in Herat."
    )
    assert _codes(events, "territory_retaken") == ["AF1715", "AF3213"]
    assert not of_type(events, "territory_captured")
    events, _, _ = extract("Government forces reoccupied Kohsan district on Friday.")
    assert _codes(events, "territory_retaken") == ["AF3213"]
