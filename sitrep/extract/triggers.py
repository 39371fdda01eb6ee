"""Triggers: the words of a candidate sentence that tell an event (verbs, nouns and phrases
of ``triggers.json``), each with its frame; a nominal trigger counts only where the clause
makes it an event. Also the capture or retake of places a sentence tells without naming
them ("took ten districts"), which a list in the next sentence may name. Needs the
sentence (:class:`SentenceContext`); sets nothing."""

from __future__ import annotations

import re
from typing import Any

from sitrep.extract.context import SentenceContext, Trigger
from sitrep.extract.frames import _pick_frame, _subject_kind
from sitrep.extract.grammar import (
    BACKGROUND_MARKS,
    DURATION_NOUNS,
    KINETIC_PREPS,
    REASON_MARKS,
    SKIP_PREPS,
)
from sitrep.extract.resources import Resources
from sitrep.extract.syntax import _came_under, _marked, _objects, _subject, _token_at
from sitrep.language.lexicon import may_match
from sitrep.models import Sentence


def _place_event_type(res: Resources, sent: Sentence) -> str | None:
    """'took ten districts', 'retook three districts': a capture or retake of places the
    sentence does not name (a list that names them may follow)."""
    verbs = res.lex.triggers["verbs"]
    for tok in sent.doc:
        frames = verbs.get(tok.lemma_.lower()) or verbs.get(res.lex.verb_forms.get(tok.text.lower(), ""))
        if not frames:
            continue
        subj = _subject(tok)
        nouns = _objects(res, tok) + ([subj] if subj is not None and any(f.get("subject_place") for f in frames) else [])
        if not any(o.lemma_.lower() in res.place_heads for o in nouns):
            continue
        types = {f["type"] for f in frames}
        if "territory_retaken" in types or _re_prefixed(sent.doc, tok) or (
            types & {"by_subject"} and _subject_kind(res, tok) == "state"
        ):
            return "territory_retaken"
        if types & {"capture", "territory_captured", "by_subject"}:
            return "territory_captured"
    return None


def _list_copula(res: Resources, sent: Sentence, typ: str) -> list[Trigger]:
    """'The Taliban took ten districts. The districts are A, B and C in P': a list that names
    the places of the capture (or retake) just told is one such event per place."""
    m = res.lex.cue_re("list_copula").match(sent.text.strip())
    if m is None:
        return []
    offset = len(sent.text) - len(sent.text.lstrip())
    tok = _token_at(sent.doc, offset + m.end() - 1) or sent.doc[0]
    return [Trigger(tok, typ, {"type": typ, "copula": True}, start=offset, end=offset + m.end())]

_SECOND_WORDS: dict[int, tuple[dict[str, str], frozenset[str]]] = {}


def _second_words(nouns: dict[str, str]) -> frozenset[str]:
    """The last words of the noun triggers of two words ("heavy clashes" -> "clashes"), kept by
    the id of the dict they come from (with the dict, so that the id stays its own)."""
    kept = _SECOND_WORDS.get(id(nouns))
    if kept is None or kept[0] is not nouns:
        kept = _SECOND_WORDS[id(nouns)] = (nouns, frozenset(k.rsplit(" ", 1)[1] for k in nouns if " " in k))
    return kept[1]


def _triggers(res: Resources, sc: SentenceContext) -> list[Trigger]:
    """The sentence's triggers in text order: verbs (with the frame that applies), nouns that
    count as events, and phrases of ``triggers.json``."""
    sent = sc.sent
    doc = sent.doc
    out: list[Trigger] = []
    verbs = res.lex.triggers["verbs"]
    verb_forms, nouns = res.lex.verb_forms, res.noun_triggers
    second_words = _second_words(nouns)
    for tok in doc:
        lemma = tok.lemma_.lower()
        low = tok.text.lower()
        if not (
            lemma in verbs
            or low in verb_forms
            or low in nouns
            or lemma in nouns
            or low in second_words
            or " " in low
        ):
            continue  # no trigger verb or noun can be read here: the tests below would all fail
        # "the Taliban have overrun Shahjoy district": a participle right after a perfect
        # auxiliary is a verb even where the tagger read it as a noun
        perfect = low in res.lex.verb_forms and tok.i > 0 and doc[tok.i - 1].lower_ in ("have", "has", "had")
        # "The Taliban overran Tagab district": a past form glued into a noun compound by the tagger
        glued = low in res.verb_only_forms and tok.dep_ == "compound"
        if perfect or glued or tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBD", "VBG", "VBZ", "VBP", "VB"):
            key = lemma if lemma in verbs else res.lex.verb_forms.get(low)
            if key in verbs:
                frame = _pick_frame(res, sc, tok, key, verbs[key])
                if frame is not None and frame["type"] == "territory_captured" and _re_prefixed(doc, tok):
                    frame = {**frame, "type": "territory_retaken"}  # "re-occupied", "re-captured"
                if frame is not None:
                    out.append(Trigger(tok, frame["type"], frame, start=tok.idx, end=tok.idx + len(tok)))
                continue
        if tok.pos_ in ("NOUN", "PROPN") or tok.tag_.startswith("NN"):
            two = f"{tok.nbor(-1).text.lower()} {low}" if tok.i > 0 else ""
            typ = (
                res.noun_triggers.get(two)
                or res.noun_triggers.get(low)
                or res.noun_triggers.get(lemma)
            )
            if typ and _noun_counts(res, sc, tok, typ):
                out.append(
                    Trigger(tok, typ, {"type": typ}, nominal=True, start=tok.idx, end=tok.idx + len(tok))
                )
    low = sent.text.lower()
    for typ, rx in res.lex.phrase_res:
        if not may_match(rx, sent.text, low):
            continue  # none of the words the phrase needs
        for m in rx.finditer(sent.text):
            if any(t.start < m.end() and m.start() < t.end + 25 for t in out):
                continue
            tok = _token_at(doc, m.start()) or doc[0]
            actor = m.groupdict().get("actor")
            if actor is not None and res.actors.match(actor) is None:
                continue  # the phrase says who acted, and "He was in the city of" names no party
            tok2 = _token_at(doc, m.start() + len(m.group(0)) - 1) or tok
            trig_tok = tok2 if tok2.pos_ == "VERB" else tok
            for t in doc[tok.i : tok2.i + 1]:
                if t.pos_ == "VERB":
                    trig_tok = t
                    break
            out.append(
                Trigger(trig_tok, typ, {"type": typ}, phrase_actor=actor, start=m.start(), end=m.end())
            )
    # a verb trigger inside a phrase trigger's span is the same event
    out.sort(key=lambda t: t.start)
    return out


def _re_prefixed(doc: Any, tok: Any) -> bool:
    """'re-occupied' (tokenised 're', '-', 'occupied'): taken again."""
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "re"


def _noun_counts(res: Resources, sc: SentenceContext, tok: Any, typ: str) -> bool:
    """A nominal trigger is an event only as an argument of an event predicate or the main clause."""
    if (
        tok.dep_ == "pobj"
        and tok.head.text.lower() == "of"
        and (tok.head.head.tag_ == "CD" or tok.head.head.text.lower() in res.aggregate_words)
    ):
        tok = tok.head.head  # "hundreds of reinforcements arrived": the count stands for them
    if typ == "territory_captured" and not _of_a_place(res, sc, tok):
        return False  # "the fall of Kunduz", not "the collapse of security in Kunduz" or "of the talks"
    if tok.dep_ == "ROOT":
        return True
    if typ == "troop_withdrawal" and re.search(
        r"\d+\s?(?:%|percent|per cent)|\b(?:complete|completed|finished)\b", tok.sent.text, re.I
    ):
        # "the withdrawal is more than 90 percent complete", "90% of its withdrawal process has
        # been finished": a progress statement is an event
        return tok.dep_ != "compound" or tok.head.text.lower() in ("process", "operation", "mission")
    if tok.dep_ == "compound":
        return False
    head = tok.head
    # "killed in fighting on the edge of X", "hit positions with airstrikes", "after heavy clashes
    # in X": fighting named in a place is fighting that happened (modality decides the rest)
    if (
        typ in ("armed_clash", "air_strike")
        and tok.dep_ == "pobj"
        and head.text.lower() in KINETIC_PREPS
        and _names_a_place(sc, tok)
    ):
        return True
    # "took the city after two weeks of heavy fighting", "after several days of fighting for
    # Tarinkot": fighting that lasted a span named with the place is fighting that happened
    if (
        typ == "armed_clash"
        and tok.dep_ == "pobj"
        and head.text.lower() == "of"
        and head.head.text.lower() in DURATION_NOUNS
        and any(c.dep_ in ("nummod", "amod") for c in head.head.children)
        and head.head.dep_ == "pobj"
        and head.head.head.text.lower() in KINETIC_PREPS
        and any(m.kind_hint != "country" for m in sc.mentions or ())
    ):
        return True
    # "the post came under attack", "fled after coming under a sustained assault"
    if typ == "armed_clash" and _came_under(tok):
        return True
    # "during the airstrike", "since the withdrawal", "the capture of rural areas"
    if tok.dep_ == "pobj" and head.text.lower() in SKIP_PREPS:
        return False
    if _marked(head, BACKGROUND_MARKS):
        return False
    # "... because the enemy used it to conduct airstrikes": a reason, not a report
    if any(
        a.dep_ == "advcl" and any(c.dep_ == "mark" and c.text.lower() in REASON_MARKS for c in a.children)
        for a in tok.ancestors
    ):
        return False
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and head.lemma_.lower() in res.noun_predicates:
        return True
    if (
        tok.dep_ in ("nsubj", "nsubjpass")
        and head.pos_ in ("VERB", "AUX")
        and tok.lemma_.lower() in res.clash_nouns
    ):
        return True
    # "launched an assault", "pressed the offensive", "completed the withdrawal"; but not
    # "a base used to conduct airstrikes": an infinitive that modifies a noun states a purpose
    return (
        tok.dep_ == "dobj"
        and head.lemma_.lower() in res.support_verbs
        and not (head.dep_ in ("acl", "relcl", "advcl") and any(c.dep_ == "aux" and c.tag_ == "TO" for c in head.children))
    )

def _of_a_place(res: Resources, sc: SentenceContext, tok: Any) -> bool:
    """The noun's "of" object is a place: a name the sentence knows as one, or a place noun."""
    mentions = sc.mention_starts
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.text.lower() != "of":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if obj.lemma_.lower() in res.place_heads:
                return True
            # the noun phrase itself, not a phrase hanging on it ("security in Kunduz")
            lo, hi = obj.left_edge.idx, obj.idx + len(obj)
            if mentions is None or any(lo <= m < hi for m in mentions):
                return True
    return False


def _names_a_place(sc: SentenceContext, tok: Any) -> bool:
    """The noun phrase or the clause around it names a place ("fighting in Kunduz")."""
    mentions = sc.mention_starts
    if mentions is None:
        return True
    lo = min(t.idx for t in tok.head.head.subtree)
    hi = max(t.idx + len(t) for t in tok.head.head.subtree)
    return any(lo <= m_start < hi for m_start in mentions)


_ORDINAL = re.compile(r"^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|latest|last)$", re.I)


def _ordinal_restatement(res: Resources, tok: Any) -> bool:
    """'This is the second district falling to the Taliban', 'X is the 13th district that has
    fallen': a count of events already told (codebook §3: a restatement is no new event)."""
    if tok.dep_ not in ("acl", "relcl"):
        return False
    head = tok.head
    return head.lemma_.lower() in res.place_heads and any(
        c.dep_ in ("amod", "nummod") and _ORDINAL.match(c.text) for c in head.children
    )
