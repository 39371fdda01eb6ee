"""Pure helpers over a spaCy parse: a verb's subject and objects, a preposition's object,
a phrase's text, the token at a character offset. They read tokens only (words, heads,
dependency labels, tags), so they work the same on a parsed ``Doc`` and a hand-built one."""

from __future__ import annotations

import re
from typing import Any

from sitrep.extract.grammar import SUBJECT_DEPS, UNDER_VERBS
from sitrep.extract.resources import Resources
from sitrep.language.lexicon import may_match


def _marked(tok: Any, marks: Any) -> bool:
    """The clause of ``tok`` opens with one of ``marks`` ("after", "as", "if" ...)."""
    return any(c.dep_ == "mark" and c.lower_ in marks for c in tok.children)


def _came_under(tok: Any) -> bool:
    """'came under attack', 'after coming under a sustained assault': ``tok`` is the object of
    "under" after a verb of ``UNDER_VERBS``: its subject was attacked."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "under" and tok.head.head.lemma_.lower() in UNDER_VERBS


def _token_at(doc: Any, char: int) -> Any:
    for tok in doc:
        if tok.idx <= char < tok.idx + len(tok.text):
            return tok
        if tok.idx > char:
            return tok
    return None


def _subject(tok: Any) -> Any:
    for c in tok.children:
        if c.dep_ in SUBJECT_DEPS:
            return c
    # shared subject of conjoined or controlled verbs: "captured X and seized Y", "ordered to mobilize"
    t = tok
    for _ in range(4):
        if t.dep_ in ("conj", "xcomp", "advcl", "pcomp") and t.head.i != t.i:
            if t.dep_ == "xcomp":
                # object control: "forcing 17 soldiers to flee", "allowed the officials to leave":
                # the head's object does the controlled verb
                controller = next((c for c in t.head.children if c.dep_ == "dobj" and c.i < t.i), None)
                if controller is not None:
                    return controller
            t = t.head
            for c in t.children:
                if c.dep_ in SUBJECT_DEPS:
                    return c
        else:
            break
    if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.tag_ == "VBG"):
        return tok.head  # "fighters who seized X", "civilians looting the offices": the noun acts
    return None


def _objects(res: Resources, tok: Any) -> list[Any]:
    """The verb's objects: direct, passive subject, particle's object, the object of a verb of
    control's preposition ("took control of X"), else the first noun after the verb."""
    out = []
    for c in tok.children:
        if c.dep_ in ("dobj", "attr", "oprd"):
            out.append(c)
            out.extend(cc for cc in c.children if cc.dep_ == "conj")
        if c.dep_ == "nsubjpass":
            out.append(c)
        if c.dep_ in ("prt",):
            for cc in c.children:
                if cc.dep_ == "pobj":
                    out.append(cc)
        if (
            c.dep_ == "prep"
            and c.text.lower() in ("of", "over", "into", "in")
            and tok.lemma_.lower() in res.control_verbs
            and not (c.text.lower() == "in" and any(x.dep_ == "dobj" for x in tok.children))
        ):  # "took control of X", "seized X" -- but in "seized 12 Humvees in X", X is only where
            out.extend(cc for cc in c.children if cc.dep_ == "pobj")
    if not out and tok.dep_ in ("amod", "compound", "nmod") and tok.head.pos_ in ("NOUN", "PROPN"):
        out.append(tok.head)  # a mis-parse: "the Taliban captured Tagab district" read as "captured district"
    if not out and tok.pos_ == "VERB" and not any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        # no object in the parse: the first noun after the verb, before any clause break
        for t in tok.doc[tok.i + 1 : tok.i + 7]:
            if t.pos_ in ("PUNCT", "VERB", "AUX", "SCONJ", "CCONJ") or t.dep_ == "mark":
                break
            if t.pos_ in ("NOUN", "PROPN") and t.head.i != t.i + 1:
                out.append(t)
                break
    # "took full control of X": the object of "control"
    for o in list(out):
        if o.text.lower() in res.control_nouns:
            p = _prep_obj(o, "of") or _prep_obj(o, "over")
            if p is not None:
                out.append(p)
                out.extend(cc for cc in p.children if cc.dep_ == "conj")
    return out


def _prep_obj(tok: Any, prep: str) -> Any:
    for c in tok.children:
        if c.dep_ == "agent" and prep in ("agent", "by"):
            for cc in c.children:
                if cc.dep_ == "pobj":
                    return cc
        if c.dep_ in ("prep", "dative") and c.text.lower() == prep:
            for cc in c.children:
                if cc.dep_ == "pobj":
                    return cc
    return None


def _first(items: list[Any]) -> Any:
    return items[0] if items else None


def _span_text(tok: Any, limit: int = 12) -> str:
    if tok is None:
        return ""
    # stop at the first clause or apposition below the head: its whole subtree, so that
    # "a spokesman, Zabihullah Mujahid, said" stops before "Zabihullah" too
    cut = min(
        (c.left_edge.i for c in tok.children if c.dep_ in ("relcl", "acl", "appos", "advcl") and c.i > tok.i),
        default=None,
    )
    keep = []
    for t in tok.subtree:
        if cut is not None and t.i >= cut:
            break
        keep.append(t)
        if len(keep) >= limit:
            break
    while len(keep) > 1 and keep[-1].is_punct:
        keep.pop()
    if not keep:
        return tok.text
    return tok.doc[keep[0].i : keep[-1].i + 1].text



def _present_or_perfect(tok: Any) -> bool:
    """'has captured', 'are fighting', 'is underway': the present or the present perfect."""
    if tok.tag_ in ("VBZ", "VBP"):
        return True
    return any(child.dep_ in ("aux", "auxpass") and child.tag_ in ("VBZ", "VBP") for child in tok.children)


def _near(rx: re.Pattern[str], text: str, pos: int, window: int) -> bool:
    if not may_match(rx, text):
        return False  # none of the strings the cue needs
    return any(m.start() - window <= pos <= m.end() + window for m in rx.finditer(text))
