"""Numbers and deaths: the quantities an event takes (by its type's units, the nearest
trigger's when a sentence tells several), a casualty count that goes to the violent event
just told, and deaths of a party at named places with no event to attach them to (armed
clashes there; civilians killed: an attack on civilians). Needs the sentence, its mentions
and dates, and the document's :class:`Context`; ``_attach_casualties`` sets the fatalities
of an earlier event of the document."""

from __future__ import annotations

import re

from sitrep.extract.actors import DocActors
from sitrep.extract.attribution import _source
from sitrep.extract.context import Context, Trigger
from sitrep.extract.dates import DateMatch
from sitrep.extract.dating import _date_for
from sitrep.extract.place_lists import _split_places
from sitrep.extract.placing import _most_specific
from sitrep.extract.resources import VIOLENT, Resources
from sitrep.extract.syntax import _prep_obj, _span_text, _subject, _token_at
from sitrep.models import Event, Evidence, PlaceMention, Quantity, Sentence


def split_count(total: int | None, n: int) -> list[int | None]:
    """A total reported for several places, shared out as ACLED does: equal parts, the rest to the first."""
    if total is None or n <= 1:
        return [total] * max(n, 1)
    part, rest = divmod(total, n)
    return [part + rest] + [part] * (n - 1)


def _quantities_for(
    res: Resources, trig: Trigger, qs: list[Quantity], typ: str, triggers: list[Trigger]
) -> list[Quantity]:
    if not qs:
        return []
    wanted = res.units_by_type.get(typ)
    if wanted is None:
        return []
    picked = [q for q in qs if q.unit in wanted]
    if len(triggers) > 1:
        # several events in one sentence: a number goes to the nearest trigger
        sent_text = trig.token.doc.text
        out = []
        for q in picked:
            pos = sent_text.find(q.text)
            nearest = min(triggers, key=lambda t: abs(t.start - pos) if pos >= 0 else 0)
            if nearest is trig or nearest.type == trig.type:
                out.append(q)
        picked = out
    return picked

def _attach_casualties(
    res: Resources,
    sent: Sentence,
    new: list[Event],
    ctx: Context,
    index: int,
    sentences: list[Sentence],
    mentions: list[PlaceMention] | None = None,
    explicit: list[DateMatch] | None = None,
) -> bool:
    """A casualty count in a sentence without a violent event goes to the one just before it.

    Returns False when the sentence reports deaths that no earlier event can take.
    """
    if new or any(e.type in VIOLENT for e in new):
        return True
    fat = res.qty.fatalities(sent.text)
    if fat is None or res.lex.cue_re("generic_phrases").search(sent.text):
        return True
    places = {m.text.lower() for m in mentions or [] if m.kind_hint != "country"}
    dates = {d.date for d in explicit or [] if d.date is not None}
    for idx, ev in reversed(ctx.last_events[-4:]):
        if index - idx > 2:
            break
        if places and (ev.mention is None or ev.mention.text.lower() not in places):
            continue  # "... killed in operations in Kandahar and Helmand": somewhere else
        if dates and ev.date is not None and ev.date not in dates:
            continue  # another day
        if ev.type in VIOLENT and ev.fatalities is None:
            ev.fatalities = fat
            return True
    return False

def _casualty_events(
    res: Resources,
    sent: Sentence,
    mentions: list[PlaceMention],
    explicit: list[DateMatch],
    ctx: Context,
    doc_actors: DocActors,
) -> list[Event]:
    """ "262 Taliban were killed in operations in Nangarhar, Laghman and Ghazni provinces":
    deaths of a party at named places, with no event to attach them to, are armed clashes there."""
    places = [m for m in mentions if m.kind_hint != "country"]
    if not places:
        return []
    kill = res.kill_re.search(sent.text)
    if kill is None:
        return []
    victims = None
    ktok = _token_at(sent.doc, kill.start())
    subj = _subject(ktok) if ktok is not None else None
    if subj is not None:  # "the ministry said 267 Taliban militants were killed": the subject of "killed"
        victims = res.actors.resolve(res.actors.match(_span_text(subj)), doc_actors)
    if victims is None:
        before = sent.text[: kill.start()]
        victims_text = before[before.rfind(",") + 1 :] if "," in before else before
        victims = res.actors.resolve(res.actors.match(victims_text[-80:]), doc_actors)
    kind = res.actors.kind(victims)
    typ = "armed_clash"
    perpetrator = None
    if kind == "civilians":
        # "five civilians were killed when a mortar round hit a house in X": civilians killed,
        # by whoever the sentence names ("by the Taliban"), else by an unknown hand
        # NB: the pattern below holds two backspace characters (a \b lost on the way), so it
        # never matches; kept as it is by the split into steps (no behaviour change there)
        if re.search(
            r"(?:no|not|none|nobody)", sent.text[max(0, kill.start() - 40) : kill.start()], re.I
        ):
            return []
        typ = "attack_on_captives_or_civilians"
        agent = _prep_obj(ktok, "agent") if ktok is not None else None
        perpetrator = (
            res.actors.resolve(res.actors.match(_span_text(agent)), doc_actors) if agent else None
        )
    elif kind not in ("nonstate", "state_forces", "foreign_forces"):
        return []
    trig = Trigger(sent.doc[0], typ, {"type": typ}, start=kill.start(), end=kill.end())
    date, precision = _date_for(trig, explicit, ctx, sent)
    out = []
    groups = _split_places(res, places, sent.text, sent)
    shares = split_count(res.qty.fatalities(sent.text), len(groups))
    for group, fat in zip(groups, shares, strict=True):
        out.append(
            Event(
                type=typ,  # type: ignore[arg-type]
                actor1=perpetrator
                if typ != "armed_clash"
                else res.actors.other_side(victims, doc_actors),
                actor2=victims,
                date=date,
                date_precision=precision if date else "unknown",  # type: ignore[arg-type]
                fatalities=fat,
                modality="reported",
                attributed_to=_source(res, sent, ctx),
                evidence=Evidence(text=sent.text, start=sent.start, end=sent.end),
                confidence=0.45,
                trigger=kill.group(0),
                mention=_most_specific(group),
            )
        )
    alleged = bool(res.lex.cue_re("alleged_cues").search(sent.text))
    for ev in out:
        if ev.attributed_to and res.actors.is_party(ev.attributed_to):
            ev.modality = "claimed"
        elif alleged:
            ev.modality = "alleged"
    return out
