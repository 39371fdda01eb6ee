"""Extraction work stays linear in the size of the text: no regular expression retried from every
position of a long run, no scan of the whole article per sentence or per event.

The bounds are generous (several times what the code needs on a slow shared machine); before the
fixes each of these inputs took from tens of seconds to hours.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from sitrep.ingest import from_text
from sitrep.language import MAX_SENTENCE_CHARS, analyse, split_sentences
from sitrep.language import places as places_mod
from sitrep.language.lexicon import load_lexicon

LEAD = "Taliban fighters captured the Khwahan district of Badakhshan province on Monday, officials said. "


def _timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def _extract(pipeline, text: str):
    return pipeline.extract(from_text(text, fmt="text", published=dt.date(2021, 7, 6), source="Test Wire"))


@pytest.mark.parametrize(
    "tail",
    [
        pytest.param("A" * 40_000, id="A*40000"),
        pytest.param("1" * 40_000, id="1*40000"),
        pytest.param("Abc Def, " * 20_000, id="AbcDef*20000"),
        pytest.param("Abc-" * 20_000, id="hyphen-chain"),
        pytest.param("1,2," * 20_000, id="digits-commas"),
    ],
)
def test_a_long_run_after_a_capture_extracts_quickly(pipeline, tail):
    result, seconds = _timed(_extract, pipeline, LEAD + tail)
    assert seconds < 5, f"{seconds:.1f} s"
    captures = [e for e in result.events if e.type == "territory_captured"]
    assert captures and captures[0].location.admin2 is not None  # the capture itself is still found


def test_a_sentence_longer_than_what_spacy_takes_is_parsed_in_pieces(pipeline):
    # spaCy refuses a text over nlp.max_length (1,000,000 characters): the sentence is cut first
    text = LEAD + "Then fighters captured " + "Abc Def, and 12 " * 70_000 + "by nightfall."
    result, seconds = _timed(_extract, pipeline, text)
    assert seconds < 60, f"{seconds:.1f} s"  # before: ValueError from spaCy (text too long)
    assert any(e.type == "territory_captured" for e in result.events)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("." * 200_000 + "x", id="dots"),
        pytest.param("Mr. " * 50_000, id="abbreviations"),
        pytest.param("ABC" + "-B" * 50_000 + " x", id="capitals-and-hyphens"),  # was exponential
        pytest.param("ABCD EFGH " * 50_000, id="capital-words"),
        pytest.param("A" * 500_000, id="one-word"),
    ],
)
def test_sentence_splitting_is_linear(text):
    spans, seconds = _timed(split_sentences, text)
    assert seconds < 3, f"{seconds:.1f} s"
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e, _ in spans)


def test_over_long_sentences_are_cut_at_commas_into_bounded_pieces():
    text = "Delegates from " + ", ".join(f"the town council number {i}" for i in range(400)) + " met."
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e, _ in spans)
    # nothing is lost: the pieces, with the spaces between them, are the sentence
    assert " ".join(text[s:e] for s, e, _ in spans) == text
    assert all(text[e - 1] == "," for s, e, _ in spans[:-1])


def test_a_word_longer_than_the_limit_is_cut_anyway():
    spans = split_sentences("x" * (3 * MAX_SENTENCE_CHARS + 5))
    assert [e - s for s, e, _ in spans] == [MAX_SENTENCE_CHARS] * 3 + [5]


def test_normal_sentences_are_not_cut():
    text = (
        "The council met on Monday. "
        + "It discussed the roads, the schools and the water supply, " * 20
        + "then it closed."
    )
    assert len(text) < MAX_SENTENCE_CHARS + 40
    assert len(split_sentences(text)) == 2


def test_candidate_selection_is_linear():
    lex = load_lexicon()
    for sentence in ("1" * 300_000, "1.1." * 80_000, "captured " + "Abc Def, " * 30_000):
        _, seconds = _timed(lex.is_candidate, sentence)
        assert seconds < 2, f"{seconds:.1f} s"


def test_parses_keep_no_token_vectors(pipeline):
    doc = analyse(from_text(LEAD, fmt="text"), pipeline.finder)
    parsed = [s.doc for s in doc.sentences if s.doc is not None]
    assert parsed and all(d.tensor.size == 0 for d in parsed)
    assert any(t.dep_ == "nsubj" for t in parsed[0])  # the parse itself is there


# --------------------------------------------------------------------------- place mentions

PLACE_TEXT = (
    "Fighting spread from Khwahan, Shighnan and Ishkashim districts to the village of Kuf Ab. "
    "President Ashraf Ghani flew to Kunduz on Tuesday; the Imam Sahib district of Kunduz province "
    "fell, said Zabihullah Mujahid, a Taliban spokesman. Troops left Dasht-e-Archi town. "
    "The U.S. embassy in Kabul, the Badakhshan Province capital Faizabad and the Nad Ali District "
    "were quiet. 12 soldiers died near Spin Boldak district.\n"
)


def _spans(mentions):
    return [(m.start, m.end, m.text, m.kind_hint) for m in mentions]


def test_known_names_looked_up_in_small_pieces_are_the_same(pipeline, monkeypatch):
    finder = pipeline.finder
    text = PLACE_TEXT * 8
    whole = _spans(finder.find(text))
    known = _spans(finder._known(text))  # one piece: the text is shorter than _PIECE
    assert len(known) > 40
    monkeypatch.setattr(places_mod, "_PIECE", 200)
    pieces = list(places_mod._pieces(text, 200))
    assert len(pieces) > 8 and pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(
        a[1] == b[0] and places_mod._HARD_GAP.match(text, a[1])
        for a, b in zip(pieces, pieces[1:], strict=False)
    )
    in_pieces: list = []
    for lo, hi in pieces:
        finder._known_in(text, lo, hi, in_pieces)
    assert _spans(in_pieces) == known
    assert _spans(finder.find(text)) == whole


def test_framed_names_are_found_as_by_the_plain_expression():
    text = PLACE_TEXT * 3 + "Abc Def, " * 50 + "and Qaisar districts. " + "the Xyz and Pqr districts"
    plain = [(m.span(), m.group()) for m in places_mod._AFTER_RE.finditer(text)]
    windowed = [(m.span(), m.group()) for m in places_mod._after_matches(text)]
    assert windowed == plain
    assert any("Khwahan, Shighnan and Ishkashim" in g for _, g in windowed)


def test_place_finding_is_linear(pipeline):
    finder = pipeline.finder
    for text in ("Abc Def, " * 50_000, "Abc district, " * 30_000, "Kunduz " * 50_000, "A-" * 100_000):
        _, seconds = _timed(finder.find, text)
        assert seconds < 8, f"{seconds:.1f} s"


def test_lists_of_known_places_are_linear(pipeline):
    # each item of a list was looked up among all the article's places: 142 KB took 20 s
    finder = pipeline.finder
    text = "Troops left Khwahan, Shighnan, Kunduz, Takhar and Ishkashim on Monday. " * 4000
    found, seconds = _timed(finder.find, text)
    assert seconds < 6, f"{seconds:.1f} s"
    assert len(found) >= 5 * 4000


def test_same_mentions_in_a_long_text_as_in_its_parts(pipeline):
    finder = pipeline.finder
    part = _spans(finder.find(PLACE_TEXT))
    n = 2 * places_mod._PIECE // len(PLACE_TEXT) + 2  # more than two pieces
    long = _spans(finder.find(PLACE_TEXT * n))
    shift = len(PLACE_TEXT)
    assert long == [(s + k * shift, e + k * shift, t, h) for k in range(n) for s, e, t, h in part]


# --------------------------------------------------------------------------- resolution


def test_every_event_of_a_long_article_is_placed_as_in_a_short_one(pipeline):
    short = _extract(pipeline, PLACE_TEXT)
    n = 300
    long, seconds = _timed(_extract, pipeline, "\n".join([PLACE_TEXT.strip()] * n))
    assert seconds < 60, f"{seconds:.1f} s"
    where = {(e.type, e.location.admin1, e.location.admin2) for e in short.events}
    assert where and {(e.type, e.location.admin1, e.location.admin2) for e in long.events} == where
