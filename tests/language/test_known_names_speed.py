"""The known-name scan of the mention finder reads a name on into the next word only while
the words so far begin some name (``name_prefixes``): the same mentions as reading on up to
the longest name's length every time (written for this test; random texts from fragments)."""

from __future__ import annotations

import random

from sitrep.language.places import MentionFinder, name_prefixes


class _Everything(frozenset):
    """A prefix set that holds every string: the finder then reads on as far as it can."""

    def __contains__(self, item: object) -> bool:
        return True


FORMS = {
    "kabul": frozenset({"place"}),
    "mazar e sharif": frozenset({"place"}),
    "mazar": frozenset({"district"}),
    "qala e naw": frozenset({"place"}),
    "qala": frozenset({"district"}),
    "dasht e qala": frozenset({"district"}),
    "the hague": frozenset({"place"}),
    "new york city": frozenset({"place"}),
    "new york": frozenset({"province"}),
    "north waziristan": frozenset({"district"}),
}
FRAGMENTS = [
    "Kabul", "Mazar-i-Sharif", "Mazar-e Sharif", "Mazar", "Mazar i", "Qala-i-Naw", "Qala e Naw",
    "Qala", "Dasht-e-Qala", "Dasht-i Qala-i-Naw", "The Hague", "The", "New York City", "New York",
    "New", "North Waziristan", "North", "the", "and", "city", "Sharif", "Naw", "said", ",", ".",
    "President Kabul", "in", "of",
]


def _finder(prefixes: frozenset[str] | None = None) -> MentionFinder:
    f = MentionFinder(dict(FORMS), common=frozenset(), english=frozenset({"the", "and", "said", "in", "of"}))
    if prefixes is not None:
        f.prefixes = prefixes
    return f


def test_prefixes_are_the_word_prefixes_of_longer_names():
    assert name_prefixes(["mazar e sharif", "kabul", "new york"]) == {"mazar", "mazar e", "new"}


def test_reading_on_only_along_prefixes_finds_the_same_names():
    rng = random.Random(10)
    fast, slow = _finder(), _finder(_Everything())
    for _ in range(400):
        text = " ".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 30)))
        ours = [(m.start, m.end, m.text, m.kind_hint) for m in fast._known(text)]
        plain = [(m.start, m.end, m.text, m.kind_hint) for m in slow._known(text)]
        assert ours == plain, text
