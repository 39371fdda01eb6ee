"""Control of districts over time, from the merged events.

Per district, events are taken in date order (the event date, else the
earliest publication date of its reports):

- ``territory_captured`` (also peaceful transfers) sets the status of the
  captor's side, ``territory_retaken`` that of the retaker's side: a state
  actor means ``government``, a non-state actor ``taliban`` (the codebook's
  name for the non-state side); when the actor is unknown, a capture means
  ``taliban`` and a retake ``government``;
- ``armed_clash`` in a district held by the government (or of unknown status)
  makes it ``contested``; without a new clash for ``expiry_days`` (14) it
  goes back to the status it had before;
- a district with no event is ``unknown``.

Each status carries the merged events behind it (the change and the events
that confirmed it since). Which actors are states comes from
``sitrep/data/actors.json`` (a ``"state"`` flag, else its ``kind``: state,
state_forces, foreign_forces, intl vs nonstate, civilians) when it lists the
actor, else from the actor's name.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sitrep.models import ControlTotals, DistrictControl, EventFilter, Place, StoredEvent

if TYPE_CHECKING:
    from sitrep.store import Store

STATUSES = ("government", "contested", "taliban", "unknown")
CONTROL_TYPES = ("territory_captured", "territory_retaken", "armed_clash")
EXPIRY_DAYS = 14
_STATE_WORDS = ("government", "forces", "army", "police", "ministry", "military", "troops", "militia")
_STATE_NAMES = {"turkey", "tajikistan", "uzbekistan", "pakistan", "russia", "csto", "nato", "iran", "china"}
# kinds of sitrep/data/actors.json ("state": true|false wins where an entry has it)
_STATE_KINDS = {"state", "state_forces", "foreign_forces", "intl", "government"}
_NON_STATE_KINDS = {"nonstate", "non_state", "civilians", "armed_group"}
_NON_STATE_NAMES = {"taliban", "isis", "al-qaeda", "civilians", "islamic emirate"}


@lru_cache(maxsize=1)
def _actor_flags() -> dict[str, bool]:
    """``name -> is state`` from sitrep/data/actors.json, where it has a ``state`` flag."""
    from sitrep.config import data_dir

    path = data_dir() / "actors.json"
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    flags: dict[str, bool] = {}

    def take(name: Any, entry: Any) -> None:
        if not isinstance(entry, dict):
            return
        state = entry.get("state")
        if not isinstance(state, bool) and isinstance(entry.get("kind"), str):
            kind = entry["kind"].casefold()
            if kind in _STATE_KINDS:
                state = True
            elif kind in _NON_STATE_KINDS:
                state = False
        if not isinstance(state, bool):
            return
        names = [name or entry.get("name") or entry.get("canonical")]
        names += [a for a in entry.get("aliases", []) if isinstance(a, str)]
        for n in names:
            if isinstance(n, str):
                flags[n.casefold()] = state

    if isinstance(data, dict):
        data = data.get("actors", data)
    if isinstance(data, dict):
        for name, entry in data.items():
            take(name, entry)
    elif isinstance(data, list):
        for entry in data:
            take(None, entry)
    return flags


def is_state(actor: str | None) -> bool | None:
    """Whether an actor is a state's (forces, government), None when unknown."""
    if not actor or not actor.strip():
        return None
    name = actor.strip().casefold()
    flags = _actor_flags()
    if name in flags:
        return flags[name]
    if name in _NON_STATE_NAMES or "taliban" in name:
        return False
    return bool(name in _STATE_NAMES or any(w in name for w in _STATE_WORDS))


def side_of(event: StoredEvent) -> str | None:
    """The status a capture or retake gives its district; None for other types."""
    if event.type not in ("territory_captured", "territory_retaken"):
        return None
    state = is_state(event.actor1)
    if state is None:
        return "taliban" if event.type == "territory_captured" else "government"
    return "government" if state else "taliban"


@dataclass
class Segment:
    start: dt.date
    status: str
    event_ids: list[int] = field(default_factory=list)


def _key(value: str | None) -> str | None:
    return value.strip().casefold() if value and value.strip() else None


class DistrictIndex:
    """Finds the district (of a given list) an event's location is in."""

    def __init__(self, districts: list[Place]) -> None:
        self.districts = districts
        self.by_code: dict[str, Place] = {}
        self.by_name: dict[str, list[Place]] = {}
        for p in districts:
            for code in {p.admin2_pcode, p.id}:
                if code:
                    self.by_code[code.upper()] = p
            for name in {p.admin2, p.name, *p.aliases}:
                k = _key(name)
                if k and p not in self.by_name.setdefault(k, []):
                    self.by_name[k].append(p)

    def find(self, event: StoredEvent) -> Place | None:
        loc = event.location
        if loc.admin2_pcode and loc.admin2_pcode.upper() in self.by_code:
            return self.by_code[loc.admin2_pcode.upper()]
        found = self.by_name.get(_key(loc.admin2) or "", [])
        if len(found) > 1 and (loc.admin1 or loc.admin1_pcode):
            same = [
                p
                for p in found
                if (loc.admin1_pcode and p.admin1_pcode == loc.admin1_pcode)
                or (_key(loc.admin1) and _key(p.admin1) == _key(loc.admin1))
            ]
            found = same or found
        return found[0] if found else None


def code_of(p: Place) -> str:
    return p.admin2_pcode or p.id


def timeline(events: list[tuple[dt.date, StoredEvent]], expiry_days: int = EXPIRY_DAYS) -> list[Segment]:
    """Status changes of one district from its events (date order)."""
    segments: list[Segment] = []
    status, current = "unknown", None
    base, base_ids = "unknown", []  # the status a contested district goes back to
    last_clash: dt.date | None = None

    def expire(day: dt.date | None) -> None:
        nonlocal status, current
        if status == "contested" and last_clash is not None:
            end = last_clash + dt.timedelta(days=expiry_days + 1)
            if day is None or day >= end:
                current = Segment(end, base, list(base_ids))
                segments.append(current)
                status = base

    for day, e in events:
        expire(day)
        side = side_of(e)
        if side is not None:
            if side != status or current is None:
                current = Segment(day, side, [e.id])
                segments.append(current)
                status = side
            else:
                current.event_ids.append(e.id)
            base, base_ids = side, list(current.event_ids)
        elif e.type == "armed_clash":
            if status == "taliban":
                continue
            if status == "contested" and current is not None:
                current.event_ids.append(e.id)
            else:
                base, base_ids = status, list(current.event_ids) if current else []
                current = Segment(day, "contested", [e.id])
                segments.append(current)
                status = "contested"
            last_clash = day
    expire(None)
    return segments


def _at(segments: list[Segment], day: dt.date) -> Segment | None:
    found = None
    for s in segments:
        if s.start > day:
            break
        found = s
    return found


class ControlModel:
    """Timelines of all districts, computed once; statuses and totals for any day."""

    def __init__(self, store: Store, districts: list[Place] | Any, expiry_days: int = EXPIRY_DAYS) -> None:
        if not isinstance(districts, list):  # a gazetteer
            districts = districts.districts()
        self.districts: list[Place] = districts
        self.store = store
        index = DistrictIndex(districts)
        per: dict[str, list[tuple[dt.date, StoredEvent]]] = {}
        for day, e in store.observed_events(EventFilter(type=",".join(CONTROL_TYPES))):
            if day is None:
                continue
            place = index.find(e)
            if place is not None:
                per.setdefault(code_of(place), []).append((day, e))
        self.segments = {code: timeline(evs, expiry_days) for code, evs in per.items()}

    def on(self, day: dt.date) -> list[DistrictControl]:
        out = []
        for p in self.districts:
            seg = _at(self.segments.get(code_of(p), []), day)
            out.append(
                DistrictControl(
                    admin2_pcode=code_of(p),
                    admin2=p.admin2 or p.name,
                    admin1=p.admin1,
                    admin1_pcode=p.admin1_pcode,
                    status=seg.status if seg else "unknown",  # type: ignore[arg-type]
                    since=seg.start if seg else None,
                    event_ids=list(seg.event_ids) if seg else [],
                )
            )
        return out

    def totals(self, day: dt.date) -> ControlTotals:
        counts = dict.fromkeys(STATUSES, 0)
        for p in self.districts:
            seg = _at(self.segments.get(code_of(p), []), day)
            counts[seg.status if seg else "unknown"] += 1
        n = len(self.districts)
        shares = {k: round(100.0 * v / n, 2) if n else 0.0 for k, v in counts.items()}
        return ControlTotals(date=day, counts=counts, shares=shares)

    def series(self, start: dt.date | None = None, end: dt.date | None = None) -> list[ControlTotals]:
        if start is None or end is None:
            lo, hi = self.store.date_range()
            start, end = start or lo, end or hi
        if start is None or end is None or end < start:
            return []
        return [self.totals(start + dt.timedelta(days=i)) for i in range((end - start).days + 1)]


def control_on(store: Store, day: dt.date, districts: list[Place]) -> list[DistrictControl]:
    """The status of every district on ``day``, with the events behind it."""
    return ControlModel(store, districts).on(day)


def control_series(
    store: Store, districts: list[Place], start: dt.date | None = None, end: dt.date | None = None
) -> list[ControlTotals]:
    """Counts and shares of districts per status for every day from ``start`` to ``end``
    (default: the store's date range)."""
    return ControlModel(store, districts).series(start, end)
