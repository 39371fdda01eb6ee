"""Provincial capitals named through their province, crossings named by both ends, and
captures told with other verbs."""

from __future__ import annotations

from tests.extract.conftest import of_type


def test_the_capital_of_a_province_is_its_centre_district(extract):
    text = "Taliban fighters seized security posts around the capital of the restive Laghman province on Monday."
    events, _, _ = extract(text)
    (cap,) = of_type(events, "territory_captured")
    assert cap.location.admin2_pcode == "AF0701"


def test_a_provinces_provincial_capital_is_its_centre_district(extract):
    events, _, _ = extract("Heavy fighting raged on the outskirts of the Helmand provincial capital on Monday.")
    (clash,) = of_type(events, "armed_clash")
    assert clash.location.admin2_pcode == "AF3001"


def test_the_province_alone_stays_the_province(extract):
    events, _, _ = extract("Heavy fighting raged in several districts of Kunduz province on Monday.")
    (clash,) = of_type(events, "armed_clash")
    assert clash.location.admin1_pcode == "AF19" and clash.location.admin2_pcode is None


def test_a_crossing_named_by_both_its_ends_is_at_the_end_on_this_side(extract):
    text = "Taliban fighters captured the Islam Qala-Dogharoun border crossing on Thursday, officials in Kabul said."
    events, _, _ = extract(text)
    (cap,) = of_type(events, "territory_captured")
    assert cap.location.admin2_pcode == "AF3213"


def test_a_road_named_by_its_ends_is_still_no_place(extract):
    text = "Taliban fighters blocked the Kunduz-Takhar highway on Thursday."
    events, _, _ = extract(text)
    assert all(e.location.admin2_pcode != "AF1901" for e in events)


def test_toppling_a_city_is_capturing_it(extract):
    events, _, _ = extract("After two days of fighting the Taliban toppled Kunduz city on Sunday.")
    assert [e.location.admin2_pcode for e in of_type(events, "territory_captured")] == ["AF1901"]


def test_toppling_a_government_is_no_capture(extract):
    events, _, _ = extract("The militants vowed to topple the government in Kabul, their spokesman said.")
    assert not of_type(events, "territory_captured")


def test_a_place_a_statement_excepts_is_not_where_it_happened(extract):
    text = "The Taliban took all the districts of Kunduz province except the city of Kunduz on Sunday."
    events, _, _ = extract(text)
    assert of_type(events, "territory_captured")
    assert all(e.location.admin2_pcode != "AF1901" for e in events)


def test_where_the_losing_side_retreated_to_is_not_what_was_taken(extract):
    text = (
        "The Taliban overran Tagab district after government forces retreated to Mahmud-e-Raqi, "
        "provincial capital of Kapisa, without a fight."
    )
    events, _, _ = extract(text)
    assert [e.location.admin2_pcode for e in of_type(events, "territory_captured")] == ["AF0206"]


def test_a_participle_after_a_perfect_auxiliary_is_a_verb_whatever_the_tagger_says(extract):
    text = (
        "In the southern Kapisa province, the Taliban have overrun Tagab district after government forces "
        "retreated from the district's centre to Mahmud-e-Raqi, provincial capital of Kapisa, without any resistance."
    )
    events, _, _ = extract(text)
    assert [e.location.admin2_pcode for e in of_type(events, "territory_captured")] == ["AF0206"]


def test_a_past_form_the_tagger_glued_into_a_noun_compound_is_a_verb(extract):
    events, _, _ = extract("The Taliban overran Tagab district on Monday.")
    assert [e.location.admin2_pcode for e in of_type(events, "territory_captured")] == ["AF0206"]


def test_a_shot_and_the_left_bank_are_no_events(extract):
    events, _, _ = extract("He fired a shot near the left bank of the river in Tagab district.")
    assert not of_type(events, "territory_captured") and not of_type(events, "troop_withdrawal")


def test_a_name_only_a_foreign_town_has_is_looked_for_in_the_province_that_frames_it(extract):
    # "Mucur" is a town in Turkey; framed by Ghazni province it is Muqur district
    events, _, _ = extract("The Taliban took Mucur and Andar in Ghazni province on Sunday.")
    assert sorted(e.location.admin2_pcode for e in of_type(events, "territory_captured")) == ["AF1107", "AF1115"]


def test_the_capitals_of_listed_provinces_are_their_centre_districts(extract):
    events, _, _ = extract("The Taliban captured the capitals of northern Kunduz and Takhar provinces on Sunday.")
    assert sorted(e.location.admin2_pcode for e in of_type(events, "territory_captured")) == ["AF1801", "AF1901"]
    events, _, _ = extract("Insurgents attacked the centres of Kandahar, Herat and Badghis provinces on Sunday.")
    assert sorted(e.location.admin2_pcode for e in of_type(events, "armed_clash")) == ["AF2701", "AF3101", "AF3201"]


def test_district_centres_of_a_province_are_not_its_capital(extract):
    events, _, _ = extract("Fighting raged near the district centres of Ghazni province on Sunday.")
    clashes = of_type(events, "armed_clash")
    assert clashes and all(e.location.admin2_pcode is None for e in clashes)


def test_a_place_now_under_a_partys_control_was_taken_by_it(extract):
    for text in (
        "A local official said Kohsan district was now under Taliban control.",
        "A local official said Kohsan district was now in Taliban hands.",
    ):
        events, _, _ = extract(text)
        caps = of_type(events, "territory_captured")
        assert [(e.actor1, e.location.admin2_pcode) for e in caps] == [("Taliban", "AF3213")], text
    events, _, _ = extract("Kohsan district has been under Taliban control for years, residents said.")
    assert not of_type(events, "territory_captured")


def test_districts_in_a_province_named_bare_are_not_its_capital(extract):
    events, _, _ = extract("The Taliban seized five districts in Herat on Sunday.")
    caps = of_type(events, "territory_captured")
    assert [(e.location.admin1_pcode, e.location.admin2_pcode) for e in caps] == [("AF32", None)]
    events, _, _ = extract("The Taliban seized Herat on Sunday.")
    assert [e.location.admin2_pcode for e in of_type(events, "territory_captured")] == ["AF3201"]


def test_the_mujahideen_of_an_insurgent_statement_are_the_insurgent_party(extract):
    events, _, _ = extract("Mujahideen have seized all weapons and vehicles in Kohsan district, the group said on Sunday.")
    seized = of_type(events, "materiel_captured")
    assert [(e.actor1, e.location.admin2_pcode) for e in seized] == [("Taliban", "AF3213")]
