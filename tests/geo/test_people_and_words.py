"""Person names, English words and foreign look-alikes are not places; old district names are."""

from __future__ import annotations

import pytest

from sitrep.models import PlaceMention

AFGHAN = "The Taliban captured two districts of Kunduz province in northern Afghanistan on Monday. "


def names(finder, text: str) -> list[str]:
    return [m.text for m in finder.find(text)]


def known(finder, *words: str) -> None:
    """The test means something only when the gazetteer does carry these words as names."""
    from sitrep.text.names import norm

    for w in words:
        assert norm(w) in finder.forms, f"{w!r} is no gazetteer name: the test would prove nothing"


@pytest.mark.parametrize(
    "text, word",
    [
        ("President Ashraf Ghani met officials in Kabul.", "Ashraf"),
        ("Officials said President Ashraf Ghani would fly to Kabul.", "Ashraf"),
        ("Spokesman Fawad Aman said commandos were moving on Kabul.", "Aman"),
        ("Fawad Aman, a deputy spokesman for the ministry, spoke in Kabul.", "Aman"),
        ("the envoy, Deborah Lyons, told the council in Kabul.", "Lyons"),
        ("Faryab is the home of Marshal Abdul Rashid Dostum, near Kabul.", "Rashid"),
        ("The army's commander, General Sami Sadat, urged residents of Kabul to leave.", "Sami"),
        ("Fighters loyal to Ismail Khan defended Kabul.", "Ismail"),
        ("Fighters loyal to Ismail Khan defended Kabul.", "Khan"),
        ("the veteran commander Ismail Khan said in Kabul.", "Ismail"),
    ],
)
def test_person_names_are_not_places(finder, text, word):
    known(finder, word)
    found = names(finder, text)
    assert word not in found
    assert "Kabul" in found  # the place in the same sentence is still found


def test_place_next_to_title_or_english_word_is_kept(finder):
    found = names(
        finder, "Balkh Governor Mohammad Farhad Azimi visited Kabul University on the Kabul Kandahar highway."
    )
    assert found[:1] == ["Balkh"]
    assert found.count("Kabul") == 2 and "Kandahar" in found


@pytest.mark.parametrize(
    "text, word",
    [
        ("More than a hundred Afghan soldiers crossed the river.", "More"),
        ("Eastern provinces were calm.", "Eastern"),
        ("It posed no threat to Central Asian countries.", "Central"),
        ("Western diplomats left.", "Western"),
        ("The region was home to the anti-Taliban Northern Alliance.", "Alliance"),
        ("Ghani is due to meet Biden at the White House on Friday.", "White House"),
    ],
)
def test_english_words_are_not_places(finder, text, word):
    known(finder, word)
    assert word not in names(finder, text)


def test_english_word_with_a_frame_is_still_a_place(finder):
    # a frame word makes even an English word a place name: the frame pass reports it
    known(finder, "Alliance")
    found = [(m.text, m.kind_hint) for m in finder.find("Clashes were reported in the town of Alliance.")]
    assert found == [("Alliance", "place")]


def test_possessive_is_the_country_not_a_district(finder):
    found = [
        (m.text, m.kind_hint) for m in finder.find("The Taliban control a third of Afghanistan's districts.")
    ]
    assert found == [("Afghanistan", "country")]


def resolve_word(resolver, text: str, word: str):
    """Resolve ``word`` as a bare mention (no frame), whatever the finder would make of it."""
    from sitrep.language.places import MentionFinder  # noqa: F401 - same tables as the finder

    start = text.index(word)
    mention = PlaceMention(text=word, start=start, end=start + len(word))
    others = [mention]
    for country in ("Afghanistan", "Kunduz"):
        i = text.find(country)
        if i >= 0:
            others.append(
                PlaceMention(
                    text=country,
                    start=i,
                    end=i + len(country),
                    kind_hint="country" if country == "Afghanistan" else "province",
                )
            )
    return resolver.resolve(mention, text, sorted(others, key=lambda m: m.start))


@pytest.mark.parametrize("word", ["Aman", "Lyons", "Rashid", "Ismail", "Sami"])
def test_foreign_alternate_name_dropped_in_afghan_article(resolver, word):
    text = AFGHAN + f"Residents said {word} was quiet on Tuesday."
    # without the article's country the name does reach a foreign town: the rule is what drops it
    assert any(c.place.country != "AF" for c in resolver.candidates(word))
    assert resolve_word(resolver, text, word) is None


@pytest.mark.parametrize("word, country", [("Dushanbe", "TJ"), ("Tehran", "IR"), ("Islamabad", "PK")])
def test_foreign_capital_still_resolves(resolver, word, country):
    text = AFGHAN + f"Officials in {word} said they were watching closely."
    loc = resolve_word(resolver, text, word)
    assert loc is not None and loc.country == country


def test_foreign_alternate_name_with_its_country_in_the_sentence(resolver):
    text = AFGHAN + "Eighty soldiers crossed into Uzbekistan at Termez and were detained."
    loc = resolve_word(resolver, text, "Termez")
    assert loc is not None and loc.country == "UZ"
    text = AFGHAN + "Eighty soldiers crossed the river at Termez and were detained."
    assert resolve_word(resolver, text, "Termez") is None


def locate(finder, resolver, text: str) -> dict[str, object]:
    mentions = finder.find(text)
    return {m.text: resolver.resolve(m, text, mentions) for m in mentions}


@pytest.mark.parametrize(
    "written, pcode",
    [
        ("Darwaz", "AF1722"),  # the OCHA file's own alternate name "Dawraz" of Dawraz-e-Payin (Maimay)
        ("Arghistan", "AF2708"),
        ("Jaghori", "AF1114"),
        ("Tirin Kot", "AF2501"),
        ("Deh Rawood", "AF2502"),
        ("Ishkamish", "AF1811"),
        ("Khash Rod", "AF3405"),
        ("Charchino", "AF2504"),
        ("Sozma Qala", "AF2204"),
    ],
)
def test_old_and_news_district_names(finder, resolver, written, pcode):
    locs = locate(finder, resolver, f"The Taliban captured {written} district on Sunday.")
    loc = locs[written]
    assert loc is not None and loc.admin2_pcode == pcode and loc.country == "AF"


@pytest.mark.parametrize(
    "written, district",
    [("Dand", "AF2701"), ("Marja", "AF3002"), ("Dand-e-Ghori", "AF0901"), ("Delaram", "AF3405")],
)
def test_former_districts_are_places_in_2018_districts(finder, resolver, written, district):
    locs = locate(finder, resolver, f"Air strikes hit Taliban positions in {written} on Sunday.")
    loc = locs[written]
    assert loc is not None and loc.admin2_pcode == district and loc.place == written


def test_tables_are_cached_with_the_gazetteer(built_home):
    from sitrep.geo import IMPORTED_CACHE, gazetteer_dir, load_builtin
    from sitrep.geo.gazetteer import TABLES_VERSION, read_cache

    load_builtin(built_home)
    data = read_cache(gazetteer_dir(built_home) / "builtin.bin")
    assert data["tables"]["version"] == TABLES_VERSION
    assert "more" in data["tables"]["common"] and "kabul" not in data["tables"]["common"]
    assert IMPORTED_CACHE  # the imported cache is written by the same save()
