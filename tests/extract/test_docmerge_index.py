"""The in-document merge compares an event only with the earlier ones that could be the
same: the same merges, in the same order, as comparing it with every earlier event."""

from __future__ import annotations

import datetime as dt
import random

from sitrep.extract.docmerge import _absorb, _same_event, merge_within_document
from sitrep.models import Event, Evidence, PlaceMention, Quantity

TYPES = ["territory_captured", "armed_clash", "air_strike"]
MODALITIES = ["reported", "claimed", "alleged", "planned", "negated"]
ACTORS = [None, "Taliban", "Afghan National Security Forces", "Tajik Border Troops"]
NAMES = ["Khanabad", "Khan Abad", "Imam Sahib", "Kunduz", "Takhar", "Tajikistan", "Afghanistan"]
KINDS = [None, "district", "place", "province", "country"]


def _every_earlier(events: list[Event]) -> list[Event]:
    """The merge as it was: each event against every earlier kept event of its type."""
    out: list[Event] = []
    by_type: dict[str, list[Event]] = {}
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


def _events(rng: random.Random, n: int) -> list[Event]:
    out = []
    for i in range(n):
        mention = None
        if rng.random() < 0.7:
            name = rng.choice(NAMES)
            mention = PlaceMention(text=name, start=i, end=i + len(name), kind_hint=rng.choice(KINDS))
        qs = (
            [Quantity(value=rng.choice([10, 20, 30]), unit="personnel", approx=rng.random() < 0.3)]
            if rng.random() < 0.3
            else []
        )
        if qs and rng.random() < 0.3:  # a breakdown: two figures that may add up to another's
            qs.append(Quantity(value=rng.choice([10, 20]), unit="personnel"))
        start = rng.randint(0, n // 3)
        out.append(
            Event(
                type=rng.choice(TYPES),
                actor1=rng.choice(ACTORS),
                actor2=rng.choice(ACTORS),
                date=rng.choice([None, dt.date(2021, 7, 1), dt.date(2021, 7, 2), dt.date(2021, 7, 5)]),
                modality=rng.choice(MODALITIES),
                quantities=qs,
                evidence=Evidence(text="x", start=start, end=start + 1),
                mention=mention,
                country_hint=rng.choice([None, None, "AF", "TJ"]),
            )
        )
    return out


def _key(ev: Event) -> tuple:
    m = ev.mention
    return (
        ev.type,
        ev.actor1,
        ev.actor2,
        ev.date,
        ev.modality,
        ev.evidence.start,
        ev.confidence,
        ev.fatalities,
        sorted((q.unit, q.value, q.approx) for q in ev.quantities),
        None if m is None else (m.text, m.start, m.kind_hint),
    )


def test_indexed_merge_equals_comparing_with_every_earlier_event() -> None:
    for seed in range(300):
        events = _events(random.Random(seed), random.Random(seed).randint(1, 60))
        copies = [e.model_copy(deep=True) for e in events]
        assert [_key(e) for e in merge_within_document(events)] == [
            _key(e) for e in _every_earlier(copies)
        ], seed


def test_events_of_a_sentence_are_read_from_the_end_of_the_story() -> None:
    from sitrep.extract.placing import _told_in

    evs = [Event(type="armed_clash", evidence=Evidence(text="x", start=i, end=i + 1)) for i in range(6)]
    last = [(0, evs[0]), (2, evs[1]), (2, evs[2]), (3, evs[3]), (5, evs[4]), (5, evs[5])]
    assert _told_in(last, 2) == [evs[2], evs[1]]
    assert _told_in(last, 5) == [evs[5], evs[4]]
    assert _told_in(last, 4) == []
    assert _told_in(last, 0) == [evs[0]]


def test_the_breakdown_of_a_count_told_at_other_places_is_the_same_event() -> None:
    def flight(start: int, place: str, kind: str | None, *values: float) -> Event:
        return Event(
            type="cross_border_flight",
            actor1="Afghan National Security Forces",
            date=dt.date(2021, 7, 5),
            quantities=[Quantity(value=v, unit="personnel") for v in values],
            evidence=Evidence(text="x", start=start, end=start + 1),
            mention=PlaceMention(text=place, start=start, end=start + len(place), kind_hint=kind),
        )

    total = flight(0, "Badakhshan", "province", 640)
    parts = flight(10, "Ishkoshim", "place", 250, 390)  # an entry point abroad: 250 + 390 = 640
    other = flight(20, "Khatlon", "province", 75)
    merged = merge_within_document([total, parts, other])
    assert [e.evidence.start for e in merged] == [0, 20]
    assert merged[0].mention is not None and merged[0].mention.text == "Badakhshan"  # the place stays
    assert sorted(q.value for q in merged[0].quantities) == [250, 390, 640]
