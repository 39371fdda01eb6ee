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
