"""The light sentence splitter's fast pattern gives the starts the plain pattern gives (written
for this test: random texts of marks, quotes, spaces, line breaks and abbreviations)."""

from __future__ import annotations

import random

import sitrep.language.places as places

PIECES = ["Kabul", "fell", ".", "!", "?", "...", "?!", '"', "'", ")", "]", "(", "[", " ", "  ", "\n", "\n\n",
          "\n \n", "Mr.", "U.S.", "Gen.", "No.", "5", "2021", "a", "The", "“", "”", "\t"]  # fmt: skip


def _plain(text: str) -> list[int]:
    starts = [0]
    for m in places._SENTENCE_END.finditer(text):
        before = text[max(0, m.start() - 6) : m.start()]
        if places._TITLE_ABBR.search(before):
            continue
        starts.append(m.end())
    return starts


def test_fast_sentence_starts_are_the_plain_ones():
    rng = random.Random(14)
    for _ in range(5000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        assert places.sentence_starts(text) == _plain(text), repr(text)


def test_fast_boundary_pattern_is_the_plain_one():
    import sitrep.language as language

    pieces = [p for p in PIECES if "\n" not in p] + ["’", "‘", "•", "\r", "!!!", "?.", "e.g.", "x."]
    rng = random.Random(15)
    for _ in range(5000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        fast = [m.span() for m in language._BOUNDARY_FAST.finditer(line)]
        assert fast == [m.span() for m in language._BOUNDARY.finditer(line)], repr(line)
