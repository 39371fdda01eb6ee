"""Where an event is placed (codebook §3 Places), on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from tests.extract.conftest import of_type


def test_a_bare_province_name_that_is_its_capital_is_the_centre_district(extract):
    events, _, _ = extract("Insurgents seized the airport in Kunduz after a night of fighting.")
    caps = of_type(events, "territory_captured")
    assert [e.location.admin2_pcode for e in caps] == ["AF1901"]


def test_the_province_named_as_a_province_stays_the_province(extract):
    events, _, _ = extract("Heavy clashes broke out across Kunduz province on Monday.")
    clashes = of_type(events, "armed_clash")
    assert clashes and all(e.location.admin2_pcode is None for e in clashes)
    assert all(e.location.admin1_pcode == "AF19" for e in clashes)


def test_a_province_whose_capital_has_another_name_is_not_made_a_district(extract):
    events, _, _ = extract("Fighting raged in Badakhshan on Monday, officials said.")
    clashes = of_type(events, "armed_clash")
    assert clashes and all(e.location.admin2 is None for e in clashes)


def test_a_colon_dateline_places_nothing(extract):
    events, _, _ = extract(
        "TASHKENT: Government soldiers fled across the river after the Taliban overran their base.", "2021-07-06"
    )
    assert events and all(e.location.country != "UZ" for e in events)


def test_an_agency_credit_dateline_without_a_dash_places_nothing(extract):
    events, _, _ = extract(
        "ANKARA (Wire Service / Desk - 4th July, 2021) Taliban fighters captured Khwahan district "
        "of Badakhshan province.",
        "2021-07-06",
    )
    caps = of_type(events, "territory_captured")
    assert [e.location.admin2_pcode for e in caps] == ["AF1720"]
    assert all(e.location.country == "AF" for e in events)


def test_a_backer_named_as_a_country_does_not_place_the_strike_abroad(extract):
    events, _, _ = extract(
        "Afghan forces, backed by the United States, carried out air strikes on Taliban positions on Monday."
    )
    strikes = of_type(events, "air_strike")
    assert strikes and all(e.location.country == "AF" for e in strikes)


def test_a_flight_is_placed_at_the_side_the_forces_leave(extract):
    events, _, _ = extract(
        "More than 200 Afghan soldiers crossed into Tajikistan's Khatlon region on Sunday, the border guards said."
    )
    flights = of_type(events, "cross_border_flight")
    assert flights and all(e.location.country == "AF" for e in flights)


def test_a_date_ahead_of_publication_does_not_date_the_story(extract):
    text = (
        "Under the deal, the last foreign soldiers must be gone by 11 September.\n\n"
        "Taliban fighters have seized Khwahan district of Badakhshan province."
    )
    events, _, _ = extract(text, "2021-05-05")
    caps = of_type(events, "territory_captured")
    assert [e.date for e in caps] == [dt.date(2021, 5, 5)]


def test_places_each_in_their_own_province_are_one_event_each(extract):
    events, _, _ = extract(
        "The Taliban overran Jalrez in Maidan Wardak, Keshem in Badakhshan and Shahrak in Ghor province on Friday."
    )
    caps = of_type(events, "territory_captured")
    assert sorted(e.location.admin2_pcode for e in caps) == ["AF0403", "AF1715", "AF2306"]


def test_an_unknown_name_in_a_located_list_does_not_shift_the_provinces(extract):
    events, _, _ = extract(
        "The Taliban overran Kohsan in Herat, Qalaxyz in Laghman, and Shahrak in Ghor province on Friday."
    )
    caps = of_type(events, "territory_captured")
    assert sorted(e.location.admin2_pcode for e in caps if e.location.admin2_pcode) == ["AF2306", "AF3213"]
    # the unknown name is kept at the province the list gives it, never moved to another one
    assert all(e.location.admin1_pcode == "AF07" for e in caps if not e.location.admin2_pcode)


def test_a_comma_list_of_cities_is_not_a_town_framed_by_the_next_province(extract):
    events, _, _ = extract("The militants have taken Jalalabad, Mazar-i-Sharif, Herat and Kandahar.")
    caps = of_type(events, "territory_captured")
    assert sorted(e.location.admin2_pcode for e in caps) == ["AF0601", "AF2101", "AF2701", "AF3201"]


def test_a_place_in_a_participle_clause_without_an_event_verb_is_not_the_events(extract):
    events, _, _ = extract(
        "The Taliban seized the city of Jalalabad on Sunday, cutting off the isolated capital Kabul from the east."
    )
    caps = of_type(events, "territory_captured")
    assert [e.location.admin2_pcode for e in caps] == ["AF0601"]


def test_a_sentence_naming_no_place_takes_the_story_place_across_paragraphs(extract):
    text = (
        "Taliban fighters overran Khwahan district of Badakhshan province on Monday.\n\n"
        "More than 100 soldiers surrendered to the militants, a local official said."
    )
    events, _, _ = extract(text, "2021-07-06")
    assert [e.location.admin2_pcode for e in of_type(events, "surrender")] == ["AF1720"]


def test_the_place_that_qualifies_the_surrendering_forces_places_the_surrender(extract):
    events, _, _ = extract("The Badakhshan police chief surrendered to the Taliban on Monday.")
    assert [e.location.admin1_pcode for e in of_type(events, "surrender")] == ["AF17"]


def test_a_landmark_near_the_event_gives_way_to_the_place_it_is_in(extract):
    events, _, _ = extract("The Taliban overran another district, this time in Kapisa province near the capital Kabul.")
    caps = of_type(events, "territory_captured")
    assert [(e.location.admin1_pcode, e.location.admin2_pcode) for e in caps] == [("AF02", None)]


def test_a_name_framed_as_a_district_once_is_that_district_when_written_bare_later(extract):
    text = (
        "The insurgents are trying to seize the district of Kuhsaan in the west.\n\n"
        "Clashes are taking place in Kuhsaan, and army reinforcements have reached Kuhsaan from Herat."
    )
    events, _, _ = extract(text)
    placed = {(e.type, e.location.admin2_pcode) for e in events if e.type in ("armed_clash", "deployment")}
    assert placed == {("armed_clash", "AF3213"), ("deployment", "AF3213")}
