"""The organisation-name pattern, its names grouped by first letter, finds what the plain
alternation of the names finds (written for this test: random texts of the names' words)."""

from __future__ import annotations

import random
import re

from sitrep.language.places import _organisations
from sitrep.text.names import organisation_names


def _plain() -> re.Pattern[str]:
    names = sorted(organisation_names(), key=len, reverse=True)
    alt = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in names)
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.I)


def test_grouped_names_match_as_the_plain_alternation():
    names = organisation_names()
    assert names
    ours, plain = _organisations(), _plain()
    assert ours is not None and ours.pattern != plain.pattern
    words = [w for n in names for w in n.split()] + ["the", "in", "-", "said", ",", "\n", "x-"]
    rng = random.Random(8)
    for _ in range(300):
        parts = []
        for _ in range(rng.randint(1, 40)):
            r = rng.random()
            if r < 0.3:
                n = rng.choice(names)
                parts.append(rng.choice([n, n.upper(), n.lower(), n.replace(" ", "  \n")]))
            else:
                parts.append(rng.choice(words))
        text = rng.choice([" ", "", "-"]).join(parts)
        assert [m.span() for m in ours.finditer(text)] == [m.span() for m in plain.finditer(text)], text
