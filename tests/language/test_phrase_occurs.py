"""``PhraseSet.occurs`` answers by set operations what ``search(text) is not None`` answers by
a scan: the same answer (written for this test; random texts from fragments)."""

from __future__ import annotations

import random

from sitrep.language.lexicon import PhraseSet, load_lexicon, lower_words

PHRASES = ["stormed", "lost their lives", "new york", "u.s.", "al qaeda", "pro-government", "air force"]
FRAGMENTS = [
    "stormed", "Stormed", "stormed-in", "lost", "their", "lives", "lost their lives", "lost their",
    "New York", "new", "york", "U.S.", "u.s", "US", "al", "Qaeda", "al-Qaeda", "al Qaeda", "pro",
    "pro-government", "government", "air", "force", "Air Force", "airforce", "forces", "İstanbul",
    "ǅemal", ",", ".", "-", "and", "the", "_stormed", "stormed_", "3stormed",
]


def test_a_phrase_of_one_word_and_the_first_words_of_longer_ones():
    ps = PhraseSet(PHRASES)
    assert {"stormed", "pro-government"} & ps.single_words == {"stormed"}
    assert {"lost", "new", "u", "al", "pro", "air"} <= ps.multi_firsts
    assert frozenset({"lost", "their", "lives"}) in ps.multi_words["lost"]


def test_occurs_is_search_found_anything():
    rng = random.Random(3)
    for hyphen_joins in (False, True):
        ps = PhraseSet(PHRASES, hyphen_joins=hyphen_joins)
        for _ in range(3000):
            text = " ".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 8)))
            assert ps.occurs(text) == (ps.search(text) is not None), text
            assert ps.occurs(text, lower_words(text)) == (ps.search(text) is not None), text


def test_occurs_with_the_lexicon_word_sets():
    lex = load_lexicon()
    rng = random.Random(4)
    vocab = sorted(lex.trigger_words.single_words | lex.content_words.multi_firsts)[:400]
    vocab += ["lost their lives", "Taliban fighters", "the", "said", "on", "Monday", "."]
    for _ in range(2000):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 12)))
        for ps in (lex.trigger_words, lex.content_words):
            assert ps.occurs(text) == (ps.search(text) is not None), text


def test_long_texts_find_the_same_phrases(monkeypatch):
    import sitrep.language.lexicon as lexicon

    rng = random.Random(5)
    pieces = [*FRAGMENTS, "stormedstormed", "newyork", "lost-their lives", "x-stormed", "\n", "al qaeda’s"]
    for hyphen_joins in (False, True):
        ps = PhraseSet(PHRASES, hyphen_joins=hyphen_joins)
        for _ in range(60):
            text = " ".join(rng.choice(pieces) for _ in range(rng.randint(50, 400)))
            monkeypatch.setattr(lexicon, "_LONG_TEXT", 0)
            by_find = list(ps.finditer(text))
            monkeypatch.setattr(lexicon, "_LONG_TEXT", 10**12)
            by_scan = list(ps.finditer(text))
            assert by_find == by_scan
