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
