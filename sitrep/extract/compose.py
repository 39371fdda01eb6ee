"""One sentence to events: the steps in order for each trigger (frame, modality, roles,
places, date, quantities, fatalities) and the :class:`~sitrep.models.Event` records they
make, one per listed place. Reads the :class:`SentenceContext`; sets the document's
:class:`Context` fields that carry to the next sentence (the place-type of a capture told
without places, the last subject)."""

from __future__ import annotations

from typing import Any

from sitrep.extract.attribution import _source
from sitrep.extract.casualties import _quantities_for, split_count
from sitrep.extract.context import SentenceContext
from sitrep.extract.dating import _ahead, _date_for
from sitrep.extract.frames import _counted_places
from sitrep.extract.grammar import BACKGROUND_MARKS
from sitrep.extract.modality import _modality, _transfer
from sitrep.extract.place_lists import _split_places
from sitrep.extract.placing import (
    _anaphor_antecedent,
    _assign_mentions,
    _colon_list,
    _continue_lists,
    _drop_fronted,
    _drop_landmarks,
    _inherit_place,
    _is_destination,
    _most_specific,
    _specific_target,
    _village_on_outskirts,
)
from sitrep.extract.resources import MILITARY, NEEDS_PLACE, STATE_ACTS, VIOLENT, Resources
from sitrep.extract.roles import _actor_spans, _default_actors, _is_air, _roles
from sitrep.extract.syntax import _marked
from sitrep.extract.triggers import _list_copula, _ordinal_restatement, _place_event_type, _triggers
from sitrep.language.lexicon import may_match
from sitrep.models import Event, Evidence


def _subordinate(tok: Any) -> bool:
    """The trigger's clause is a subordinate one ("as troops withdraw", "after they began
    withdrawing", "while forces leave"): it or one of its first three heads has such a mark."""
    return any(_marked(t, BACKGROUND_MARKS) for t in [tok, *list(tok.ancestors)[:3]])


def _cue_in(res: Resources, key: str, text: str) -> bool:
    """A cue of the list ``key`` is in ``text`` (tried only where it can be: ``may_match``)."""
    rx = res.lex.cue_re(key)
    return may_match(rx, text) and bool(rx.search(text))


def _sentence_events(res: Resources, sc: SentenceContext) -> list[Event]:
    """The events one candidate sentence tells: its triggers, each with roles, modality,
    places (one event per listed place), date, quantities and fatalities. Reads and sets
    the document's :class:`Context` (the last place-type told, the last subject)."""
    sent, mentions, explicit, ctx = sc.sent, sc.mentions, sc.explicit, sc.doc
    doc_actors, sentences, by_sentence = sc.doc_actors, sc.sentences, sc.by_sentence
    attributed = _source(res, sent, ctx)
    triggers = _triggers(res, sc)
    if not triggers and ctx.last_place_type is not None and ctx.last_place_sentence == sent.index - 1:
        # "... took ten districts. The districts are A, B and C": only right after that sentence
        triggers = _list_copula(res, sent, ctx.last_place_type)
    if not any(t.frame.get("copula") for t in triggers):
        ctx.last_place_sentence = sent.index
        ctx.last_place_type = _place_event_type(res, sent) or next(
            (
                t.type
                for t in triggers
                if t.type in NEEDS_PLACE and _counted_places(res, t.token, sent.doc)
            ),
            None,
        )
    if not triggers:
        return []
    text = sent.text
    generic = _cue_in(res, "generic_phrases", text) or _cue_in(res, "tally_phrases", text)
    alleged = _cue_in(res, "alleged_cues", text)
    assigned = _assign_mentions(sent, mentions, triggers)
    _continue_lists(res, sent, mentions, triggers, assigned)
    quantities = res.qty.find(text)
    out: list[Event] = []
    seen: set[tuple[str, int]] = set()
    for trig in triggers:
        key = (trig.type, trig.token.i)
        if key in seen:
            continue
        seen.add(key)
        modality = _modality(res, trig, sent)
        if modality == "background" or _ordinal_restatement(res, trig.token):
            continue
        actor1, actor2 = _roles(res, trig, doc_actors, ctx)
        typ = trig.type
        if typ == "armed_clash" and _is_air(res, trig):
            typ = "air_strike"
            actor1 = actor1 or doc_actors.main_state_forces
        own = assigned.get(id(trig), [])
        if not own and trig.nominal and trig.token.dep_ == "pobj":
            # "after heavy clashes the Taliban took Kandahar city", "took Kandahar after two
            # weeks of fighting": the fighting was where the verb above it was
            heads = [a.i for a in list(trig.token.ancestors)[1:5]]
            above = next((u for i in heads for u in triggers if u.token.i == i), None)
            own = assigned.get(id(above), []) if above is not None else []
        if not own and trig.token.dep_ == "conj":
            # "entered the city of Kunduz and seized the police headquarters": the same place
            first = next((u for u in triggers if u.token.i == trig.token.head.i), None)
            own = assigned.get(id(first), []) if first is not None else []
        actor_spans = _actor_spans(trig)
        went_to = [m for m in own if _is_destination(res, m, sent, typ)]
        place_mentions = [
            m
            for m in own
            if not any(m is d for d in went_to) and not any(lo <= m.start - sent.start < hi for lo, hi in actor_spans)
        ]
        if not place_mentions and typ in ("surrender", "defection"):
            # "the governor of Farah surrendered", "Faryab police surrendered": the forces' place
            place_mentions = [m for m in own if m.kind_hint != "country"]
        if typ in NEEDS_PLACE and _counted_places(res, trig.token):
            # "seized three districts on Tuesday: A, B and C in P": a list after a colon names
            # the places; else "16 districts of Takhar province fell ... clashes on the outskirts
            # of Taluqan city": a count of places is told at the level of the province that holds them
            listed = _colon_list(sent, mentions, trig)
            provinces = [m for m in place_mentions if m.kind_hint == "province"]
            place_mentions = listed or provinces or place_mentions
        sub_national = [m for m in place_mentions if m.kind_hint != "country"]
        if typ in NEEDS_PLACE:
            # a capture happens somewhere inside a country: "the border port with Turkmenistan" is not in Turkmenistan
            place_mentions = sub_national
        if generic and not sub_national:
            continue
        if typ == "troop_withdrawal" and not sub_national and _subordinate(trig.token):
            continue  # "as US troops withdraw", "after NATO began its pullout": the war's backdrop
        if typ in NEEDS_PLACE and not sub_national and not _specific_target(res, sc, trig):
            continue

        if typ == "cross_border_flight" and actor1 is None:
            actor1 = doc_actors.main_state_forces
        if (
            actor1 is None
            and res.actors.kind(actor2) == "nonstate"
            and typ in ("surrender", "cross_border_flight")
        ):
            actor1 = doc_actors.main_state_forces
        if typ in ("materiel_captured", "territory_captured") and res.actors.kind(actor1) == "civilians":
            continue  # "civilians looted government buildings": no party took anything (codebook §1)
        actor1, actor2 = _default_actors(res, typ, actor1, actor2, doc_actors)
        if typ in MILITARY:
            actor1 = res.actors.forces_of(actor1)
        date, precision = _date_for(trig, explicit, ctx, sent)
        if modality == "reported" and date is not None and _ahead(date, ctx.published):
            modality = "planned"  # a report cannot tell what has not happened yet
        qs = _quantities_for(res, trig, quantities, typ, triggers)
        fat = res.qty.fatalities(text) if typ in VIOLENT else None
        country_hint = res.actors.country_of(actor1) if typ in STATE_ACTS else None
        # forces fleeing abroad with no place named left their own country
        home = res.actors.country_of(actor1) if typ == "cross_border_flight" else None
        groups = _split_places(res, place_mentions, text, sent)
        inherited = False
        if not groups:
            inh = _anaphor_antecedent(res, trig, sent, mentions)
            if inh is not None and any(inh is m for m in own):
                inh = None  # "into Tajik territory in the Khwahan district": set aside above, not an antecedent
            inh = inh or _inherit_place(res, ctx, sent, sentences, by_sentence, typ)
            if inh is not None and inh.text.lower() in {m.text.lower() for m in went_to}:
                inh = None  # "surrendered their posts and fled to Faizabad": not taken there
            groups = [[inh]] if inh is not None else [[]]
            inherited = inh is not None
        transfer = _transfer(res, typ, sentences, sent) if typ == "territory_captured" else None
        shares = split_count(fat, len(groups))
        for group, group_fat in zip(groups, shares, strict=True):
            mention = _most_specific(_drop_landmarks(_drop_fronted(group, sent), sent))
            place_name = None
            city = _village_on_outskirts(group, mention, sent)
            if city is not None and mention is not None:
                # coded to the city's district, with the village's own name as the place
                mention, place_name = city.model_copy(update={"kind_hint": "district"}), mention.text
            elif len(group) > 1:
                fine = [m for m in group if m.kind_hint == "place"]
                if fine and mention is not None and fine[0] is not mention:
                    place_name = fine[0].text
            if country_hint and mention is not None and mention.kind_hint in ("country", None):
                mention = None
            conf = 0.55 + (0.15 if mention is not None and not inherited else 0.05 if inherited else 0.0)
            conf += 0.1 if date is not None else 0.0
            conf += 0.1 if actor1 is not None else 0.0
            conf -= 0.15 if trig.nominal else 0.0
            ev = Event(
                type=typ,  # type: ignore[arg-type]
                actor1=actor1,
                actor2=actor2 if actor2 != actor1 else None,
                date=date,
                date_precision=precision if date else "unknown",  # type: ignore[arg-type]
                quantities=qs,
                fatalities=group_fat,
                modality="alleged" if alleged and modality == "reported" else modality,  # type: ignore[arg-type]
                attributed_to=attributed,
                evidence=Evidence(text=text, start=sent.start, end=sent.end),
                confidence=round(max(0.05, min(conf, 0.95)), 2),
                transfer=transfer,  # type: ignore[arg-type]
                trigger=trig.token.text if not trig.phrase_actor else text[trig.start : trig.end],
                mention=mention,
                country_hint=country_hint or (home if mention is None else None),
                place_name=place_name,
            )
            if modality == "reported" and attributed and res.actors.is_party(attributed):
                ev.modality = "claimed"
            elif (
                modality == "reported"
                and trig.token.lemma_.lower() in res.party_claim_verbs
                and res.actors.is_party(actor1)
            ):
                ev.modality = "claimed"  # "the Taliban claimed control of X": the party's own word
            out.append(ev)
            also = trig.frame.get("also_type")
            if also:
                # the same words tell a second event, seen from the other side
                other = ev.actor2 or res.actors.other_side(ev.actor1, doc_actors)
                things = [
                    q for q in _quantities_for(res, trig, quantities, also, triggers)
                    if q.unit not in ("personnel", "people")
                ]
                out.append(
                    ev.model_copy(
                        update={"type": also, "actor1": other, "actor2": ev.actor1, "quantities": things}
                    )
                )
        if actor1 and trig.token.dep_ not in ("relcl", "acl"):
            ctx.last_subject = actor1
    return out

# ================================================================== roles
