"""Attribution: who a sentence cites ("according to X", ", X said.", "X said that ...",
"Reuters reported"); "He said ..." is whoever was cited just before. Needs the sentence
and, for the carry-over, the document's :class:`Context`, where it records the source
it found (once per sentence: the sentence's events and its casualty count both ask).
Also read by the claims step, which imports it from here (no cycle through the
extractor)."""

from __future__ import annotations

import re

from sitrep.extract.context import Context
from sitrep.extract.grammar import PRONOUN_SOURCES
from sitrep.extract.resources import Resources
from sitrep.extract.syntax import _span_text, _subject
from sitrep.models import Sentence


def _source(res: Resources, sent: Sentence, ctx: Context) -> str | None:
    """Who the sentence cites; "He said ..." is whoever was cited just before.
    Worked out once per sentence (its events and its casualty count both ask)."""
    if sent.index in ctx.sources:
        return ctx.sources[sent.index]
    source = _attribution(res, sent)
    if source is not None and source.lower() in PRONOUN_SOURCES:
        last = ctx.last_source
        source = last[1] if last is not None and sent.index - last[0] <= 2 else None
    elif source is not None:
        ctx.last_source = (sent.index, source)
    ctx.sources[sent.index] = source
    return source


def _attribution(res: Resources, sent: Sentence) -> str | None:
    text = sent.text
    m = re.search(r"\baccording to (?:the )?([^,.;:]+)", text, re.I)
    if m:
        return _clean_source(m.group(1))
    m = res.attribution_re.search(text)
    if m:
        return _clean_source(m.group(1))
    doc = sent.doc
    for tok in doc:
        if tok.dep_ == "ROOT" and tok.lemma_.lower() in res.say_verbs:
            subj = _subject(tok)
            if subj is not None and any(c.dep_ in ("ccomp",) for c in tok.children):
                source = _span_text(subj, limit=8)
                name = next((c for c in subj.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
                if name is not None and subj.pos_ == "NOUN":  # "a Taliban spokesman, Zabihullah Mujahid,"
                    source = f"{source} {_span_text(name, limit=4)}"
                return _clean_source(source)
    m = res.outlet_re.search(text)
    if m:
        return _clean_source(m.group(1))
    return None


def _clean_source(s: str) -> str:
    s = re.sub(r"^(?:the|a|an)\s+", "", s.strip(), flags=re.I)
    return s.strip(" \"'“”") or s
