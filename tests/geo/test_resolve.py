from __future__ import annotations

import pytest

from sitrep.models import Event, Evidence, PlaceMention


def locate(finder, resolver, text: str) -> dict[str, object]:
    """mention text -> Location for every mention in the text."""
    mentions = finder.find(text)
    return {m.text: resolver.resolve(m, text, mentions) for m in mentions}


@pytest.mark.parametrize(
    "written, pcode",
    [
        ("Shugnan", "AF1719"),
        ("Shighnan", "AF1719"),
        ("Shugnon", "AF1719"),
        ("Ishkashim", "AF1723"),
        ("Eshkashem", "AF1723"),
        ("Sulton Ishkashim", "AF1723"),
        ("Khokhon", "AF1720"),
        ("Khwahan", "AF1720"),
        ("Shikai", "AF1724"),
        ("Shekay", "AF1724"),
        ("Sheki", "AF1724"),
        ("Nusay", "AF1727"),
        ("Nusai", "AF1727"),
        ("Maimay", "AF1722"),
        ("Mohimai", "AF1722"),
        ("Mai Mai", "AF1722"),
        ("Jari", "AF2705"),
        ("Zhari", "AF2705"),
        ("Hairatan", "AF2116"),
        ("Hairaton", "AF2116"),
        ("Saidabad", "AF0405"),
        ("Sayedabad", "AF0405"),
        ("Garmsir", "AF3006"),
    ],
)
def test_transliterations_resolve_to_district(finder, resolver, written, pcode):
    text = f"The Taliban captured {written} district on Sunday."
    locs = locate(finder, resolver, text)
    loc = locs[written]
    assert loc is not None and loc.geo_precision == "district"
    assert loc.admin2_pcode == pcode
    assert loc.country == "AF" and loc.lat is not None


@pytest.mark.parametrize(
    "written, pcode",
    [("Helmand", "AF30"), ("Hilmand", "AF30"), ("Herat", "AF32"), ("Hirat", "AF32"), ("Kondoz", "AF19")],
)
def test_province_spellings(finder, resolver, written, pcode):
    loc = locate(finder, resolver, f"Fighting continued in {written} province.")[written]
    assert loc.geo_precision == "province" and loc.admin1_pcode == pcode


def test_faizabad_is_fayzabad(finder, resolver):
    loc = locate(finder, resolver, "The Taliban are on the verge of taking Faizabad in Badakhshan province.")
    assert loc["Faizabad"].admin2_pcode == "AF1701"


def test_unlisted_transliteration_found_by_fuzzy_match(finder, resolver):
    text = "Militants overran Shighnon district in Badakhshan province."  # not in the alias file
    loc = locate(finder, resolver, text)["Shighnon"]
    assert loc is not None and loc.admin2_pcode == "AF1719"


def test_homonym_with_province_in_same_sentence(finder, resolver):
    locs = locate(finder, resolver, "Clashes broke out in Tagab County in Kapisa province.")
    assert locs["Tagab"].admin2_pcode == "AF0206"
    locs = locate(finder, resolver, "The Taliban took Tagab district of Badakhshan province.")
    assert locs["Tagab"].admin2_pcode == "AF1717"


def test_homonym_with_province_two_sentences_earlier(finder, resolver):
    text = (
        "Heavy fighting was reported in Badakhshan province on Sunday. Officials asked for help. "
        "Later the Taliban captured Tagab district."
    )
    assert locate(finder, resolver, text)["Tagab"].admin2_pcode == "AF1717"
    text = text.replace("Badakhshan", "Kapisa")
    assert locate(finder, resolver, text)["Tagab"].admin2_pcode == "AF0206"


def test_other_homonyms(finder, resolver):
    locs = locate(finder, resolver, "Taliban took Fayzabad district in Jawzjan province.")
    assert locs["Fayzabad"].admin2_pcode == "AF2808"
    locs = locate(finder, resolver, "Taliban took Baharak district of Takhar province.")
    assert locs["Baharak"].admin2_pcode == "AF1803"
    locs = locate(finder, resolver, "Fighting in Arghandab district of Kandahar province.")
    assert locs["Arghandab"].admin2_pcode == "AF2702"


def test_province_versus_district_of_same_name(finder, resolver):
    locs = locate(finder, resolver, "The Taliban advanced in Kunduz province.")
    assert locs["Kunduz"].geo_precision == "province" and locs["Kunduz"].admin1_pcode == "AF19"
    locs = locate(finder, resolver, "The Taliban entered Kunduz district.")
    assert locs["Kunduz"].geo_precision == "district" and locs["Kunduz"].admin2_pcode == "AF1901"


def test_village_takes_district_of_its_sentence(finder, resolver):
    text = "The Taliban seized the village of Zarkashan near the centre of Saidabad district."
    loc = locate(finder, resolver, text)["Zarkashan"]
    assert loc.geo_precision == "place" and loc.place == "Zarkashan"
    assert loc.admin2_pcode == "AF0405" and loc.admin1_pcode == "AF04"


def test_list_of_districts_gives_three_mentions(finder, resolver):
    text = "The Taliban took Khwahan, Shekay and Nusay districts."
    mentions = finder.find(text)
    assert [m.text for m in mentions] == ["Khwahan", "Shekay", "Nusay"]
    assert all(m.kind_hint == "district" for m in mentions)
    pcodes = [resolver.resolve(m, text, mentions).admin2_pcode for m in mentions]
    assert pcodes == ["AF1720", "AF1724", "AF1727"]


def test_country_names(finder, resolver):
    text = "Afghan soldiers fled into Tadjikistan, and the US and Uzbekistan were told."
    locs = locate(finder, resolver, text)
    assert locs["Tadjikistan"].country == "TJ" and locs["Tadjikistan"].geo_precision == "country"
    assert locs["US"].country == "US"
    assert locs["Uzbekistan"].country == "UZ"


def test_foreign_places_keep_their_country(finder, resolver):
    text = (
        "The Taliban took Shighnan district in Badakhshan province. Officials met in Dushanbe, "
        "Tashkent and Islamabad; refugees went to Tehran province."
    )
    locs = locate(finder, resolver, text)
    assert locs["Dushanbe"].country == "TJ"
    assert locs["Tashkent"].country == "UZ"
    assert locs["Islamabad"].country == "PK"
    assert locs["Tehran"].country == "IR" and locs["Tehran"].geo_precision == "province"


def test_afghan_province_never_foreign(finder, resolver):
    text = "Tajik border guards watched as fighting spread in Badakhshan province near Tajikistan."
    assert locate(finder, resolver, text)["Badakhshan"].country == "AF"


def test_no_false_places(finder):
    text = "The Afghan Defense Ministry said on Monday that Police and the Taliban met in May. Reading it."
    assert finder.find(text) == []


def test_random_capitalised_word_in_frame_is_not_resolved(finder, resolver):
    text = "The Taliban took Xylophone district in Badakhshan province."
    mentions = finder.find(text)
    m = next(m for m in mentions if m.text == "Xylophone")
    assert resolver.resolve(m, text, mentions) is None


def test_locate_sets_event_locations(finder, resolver):
    text = "The Taliban captured Khokhon district. Soldiers crossed into Tajikistan."
    mentions = finder.find(text)
    ev1 = Event(type="territory_captured", evidence=Evidence(text=text, start=0, end=10), mention=mentions[0])
    ev2 = Event(type="cross_border_flight", evidence=Evidence(text=text, start=0, end=10), country_hint="TJ")
    ev3 = Event(type="armed_clash", evidence=Evidence(text=text, start=0, end=10))
    resolver.locate([ev1, ev2, ev3], mentions, text)
    assert ev1.location.admin2_pcode == "AF1720"
    assert ev2.location.geo_precision == "country" and ev2.location.country == "TJ"
    assert ev3.location.geo_precision is None


def test_resolve_returns_none_for_nothing(resolver):
    m = PlaceMention(text="Qwertzuiop", start=0, end=10)
    assert resolver.resolve(m, "Qwertzuiop", [m]) is None


def test_town_named_as_its_district_is_the_district_unless_a_provincial_capital(finder, resolver):
    locs = locate(finder, resolver, "Heavy fighting was reported in Shindand in Herat province.")
    assert locs["Shindand"].geo_precision == "district" and locs["Shindand"].admin2_pcode == "AF3214"
    assert locs["Shindand"].place is None
    framed = locate(finder, resolver, "Heavy fighting was reported in the town of Shindand in Herat.")
    assert framed["Shindand"].geo_precision == "place" and framed["Shindand"].admin2_pcode == "AF3214"
    capital = locate(finder, resolver, "Heavy fighting was reported in Kunduz city.")
    assert capital["Kunduz"].geo_precision == "place"
