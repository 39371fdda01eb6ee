"""In-document merge: one article often tells the same event twice (the lead, then the
detail); the two become one event that keeps the finer place, the known date and the
exact figures. Needs the document's events in order; sets nothing on them but the
merged event's fields."""

from __future__ import annotations

import re

from sitrep.extract.resources import NEEDS_PLACE
from sitrep.models import Event, PlaceMention


def merge_within_document(events: list[Event]) -> list[Event]:
    """One article often reports the same event twice (lead, then detail): keep one.

    Same type; actors equal or one missing; place mentions equal or one of them
    coarser/absent; dates equal or one missing. The merged event keeps the
    finer place, the known date, exact figures over approximate ones.
    """
    out: list[Event] = []
    by_type: dict[str, list[Event]] = {}  # events of different types never merge
    for ev in events:
        target = None
        if ev.modality in ("reported", "claimed", "alleged"):
            for prev in by_type.get(ev.type, ()):
                if _same_event(prev, ev):
                    target = prev
                    break
        if target is None:
            out.append(ev)
            by_type.setdefault(ev.type, []).append(ev)
            continue
        _absorb(target, ev)
    return out


def _norm(m: PlaceMention | None) -> str:
    return re.sub(r"[^a-z]", "", m.text.lower()) if m is not None else ""


def _same_event(a: Event, b: Event) -> bool:
    if (
        a.type != b.type
        or b.modality not in ("reported", "claimed", "alleged")
        or a.modality not in ("reported", "claimed", "alleged")
    ):
        return False
    if a.type == "armed_clash" and {a.actor1, a.actor2} == {b.actor1, b.actor2}:
        pass  # fighting between the same two sides, whichever is named first
    elif a.actor1 and b.actor1 and a.actor1 != b.actor1:
        return False
    if a.date and b.date and abs((a.date - b.date).days) > 1:
        return False
    if _different_counts(a, b):
        return False  # "104 troops crossed ..." and "296 troops crossed ...": two crossings
    ma, mb = a.mention, b.mention
    if ma is not None and mb is not None:
        if _norm(ma) == _norm(mb):
            return True
        coarse = {"country", "province"}
        if ma.kind_hint in coarse or mb.kind_hint in coarse:
            return ma.kind_hint == "country" or mb.kind_hint == "country"
        return False
    if a.country_hint and b.country_hint and a.country_hint != b.country_hint:
        return False
    # one has no place at all: same event only when it adds nothing contradictory, or when the
    # same sentence tells both ("abandoned X, allowing the militants to take the crossing")
    return a.type not in NEEDS_PLACE or a.evidence.start == b.evidence.start


def _different_counts(a: Event, b: Event) -> bool:
    """Both give an exact figure of the same unit, and the figures differ."""
    exact_a = {(q.unit, q.value) for q in a.quantities if not q.approx}
    exact_b = {(q.unit, q.value) for q in b.quantities if not q.approx}
    units = {u for u, _ in exact_a} & {u for u, _ in exact_b}
    return any({v for u2, v in exact_a if u2 == u}.isdisjoint({v for u2, v in exact_b if u2 == u}) for u in units)


def _absorb(target: Event, ev: Event) -> None:
    order = {"district": 0, "place": 1, None: 2, "province": 3, "country": 4}
    if target.mention is None or (
        ev.mention is not None and order.get(ev.mention.kind_hint, 2) < order.get(target.mention.kind_hint, 2)
    ):
        target.mention = ev.mention
        if ev.place_name:
            target.place_name = ev.place_name
    if target.date is None and ev.date is not None:
        target.date, target.date_precision = ev.date, ev.date_precision
    # every figure the article gives for the event stays on it ("dozens" in the video caption,
    # "hundreds" in the report), an exact one first; the same figure twice only once
    seen = {(q.unit, q.value) for q in target.quantities}
    for q in ev.quantities:
        if (q.unit, q.value) not in seen:
            seen.add((q.unit, q.value))
            target.quantities.append(q)
    target.quantities.sort(key=lambda q: q.approx)
    if ev.fatalities is not None:
        target.fatalities = max(target.fatalities or 0, ev.fatalities)
    target.actor2 = target.actor2 or ev.actor2
    target.attributed_to = target.attributed_to or ev.attributed_to
    target.confidence = round(min(0.95, max(target.confidence, ev.confidence) + 0.05), 2)
