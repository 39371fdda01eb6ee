"""Placing: which of the sentence's place mentions belong to which trigger (the nearest
trigger above the name in the dependency tree), which are not where the event happened
(where fleeing forces went, where reinforcements came from, a landmark, a fronted frame),
and the story's place for an event whose sentence names none. Needs the sentence, its
mentions and the document's :class:`Context` (read only); sets nothing."""

from __future__ import annotations

import re
from typing import Any

from sitrep.extract.context import Context, SentenceContext, Trigger
from sitrep.extract.frames import _after_colon, _aggregate_object, _object_kinds
from sitrep.extract.grammar import CLAUSE_DEPS
from sitrep.extract.resources import NEEDS_PLACE, Resources
from sitrep.extract.syntax import _objects, _token_at
from sitrep.models import Event, PlaceMention, Sentence

STORY_SENTENCES = 3  # how far back an event's place is taken for a sentence that names none


def _assign_mentions(
    sent: Sentence, mentions: list[PlaceMention], triggers: list[Trigger]
) -> dict[int, list[PlaceMention]]:
    out: dict[int, list[PlaceMention]] = {id(t): [] for t in triggers}
    if not triggers:
        return out
    by_token = {t.token.i: t for t in triggers}
    doc = sent.doc
    free: list[PlaceMention] = []
    for m in mentions:
        rel_start, rel_end = m.start - sent.start, m.end - sent.start
        if (
            re.match(r"-[A-Z]", sent.text[rel_end : rel_end + 2])
            and not re.match(r"-[A-Z][\w'’ -]{0,30}?\s+(?:border\s+)?(?:crossing|gate|port)\b", sent.text[rel_end:])
        ) or re.search(r"[A-Za-z]-$", sent.text[:rel_start]):
            # "the Kabul-Kandahar highway" is a road, not Kabul; but "the Spin Boldak-Chaman border
            # crossing" is a crossing at its first, this side's, end
            continue
        tok = _token_at(doc, rel_start)
        owner = None
        if tok is not None:
            # the nearest trigger above the name in the dependency tree
            node = tok
            for _ in range(12):
                if node.i in by_token:
                    owner = by_token[node.i]
                    break
                if node.head.i == node.i or (node.pos_ == "VERB" and node.dep_ in CLAUSE_DEPS):
                    # "seized Jalalabad, cutting off the capital Kabul": a clause of its own
                    # with no event verb keeps its places to itself
                    break
                node = node.head
        if owner is None:
            free.append(m)
        else:
            out[id(owner)].append(m)
    # "executed 22 commandos who had surrendered in Dawlat Abad": a place under a nested trigger
    # also places the trigger above it, when that one has none of its own
    for t in triggers:
        if all(m.kind_hint == "country" for m in out[id(t)]):  # none, or only "into Tajikistan"
            inner = [u for u in triggers if u is not t and t.token in u.token.ancestors]
            out[id(t)] = out[id(t)] + [m for u in inner for m in out[id(u)]]
    # "attacked a border post in Kaldar district, forcing 17 soldiers to flee into Tajikistan":
    # a consequence clause with no place of its own happened where the event above it did
    for t in triggers:
        if all(m.kind_hint == "country" for m in out[id(t)]):
            above = _event_above(t, triggers, by_token, out)
            if above is not None:
                out[id(t)] = [m for m in out[id(above)] if m.kind_hint != "country"] + out[id(t)]
    if free:
        for t in triggers:
            # "abandoned Spin Boldak district, allowing the militants to take the border crossing
            # with Pakistan": a trigger that only names a country takes the sentence's free places;
            # but foreign forces leaving a country leave it, not the province a battle was in
            if t.type == "troop_withdrawal":
                continue
            if not out[id(t)]:
                out[id(t)] = list(free)
            elif (t.type in NEEDS_PLACE or t.nominal) and all(m.kind_hint == "country" for m in out[id(t)]):
                # ("U.S. airstrikes hit targets in Helmand province": the nominal subject's own
                # names are the attacker's, the clause says where)
                out[id(t)] = [m for m in free if m.kind_hint != "country"] + out[id(t)]
    return out

def _event_above(
    t: Trigger, triggers: list[Trigger], by_token: dict[int, Trigger], out: dict[int, list[PlaceMention]]
) -> Trigger | None:
    """The placed event a placeless trigger is a consequence of: a trigger above it in the
    parse, or, for a subjectless participle clause the parse hangs elsewhere ("..., forcing 17
    soldiers to flee"), the nearest placed trigger before it in the sentence."""

    def placed(u: Trigger) -> bool:
        return any(m.kind_hint != "country" for m in out[id(u)])

    for anc in t.token.ancestors:
        u = by_token.get(anc.i)
        if u is not None and placed(u):
            return u
    if not _participle_clause(t.token):
        return None
    before = [u for u in triggers if u.token.i < t.token.i and placed(u)]
    return max(before, key=lambda x: x.token.i) if before else None


def _participle_clause(tok: Any) -> bool:
    """Is the verb in a participle clause with no subject of its own ("..., forcing 17 soldiers
    to flee"), the kind that tells a consequence of the event before it?"""
    node = tok
    for _ in range(3):
        if node.dep_ == "xcomp":
            node = node.head
            continue
        break
    return node.dep_ == "advcl" and node.tag_ == "VBG" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "mark") for c in node.children
    )


def _is_destination(res: Resources, m: PlaceMention, sent: Sentence, typ: str) -> bool:
    """Is the mention not where the event happened: where fleeing forces went, where
    reinforcements were sent from ("dispatched from Kabul to Lashkar Gah"), or the place a
    statement makes an exception of ("all districts except the city of Taloqan")?"""
    if res.excepted_re.search(sent.text[max(0, m.start - sent.start - 40) : m.start - sent.start]):
        return True
    if typ in ("deployment", "troop_movement"):
        before = sent.text[max(0, m.start - sent.start - 12) : m.start - sent.start].lower()
        return re.search(r"\bfrom\s+(?:the\s+)?$", before) is not None
    if typ in ("territory_captured", "surrender"):
        # "overran X after government forces retreated to Qalat": where the losing side went
        # is not what was taken
        # (and "... to Qalat, provincial capital of Zabul": the apposition goes with it)
        before = sent.text[max(0, m.start - sent.start - 120) : m.start - sent.start]
        return res.retreat_to_re.search(before) is not None
    if typ not in ("cross_border_flight", "troop_withdrawal", "displacement"):
        return False
    before = sent.text[max(0, m.start - sent.start - 30) : m.start - sent.start].lower()
    if typ == "troop_withdrawal":
        return (
            m.kind_hint == "country"
            and re.search(r"\b(?:to|into|for|towards)\s+(?:the\s+)?$", before) is not None
        )
    if m.kind_hint == "country":
        return True
    after = sent.text[m.end - sent.start : m.end - sent.start + 24].lower()
    if re.search(r"\bacross\s+(?:the\s+)?$", before) and res.lex.cue_re("crossing_words").match(after):
        return False  # "escaped across the Sher Khan Bandar crossing": the way out, on this side
    clause = re.split(r"[,;(]", sent.text[: m.start - sent.start])[-1]
    if res.lex.cue_re("foreign_side").search(clause):
        return True  # "crossed into Tajik territory in GBAO's Ishkashim district": the far side
    return bool(
        re.search(
            r"\b(?:to|into|towards|toward|across)\s+(?:the\s+)?(?:territory of\s+)?(?:neighbou?ring\s+)?$",
            before,
        )
    )

def _inherit_place(
    res: Resources,
    ctx: Context,
    sent: Sentence,
    sentences: list[Sentence],
    by_sentence: dict[int, list[PlaceMention]],
    typ: str,
) -> PlaceMention | None:
    # the place of the story: the last event placed in the previous sentences (news paragraphs
    # are often one sentence long, so the story, not the paragraph, is the unit)
    for idx, ev in reversed(ctx.last_events[-6:]):
        if sent.index - idx > STORY_SENTENCES:
            break
        if ev.mention is not None and ev.mention.kind_hint != "country":
            listed = {e.mention.text for e in _told_in(ctx.last_events, idx) if e.mention is not None}
            if len(listed) > 1:
                # after "seized A, B and C districts in P province" the story is in P, not in C
                named = {m.text: m for m in by_sentence.get(idx, []) if m.kind_hint == "province"}
                if len(named) == 1:
                    return next(iter(named.values()))
            return ev.mention
    # the place named in the previous sentence of the same paragraph, then in the next one
    for j in (sent.index - 1, sent.index + 1):
        if 0 <= j < len(sentences) and (sentences[j].paragraph == sent.paragraph or j == sent.index - 1):
            cands = [
                m
                for m in by_sentence.get(j, [])
                if m.kind_hint != "country"
                and not _is_destination(res, m, sentences[j], "cross_border_flight")
            ]
            if cands:
                return _most_specific(cands)
    return None

def _specific_target(res: Resources, sc: SentenceContext, trig: Trigger) -> bool:
    """A capture told with no sub-national place is still one when its object is a facility."""
    if _aggregate_object(res, trig.token):
        return False  # "half of the district centres": a claim of control, not one capture
    kinds = _object_kinds(res, sc, trig.token) if not trig.nominal else set()
    if "facility" in kinds:
        return True
    for o in _objects(res, trig.token):
        if o.text.lower() in res.generic_objects:
            return False
    return False


_FRONTED = re.compile(r"(?:In|At|Across)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+\s*,")


def _is_anaphor(res: Resources, obj: Any) -> bool:
    """'the city', 'the district centre', 'the provincial capital' (a definite place noun)."""
    words = [obj, *(c for c in obj.children if c.dep_ == "compound")]
    definite = any(c.dep_ == "det" and c.text.lower() in ("the", "this", "that") for c in obj.children)
    return definite and any(w.text.lower() in res.anaphor_nouns for w in words)


def _anaphor_antecedent(
    res: Resources, trig: Trigger, sent: Sentence, mentions: list[PlaceMention]
) -> PlaceMention | None:
    """ "The Taliban have not taken Lashkar Gah, but fighting continues in the city": "the city"
    is the place named before it in the sentence."""
    tok = trig.token
    pred = tok.head if trig.nominal and tok.dep_ in ("nsubj", "nsubjpass") else tok
    for obj in pred.children:
        # "overran the city centre", "took the town": the object is the place named before it
        if obj.dep_ in ("dobj", "nsubjpass") and _is_anaphor(res, obj):
            before = [m for m in mentions if m.kind_hint != "country" and m.end - sent.start <= obj.idx]
            if before:
                return before[-1]
    for prep in pred.children:
        if prep.dep_ != "prep" or prep.text.lower() not in ("in", "inside", "around", "near", "into", "for"):
            continue
        for obj in prep.children:
            if (
                obj.dep_ == "pobj"
                and obj.text.lower() in res.anaphor_nouns
                and any(c.dep_ == "det" and c.text.lower() in ("the", "this", "that") for c in obj.children)
            ):
                before = [m for m in mentions if m.kind_hint != "country" and m.end - sent.start <= obj.idx]
                if before:
                    return before[-1]
    return None



_LANDMARK = re.compile(
    r"\b(?:near|close to|not far from|outside|beyond|towards?|(?:north|south|east|west)(?:east|west)?(?:ern)?\s+of|"
    r"kilometres?\s+(?:\w+\s+)?(?:of|from)|km\s+(?:\w+\s+)?(?:of|from)|miles?\s+(?:\w+\s+)?(?:of|from))"
    r"\s+(?:the\s+)?(?:\w+\s+(?:of\s+)?)?$",
    re.I,
)


def _drop_landmarks(group: list[PlaceMention], sent: Sentence) -> list[PlaceMention]:
    """'in Wardak province, near the capital Kabul': a place named as a landmark ('near',
    'north of', '20 km from') gives way to the place the event is said to be in."""
    if len(group) < 2:
        return group
    kept = [
        m for m in group
        if not _LANDMARK.search(sent.text[max(0, m.start - sent.start - 40) : m.start - sent.start])
    ]
    return kept if any(m.kind_hint != "country" for m in kept) else group


_OUTSKIRTS = re.compile(r"\b(?:outskirts|edge|suburbs?)\s+of\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?$", re.I)


def _village_on_outskirts(group: list[PlaceMention], mention: PlaceMention | None, sent: Sentence) -> PlaceMention | None:
    """'Abdal village on the outskirts of the city of Taloqan': a place the text frames as a
    village or town (so not one the gazetteer named) lies in the district of the city whose
    outskirts it is on (codebook §3: coded to the district that contains it, its own name in
    ``place``). The city's mention, or None."""
    if mention is None or mention.kind_hint != "place":
        return None
    for m in group:
        before = sent.text[max(0, m.start - sent.start - 40) : m.start - sent.start]
        if m is not mention and m.start > mention.start and m.kind_hint != "country" and _OUTSKIRTS.search(before):
            return m
    return None


def _drop_fronted(group: list[PlaceMention], sent: Sentence) -> list[PlaceMention]:
    """ "In Baghlan, commandos pushed the Taliban out of Dand-e-Ghori": a place set before the
    clause frames it; when the clause names its own place, that one is the event's."""
    m = _FRONTED.match(sent.text)
    if m is None or len(group) < 2:
        return group
    inside = [g for g in group if g.start - sent.start < m.end()]
    rest = [g for g in group if g.start - sent.start >= m.end()]
    return rest if inside and rest else group


def _most_specific(group: list[PlaceMention]) -> PlaceMention | None:
    if not group:
        return None
    order = {"district": 0, None: 1, "place": 2, "province": 3, "country": 4}
    return min(group, key=lambda m: (order.get(m.kind_hint, 1), m.start))


def _told_in(last_events: list[tuple[int, Event]], idx: int) -> list[Event]:
    """The events of sentence ``idx`` among ``last_events`` (appended in sentence order: read
    from the end back to that sentence, not through the whole document)."""
    out = []
    for i, e in reversed(last_events):
        if i < idx:
            break
        if i == idx:
            out.append(e)
    return out


def _colon_list(sent: Sentence, mentions: list[PlaceMention], trig: Trigger) -> list[PlaceMention]:
    """The places a colon after the trigger lists ("took three districts on Tuesday: A, B and
    C"; "seized three capitals: A; B, the capital of P; and C"): the sentence's place mentions
    after the first colon that follows the trigger, countries aside. Empty when no colon follows."""
    return [m for m in _after_colon(sent, mentions, trig.end) if m.kind_hint != "country"]


def _continue_lists(
    res: Resources, sent: Sentence, mentions: list[PlaceMention], triggers: list[Trigger], out: dict[int, list[PlaceMention]]
) -> None:
    """A long list the parse breaks up ("the districts of A and B in P in the north, C in Q in
    the south, D in R"): the places after a trigger's own, with nothing but list glue between
    them (commas, "and", "in", directions, level nouns, names: ``Resources.list_gap_re``, the
    gap a located list allows) are the trigger's too. Sets ``out`` in place; a place another
    trigger owns ends the list."""
    owner = {id(m): t for t in triggers for m in out[id(t)]}
    ms = sorted(mentions, key=lambda m: m.start)
    for t in triggers:
        own = [m for m in out[id(t)] if m.kind_hint != "country"]
        if not own:
            continue
        last = max(own, key=lambda m: m.end)
        added: list[PlaceMention] = []
        for m in ms:
            if m.start < last.end:
                continue
            other = owner.get(id(m))
            if other is not None and other is not t:
                break
            gap = sent.text[last.end - sent.start : m.start - sent.start]
            if not res.list_gap_re.fullmatch(gap):
                break
            if other is None:
                added.append(m)
            last = m
        if added:
            out[id(t)] = out[id(t)] + added
