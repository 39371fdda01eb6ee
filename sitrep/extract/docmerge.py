"""In-document merge: one article often tells the same event twice (the lead, then the
detail); the two become one event that keeps the finer place, the known date and the
exact figures. Needs the document's events in order; sets nothing on them but the
merged event's fields."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from sitrep.extract.resources import NEEDS_PLACE
from sitrep.models import Event, PlaceMention


def merge_within_document(events: list[Event]) -> list[Event]:
    """One article often reports the same event twice (lead, then detail): keep one.

    Same type; actors equal or one missing; place mentions equal or one of them
    coarser/absent; dates equal or one missing. The merged event keeps the
    finer place, the known date, exact figures over approximate ones.

    Each event is compared, in the order they were told, with the earlier kept events of
    its type that :func:`_same_event` could accept (see :class:`_Kept`), and merged into
    the first that it accepts.
    """
    out: list[Event] = []
    by_type: dict[str, _Kept] = {}  # events of different types never merge
    for ev in events:
        kept = by_type.get(ev.type)
        target = None
        if kept is not None and ev.modality in _TOLD:
            for prev in kept.candidates(ev):
                if _same_event(prev, ev):
                    target = prev
                    break
        if target is None:
            out.append(ev)
            by_type.setdefault(ev.type, _Kept()).add(ev)
            continue
        before = target.mention
        _absorb(target, ev)
        if target.mention is not before:
            kept.moved(target, before)
    return out


_TOLD = ("reported", "claimed", "alleged")


class _Kept:
    """The kept events of one type, indexed by what :func:`_same_event` reads of their
    place, so that an event is compared with the few earlier ones that could be the same
    rather than with all of them (a long text tells thousands).

    An earlier event ``a`` with another modality than those of ``_TOLD`` is never the
    same; with a place mention of its own it is the same as a later ``b`` with a place
    (other than a country) only when the two names are equal or ``a`` names a country.
    So ``b`` is compared with the earlier events whose mention has its name, names a
    country or is missing, in their order; a ``b`` without a place, or with a country,
    with all of them. A merge can give the kept event a finer mention: ``moved`` re-files it.
    """

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.order: dict[int, int] = {}  # id(event) -> its position in ``events``
        self.told: list[int] = []  # positions of the events of a modality in _TOLD
        self.by_name: dict[str, list[int]] = {}
        self.country: list[int] = []
        self.unplaced: list[int] = []

    def add(self, ev: Event) -> None:
        i = len(self.events)
        self.events.append(ev)
        self.order[id(ev)] = i
        if ev.modality in _TOLD:
            self.told.append(i)
            for bucket in self._buckets(ev.mention):
                bucket.append(i)

    def _buckets(self, m: PlaceMention | None) -> list[list[int]]:
        if m is None:
            return [self.unplaced]
        out = [self.by_name.setdefault(_norm(m), [])]
        if m.kind_hint == "country":
            out.append(self.country)
        return out

    def moved(self, ev: Event, before: PlaceMention | None) -> None:
        i = self.order[id(ev)]
        if ev.modality not in _TOLD:
            return
        for bucket in self._buckets(before):
            bucket.remove(i)
        for bucket in self._buckets(ev.mention):
            bisect.insort(bucket, i)

    def candidates(self, ev: Event) -> Iterator[Event]:
        m = ev.mention
        if m is None or m.kind_hint == "country":
            positions: Iterable[int] = self.told
        else:
            named = self.by_name.get(_norm(m), [])
            positions = sorted({*named, *self.country, *self.unplaced})
        return (self.events[i] for i in positions)


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
