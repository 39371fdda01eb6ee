"""The extraction steps one by one, on hand-built spaCy Docs (the parse is fixed here), and
the structure they keep: small modules, no per-sentence state, no import cycle, word
lists read from the data files."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from sitrep.extract.actors import DocActors
from sitrep.extract.attribution import _attribution, _source
from sitrep.extract.casualties import _quantities_for, split_count
from sitrep.extract.context import Context, SentenceContext, Trigger
from sitrep.extract.dating import _date_for
from sitrep.extract.docmerge import merge_within_document
from sitrep.extract.frames import _goes_abroad, _object_kinds, _pick_frame, _subject_is_place
from sitrep.extract.modality import _modality
from sitrep.extract.place_lists import _split_places
from sitrep.extract.placing import _assign_mentions
from sitrep.extract.resources import Resources
from sitrep.extract.roles import _actor_spans, _default_actors, _roles
from sitrep.extract.syntax import _objects, _prep_obj, _span_text, _subject
from sitrep.extract.triggers import _noun_counts, _triggers
from sitrep.language.lexicon import load_lexicon
from sitrep.models import Event, Evidence, PlaceMention, Quantity, Sentence

EXTRACT = Path(__file__).resolve().parents[2] / "sitrep" / "extract"
VOCAB = spacy.blank("en").vocab  # English lexical attributes (is_punct), no model


@pytest.fixture(scope="module")
def res() -> Resources:
    return Resources.from_lexicon(load_lexicon())


def _sentence(rows: list[tuple[str, int, str, str, str, str]], index: int = 0) -> Sentence:
    """rows: (word, head, dep, tag, lemma, pos), one per token."""
    words, heads, deps, tags, lemmas, pos = (list(col) for col in zip(*rows, strict=True))
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, tags=tags, lemmas=lemmas, pos=pos)
    return Sentence(index=index, start=0, end=len(doc.text), text=doc.text, candidate=True, doc=doc)


def _mention(sent: Sentence, word: str, kind: str | None) -> PlaceMention:
    start = sent.text.index(word)
    return PlaceMention(text=word, start=start, end=start + len(word), kind_hint=kind, sentence=sent.index)  # type: ignore[arg-type]


# "The rebels captured Zembla and seized the garrison ."
CONJOINED = [
    ("The", 1, "det", "DT", "the", "DET"),
    ("rebels", 2, "nsubj", "NNS", "rebel", "NOUN"),
    ("captured", 2, "ROOT", "VBD", "capture", "VERB"),
    ("Zembla", 2, "dobj", "NNP", "Zembla", "PROPN"),
    ("and", 2, "cc", "CC", "and", "CCONJ"),
    ("seized", 2, "conj", "VBD", "seize", "VERB"),
    ("the", 7, "det", "DT", "the", "DET"),
    ("garrison", 5, "dobj", "NN", "garrison", "NOUN"),
    (".", 2, "punct", ".", ".", "PUNCT"),
]


# --------------------------------------------------------------------------- syntax


def test_a_conjoined_verb_shares_the_first_verbs_subject(res: Resources) -> None:
    doc = _sentence(CONJOINED).doc
    assert _subject(doc[5]).text == "rebels"
    assert [o.text for o in _objects(res, doc[5])] == ["garrison"]


def test_the_object_of_control_is_an_object_of_took(res: Resources) -> None:
    # "They took control of Zembla ."
    doc = _sentence([
        ("They", 1, "nsubj", "PRP", "they", "PRON"),
        ("took", 1, "ROOT", "VBD", "take", "VERB"),
        ("control", 1, "dobj", "NN", "control", "NOUN"),
        ("of", 2, "prep", "IN", "of", "ADP"),
        ("Zembla", 3, "pobj", "NNP", "Zembla", "PROPN"),
        (".", 1, "punct", ".", ".", "PUNCT"),
    ]).doc
    assert [o.text for o in _objects(res, doc[1])] == ["control", "Zembla"]
    assert _prep_obj(doc[2], "of").text == "Zembla"
    # the verbs and nouns of control are data (cues.json): without them, only "control"
    lex = load_lexicon()
    bare = Resources.from_lexicon(dataclasses.replace(lex, cues={**lex.cues, "control_nouns": []}))
    assert [o.text for o in _objects(bare, doc[1])] == ["control"]


def test_a_phrase_stops_before_its_apposition() -> None:
    # "a spokesman , Omar , said ..."
    doc = _sentence([
        ("a", 1, "det", "DT", "a", "DET"),
        ("spokesman", 5, "nsubj", "NN", "spokesman", "NOUN"),
        (",", 1, "punct", ",", ",", "PUNCT"),
        ("Omar", 1, "appos", "NNP", "Omar", "PROPN"),
        (",", 1, "punct", ",", ",", "PUNCT"),
        ("said", 5, "ROOT", "VBD", "say", "VERB"),
    ]).doc
    assert _span_text(doc[1]) == "a spokesman"


# --------------------------------------------------------------------------- frames: the mentions come in the context


def test_a_country_named_by_the_sentence_context_makes_a_flight_go_abroad(res: Resources) -> None:
    # "Soldiers fled to Zembla ." -- Zembla is no actor; only the mention says it is a country
    sent = _sentence([
        ("Soldiers", 1, "nsubj", "NNS", "soldier", "NOUN"),
        ("fled", 1, "ROOT", "VBD", "flee", "VERB"),
        ("to", 1, "prep", "IN", "to", "ADP"),
        ("Zembla", 2, "pobj", "NNP", "Zembla", "PROPN"),
        (".", 1, "punct", ".", ".", "PUNCT"),
    ])
    fled = sent.doc[1]
    assert not _goes_abroad(res, SentenceContext(sent), fled)
    assert _goes_abroad(res, SentenceContext(sent, mentions=[_mention(sent, "Zembla", "country")]), fled)


def test_a_subject_is_a_place_when_the_context_names_it_one(res: Resources) -> None:
    sent = _sentence([
        ("Zembla", 1, "nsubj", "NNP", "Zembla", "PROPN"),
        ("fell", 1, "ROOT", "VBD", "fall", "VERB"),
        (".", 1, "punct", ".", ".", "PUNCT"),
    ])
    fell = sent.doc[1]
    assert not _subject_is_place(res, SentenceContext(sent), fell)
    assert _subject_is_place(res, SentenceContext(sent, mentions=[_mention(sent, "Zembla", "district")]), fell)


def test_an_object_with_a_named_place_is_a_place_and_a_facility(res: Resources) -> None:
    sent = _sentence(CONJOINED)
    sc = SentenceContext(sent, mentions=[_mention(sent, "Zembla", "district")])
    assert "place" in _object_kinds(res, sc, sent.doc[2])
    assert _object_kinds(res, sc, sent.doc[5]) == {"facility"}


def test_took_up_is_no_capture_because_the_data_says_so(res: Resources) -> None:
    # "They took up weapons ." (taking up arms is no capture of arms)
    sent = _sentence([
        ("They", 1, "nsubj", "PRP", "they", "PRON"),
        ("took", 1, "ROOT", "VBD", "take", "VERB"),
        ("up", 1, "prt", "RP", "up", "ADP"),
        ("weapons", 1, "dobj", "NNS", "weapon", "NOUN"),
        (".", 1, "punct", ".", ".", "PUNCT"),
    ])
    frames = res.lex.triggers["verbs"]["take"]
    assert _pick_frame(res, SentenceContext(sent), sent.doc[1], "take", frames) is None
    lex = load_lexicon()
    bare = dataclasses.replace(lex, triggers={**lex.triggers, "no_event_particles": {}})
    assert _pick_frame(Resources.from_lexicon(bare), SentenceContext(sent), sent.doc[1], "take", frames) is not None


# --------------------------------------------------------------------------- modality


# "The ministry refuted that rebels captured the base ."
REFUTED = [
    ("The", 1, "det", "DT", "the", "DET"),
    ("ministry", 2, "nsubj", "NN", "ministry", "NOUN"),
    ("refuted", 2, "ROOT", "VBD", "refute", "VERB"),
    ("that", 5, "mark", "IN", "that", "SCONJ"),
    ("rebels", 5, "nsubj", "NNS", "rebel", "NOUN"),
    ("captured", 2, "ccomp", "VBD", "capture", "VERB"),
    ("the", 7, "det", "DT", "the", "DET"),
    ("base", 5, "dobj", "NN", "base", "NOUN"),
    (".", 2, "punct", ".", ".", "PUNCT"),
]


def _trigger(sent: Sentence, i: int, typ: str = "territory_captured") -> Trigger:
    tok = sent.doc[i]
    return Trigger(tok, typ, {"type": typ}, start=tok.idx, end=tok.idx + len(tok))


def test_a_verb_under_a_verb_of_denial_is_negated_as_the_data_says(res: Resources) -> None:
    sent = _sentence(REFUTED)
    assert _modality(res, _trigger(sent, 5), sent) == "negated"
    # the list is data: without "refute" in cues.json's deny_verbs the same parse is a report
    lex = load_lexicon()
    lex2 = dataclasses.replace(lex, cues={**lex.cues, "deny_verbs": ["deny"]})
    assert _modality(Resources.from_lexicon(lex2), _trigger(sent, 5), sent) == "reported"


def test_a_modal_auxiliary_makes_a_prediction(res: Resources) -> None:
    # "Rebels could capture the base ."
    sent = _sentence([
        ("Rebels", 2, "nsubj", "NNS", "rebel", "NOUN"),
        ("could", 2, "aux", "MD", "could", "AUX"),
        ("capture", 2, "ROOT", "VB", "capture", "VERB"),
        ("the", 4, "det", "DT", "the", "DET"),
        ("base", 2, "dobj", "NN", "base", "NOUN"),
        (".", 2, "punct", ".", ".", "PUNCT"),
    ])
    assert _modality(res, _trigger(sent, 2), sent) == "predicted"


def test_not_on_the_verb_negates_it(res: Resources) -> None:
    sent = _sentence([
        ("Rebels", 3, "nsubj", "NNS", "rebel", "NOUN"),
        ("did", 3, "aux", "VBD", "do", "AUX"),
        ("not", 3, "neg", "RB", "not", "PART"),
        ("capture", 3, "ROOT", "VB", "capture", "VERB"),
        ("the", 5, "det", "DT", "the", "DET"),
        ("base", 3, "dobj", "NN", "base", "NOUN"),
        (".", 3, "punct", ".", ".", "PUNCT"),
    ])
    assert _modality(res, _trigger(sent, 3), sent) == "negated"


# --------------------------------------------------------------------------- attribution and dates carried in the Context


def test_a_pronoun_source_is_whoever_was_cited_just_before(res: Resources) -> None:
    first = Sentence(index=0, start=0, end=30, text="Zembla fell, the ministry said.")
    second = Sentence(index=1, start=31, end=60, text="The base fell too, he said.")
    ctx = Context()
    assert _attribution(res, first) == "ministry"
    assert _source(res, first, ctx) == "ministry"
    assert _source(res, second, ctx) == "ministry"
    assert ctx.sources == {0: "ministry", 1: "ministry"}


def test_the_story_date_carries_to_a_sentence_with_none(res: Resources) -> None:
    sent = _sentence(CONJOINED)
    ctx = Context(published=dt.date(2021, 7, 6), date=dt.date(2021, 7, 3), date_precision="day")
    assert _date_for(_trigger(sent, 2), [], ctx, sent) == (dt.date(2021, 7, 3), "day")
    # no story date: the publication day, "around" it for a bare past tense
    assert _date_for(_trigger(sent, 2), [], Context(published=dt.date(2021, 7, 6)), sent) == (
        dt.date(2021, 7, 6),
        "week",
    )


# --------------------------------------------------------------------------- triggers


def test_a_clash_noun_as_subject_is_an_event_but_not_under_during(res: Resources) -> None:
    # "Clashes erupted ." / "Rebels left during the clashes ."
    erupted = _sentence([
        ("Clashes", 1, "nsubj", "NNS", "clash", "NOUN"),
        ("erupted", 1, "ROOT", "VBD", "erupt", "VERB"),
        (".", 1, "punct", ".", ".", "PUNCT"),
    ])
    during = _sentence([
        ("Rebels", 1, "nsubj", "NNS", "rebel", "NOUN"),
        ("left", 1, "ROOT", "VBD", "leave", "VERB"),
        ("during", 1, "prep", "IN", "during", "ADP"),
        ("the", 4, "det", "DT", "the", "DET"),
        ("clashes", 2, "pobj", "NNS", "clash", "NOUN"),
        (".", 1, "punct", ".", ".", "PUNCT"),
    ])
    assert _noun_counts(res, SentenceContext(erupted), erupted.doc[0], "armed_clash")
    assert not _noun_counts(res, SentenceContext(during), during.doc[4], "armed_clash")


def test_triggers_of_a_sentence_come_in_text_order(res: Resources) -> None:
    sent = _sentence(CONJOINED)
    sc = SentenceContext(sent, mentions=[_mention(sent, "Zembla", "district")])
    assert [(t.token.text, t.type) for t in _triggers(res, sc)] == [
        ("captured", "territory_captured"),
        ("seized", "territory_captured"),
    ]


# --------------------------------------------------------------------------- roles


# "The base was captured by the Taliban ."
PASSIVE = [
    ("The", 1, "det", "DT", "the", "DET"),
    ("base", 3, "nsubjpass", "NN", "base", "NOUN"),
    ("was", 3, "auxpass", "VBD", "be", "AUX"),
    ("captured", 3, "ROOT", "VBN", "capture", "VERB"),
    ("by", 3, "agent", "IN", "by", "ADP"),
    ("the", 6, "det", "DT", "the", "DET"),
    ("Taliban", 4, "pobj", "NNP", "Taliban", "PROPN"),
    (".", 3, "punct", ".", ".", "PUNCT"),
]


def test_the_agent_of_a_passive_is_actor1_and_its_span_is_no_place(res: Resources) -> None:
    sent = _sentence(PASSIVE)
    trig = _trigger(sent, 3)
    assert _roles(res, trig, DocActors(), Context()) == ("Taliban", None)
    # the passive subject is the place; the agent's words are an actor's, not a place
    assert [sent.text[lo:hi] for lo, hi in _actor_spans(trig)] == ["the Taliban"]


def test_a_capture_by_the_insurgents_is_from_the_state_by_default(res: Resources) -> None:
    doc = DocActors(main_nonstate="Taliban", main_state_forces="Afghan government forces")
    assert _default_actors(res, "territory_captured", None, None, doc) == ("Taliban", "Afghan government forces")
    assert _default_actors(res, "territory_retaken", None, None, doc) == ("Afghan government forces", "Taliban")


# --------------------------------------------------------------------------- places


def test_each_place_goes_to_the_trigger_above_it(res: Resources) -> None:
    # "The rebels captured Zembla and seized the garrison in Quarn ."
    sent = _sentence([
        *CONJOINED[:8],
        ("in", 7, "prep", "IN", "in", "ADP"),
        ("Quarn", 8, "pobj", "NNP", "Quarn", "PROPN"),
        (".", 2, "punct", ".", ".", "PUNCT"),
    ])
    captured, seized = _trigger(sent, 2), _trigger(sent, 5)
    zembla, quarn = _mention(sent, "Zembla", "district"), _mention(sent, "Quarn", "district")
    out = _assign_mentions(sent, [zembla, quarn], [captured, seized])
    assert out == {id(captured): [zembla], id(seized): [quarn]}


def test_a_list_of_places_is_one_group_each_but_two_levels_are_one_place(res: Resources) -> None:
    listed = Sentence(index=0, start=0, end=45, text="Rebels took Alpha, Bravo and Charlie districts.")
    ms = [_mention(listed, w, "district") for w in ("Alpha", "Bravo", "Charlie")]
    assert [[m.text for m in g] for g in _split_places(res, ms, listed.text, listed)] == [["Alpha"], ["Bravo"], ["Charlie"]]
    levels = Sentence(index=0, start=0, end=40, text="Rebels took Alpha district, Zed province.")
    ms = [_mention(levels, "Alpha", "district"), _mention(levels, "Zed", "province")]
    assert [[m.text for m in g] for g in _split_places(res, ms, levels.text, levels)] == [["Alpha", "Zed"]]


# --------------------------------------------------------------------------- numbers and the in-document merge


def test_a_total_is_shared_out_and_a_surrender_takes_only_personnel(res: Resources) -> None:
    assert split_count(10, 3) == [4, 3, 3]
    assert split_count(None, 2) == [None, None]
    sent = _sentence(PASSIVE)
    qs = [Quantity(value=40, unit="personnel", text="40 soldiers"), Quantity(value=3, unit="vehicles", text="3 trucks")]
    assert [q.unit for q in _quantities_for(res, _trigger(sent, 3, "surrender"), qs, "surrender", [])] == ["personnel"]


def test_the_same_capture_told_twice_is_one_event_with_the_known_date() -> None:
    where = PlaceMention(text="Zembla", start=0, end=6, kind_hint="district")
    lead = Event(type="territory_captured", actor1="Taliban", mention=where, evidence=Evidence(text="a", start=0, end=1))
    detail = Event(
        type="territory_captured",
        actor1="Taliban",
        mention=where,
        date=dt.date(2021, 7, 4),
        date_precision="day",
        evidence=Evidence(text="b", start=5, end=6),
    )
    other = Event(type="territory_captured", actor1="Taliban", mention=PlaceMention(text="Quarn", start=9, end=14, kind_hint="district"), evidence=Evidence(text="c", start=9, end=14))
    merged = merge_within_document([lead, detail, other])
    assert [(e.mention.text, e.date) for e in merged] == [("Zembla", dt.date(2021, 7, 4)), ("Quarn", None)]


# --------------------------------------------------------------------------- structure


def test_no_extract_module_is_over_400_lines() -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in EXTRACT.rglob("*.py")}
    assert sizes and max(sizes.values()) <= 400, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]


def test_no_extract_module_sets_attributes_on_records() -> None:
    for path in EXTRACT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "object.__setattr__" not in text, path.name
        assert "user_data[" not in text, path.name


def test_the_extract_modules_import_no_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for path in EXTRACT.glob("*.py"):
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sitrep.extract."):
                deps.add(node.module.rsplit(".", 1)[1])  # type: ignore[union-attr]
        graph[path.stem] = deps

    def reaches(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(graph.get(start, ()))
        while todo:
            mod = todo.pop()
            if mod not in seen:
                seen.add(mod)
                todo.extend(graph.get(mod, ()))
        return seen

    assert not [m for m in graph if m in reaches(m)]


def test_a_run_leaves_no_state_on_the_extractor_the_sentences_or_their_parses(pipeline) -> None:
    from sitrep.ingest import from_text
    from sitrep.language import analyse

    text = (
        "The rebels captured Kunduz city on Sunday after heavy fighting, officials said. "
        "They also seized the airport."
    )
    analysed = analyse(from_text(text, fmt="text", published=dt.date(2021, 7, 6)), pipeline.finder)
    extractor = pipeline.extractor
    before = dict(vars(extractor))
    events, _claims = extractor.run(analysed)
    assert events
    assert vars(extractor) == before
    parsed = [s for s in analysed.sentences if s.doc is not None]
    assert parsed
    for sent in parsed:
        assert "_mentions" not in sent.__dict__
        assert not sent.doc.user_data
