"""Unknown spellings listed beside known places are found as places (language/places.py)."""

from __future__ import annotations


def _names(finder, text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.kind_hint) for m in finder.find(text)]


def test_unknown_names_in_a_list_of_known_districts_are_districts(finder):
    found = _names(finder, "The militants overran Keshem, Qarzubad, Baharak and Jurmalik on Friday.")
    assert ("Qarzubad", "district") in found and ("Jurmalik", "district") in found


def test_a_list_ending_in_a_frame_word_needs_only_one_known_name(finder):
    found = _names(finder, "They seized Keshem and Qarzubad districts.")
    assert [t for t, _ in found] == ["Keshem", "Qarzubad"]


def test_one_known_place_and_unknown_words_is_not_a_list(finder):
    found = _names(finder, "Officials in Keshem and Qarzubad Holdings signed a contract.")
    assert [t for t, _ in found] == ["Keshem"]


def test_names_before_in_province_inside_a_located_list(finder):
    found = _names(
        finder, "The fallen districts are Zarbin and Jalrez in Maidan Wardak, Korvash in Ghor and Kohsan in Herat."
    )
    texts = [t for t, _ in found]
    assert "Zarbin" in texts and "Korvash" in texts


def test_people_listed_beside_a_city_are_not_places(finder):
    found = _names(finder, "President Ashraf Ghani and envoy Zalmay Khalilzad met in Kabul and Doha.")
    assert all(t in ("Kabul", "Doha") for t, _ in found)


def test_border_crossings_bases_and_dams_are_places_in_their_district(finder, resolver):
    text = "Fighters seized the Torkham crossing, then Kandahar Airfield and the Dahla Dam."
    mentions = finder.find(text)
    locs = {m.text: resolver.resolve(m, text, mentions) for m in mentions}
    # the built-in gazetteer names the containing district (the OCHA import adds its P-code)
    assert (locs["Torkham"].admin2, locs["Torkham"].place) == ("Muhmand Dara", "Torkham")
    assert locs["Kandahar Airfield"].admin2 == "Daman"
    assert locs["Dahla Dam"].admin2 == "Shah Wali Kot"
