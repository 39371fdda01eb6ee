"""``may_match``: a pattern is tried only on a text that holds one of the strings every match
of it holds (``needed_strings``, read from the parsed pattern). It must never say no where
the pattern matches (written for this test; random texts from pieces of the patterns)."""

from __future__ import annotations

import random
import re

from sitrep.language.lexicon import load_lexicon, may_match, needed_strings

PATTERNS = [
    r"\b(?:came|come|fell) (?:fully )?under (?:the )?control of (?:the )?(?P<actor>[A-Z][\w-]+)",
    r"\b(?:dead )?bodies of (?:\w+ ){0,3}(?:civilians|villagers)\b",
    r"\b(?:\d[\d,]*|thousands|dozens) (?:of )?(?:families|people) (?:have )?(?:been )?(?:displaced|fled)",
    r"\b(?P<actor>[A-Z][\w-]+)(?: fighters)? (?:were|is) (?:now )?(?:inside|in) (?:the )?(?:districts?|city) of\b",
    r"\b(?:switched|switch) sides\b|\bwent over to (?:the )?(?P<actor>[A-Z][\w-]+)",
    r"(?<!\d)\d+(?:\.\d+)?\s?(?:%|percent|per cent)|\b(?:a|one|two)[- ]thirds?\b|\bhalf of\b",
    r"\bair (?:force|forces)\b[^.]{0,40}?\b(?:attacked|struck)",
    r"(?:a|b)+x",  # a repeat of more than one: its letters are not needed one by one
    r"[^\W\d]+",  # nothing literal: always tried
]
PIECES = [
    "came", "Come", "FELL", "fully", "under", "the", "control", "of", "The", "Taliban", "dead",
    "bodies", "of the", "civilians", "villagers", "12,000", "thousands", "families", "people",
    "have", "been", "displaced", "fled", "fighters", "were", "is", "now", "inside", "in",
    "district", "districts", "city", "switched", "switch", "sides", "went", "over", "to", "85",
    "%", "percent", "per cent", "a third", "two-thirds", "half of", "air", "force", "forces",
    "attacked", "struck", "Kunduz.", "aab", "x", "ab x", "ſides", "İn", "KELVIN", ",", ".",
    "on Monday", "last night", "two days ago", "5 July 2021", "July 5", "2021-07-05", "a day earlier",
    "the same day", "Sept. 3", "earlier this month", "yesterday", "Tuesday's", "ago", "week",
    "back in 2001", "years ago", "in the 1990s", "since", "during the", "decades ago", "over the years",
    "12 soldiers", "killed", "dozens of", "were killed", "dead", "one policeman", "tanks", "Humvees", "1,200",
    "three", "militants", "died", "killing", "slain", "civilians",
]


def test_the_strings_every_match_holds():
    assert needed_strings(re.compile(PATTERNS[0])) == ("control of ",)
    assert needed_strings(re.compile(PATTERNS[1], re.I)) == ("bodies of ",)
    assert needed_strings(re.compile(PATTERNS[-1])) is None
    assert "town of" not in (needed_strings(re.compile(PATTERNS[3])) or ())  # only what the pattern says


def test_a_pattern_that_matches_is_always_tried():
    rng = random.Random(11)
    compiled = [re.compile(p, f) for p in PATTERNS for f in (0, re.I)]
    lex = load_lexicon()
    compiled += [lex.phrase_any_re, lex.claim_re, lex.cue_re("claim_subjects")]
    compiled += [rx for _, rx in lex.phrase_res]
    from sitrep.extract.dates import _PATTERNS

    compiled += [rx for _, rx in _PATTERNS]
    compiled += [lex.cue_re(k) for k, v in lex.cues.items() if isinstance(v, list) and all(isinstance(x, str) for x in v)]
    from sitrep.extract.quantities import QuantityFinder

    qty = QuantityFinder(lex)
    compiled += [qty.re, qty.fatal_re, qty.killing_re, qty.single_re]
    skipped = 0
    for _ in range(3000):
        text = " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14)))
        for rx in compiled:
            if not may_match(rx, text):
                skipped += 1
                assert rx.search(text) is None, (rx.pattern, text)
    assert skipped > 10000  # the gate does skip patterns


def test_every_trigger_phrase_can_be_gated() -> None:
    """A phrase with no string every match must hold is tried on every sentence of every
    article (and turns the gate off for all the phrases at once): a data edit that writes one
    is a slowdown nobody sees in the results."""
    import json
    import re as _re

    from sitrep.config import data_dir
    from sitrep.language.lexicon import load_lexicon, needed_strings

    phrases = json.loads((data_dir() / "triggers.json").read_text(encoding="utf-8"))["phrases"]
    ungated = [
        p["regex"] for p in phrases if needed_strings(_re.compile(_re.sub(r"\(\?P<\w+>", "(?:", p["regex"]), _re.I)) is None
    ]
    assert ungated == []
    assert needed_strings(load_lexicon().phrase_any_re) is not None
