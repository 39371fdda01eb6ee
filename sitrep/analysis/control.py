"""Control of districts over time, weighed from the merged events.

Statuses: ``government``, ``contested``, ``nonstate`` (the main non-state party),
``unknown``. Which actors act for the state, and the labels users see, come from the
actors file (:mod:`sitrep.analysis.conflict`); the words and weights of the rules below
from ``sitrep/data/control.json``. Nothing here names a country or an actor.

Per district, the events are taken in date order (the event's date, else the earliest
publication date of its reports, else a date its own sentence states: see
:mod:`sitrep.analysis.dating`; a month-precise date counts from the month's last day,
when the event had surely happened); each gives a *signal*:

- ``territory_captured`` / ``territory_retaken``: control for the actor's side (a
  capture by an unknown actor, or by another country's state, is the non-state side's,
  a retake the state's); a "capture" by the state's own forces counts as a weak retake;
- ``surrender``, ``defection``, ``cross_border_flight`` of the state's forces in the
  district: a weak signal for the non-state side (and the reverse for the non-state
  side's fighters);
- ``armed_clash``: the district is fought over;
- a negated capture or retake (a denial): weighs against that capture or retake (the
  store keeps no negated reports today, so this acts once it does).

A signal weighs its modality (a report 0.8, a party's claim of its own gain 0.45, an
allegation 0.4; a claim *against* the claimant's interest counts as a report) and its
sources: ``1 - (1 - w) ** sources``. Then, day by day:

- a capture/retake gives its side the district from that day on; the confidence is
  the combined weight of the events behind it, and ``claimed`` says whether it rests
  only on claims of the side it favours;
- opposite signals of the same day within ``contested_ratio`` of each other, a claim
  reversing a well-reported status, a claim answering the other side's claim, or a weak
  signal for the state in a district the non-state side holds, make the district
  ``contested``;
- a clash makes a government-held or unknown district ``contested``; without a new
  clash for ``clash_expiry_days`` it goes back to its earlier status; a clash does not
  change a district held by the non-state side;
- a denial within ``denial_days`` of a claimed-only capture makes it ``contested``;
- a district taken and never reported retaken stays taken (no expiry);
- province-level reports act only on the province's capital (codebook §3 Places: the
  centre district), and only when the sentence speaks of the capital or names the
  province bare ("Kunduz fell"); a report on "districts in P province" acts nowhere.

Each status carries the merged events behind it (the change and the events that
confirmed it since) and its confidence. Events that cannot be placed in time or on the
map are counted in :attr:`ControlModel.kept_out` with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from sitrep.analysis.conflict import STATUSES, Conflict, load_conflict
from sitrep.errors import InputError
from sitrep.language.lexicon import load_lexicon
from sitrep.models import ControlTotals, DistrictControl, EventFilter, Place, StoredEvent, add_days

if TYPE_CHECKING:
    from sitrep.protocols import EventReader

__all__ = ["STATUSES", "ControlModel", "control_on", "control_series", "is_state", "side_of"]

CONTROL_TYPES = (
    "territory_captured",
    "territory_retaken",
    "armed_clash",
    "surrender",
    "defection",
    "cross_border_flight",
)
_CHANGE_TYPES = ("territory_captured", "territory_retaken")
_WEAK_TYPES = ("surrender", "defection", "cross_border_flight")

#: why an event is not on the map (keys of ControlModel.kept_out)
KEPT_OUT_REASONS = {
    "undated": "article without a publication date whose text does not date the event",
    "no_district": "placed only at province or country level, not at a provincial capital",
    "other_country": "in a district outside the mapped districts",
    "estimate_overruled": "of an article without a publication date, dated only by estimate, in a "
    "district that dated reporting covers",
}


class Weights(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reported: float = Field(ge=0, le=1)
    alleged: float = Field(ge=0, le=1)
    claimed: float = Field(ge=0, le=1)
    admitted: float = Field(ge=0, le=1)
    negated: float = Field(ge=0, le=1)


class ControlRules(BaseModel):
    """``sitrep/data/control.json`` (see its ``_doc``)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    doc: str | None = Field(default=None, alias="_doc")
    capital_words: list[str]
    area_words: list[str]
    weights: Weights
    weak_factor: float = Field(ge=0, le=1)
    contested_ratio: float = Field(ge=1)
    clash_expiry_days: int = Field(ge=0)
    denial_days: int = Field(ge=0)


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """``sitrep/data/control.json``: cue words and weights, checked against :class:`ControlRules`."""
    from sitrep.config import data_dir

    path = data_dir() / "control.json"
    try:
        parsed = ControlRules.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as e:  # pydantic's ValidationError is a ValueError
        raise InputError(f"{path}: {str(e).splitlines()[0]}") from None
    return parsed.model_dump()


def is_state(actor: str | None, conflict: Conflict | None = None) -> bool | None:
    """Whether an actor acts for a state (True), not (False), None when unknown."""
    return (conflict or load_conflict()).is_state(actor)


def side_of(event: StoredEvent | ControlEvent, conflict: Conflict | None = None) -> str | None:
    """The status a capture or retake gives its district; None for other types."""
    if event.type not in _CHANGE_TYPES:
        return None
    side = (conflict or load_conflict()).side(event.actor1)
    if side is None:
        return "nonstate" if event.type == "territory_captured" else "government"
    return side


# --------------------------------------------------------------------------- signals


@dataclass
class Signal:
    day: dt.date
    kind: str  # "control" | "clash" | "denial"
    side: str | None  # government | nonstate (control, denial: the side denied)
    weight: float
    event_id: int
    claimed: bool = False  # rests on a claim of the side it favours
    weak: bool = False  # surrender, defection, flight, state "capture"


def _weight(w: float, sources: int) -> float:
    return 1.0 - (1.0 - w) ** max(1, sources)


def signal_of(event: StoredEvent | ControlEvent, day: dt.date, conflict: Conflict) -> Signal | None:
    """What one merged event says about its district's control."""
    r = rules()
    weights: dict[str, float] = r["weights"]
    sources = max(len(event.sources), 1)
    if event.type == "armed_clash":
        if event.modality in ("planned", "predicted", "negated"):
            return None
        return Signal(day, "clash", None, _weight(weights.get(event.modality, 0.5), sources), event.id)
    actor_side = conflict.side(event.actor1)
    weak = False
    if event.type in _CHANGE_TYPES:
        side = side_of(event, conflict) or "nonstate"
        weak = event.type == "territory_captured" and side == "government"
    elif event.type in _WEAK_TYPES:
        if actor_side is None:  # someone surrendered or fled: nothing known about whose district
            return None
        side, weak = ("nonstate" if actor_side == "government" else "government"), True
    else:
        return None
    if event.modality == "negated":
        return Signal(day, "denial", side, _weight(weights["negated"], sources), event.id)
    if event.modality in ("planned", "predicted"):
        return None
    claimed = False
    if event.modality == "claimed":
        claimant = conflict.is_state(event.attributed_to)
        if claimant is not None and (claimant != (side == "government")):
            w = weights["admitted"]  # an admission against the claimant's interest
        else:
            w, claimed = weights["claimed"], True
    else:
        w = weights.get(event.modality, weights["reported"])
    if weak:
        w *= r["weak_factor"]
    return Signal(day, "control", side, _weight(w, sources), event.id, claimed=claimed, weak=weak)


# --------------------------------------------------------------------------- timelines


@dataclass
class Segment:
    """What the map shows for a district from ``start`` until the next segment; a new one
    starts whenever the status, its events or its confidence change (``since``: the day
    the status itself began)."""

    start: dt.date
    status: str
    event_ids: list[int] = field(default_factory=list)
    confidence: float | None = None
    claimed: bool = False
    since: dt.date | None = None

    def __post_init__(self) -> None:
        if self.since is None:
            self.since = self.start


def _or(a: float | None, b: float) -> float:
    return 1.0 - (1.0 - (a or 0.0)) * (1.0 - b)


def timeline(signals: list[Signal], expiry_days: int | None = None) -> list[Segment]:
    """Status changes of one district from its signals (any order)."""
    r = rules()
    expiry = int(r["clash_expiry_days"] if expiry_days is None else expiry_days)
    ratio = float(r["contested_ratio"])
    denial_days = int(r["denial_days"])
    segments: list[Segment] = []
    cur: Segment | None = None
    base: Segment | None = None  # what a contested district goes back to
    last_clash: dt.date | None = None

    def start(
        day: dt.date, status: str, ids: list[int], conf: float | None, claimed: bool = False, since: dt.date | None = None
    ) -> None:
        nonlocal cur
        if cur is not None and cur.start == day:  # a second change the same day replaces the first
            segments.pop()
        conf = round(conf, 3) if conf is not None else None
        cur = Segment(day, status, list(dict.fromkeys(ids)), conf, claimed, since)
        segments.append(cur)

    def confirm(day: dt.date, ids: list[int], w: float, claimed: bool) -> None:
        assert cur is not None
        prev = cur
        start(day, prev.status, prev.event_ids + ids, _or(prev.confidence, w), prev.claimed and claimed, prev.since)

    def expire(day: dt.date | None) -> None:
        if cur is None or cur.status != "contested" or last_clash is None:
            return
        end = add_days(last_clash, expiry + 1)
        if (day is None or day >= end) and end > cur.start:
            if base is None or base.status == "unknown":
                start(end, "unknown", [], None)
            else:
                start(end, base.status, base.event_ids, base.confidence, base.claimed)

    by_day: dict[dt.date, list[Signal]] = {}
    for s in signals:
        by_day.setdefault(s.day, []).append(s)
    for day in sorted(by_day):
        expire(day)
        todays = by_day[day]
        control = [s for s in todays if s.kind == "control"]
        denials = [s for s in todays if s.kind == "denial"]
        # denials of this day against this day's signals of that side
        weight = {"government": 0.0, "nonstate": 0.0}
        for s in control:
            weight[s.side or "nonstate"] = _or(weight[s.side or "nonstate"], s.weight)
        for d in denials:
            if d.side in weight:
                weight[d.side] *= 1.0 - d.weight
        if control:
            g, n = weight["government"], weight["nonstate"]
            ids = [s.event_id for s in control]
            if g > 0 and n > 0 and max(g, n) <= ratio * min(g, n):
                if cur is None or cur.status != "contested":
                    base = cur
                start(day, "contested", ids, max(g, n))
                last_clash = day
            else:
                side = "government" if g > n else "nonstate"
                w = max(g, n)
                mine = [s for s in control if s.side == side]
                claimed = all(s.claimed for s in mine)
                weak = all(s.weak for s in mine)
                if w <= 0:
                    pass
                elif cur is not None and cur.status == side:
                    confirm(day, [s.event_id for s in mine], w, claimed)
                elif (
                    cur is not None
                    and cur.status in ("government", "nonstate")
                    and (
                        (weak and side == "government")
                        or (claimed and not cur.claimed and (cur.confidence or 0) >= w)
                        or (claimed and cur.claimed)
                    )
                ):
                    # a weak or merely claimed reversal of a reported status, or claim against
                    # claim: fought over
                    base = cur
                    start(day, "contested", cur.event_ids + [s.event_id for s in mine], w)
                    last_clash = day
                else:
                    start(day, side, [s.event_id for s in mine], w, claimed)
                    base = cur
        for d in denials:  # a denial of a recent claimed-only change
            if (
                cur is not None
                and cur.status == d.side
                and cur.claimed
                and (day - cur.start).days <= denial_days
            ):
                # fades back to what the district was before the claim
                base = next((p for p in reversed(segments) if p.since != cur.since), None)
                start(day, "contested", cur.event_ids + [d.event_id], d.weight)
                last_clash = day
        clashes = [s for s in todays if s.kind == "clash"]
        if clashes and not control:
            if cur is not None and cur.status == "nonstate":
                pass  # fighting in a district the non-state side holds does not change it
            elif cur is not None and cur.status == "contested":
                confirm(day, [s.event_id for s in clashes], 0.0, False)
                last_clash = day
            else:
                base = cur
                start(day, "contested", [s.event_id for s in clashes], max(s.weight for s in clashes))
                last_clash = day
    expire(None)
    return segments


# --------------------------------------------------------------------------- places


def _key(value: str | None) -> str | None:
    return value.strip().casefold() if value and value.strip() else None


def code_of(p: Place) -> str:
    return p.admin2_pcode or p.id


class DistrictIndex:
    """Finds the district (of a given list) an event's location is in."""

    def __init__(self, districts: list[Place]) -> None:
        self.districts = districts
        self.by_code: dict[str, Place] = {}
        self.by_name: dict[str, list[Place]] = {}
        self.by_province: dict[str, list[Place]] = {}
        for p in districts:
            for code in {p.admin2_pcode, p.id}:
                if code:
                    self.by_code[code.upper()] = p
            for name in {p.admin2, p.name, *p.aliases}:
                k = _key(name)
                if k and p not in self.by_name.setdefault(k, []):
                    self.by_name[k].append(p)
            for k in {_key(p.admin1), _key(p.admin1_pcode)}:
                if k:
                    self.by_province.setdefault(k, []).append(p)
        r = rules()
        self._capital = _words_re(r["capital_words"])
        self._area = _words_re(r["area_words"])
        # the extractor's own cue words (language data): one list, not a copy here
        cues = load_lexicon().cues
        self._exception = _words_re(cues["exception_words"])
        self._retreat = _words_re(cues["retreat_words"])

    def find(self, event: StoredEvent | ControlEvent) -> Place | None:
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

    def _members(self, province: str | None, province_pcode: str | None) -> list[Place]:
        return self.by_province.get(_key(province_pcode) or "") or self.by_province.get(_key(province) or "", [])

    def namesake(self, province: str | None, province_pcode: str | None = None) -> Place | None:
        """The district of the province that bears the province's name, if any."""
        members = self._members(province, province_pcode)
        names = {_key(province)} | {_key(p.admin1) for p in members}
        return next((p for p in members if _key(p.admin2 or p.name) in names), None)

    def centre(self, province: str | None, province_pcode: str | None = None) -> Place | None:
        """The province's centre district (its capital's): the first of OCHA's numbering
        (the province's P-code + ``01``, codebook §3), else the province's namesake."""
        for p in self._members(province, province_pcode):
            if p.admin1_pcode and code_of(p).upper() == f"{p.admin1_pcode.upper()}01":
                return p
        return self.namesake(province, province_pcode)

    def capital_of(self, event: StoredEvent | ControlEvent) -> Place | None:
        """For a province-level capture, retake or surrender: the centre district when the
        sentence is about the province's capital, else None (codebook §3 Places)."""
        loc = event.location
        if loc.admin2 or loc.admin2_pcode or not (loc.admin1 or loc.admin1_pcode) or event.type == "armed_clash":
            return None
        centre = self.centre(loc.admin1, loc.admin1_pcode)
        if centre is None:
            return None
        text = event.evidence.text
        # the province's own names: its name and those of its namesake district ("Herat" for Hirat)
        namesake = self.namesake(loc.admin1, loc.admin1_pcode)
        names = {n for n in (loc.admin1, centre.admin1) if n}
        if namesake is not None:
            names |= {n for n in (namesake.admin2, namesake.name, *namesake.aliases) if n}
        alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        name = rf"(?<![\w-])(?:{alts})(?![\w-])"
        if not re.search(name, text, re.I):
            return None
        if self._exception.search(text):
            return None  # "all districts of Takhar except the city of Taloqan": not the capital
        if self._capital.search(text):
            # the capital word must go with the name: "Kunduz city", "Herat, the third-largest
            # city", "the capital of Kunduz province", "the cities of Lashkar Gah and Kandahar"
            cap = self._capital.pattern
            linked = rf"{name}\W+(?:\w+\W+){{0,3}}?{cap}|{cap}\W+(?:\w+\W+){{0,5}}?{name}"
            hit = re.search(linked, text, re.I)
            if hit is None:
                return None
            # "surrendered their posts and fled to Faizabad, the provincial capital of
            # Badakhshan": where the losing side went is not what was taken
            before = text[max(0, hit.start() - 60) : hit.start()]
            fled_to = any(re.match(r"\s+(?:back\s+)?to\b", before[m.end() :]) for m in self._retreat.finditer(before))
            return None if fled_to else centre
        if self._area.search(text):
            return None
        # a bare name ("took Kunduz"): the district of that name where there is one, else the capital
        return namesake or centre


def _words_re(words: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.I)


def _month_end(day: dt.date) -> dt.date:
    nxt = add_days(day.replace(day=28), 4)
    return add_days(nxt, -nxt.day) if nxt > day else day


def _start(s: Segment) -> dt.date:
    return s.start


def _at(segments: list[Segment], day: dt.date) -> Segment | None:
    """The segment shown on ``day``: the last one that starts on or before it (the starts of
    a timeline increase)."""
    i = bisect_right(segments, day, key=_start)
    return segments[i - 1] if i else None


# --------------------------------------------------------------------------- slim events


class _Where(NamedTuple):
    admin1: str | None
    admin2: str | None
    admin1_pcode: str | None
    admin2_pcode: str | None


class _Said(NamedTuple):
    text: str


@dataclass(slots=True)
class ControlEvent:
    """What the control map reads of a merged event: the attributes of
    :class:`~sitrep.models.StoredEvent` that :func:`signal_of` and :class:`DistrictIndex`
    use, with the same names, built from a plain row without validation."""

    id: int
    type: str
    actor1: str | None
    modality: str
    attributed_to: str | None
    sources: list[str]
    date: dt.date | None
    date_precision: str
    location: _Where
    evidence: _Said


#: the stored fields a ControlEvent is made of, in the order of :func:`_slim`'s row
SLIM_FIELDS = (
    "id", "type", "actor1", "modality", "attributed_to", "sources", "date", "date_precision",
    "admin1", "admin2", "admin1_pcode", "admin2_pcode", "evidence_text",
)  # fmt: skip


def _sightings(
    index: DistrictIndex, undated: list[Any], dated_days: dict[tuple[str, str], list[dt.date]]
) -> dict[int, dt.date]:
    """Undated event id -> the day dated reporting gives the same kind of event in the same
    district, where that day is unambiguous (all such days within a week of each other: one
    fall of a district, not a fall and a later fall again)."""
    out: dict[int, dt.date] = {}
    for e in undated:
        place = index.find(e)  # named at district level: a province's capital is no sighting
        days = dated_days.get((e.type, code_of(place))) if place is not None else None
        if days and (max(days) - min(days)).days <= 7:
            out[e.id] = max(days)
    return out


def _slim(rows: Iterable[Any]) -> Iterable[tuple[dt.date | None, ControlEvent]]:
    """``(observation date, event)`` from ``Store.observed_rows(..., SLIM_FIELDS)``."""
    for obs, id_, typ, a1, modality, attributed, sources, day, precision, p1, p2, c1, c2, text in rows:
        yield obs, ControlEvent(
            id_, typ, a1, modality, attributed, sources or [], day, precision, _Where(p1, p2, c1, c2), _Said(text)
        )


# --------------------------------------------------------------------------- the model


class ControlModel:
    """Timelines of all districts, computed once; statuses and totals for any day."""

    def __init__(
        self,
        store: EventReader,
        districts: list[Place] | Any,
        expiry_days: int | None = None,
        conflict: Conflict | None = None,
    ) -> None:
        if not isinstance(districts, list):  # a gazetteer
            districts = districts.districts()
        self.districts: list[Place] = districts
        self.store = store
        self.conflict = conflict or load_conflict()
        self.kept_out: Counter[str] = Counter()
        self.dated_from_text = 0
        index = DistrictIndex(districts)
        # plain rows of the columns used, streamed (not a StoredEvent per row)
        observed = _slim(store.observed_rows(EventFilter(type=",".join(CONTROL_TYPES)), SLIM_FIELDS))
        per: dict[str, list[Signal]] = {}
        #: district -> ids of its control events that are on the map / kept out for want of a date
        self.events_by_district: dict[str, list[int]] = {}
        self.undated_by_district: dict[str, list[int]] = {}
        undated: list[Any] = []  # come last (ordered by date, undated last): dated from their text then
        #: (type, district) -> the days dated reporting gives events of that type there
        dated_days: dict[tuple[str, str], list[dt.date]] = {}
        for day, e in observed:
            if day is None:
                undated.append(e)
                continue
            self._add(index, per, day, e, dated_from_text=False)
            place = index.find(e)
            if place is not None:
                dated_days.setdefault((e.type, code_of(place)), []).append(day)
        text_dates = self._text_dates(undated, _sightings(index, undated, dated_days)) if undated else {}
        covered = set(per)
        for e in undated:
            day, estimated = text_dates.get(e.id, (None, False))
            if estimated and day is not None:
                place = index.find(e) or index.capital_of(e)
                if place is not None and code_of(place) in covered:
                    # an estimate fills a gap; it never moves what dated reporting shows
                    self.kept_out["estimate_overruled"] += 1
                    continue
            self._add(index, per, day, e, dated_from_text=True)
        self.segments = {code: timeline(sigs, expiry_days) for code, sigs in per.items()}

    def _add(
        self, index: DistrictIndex, per: dict[str, list[Signal]], day: dt.date | None, e: Any, dated_from_text: bool
    ) -> None:
        """Places one event (a StoredEvent or a ControlEvent) and adds its signal."""
        place = index.find(e) or index.capital_of(e)
        if day is None:
            self.kept_out["undated"] += 1
            if place is not None:
                self.undated_by_district.setdefault(code_of(place), []).append(e.id)
            return
        if dated_from_text:
            self.dated_from_text += 1
        if place is None:
            self.kept_out["other_country" if e.location.admin2 else "no_district"] += 1
            return
        self.events_by_district.setdefault(code_of(place), []).append(e.id)
        if e.date is not None and e.date_precision == "month" and day == e.date:
            # "last month", "in June": the map shows it from the month's last day, when it
            # had surely happened, not from a guessed middle
            day = _month_end(day)
        sig = signal_of(e, day, self.conflict)
        if sig is not None:
            per.setdefault(code_of(place), []).append(sig)

    def _text_dates(self, events: list[Any], sightings: dict[int, dt.date]) -> dict[int, tuple[dt.date, bool]]:
        from sitrep.analysis.dating import date_undated

        return date_undated(self.store, events, sightings)

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
                    since=seg.since if seg else None,
                    event_ids=list(seg.event_ids) if seg else [],
                    confidence=seg.confidence if seg else None,
                    claimed=seg.claimed if seg else False,
                )
            )
        return out

    def first(self, status: str) -> dict[str, Segment]:
        """Per district, the first segment of ``status`` (for comparisons)."""
        out: dict[str, Segment] = {}
        for code, segs in self.segments.items():
            for s in segs:
                if s.status == status:
                    out[code] = s
                    break
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

    def kept_out_summary(self) -> dict[str, int]:
        """Reason -> number of control events not on the map (see KEPT_OUT_REASONS)."""
        return {k: self.kept_out.get(k, 0) for k in KEPT_OUT_REASONS}


def control_on(store: EventReader, day: dt.date, districts: list[Place]) -> list[DistrictControl]:
    """The status of every district on ``day``, with the events behind it."""
    return ControlModel(store, districts).on(day)


def control_series(
    store: EventReader, districts: list[Place], start: dt.date | None = None, end: dt.date | None = None
) -> list[ControlTotals]:
    """Counts and shares of districts per status for every day from ``start`` to ``end``
    (default: the store's date range)."""
    return ControlModel(store, districts).series(start, end)
