"""Rules on hand-built spaCy Docs: the parse is fixed here, so a rule is tested on the very
structure it is about (including parses the model gets wrong)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitrep.extract.context import SentenceContext
from sitrep.extract.triggers import _triggers
from sitrep.models import Sentence


def _sentence(words, heads, deps, tags, lemmas, pos) -> Sentence:
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags, lemmas=lemmas, pos=pos)
    text = doc.text
    return Sentence(index=0, start=0, end=len(text), text=text, candidate=True, doc=doc)


@pytest.fixture(scope="module")
def extractor():
    from sitrep.extract import Extractor

    return Extractor()


def test_a_relative_that_parsed_as_object_does_not_make_surrender_a_handover(extractor) -> None:
    # "... that Badakhshan provinces had surrendered", with "that" misparsed as the verb's object
    sent = _sentence(
        words=["they", "said", "that", "Badakhshan", "provinces", "had", "surrendered", "."],
        heads=[1, 1, 6, 4, 6, 6, 1, 1],
        deps=["nsubj", "ROOT", "dobj", "compound", "nsubj", "aux", "ccomp", "punct"],
        tags=["PRP", "VBD", "WDT", "NNP", "NNS", "VBD", "VBN", "."],
        lemmas=["they", "say", "that", "Badakhshan", "province", "have", "surrender", "."],
        pos=["PRON", "VERB", "PRON", "PROPN", "NOUN", "AUX", "VERB", "PUNCT"],
    )
    types = [t.type for t in _triggers(extractor.res, SentenceContext(sent))]
    assert types == ["surrender"]


def test_a_real_object_of_surrendered_is_a_handover(extractor) -> None:
    sent = _sentence(
        words=["the", "garrison", "surrendered", "the", "base", "."],
        heads=[1, 2, 2, 4, 2, 2],
        deps=["det", "nsubj", "ROOT", "det", "dobj", "punct"],
        tags=["DT", "NN", "VBD", "DT", "NN", "."],
        lemmas=["the", "garrison", "surrender", "the", "base", "."],
        pos=["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"],
    )
    assert [t.type for t in _triggers(extractor.res, SentenceContext(sent))] == ["territory_captured"]
