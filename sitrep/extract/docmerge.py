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
        kept.counted(target)
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
        self.by_count: dict[tuple[str, float], list[int]] = {}

    def add(self, ev: Event) -> None:
        i = len(self.events)
        self.events.append(ev)
        self.order[id(ev)] = i
        if ev.modality in _TOLD:
            self.told.append(i)
            for bucket in self._buckets(ev.mention):
                bucket.append(i)
            for key in _count_keys(ev):
                self.by_count.setdefault(key, []).append(i)

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

    def counted(self, ev: Event) -> None:
        """Files a kept event under the figures a merge gave it."""
        i = self.order[id(ev)]
        if ev.modality not in _TOLD:
            return
        for key in _count_keys(ev):
            bucket = self.by_count.setdefault(key, [])
            if i not in bucket:
                bisect.insort(bucket, i)

    def candidates(self, ev: Event) -> Iterator[Event]:
        m = ev.mention
        if m is None or m.kind_hint == "country":
            positions: Iterable[int] = self.told
        else:
            named = self.by_name.get(_norm(m), [])
            counted = [i for key in _count_keys(ev) for i in self.by_count.get(key, [])]
            positions = sorted({*named, *self.country, *self.unplaced, *counted})
        return (self.events[i] for i in positions)


def _exact(ev: Event) -> dict[str, list[float]]:
    """The event's exact figures by unit."""
    per: dict[str, list[float]] = {}
    for q in ev.quantities:
        if not q.approx:
            per.setdefault(q.unit, []).append(q.value)
    return per


def _breakdown(va: list[float], vb: list[float]) -> bool:
    """The figures of one side add up to one of the other's ("1,037 crossed ... 104 at A, 296
    at B, ...")."""
    return (len(va) > 1 and sum(va) in vb) or (len(vb) > 1 and sum(vb) in va)


def _count_keys(ev: Event) -> set[tuple[str, float]]:
    """(unit, figure) of the event's exact figures, and (unit, their sum) where it gives
    several of one unit: what :func:`_shared_counts` matches on."""
    per = _exact(ev)
    keys = {(u, v) for u, vs in per.items() for v in vs}
    keys |= {(u, sum(vs)) for u, vs in per.items() if len(vs) > 1}
    return keys


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
    if _shared_counts(a, b):
        # the same exact figures, or one side's figures adding up to the other's ("1,037
        # crossed ... 104 at A, 296 at B, ..."): the same event told again, at whatever place
        return True
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


def _shared_counts(a: Event, b: Event) -> bool:
    """Both give exact figures of a unit and those of one are among the other's (or add up
    to one of them): a retelling, or the breakdown, of the same count."""
    ea, eb = _exact(a), _exact(b)
    return any(
        set(ea[u]) <= set(eb[u]) or set(eb[u]) <= set(ea[u]) or _breakdown(ea[u], eb[u])
        for u in ea.keys() & eb.keys()
    )


def _different_counts(a: Event, b: Event) -> bool:
    """Both give an exact figure of the same unit, and the figures differ; figures that add
    up to the other's ("1,037 crossed ... 104 at A, 296 at B, ...") are its breakdown, not
    another event."""
    ea, eb = _exact(a), _exact(b)
    return any(set(ea[u]).isdisjoint(eb[u]) and not _breakdown(ea[u], eb[u]) for u in ea.keys() & eb.keys())


def _absorb(target: Event, ev: Event) -> None:
    order = {"district": 0, "place": 1, None: 2, "province": 3, "country": 4}
    other_place = (
        target.mention is not None
        and ev.mention is not None
        and "country" not in (target.mention.kind_hint, ev.mention.kind_hint)
        and _norm(target.mention) != _norm(ev.mention)
    )  # the same figures told at another place (a breakdown by entry point): the place stays
    if target.mention is None or (
        not other_place
        and ev.mention is not None
        and order.get(ev.mention.kind_hint, 2) < order.get(target.mention.kind_hint, 2)
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
