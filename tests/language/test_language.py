"""Sentence splitting, datelines and candidate selection."""

from __future__ import annotations

import datetime as dt

from sitrep.ingest import from_text
from sitrep.language import analyse, split_sentences
from sitrep.language.lexicon import inflections, load_lexicon


def _sents(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in split_sentences(text)]


def test_abbreviations_do_not_end_sentences():
    text = "Gen. Miller left Kabul. The U.S. troops had gone by 2 July. Mr. Ghani stayed."
    assert _sents(text) == [
        "Gen. Miller left Kabul.",
        "The U.S. troops had gone by 2 July.",
        "Mr. Ghani stayed.",
    ]


def test_paragraphs_and_lines_are_boundaries():
    spans = split_sentences("Headline without stop\nFirst line. Second one.\n\nNew paragraph here.")
    assert [p for _, _, p in spans] == [0, 0, 0, 1]


def test_dateline_is_not_part_of_the_sentence():
    text = "KUNDUZ, Afghanistan — Taliban fighters captured the district on Monday."
    assert _sents(text) == ["Taliban fighters captured the district on Monday."]
    assert _sents("DUSHANBE (Reuters) - Troops crossed.") == ["Troops crossed."]


def test_only_candidate_sentences_are_parsed():
    art = from_text(
        "The weather in the valley was mild. The Taliban captured the district centre on Monday. Bread is cheap.",
        fmt="text",
        published=dt.date(2021, 7, 5),
    )
    doc = analyse(art)
    assert [s.candidate for s in doc.sentences] == [False, True, False]
    assert [s.doc is not None for s in doc.sentences] == [False, True, False]


def test_inflections_cover_irregular_forms():
    lex = load_lexicon()
    assert lex.verb_forms["took"] == "take"
    assert lex.verb_forms["fled"] == "flee"
    assert lex.verb_forms["captured"] == "capture"
    assert {"seize", "seized", "seizes", "seizing"} <= inflections("seize", {})


def test_phrase_set_finds_whole_words_longest_first():
    from sitrep.language.lexicon import PhraseSet

    ps = PhraseSet(["air strike", "air strikes", "strike", "the U.S."])
    text = "Air strikes hit Kunduz; a striker was unhurt, and the U.S. denied a strike."
    found = [(text[s:e], p) for s, e, p in ps.finditer(text)]
    assert found == [("Air strikes", "air strikes"), ("the U.S.", "the u.s."), ("strike", "strike")]
    assert ps.search("no match in strikers or airstrip") is None


def test_phrase_set_hyphen_joins_words_when_asked():
    from sitrep.language.lexicon import PhraseSet

    loose, joined = PhraseSet(["taliban"]), PhraseSet(["taliban"], hyphen_joins=True)
    text = "pro-Taliban militias and Taliban-held roads, but the Taliban itself"
    assert len(list(loose.finditer(text))) == 3
    assert [text[s:e] for s, e, _ in joined.finditer(text)] == ["Taliban"]
    assert [s for s, _, _ in joined.finditer(text)] == [text.rindex("Taliban")]


def test_phrase_set_offsets_survive_letters_whose_lower_case_is_longer():
    from sitrep.language.lexicon import PhraseSet

    text = "İstanbul talks; then the Taliban left."
    (s, e, _), = PhraseSet(["taliban"]).finditer(text)
    assert text[s:e] == "Taliban"


def test_analyse_many_equals_analyse_one_by_one():
    from sitrep.language import analyse_many

    texts = [
        "The Taliban captured the district centre on Monday. Bread is cheap.",
        "Nothing happened here at all.",
        "Afghan forces retook the town after heavy fighting, officials said.",
    ]
    arts = [from_text(t, fmt="text", published=dt.date(2021, 7, 5)) for t in texts]
    together = analyse_many(arts)
    for art, many in zip(arts, together, strict=True):
        one = analyse(art)
        assert [s.candidate for s in one.sentences] == [s.candidate for s in many.sentences]
        for a, b in zip(one.sentences, many.sentences, strict=True):
            assert (a.doc is None) == (b.doc is None)
            if a.doc is not None:
                assert [(t.text, t.dep_, t.head.i, t.lemma_) for t in a.doc] == [
                    (t.text, t.dep_, t.head.i, t.lemma_) for t in b.doc
                ]
    assert together[1].sentences[0].doc is None
