"""Speed mechanisms of the language stage, each with the same result as the plain way."""

from __future__ import annotations

import datetime as dt

import pytest
from threadpoolctl import threadpool_info

from sitrep.ingest import from_text
from sitrep.language import _one_blas_thread, analyse, load_nlp

# written for this test: a few clauses of the kinds the extractor reads
SENTENCES = [
    "Insurgents overran two checkpoints near the river crossing late on Tuesday, a police officer said.",
    "The army said it had pushed the fighters back from the district centre after a night of shelling.",
    "Elders negotiated the handover of the base, and about forty soldiers laid down their weapons.",
    "Reinforcements were flown to the provincial capital, which has been under pressure for weeks.",
]


def _parse_fields(nlp, texts):  # noqa: ANN001, ANN202 - spaCy types
    return [[(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in doc] for doc in nlp.pipe(texts)]


def _nodes(nlp):  # noqa: ANN001, ANN202 - spaCy and thinc types
    models = [getattr(proc, "model", None) for _, proc in nlp.pipeline]
    return [node for m in models if hasattr(m, "walk") for node in m.walk()]


def test_pipeline_layers_do_not_use_blis():
    nlp = load_nlp()
    ops = {id(node.ops): node.ops for node in _nodes(nlp)}
    assert ops
    assert all(not getattr(o, "use_blis", False) for o in ops.values())


def test_numpy_products_parse_exactly_as_blis():
    nlp = load_nlp()
    nodes = _nodes(nlp)
    with _one_blas_thread():
        ours = _parse_fields(nlp, SENTENCES)
    try:
        for node in nodes:
            node.ops.use_blis = True
        theirs = _parse_fields(nlp, SENTENCES)
    finally:
        for node in nodes:
            node.ops.use_blis = False
    assert ours == theirs


def test_blas_runs_on_one_thread_while_parsing(monkeypatch: pytest.MonkeyPatch):
    seen: list[int] = []
    nlp = load_nlp()
    real_pipe = nlp.pipe

    def spy(texts, **kw):  # noqa: ANN001, ANN003, ANN202
        seen.extend(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
        return real_pipe(texts, **kw)

    monkeypatch.setattr(nlp, "pipe", spy)
    art = from_text(
        "Militants attacked a convoy in the valley on Monday.", fmt="text", published=dt.date(2021, 7, 5)
    )
    analyse(art, nlp=nlp)
    assert seen and set(seen) == {1}


def test_every_lemma_is_cached_also_where_spacy_does_not():
    nlp = load_nlp()
    lemmatizer = nlp.get_pipe("lemmatizer")
    doc = nlp("Kabul and Herat were quiet on Monday.")
    for tok in doc:
        # spaCy's own method recomputes the lemma of a proper noun or a preposition on every call
        assert lemmatizer.lemmatize(tok) is lemmatizer.lemmatize(tok)
        assert lemmatizer.lemmatize(tok) == type(lemmatizer).rule_lemmatize(lemmatizer, tok)


def test_inside_any_span_equals_the_scan_over_all_spans():
    import random

    from sitrep.language.places import _inside_any

    rng = random.Random(7)
    for _ in range(3000):
        spans, pos = [], 0
        for _ in range(rng.randint(0, 6)):  # as finditer gives them: in order, not overlapping
            a = pos + rng.randint(0, 3)
            b = a + rng.randint(0, 4)
            spans.append((a, b))
            pos = b
        start = rng.randint(0, pos + 3)
        end = start + rng.randint(1, 5)
        assert _inside_any(spans, start, end) == any(a <= start and end <= b for a, b in spans)


def test_another_spacy_pipeline_in_the_process_keeps_blis():
    import spacy

    load_nlp()
    other = spacy.blank("en")
    other.add_pipe("tok2vec")
    other.initialize()
    assert all(getattr(o, "use_blis", True) for o in {id(n.ops): n.ops for n in _nodes(other)}.values())
