"""The "A, B and C districts" pattern with its first letter matched before its look back finds
what the plain pattern finds (written for this test: random texts of names and frame words)."""

from __future__ import annotations

import random
import re

import sitrep.language.places as places
from sitrep.language.lexicon import OTHER_CASES

PIECES = [
    "Jurm", "Keshem", "Qala-i-Zal", "Dasht-e Archi", "O'Neil", "d'Or", "x-Jurm", "3Jurm", "Ürgüt",
    "and", "or", ",", ", and", "districts", "district", "District", "Districts", "province", "town",
    "city", "the", "of", "e", "i", "wa", "al", "'", "’s", "\n", "-", "Taliban", "Kunduz", "base",
    "border crossing", "Border Crossing", "villages", "county", "counties", "airfield",
]


def test_fast_after_pattern_is_the_plain_one():
    plain = re.compile(rf"(?P<names>{places._LIST_BEFORE_FRAME})\s+(?P<frame>{places._FRAMES_AFTER})\b")
    fast = places._AFTER_RE
    assert fast.pattern != plain.pattern
    rng = random.Random(12)
    for _ in range(2000):
        text = rng.choice([" ", "  ", ""]).join(rng.choice(PIECES) for _ in range(rng.randint(1, 25)))
        lo = rng.randint(0, len(text))
        for pos in (0, lo):

            def spans(rx: re.Pattern[str], pos: int = pos, text: str = text) -> list[tuple[int, int, int, str]]:
                return [(m.start(), m.end(), m.start("names"), m.group("frame")) for m in rx.finditer(text, pos)]

            assert spans(fast) == spans(plain), (text, pos)


def test_other_cases_are_all_that_re_i_folds_to_ascii_letters():
    letter = re.compile("[a-z]", re.I)
    found = {chr(c) for c in range(128, 0x110000) if letter.fullmatch(chr(c))}
    assert found == set("".join(OTHER_CASES.values()))


def test_fast_frame_word_pattern_is_the_plain_one():
    plain = re.compile(rf"\b{places._FRAMES_AFTER}\b")
    fast = places._FRAME_WORD_RE
    words = ["district", "Districts", "DISTRICT", "ſettlement", "Settlement", "county", "counties",
             "countyx", "xcounty", "_city", "city_", "town", "Town-", "-town", "base", "airbase", "airfield",
             "border crossing", "Border  crossing", "BORDER CROSSING", "provinces", "village", "İ", "K", "3city",
             "districtſ", "settlements"]  # fmt: skip
    rng = random.Random(13)
    for _ in range(3000):
        text = rng.choice([" ", "", ",", "\n"]).join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_short_actor_forms_pattern_is_the_plain_one():
    from sitrep.extract.actors import ActorResolver
    from sitrep.language.lexicon import load_lexicon, short_forms_of

    lex = load_lexicon()
    actors = lex.actors
    forms = short_forms_of({a for ac in actors["actors"] for a in [ac["name"], *ac["aliases"]]})
    alt = "|".join(sorted((re.escape(a) for a in forms), key=len, reverse=True))
    plain = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")
    fast = ActorResolver(lex)._short_re
    assert fast.pattern != plain.pattern
    words = [*forms, *(f.lower() for f in forms), *(f + "s" for f in forms), "-", "x", "_", "US-led", "pro-US"]
    rng = random.Random(16)
    for _ in range(3000):
        text = rng.choice([" ", "", ",", "-"]).join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_first_letter_pattern_refuses_other_starts():
    import pytest

    from sitrep.language.lexicon import first_letter_pattern

    with pytest.raises(ValueError):
        first_letter_pattern(["\\d+", "abc"], ignore_case=False, not_before=r"\w", not_after=r"\w")


def test_fast_before_and_region_patterns_are_the_plain_ones():
    pieces = ["the", "The", "bathe", "the_", "3the", "region", "area", "Region", "districts of", "district of",
              "subdistrict of", "city of", "City of", "cityof", "settlement  of", "towns of", "town of",
              "Jurm", "Keshem", "Qala-i-Zal", "Dasht e Archi", ",", "and", "or", "-", "\n", "province of"]  # fmt: skip
    rng = random.Random(17)
    for plain, fast in ((places._BEFORE_PLAIN, places._BEFORE_RE), (places._REGION_PLAIN, places._REGION_RE)):
        rx = re.compile(plain)
        assert fast.pattern != rx.pattern
        for _ in range(3000):
            text = rng.choice([" ", "  ", ""]).join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))

            def spans(p: re.Pattern[str], text: str = text) -> list[tuple[int, int, int, str]]:
                return [(m.start(), m.end(), m.start("names"), m.group("frame")) for m in p.finditer(text)]

            assert spans(fast) == spans(rx), text
