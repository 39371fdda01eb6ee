from __future__ import annotations


def texts(mentions):
    return [(m.text, m.kind_hint) for m in mentions]


def test_unknown_names_in_frames(finder):
    text = (
        "Militants took the Taliban-controlled Blorkhan district and the village of Zarkashan; "
        "the districts of Gumbaz, Trelak and Voshan fell, and the town of Pilkor."
    )
    found = texts(finder.find(text))
    assert ("Blorkhan", "district") in found
    assert ("Zarkashan", "place") in found
    for name in ("Gumbaz", "Trelak", "Voshan"):
        assert (name, "district") in found
    assert ("Pilkor", "place") in found


def test_hyphen_and_connector_variants(finder):
    for written in ("Dawraz-e-Bala", "Darwaz e Bala", "Qala-e-Naw", "Qala i Naw", "QALA-I-NAW"):
        found = finder.find(f"They reached {written} yesterday.")
        assert [m.text for m in found] == [written]


def test_longest_match_and_sorted(finder):
    found = finder.find("From Mazar-i-Sharif to Maidan Wardak province and Kabul.")
    assert [m.text for m in found] == ["Mazar-i-Sharif", "Maidan Wardak", "Kabul"]
    assert found[1].kind_hint == "province"


def test_district_of_province(finder):
    found = texts(finder.find("Fighting in the Jari district of Kandahar."))
    assert found == [("Jari", "district"), ("Kandahar", "province")]


def test_sentence_index(finder):
    found = finder.find("Kabul is calm. Fighting in Kunduz. Mr. Smith went to Herat.")
    assert [m.sentence for m in found] == [0, 1, 2]


def test_pronoun_us_is_not_a_country(finder):
    assert finder.find("Tell us what happened.") == []
    assert [m.kind_hint for m in finder.find("Troops of the U.S. left.")] == ["country"]


def test_sentence_initial_word_before_districts_of_is_not_a_name(finder):
    found = texts(finder.find("The districts of Khwahan, Shekay and Nusay fell."))
    assert found == [("Khwahan", "district"), ("Shekay", "district"), ("Nusay", "district")]
    # one name after the plural: the province that holds the districts
    assert texts(finder.find("Remote districts of Badakhshan are cut off.")) == [("Badakhshan", "province")]
    assert texts(finder.find("The districts of Badakhshan are cut off.")) == [("Badakhshan", "province")]
