"""Modality: whether the trigger tells something that happened (reported; claimed when the
teller is a party), or something denied, planned, predicted, or a background clause.
Reads the parse around the trigger (negation, auxiliaries, governing verbs) and the cue
lists of ``cues.json``. Needs the trigger and its sentence; sets nothing."""

from __future__ import annotations

import re
from typing import Any

from sitrep.extract.context import Trigger
from sitrep.extract.resources import Resources
from sitrep.extract.syntax import _marked, _near, _token_at
from sitrep.language.lexicon import may_match
from sitrep.models import Sentence


def _modality(res: Resources, trig: Trigger, sent: Sentence) -> str:
    """reported, claimed, negated, planned, predicted, or background (no event at all)."""
    tok = trig.token
    text = sent.text
    # negation on the trigger or its governing verbs
    chain = [tok, *list(tok.ancestors)[:3]]
    for t in chain[:2]:
        if t is not tok and tok.dep_ == "conj":
            continue  # "had not attacked the city but were massing": the negation is the other verb's
        if any(c.dep_ == "neg" for c in t.children):
            return "negated"
    if any(c.dep_ == "det" and c.text.lower() == "no" for c in tok.children):
        return "negated"
    if tok.dep_ in ("pobj", "pcomp") and tok.head.text.lower() == "without":
        return "negated"
    negated = res.lex.cue_re("negated_phrases")
    for m in negated.finditer(text) if may_match(negated, text) else ():
        if m.start() - 60 <= trig.start <= m.end() + 60 and not _negates_other_verb(tok, m):
            return "negated"
    for t in tok.ancestors:
        if t.lemma_.lower() in res.deny_verbs:
            return "negated"
    if _marked(tok, ("since", "whenever")):
        return "background"
    if (
        not trig.nominal
        and tok.tag_ == "VB"
        and tok.dep_ not in ("xcomp", "ccomp", "conj")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children)
    ):
        return "planned"  # an order, a demand ("a message: Surrender or die"): nothing happened yet
    if _near(res.lex.cue_re("near_miss"), text, trig.start, 40):
        if re.search(r"\bfail(?:ed|s)? to\b", text[max(0, trig.start - 30) : trig.start], re.I):
            return "negated"
        return "predicted"
    # future, conditional, modal
    for t in chain[:3]:
        for c in t.children:
            if c.dep_ == "aux" and c.text.lower() in res.predicted_aux:
                return "predicted"
            if c.dep_ == "mark" and c.text.lower() in ("if", "unless", "whether"):
                return "predicted"
        if t.dep_ in ("xcomp", "ccomp", "advcl") or t is tok:
            head = t.head
            hl = head.lemma_.lower()
            if t.dep_ == "xcomp" and hl in res.planned_verbs and hl not in res.realised_verbs:
                return "planned"
            if t.dep_ == "xcomp" and hl in res.realised_verbs:
                if any(
                    c.dep_ == "dobj" and c.lemma_.lower() in res.noun_triggers for c in head.children
                ):
                    # "ordered the mobilization of reservists to reinforce the border": a purpose
                    return "planned"
                break
    infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)
    perfect = any(c.dep_ == "aux" and c.lower_ == "have" for c in tok.children) and tok.tag_ == "VBN"
    if infinitive and not trig.nominal:
        head = tok.head
        if perfect:
            # "claimed to have captured", "is said to have surrendered": a past event, as someone tells it
            if head.lemma_.lower() in res.claimed_past_verbs:
                return "claimed"
        elif not (tok.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in res.realised_verbs):
            # ("allowing the militants to take the crossing": what was allowed happened)
            return "planned"
    if trig.nominal and tok.dep_ == "dobj":
        verb = tok.head
        if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
            return "planned"  # "the goal to complete the withdrawal next month": an aim
    if _near(res.lex.cue_re("planned_phrases"), text, trig.start, 30):
        return "planned"
    if _near(res.lex.cue_re("predicted_phrases"), text, trig.start, 40):
        return "predicted"
    return "reported"

def _negates_other_verb(tok: Any, m: re.Match[str]) -> bool:
    """A negation cue ("had not", "did not") whose verb is coordinated with the trigger, not
    the trigger: "were massing on the outskirts but had not attacked"."""
    neg = _token_at(tok.doc, m.end() - 1)
    if neg is None or neg.dep_ != "neg":
        return False
    verb = neg.head
    # the trigger's own predicate: the verb itself, or the verb a nominal trigger is the subject of
    pred = tok.head if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass") else tok
    if verb.i == pred.i:  # (spaCy makes a new Token object on each access: compare indices)
        return False
    if verb in pred.conjuncts or pred in verb.conjuncts:
        return True
    # "X have not taken Y, but fighting continues": two clauses of one sayer, joined by "but"
    lo, hi = sorted((verb.i, pred.i))
    return (
        verb.head.i == pred.head.i
        and verb.dep_ == pred.dep_
        and any(t.dep_ == "cc" for t in tok.doc[lo:hi])
    )


def _transfer(res: Resources, typ: str, sentences: list[Sentence], sent: Sentence) -> str:
    """How a place changed hands: peacefully, after fighting, or unknown (this sentence and the one before)."""
    texts = [sent.text]
    if sent.index > 0 and sentences[sent.index - 1].paragraph == sent.paragraph:
        texts.append(sentences[sent.index - 1].text)
    for t in texts:
        if res.lex.cue_re("peaceful_phrases").search(t):
            return "peaceful"
    for t in texts:
        if res.lex.cue_re("fighting_phrases").search(t):
            return "fighting"
    return "unknown"
