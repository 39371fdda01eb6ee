"""The trigger loop passes over a token none of whose words (form, lemma, the second word of
a two-word noun trigger) is a trigger word, and still finds every trigger (hand-built parses,
written for this test)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from sitrep.extract.context import SentenceContext
from sitrep.extract.resources import Resources
from sitrep.extract.triggers import _second_words, _triggers
from sitrep.language.lexicon import load_lexicon
from sitrep.models import Sentence

VOCAB = spacy.blank("en").vocab


@pytest.fixture(scope="module")
def res() -> Resources:
    return Resources.from_lexicon(load_lexicon())


def _sentence(rows: list[tuple[str, int, str, str, str, str]]) -> Sentence:
    words, heads, deps, tags, lemmas, pos = (list(col) for col in zip(*rows, strict=True))
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, tags=tags, lemmas=lemmas, pos=pos)
    return Sentence(index=0, start=0, end=len(doc.text), text=doc.text, candidate=True, doc=doc)


def test_second_words_of_two_word_noun_triggers():
    nouns = {"air strike": "air_strike", "gun battle": "armed_clash", "clashes": "armed_clash"}
    assert _second_words(nouns) == {"strike", "battle"}
    assert _second_words(nouns) is _second_words(nouns)  # kept


def test_a_two_word_noun_trigger_is_found_by_its_second_word(res: Resources):
    # a noun trigger of two words whose second word is no trigger word on its own ("gun battle")
    two = [
        k
        for k in res.noun_triggers
        if " " in k and k.split(" ")[1] not in res.noun_triggers and k.split(" ")[1] not in res.lex.verb_forms
    ]
    assert two, "the data file has such a noun trigger"
    first, second = two[0].split(" ")
    rows = [
        ("A", 2, "det", "DT", "a", "DET"),
        (first, 2, "compound", "NN", first, "NOUN"),
        (second, 2, "ROOT", "NN", second, "NOUN"),
        (".", 2, "punct", ".", ".", "PUNCT"),
    ]
    got = [(t.token.text, t.type) for t in _triggers(res, SentenceContext(_sentence(rows)))]
    assert got == [(second, res.noun_triggers[two[0]])]


def test_tokens_that_name_no_trigger_give_nothing(res: Resources):
    rows = [
        ("Farmers", 1, "nsubj", "NNS", "farmer", "NOUN"),
        ("sold", 1, "ROOT", "VBD", "sell", "VERB"),
        ("grapes", 1, "dobj", "NNS", "grape", "NOUN"),
        (".", 1, "punct", ".", ".", "PUNCT"),
    ]
    assert _triggers(res, SentenceContext(_sentence(rows))) == []
