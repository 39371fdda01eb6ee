"""Triggers to frames: which reading of a trigger verb applies (``triggers.json``'s frames,
tried in order), and what the verb's subject and object are (a place, a facility, materiel,
forces, a country). Needs the sentence's place mentions (:class:`SentenceContext`) and, for
a pronoun subject, the last subject of the document; sets nothing."""

from __future__ import annotations

import re
from typing import Any

from sitrep.extract.context import SentenceContext
from sitrep.extract.resources import Resources
from sitrep.extract.syntax import _objects, _span_text, _subject
from sitrep.models import PlaceMention, Sentence


def _subject_kind(res: Resources, tok: Any) -> str | None:
    subj = _subject(tok)
    kind = res.actors.kind(res.actors.match(_span_text(subj))) if subj is not None else None
    return "state" if kind in ("state_forces", "foreign_forces", "state") else kind


def _pick_frame(
    res: Resources, sc: SentenceContext, tok: Any, key: str, frames: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The first reading (frame) of trigger verb ``key`` whose conditions hold at ``tok``; None if none."""
    blockers = res.lex.triggers.get("no_event_particles", {}).get(key, ())
    if blockers and any(c.dep_ == "prt" and c.text.lower() in blockers for c in tok.children):
        return None  # "took up arms", "took up positions"
    for fr in frames:
        if fr.get("actor1") == "other_side" and tok.dep_ in ("relcl", "acl", "amod"):
            continue  # "forces who had retreated from X have returned": who they are, not what fell
        if "particle" in fr:
            parts = {c.text.lower() for c in tok.children if c.dep_ in ("prt", "advmod", "prep")}
            nxt = tok.nbor(1).text.lower() if tok.i + 1 < len(tok.doc) else ""
            if not (parts | {nxt}) & set(fr["particle"]):
                continue
        obj_text = " ".join(_span_text(o) for o in _objects(res, tok)).lower()
        # "announced that it would provide aid": the clause is what was announced
        obj_text += " " + " ".join(
            t.text.lower()
            for c in tok.children
            if c.dep_ in ("ccomp", "xcomp")
            for t in list(c.subtree)[:25]
        )
        if fr.get("object_kind_actor"):
            # "soldiers joined the Taliban": the object is the other side
            objs = _objects(res, tok)
            subj = _subject(tok)
            okind = res.actors.kind(res.actors.match(_span_text(objs[0]))) if objs else None
            skind = res.actors.kind(res.actors.match(_span_text(subj))) if subj is not None else None
            if okind is None or okind == skind or okind == "civilians":
                continue
        if "object_words" in fr and not any(
            re.search(rf"\b{re.escape(w)}\b", obj_text) for w in fr["object_words"]
        ):
            continue
        if "requires_prep" in fr:
            preps = {c.text.lower() for c in tok.children if c.dep_ in ("prep", "agent", "dative")}
            if not preps & set(fr["requires_prep"]):
                continue
        if fr.get("subject_place") and not _subject_is_place(res, sc, tok):
            continue
        if "subject_words" in fr:
            subj = _subject(tok)
            if subj is None or subj.lemma_.lower() not in fr["subject_words"] and subj.text.lower() not in fr["subject_words"]:
                continue
        if fr.get("requires_foreign") and not _goes_abroad(res, sc, tok):
            continue
        if "subject_kind" in fr:
            subj = _subject(tok)
            name = res.actors.match(_span_text(subj)) if subj is not None else None
            if name is None and subj is not None and subj.pos_ == "PRON":
                name = sc.doc.last_subject
            kind = res.actors.kind(name)
            if kind not in fr["subject_kind"]:
                continue
        if "object_kind" in fr:
            kinds = _object_kinds(res, sc, tok)
            if not kinds & set(fr["object_kind"]):
                continue
        if fr["type"] == "by_subject":
            # "pushed the Taliban out of X": a retake when the state acts, a capture when the insurgents do
            kind = _subject_kind(res, tok)
            if kind == "state":
                return {**fr, "type": fr["state"]}
            if kind == "nonstate":
                return {**fr, "type": fr["nonstate"]}
            continue
        if fr["type"] == "cross_border_flight":
            # soldiers fleeing abroad flee a battle; anyone else fleeing is displacement
            subj = _subject(tok)
            name = res.actors.match(_span_text(subj)) if subj is not None else None
            kind = res.actors.kind(name)
            if kind == "civilians" or (subj is not None and subj.lemma_.lower() in res.people_words):
                return {**fr, "type": "displacement"}
        if fr["type"] == "capture":
            kinds = _object_kinds(res, sc, tok)
            if "materiel" in kinds and "place" not in kinds and "facility" not in kinds:
                return {**fr, "type": "materiel_captured"}
            if kinds & {"place", "facility"}:
                return {**fr, "type": "territory_captured"}
            if (
                key in res.lex.triggers.get("materiel_participles", ())
                and tok.dep_ in ("acl", "amod")
                and tok.head.text.lower() in res.materiel_words
            ):
                return {**fr, "type": "materiel_captured"}
            continue
        if fr.get("transitive_type") and any(
            c.dep_ == "dobj" and c.tag_ not in ("WDT", "WP") for c in tok.children
        ):  # a relative "that" parsed as the object is no object
            # "the garrison surrendered the base to the Taliban": a handover, taken by the side
            # it was handed to (the "to" party, else the surrendering side's adversary)
            to = any(c.dep_ in ("prep", "dative") and c.text.lower() == "to" for c in tok.children)
            return {**fr, "type": fr["transitive_type"], "actor1": "prep:to" if to else "other_side", "actor2": None}
        return fr
    return None

def _subject_is_place(res: Resources, sc: SentenceContext, tok: Any) -> bool:
    """The subject is a place: a named one ("Kunduz fell"), or a place noun ("the district
    centre fell", "the districts of X and Y fell"); not "prices in Kunduz fell", not "fell silent"."""
    if any(c.dep_ in ("acomp", "oprd", "attr") for c in tok.children):
        return False
    subj = _subject(tok)
    if subj is None or subj.pos_ == "PRON":
        return False
    if res.actors.match(subj.text) is not None:
        return False
    if subj.lemma_.lower() in res.place_heads or subj.text.lower() in res.place_heads:
        return True
    lo, hi = subj.idx, subj.idx + len(subj.text)
    return any(m.start - sc.start < hi and lo < m.end - sc.start for m in _mentions_in(subj, sc))

def _goes_abroad(res: Resources, sc: SentenceContext, tok: Any) -> bool:
    """A move into another country: "fled to Tajikistan", "crossed the border"."""
    sub = " ".join(t.text for t in tok.subtree if t.i >= tok.i)[:160].lower()
    if res.abroad_re.search(sub):
        return True
    for m in res.abroad_noun_re.finditer(sub):
        if m.group(1) in res.actors.demonyms:
            return True
    sent_mentions = sc.mentions
    for child in tok.children:
        if child.dep_ == "prep" and child.text.lower() in ("to", "into", "towards", "toward", "across"):
            lo = child.idx
            hi = list(child.subtree)[-1].idx + 1
            if any(
                m.kind_hint == "country" and lo <= m.start - sc.start < hi for m in sent_mentions
            ):
                return True
    for child in tok.children:
        if child.dep_ == "prep" and child.text.lower() in ("to", "into", "towards", "toward", "across"):
            for p in child.children:
                name = res.actors.match(_span_text(p))
                if (
                    name
                    and res.actors.kind(name) == "state"
                    and p.ent_type_ != ""
                    or (p.pos_ == "PROPN" and name and res.actors.kind(name) == "state")
                ):
                    return True
    return False

def _object_kinds(res: Resources, sc: SentenceContext, tok: Any) -> set[str]:
    kinds: set[str] = set()
    objs = _objects(res, tok)
    if tok.dep_ in ("acl", "relcl") and tok.tag_ == "VBN":
        objs.append(tok.head)  # "weapons captured by the Taliban", "areas captured by ..."
    for o in objs:
        words = {t.text.lower() for t in o.subtree} | {t.lemma_.lower() for t in o.subtree}
        head = o.text.lower()
        text = _span_text(o).lower()
        if words & res.materiel_words or head in res.materiel_words:
            kinds.add("materiel")
        if head in res.forces_words:
            kinds.add("forces")
        if (
            head in res.facility_words
            or any(f" {w}" in f" {text}" for w in res.facility_words if " " in w)
        ) and (head not in res.generic_objects or _has_named_place(o, sc)):
            kinds.add("facility")
        if head in res.control_nouns or _listed_after_colon(res, o, sc):
            kinds.add("place")
        materiel_head = head in res.materiel_words or o.lemma_.lower() in res.materiel_words
        if _has_named_place(o, sc) and not materiel_head:
            # ("12 Humvees in Khwahan district": the place is where the materiel was)
            kinds.add("place")
            if any(m.kind_hint == "country" for m in _mentions_in(o, sc)):
                kinds.add("country")
        if o.pos_ == "PROPN" and "materiel" not in kinds:
            name = res.actors.match(text)
            if name and res.actors.kind(name) == "state":
                kinds.add("country")
            elif not name:
                kinds.add("place")
    return kinds


def _after_colon(sent: Sentence, mentions: list[PlaceMention], pos: int) -> list[PlaceMention]:
    """The sentence's place mentions after the first colon at or after ``pos`` (an offset in
    the sentence); none when no colon follows."""
    colon = sent.text.find(":", pos)
    if colon < 0:
        return []
    return [m for m in mentions if m.start - sent.start > colon]


def _listed_after_colon(res: Resources, o: Any, sc: SentenceContext) -> bool:
    """'took three districts on Tuesday: A, B and C': places counted, then named after a colon."""
    if o.tag_ != "NNS" or o.lemma_.lower() not in res.place_heads:
        return False
    return bool(_after_colon(sc.sent, sc.mentions, o.idx))


def _mentions_in(tok: Any, sc: SentenceContext) -> list[PlaceMention]:
    """Place mentions of the sentence that fall inside the subtree of ``tok``."""
    mentions: list[PlaceMention] = sc.mentions
    sub = list(tok.subtree)
    lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return [m for m in mentions if lo <= m.start - sc.start < hi]


def _has_named_place(tok: Any, sc: SentenceContext) -> bool:
    return bool(_mentions_in(tok, sc))


def _counted_places(res: Resources, tok: Any, doc: Any = None) -> bool:
    """The subject or object is a number of places: '16 districts fell', 'took several districts'
    (not 'most of Tagab district': a share of one named place); with ``doc``, anywhere in the
    sentence (a phrase trigger's parse may not reach its subject)."""
    subj = _subject(tok)
    nouns = list(doc) if doc is not None else _objects(res, tok) + ([subj] if subj is not None else [])
    for o in nouns:
        if o.tag_ == "NNS" and o.lemma_.lower() in res.place_heads and any(
            c.dep_ == "nummod" or (c.dep_ in ("amod", "det") and c.text.lower() in res.aggregate_words) for c in o.children
        ):
            return True
    return False


def _aggregate_object(res: Resources, tok: Any) -> bool:
    """The object is a share or a count of places: 'half of the districts', '85% of the territory',
    'dozens of district centres', '200 districts'."""
    subj = _subject(tok)
    # "16 districts fell", "several districts were overrun": the subject is the places
    places = _objects(res, tok) + ([subj] if subj is not None and subj.lemma_.lower() in res.place_heads else [])
    for o in places:
        if o.text.lower() in res.aggregate_words:
            return True
        if o.tag_ == "NNS" and any(c.text.lower() in res.aggregate_words for c in o.children if c.dep_ in ("amod", "det", "nummod")):
            return True
        if o.tag_ == "NNS" and any(c.dep_ == "nummod" for c in o.children):
            return True
        if o.dep_ == "pobj" and o.head.text.lower() == "of" and o.head.head.text.lower() in res.aggregate_words:
            return True
        # "gained control of about half of the 420 districts"
        for t in o.subtree:
            if t.text.lower() in res.aggregate_words and any(c.dep_ == "prep" and c.text.lower() == "of" for c in t.children):
                return True
            if t.tag_ == "NNS" and any(c.dep_ == "nummod" for c in t.children):
                return True
    return False
