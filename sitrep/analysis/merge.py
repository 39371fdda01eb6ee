"""Merging reports of the same real event into one event.

Two reports (one article's account of an event) are the same event when:

- they have the same type;
- their places are compatible: the same district (admin2 P-code, else name), or
  one is province-level inside the other's province (or both the same
  province), or both are country-level in the same country;
- their dates are within a window: ``window_days`` (3) when both are
  day-precise, 7 with a week, 31 with a month; when either date is unknown, the
  articles' publication dates must be within ``window_days``;
- their actors are compatible (the same, or one missing; for clashes either
  order);
- their quantities are compatible: for every unit both report, the values are
  within a factor 1.5 (2 when either is approximate); fatalities likewise
  (or within 3 of each other).

Clustering is complete-linkage (a report joins a group only when it is
compatible with every report already in it), so "1,000" never chains on to
"2,000" through "1,400". Values that differ inside a group are kept side by
side in ``conflicting``. The merged event's id is the smallest report id in
its group, so ids stay stable while the group's first report stays.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

QTY_FACTOR = 1.5
QTY_FACTOR_APPROX = 2.0
PRECISION_WINDOW = {"week": 7, "month": 31}
_GEO_RANK = {"place": 0, "district": 1, "province": 2, "country": 3, None: 4}
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "unknown": 3}
_MODALITY_RANK = {"reported": 0, "claimed": 1, "alleged": 2}
_LEVEL_RANK = {"district": 0, "province": 1, "country": 2, "none": 3}


@dataclass
class ReportView:
    """One stored report with what merging needs from its article."""

    id: int
    article_id: str
    type: str
    published: dt.date | None = None
    source: str | None = None
    content_hash: str = ""  # of the article: its identity, whatever order it was stored in
    merged_id: int | None = None  # the stored group it is in, if any
    actor1: str | None = None
    actor2: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin1_pcode: str | None = None
    admin2_pcode: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None
    date: dt.date | None = None
    date_precision: str = "unknown"
    quantities: list[dict[str, Any]] = field(default_factory=list)
    fatalities: int | None = None
    modality: str = "reported"
    attributed_to: str | None = None
    transfer: str | None = None
    evidence_text: str = ""
    evidence_start: int = 0
    evidence_end: int = 0
    confidence: float = 0.5
    # normalised place (country, level, province code, province name, district code, district
    # name), computed once: merging compares every report with many others
    _place: tuple | None = field(default=None, init=False, repr=False, compare=False)
    # the normalised actors and the first figure of each unit, likewise
    _actors: tuple | None = field(default=None, init=False, repr=False, compare=False)
    _figures: dict | None = field(default=None, init=False, repr=False, compare=False)
    _districts: list | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def obs_date(self) -> dt.date | None:
        return self.date or self.published

    @property
    def level(self) -> str:
        if self.admin2 or self.admin2_pcode:
            return "district"
        if self.admin1 or self.admin1_pcode:
            return "province"
        if self.country:
            return "country"
        return "none"

    def first_quantity(self) -> dict[str, tuple[float, bool]]:
        out: dict[str, tuple[float, bool]] = {}
        for q in self.quantities or []:
            out.setdefault(q["unit"], (float(q["value"]), bool(q.get("approx"))))
        return out


_ARTICLE_FIELDS = ("published", "source", "content_hash", "merged_id")


def order_key(r: ReportView) -> tuple:
    """The fixed order of reports: earliest publication, then article identity, then offsets.

    The report id comes last and only separates true duplicates, so the order never
    depends on which article was stored first.
    """
    return (
        r.published is None,
        r.published or dt.date.min,
        r.content_hash or r.article_id,
        r.evidence_start,
        r.evidence_end,
        r.evidence_text,
        r.id,
    )


def _province_keys(admin1: str | None, admin1_pcode: str | None) -> list[str]:
    keys = []
    if _norm(admin1):
        keys.append(f"p:{_norm(admin1)}")
    if admin1_pcode and admin1_pcode.strip():
        keys.append(f"#:{admin1_pcode.strip().upper()}")
    return keys


def area_key(country: str | None, admin1: str | None, admin2: str | None, admin1_pcode: str | None) -> str:
    """Where a merged event is filed for incremental merging: ``PROVINCE/d:DISTRICT`` for a
    district-level one, ``PROVINCE`` for a province-level one (the province's name, else
    its P-code), else the district name, else the country."""
    provinces = _province_keys(admin1, admin1_pcode)
    district = _norm(admin2)
    if provinces and district:
        return f"{provinces[0]}/d:{district}"
    if provinces:
        return provinces[0]
    if district:
        return f"d:{district}"
    if country and country.strip():
        return f"c:{country.strip().upper()}"
    return "-"


def candidate_keys(r: ReportView) -> tuple[set[str], list[str]]:
    """Where the stored merged events that ``r`` could join are filed: exact area keys,
    and provinces (key prefixes) whose every district counts. For a district-level
    report, only the events of a province that hold a coarser report (``mixed``) are
    looked at in the province's other districts."""
    provinces = _province_keys(r.admin1, r.admin1_pcode)
    district = _norm(r.admin2)
    level = r.level
    if level == "district":
        if not district:  # only a district P-code: the whole province
            return set(provinces), provinces
        exact = {f"{p}/d:{district}" for p in provinces} | set(provinces) | {f"d:{district}"}
        return exact, provinces
    if level == "province":
        return set(provinces), provinces
    return {area_key(r.country, None, None, None)}, []


def horizon(window_days: int = 3) -> int:
    """The most days apart two reports of one event can be (the widest date window)."""
    return max(window_days, *PRECISION_WINDOW.values())


def id_key(r: ReportView) -> str:
    """What a merged event's id is made of: its first report's type, place, date, article
    identity and evidence offsets."""
    obs = r.obs_date.isoformat() if r.obs_date else ""
    place = "|".join(
        (v or "").strip().casefold() for v in (r.country, r.admin1_pcode, r.admin1, r.admin2_pcode, r.admin2)
    )
    return "\x1f".join(
        (r.type, place, obs, r.content_hash or r.article_id, str(r.evidence_start), str(r.evidence_end))
    )


def stable_id(r: ReportView, twin: bool = False) -> int:
    """A merged event's id from its first report (:func:`id_key`); with ``twin`` (another
    report of its article has the same key: two events of one sentence), the report's other
    values too, so that twins heading two events do not collide (a collision is resolved by
    the order of the writes, which a rebuild does not repeat).

    52 bits, so it is exact in JavaScript too; never 0.
    """
    key = id_key(r)
    if twin:
        key += "\x1e" + repr((
            _compared(r), r.modality, r.transfer, r.attributed_to, r.geo_precision, r.place, r.lat, r.lon,
            r.evidence_text, r.confidence,
        ))  # fmt: skip
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:13], 16) or 1


def twin_keys(reports: list[ReportView]) -> set[str]:
    """The :func:`id_key` values that more than one of ``reports`` has (give every report of
    the articles concerned)."""
    return {k for k, n in Counter(id_key(r) for r in reports).items() if n > 1}


def assign_twin_ids(merged: list[MergedEvent], twins: set[str]) -> None:
    """Give the events whose first report has a twin (:func:`twin_keys`) their twin id."""
    for m in merged:
        if m.first is not None and id_key(m.first) in twins:
            m.row["id"] = stable_id(m.first, twin=True)


@dataclass
class MergedEvent:
    row: dict[str, Any]  # the merged_events row
    report_ids: list[int]
    first: ReportView | None = None  # the report the id is made from


# ---------------------------------------------------------------------- compatibility


def _norm(value: str | None) -> str | None:
    return value.strip().casefold() if value and value.strip() else None


def _upper(value: str | None) -> str | None:
    return value.upper() if value else None


def _place_of(r: ReportView) -> tuple:
    if r._place is None:
        r._place = (
            _upper(r.country), r.level, _upper(r.admin1_pcode), _norm(r.admin1),
            _upper(r.admin2_pcode), _norm(r.admin2), bool(r.admin1 or r.admin1_pcode),
        )  # fmt: skip
    return r._place


def _same(code_a: str | None, name_a: str | None, code_b: str | None, name_b: str | None) -> bool:
    if code_a and code_b:
        return code_a == code_b
    return bool(name_a and name_b and name_a == name_b)


def compatible_place(a: ReportView, b: ReportView) -> bool:
    ca, la, pa, na, da, ma, ha = _place_of(a)
    cb, lb, pb, nb, db, mb, hb = _place_of(b)
    if ca and cb and ca != cb:
        return False
    if la == "none" or lb == "none":
        return la == lb
    if la == "country" or lb == "country":
        return la == lb
    same_province = _same(pa, na, pb, nb)
    if la == "district" and lb == "district":
        if da and db:
            return da == db
        if not (ma and mb and ma == mb):
            return False
        return same_province or not (ha and hb)
    return same_province  # province-level inside the other's province, or both province-level


def _window(a: ReportView, b: ReportView, window_days: int) -> int:
    return max(
        window_days, PRECISION_WINDOW.get(a.date_precision, 0), PRECISION_WINDOW.get(b.date_precision, 0)
    )


def compatible_dates(a: ReportView, b: ReportView, window_days: int = 3) -> bool:
    if a.date and b.date:
        return abs((a.date - b.date).days) <= _window(a, b, window_days)
    if a.published and b.published:
        return abs((a.published - b.published).days) <= window_days
    return False


def _actors_of(r: ReportView) -> tuple[str | None, str | None]:
    if r._actors is None:
        r._actors = (_norm(r.actor1), _norm(r.actor2))
    return r._actors


def compatible_actors(a: ReportView, b: ReportView) -> bool:
    a1, a2 = _actors_of(a)
    b1, b2 = _actors_of(b)
    # each pair: the same, or either missing
    if (a1 is None or b1 is None or a1 == b1) and (a2 is None or b2 is None or a2 == b2):
        return True
    return (
        a.type == "armed_clash"
        and (a1 is None or b2 is None or a1 == b2)
        and (a2 is None or b1 is None or a2 == b1)
    )


def _close(x: float, y: float, factor: float) -> bool:
    lo, hi = sorted((abs(x), abs(y)))
    if hi == 0:
        return True
    return lo > 0 and hi / lo <= factor


def _figures_of(r: ReportView) -> dict[str, tuple[float, bool]]:
    if r._figures is None:
        r._figures = r.first_quantity()
    return r._figures


def compatible_quantities(a: ReportView, b: ReportView) -> bool:
    qa, qb = _figures_of(a), _figures_of(b)
    for unit in qa.keys() & qb.keys() if qa and qb else ():
        (va, pa), (vb, pb) = qa[unit], qb[unit]
        if not _close(va, vb, QTY_FACTOR_APPROX if (pa or pb) else QTY_FACTOR):
            return False
    fa, fb = a.fatalities, b.fatalities
    return fa is None or fb is None or abs(fa - fb) <= 3 or _close(fa, fb, QTY_FACTOR)


def compatible(a: ReportView, b: ReportView, window_days: int = 3) -> bool:
    """Whether two reports can be the same real event (see the module docstring)."""
    return (
        a.type == b.type
        and compatible_dates(a, b, window_days)
        and compatible_place(a, b)
        and compatible_actors(a, b)
        and compatible_quantities(a, b)
    )


# ---------------------------------------------------------------------- clustering


def _district_keys(r: ReportView) -> list[tuple[str, str]]:
    """Where a district-level report is filed: its P-code and its name."""
    if r._districts is None:
        keys = []
        if r.admin2_pcode and r.admin2_pcode.strip():
            keys.append(("p", r.admin2_pcode.strip().upper()))
        if _norm(r.admin2):
            keys.append(("n", _norm(r.admin2) or ""))
        r._districts = keys
    return r._districts


def _admits(r: ReportView, clash: bool) -> frozenset[str] | None:
    """The actor1 values a report ``r`` lets another report of its group have (None: any):
    its own actor1 (for clashes either of its actors, which may be given in either order),
    any when that slot is empty (see :func:`compatible_actors`)."""
    a1, a2 = _actors_of(r)
    if a1 is None or (clash and a2 is None):
        return None
    return frozenset((a1, a2)) if clash and a2 else frozenset((a1,))


class _Active:
    """The groups of one type still open (last date within the horizon), filed by
    district so that a district-level report only looks at the groups it can join:
    those with a district-level report of the same P-code or name, and those with none;
    and filed by the actor1 values every member admits (:func:`_admits`), so that a
    report with an actor1 only looks at the groups whose every member could have that
    actor1. Both are necessary conditions of compatibility, so the groups left out are
    groups that would fail the check: the outcome is that of checking them all."""

    def __init__(self, span: int, clash: bool = False) -> None:
        self.span = span
        self.reach = dt.timedelta(days=span)
        self.clash = clash
        self.seq = 0
        self.last: dict[int, dt.date] = {}
        self.groups: dict[int, list[ReportView]] = {}
        self.by_district: dict[tuple[str, str], set[int]] = {}
        self.districts: dict[int, set[tuple[str, str]]] = {}  # group -> its district keys
        self.coarse: set[int] = set()  # groups without a district-level report
        self.admits: dict[int, frozenset[str] | None] = {}  # group -> actor1 values all its members admit
        self.any_actor: set[int] = set()  # groups that admit any actor1
        self.by_actor: dict[str, set[int]] = {}
        self.expiry: list[tuple[dt.date, int]] = []  # heap of (last date, group), stale entries skipped

    def _limit(self, obs: dt.date) -> dt.date:
        """The earliest last date of a group still open for a report of ``obs``."""
        try:
            return obs - self.reach
        except OverflowError:
            return dt.date.min

    def _file(self, gid: int, admits: frozenset[str] | None) -> None:
        old = self.admits.get(gid)
        if gid in self.admits:
            if old is None:
                self.any_actor.discard(gid)
            else:
                for a in old:
                    self.by_actor[a].discard(gid)
        self.admits[gid] = admits
        if admits is None:
            self.any_actor.add(gid)
        else:
            for a in admits:
                self.by_actor.setdefault(a, set()).add(gid)

    def _expire(self, limit: dt.date) -> None:
        while self.expiry and self.expiry[0][0] < limit:
            day, gid = heapq.heappop(self.expiry)
            if self.last.get(gid) != day:
                continue  # the group went on later (a newer entry), or is gone
            del self.last[gid]
            self.coarse.discard(gid)
            self.districts.pop(gid, None)
            admits = self.admits.pop(gid)
            if admits is None:
                self.any_actor.discard(gid)
            else:
                for a in admits:
                    self.by_actor[a].discard(gid)

    def candidates(self, r: ReportView, obs: dt.date) -> list[int]:
        """Open groups ``r`` may join, in creation order (a superset: each is checked).
        Reports come in date order (of one type), so a group closed stays closed.

        The groups are those open, of ``r``'s district (or of none) when ``r`` is
        district-level, admitting its actor1: found from whichever of the two filings is
        smaller (the same set either way)."""
        last = self.last
        limit = self._limit(obs)
        actor = _actors_of(r)[0]
        allowed: set[int] | None = None
        if actor is not None:
            named = self.by_actor.get(actor)
            allowed = self.any_actor | named if named else self.any_actor
        if r.level != "district":
            pool: Any = last if allowed is None else allowed
            found = [i for i in pool if (d := last.get(i)) is not None and d >= limit]
        else:
            keys = _district_keys(r)
            filed = len(self.coarse) + sum(len(self.by_district.get(k, ())) for k in keys)
            if allowed is not None and len(allowed) < filed:
                coarse, districts = self.coarse, self.districts
                found = [
                    i for i in allowed
                    if (d := last.get(i)) is not None and d >= limit
                    and (i in coarse or not districts[i].isdisjoint(keys))
                ]  # fmt: skip
            else:
                ids = set(self.coarse)
                for key in keys:
                    bucket = self.by_district.get(key)
                    if bucket:  # closed groups leave their buckets here
                        bucket = {i for i in bucket if (d := last.get(i)) is not None and d >= limit}
                        self.by_district[key] = bucket
                        ids |= bucket
                if allowed is not None:
                    ids &= allowed
                found = [i for i in ids if (d := last.get(i)) is not None and d >= limit]
        self._expire(limit)
        return sorted(found)

    def add(self, g: list[ReportView], r: ReportView, obs: dt.date, gid: int | None) -> None:
        admits = _admits(r, self.clash)
        if gid is None:
            gid = self.seq
            self.seq += 1
            self.groups[gid] = g
            self.last[gid] = obs
            self.coarse.add(gid)
            self._file(gid, admits)
        else:
            self.last[gid] = max(self.last[gid], obs)
            before = self.admits[gid]
            if admits is not None:
                self._file(gid, admits if before is None else before & admits)
        heapq.heappush(self.expiry, (self.last[gid], gid))
        if r.level == "district":
            self.coarse.discard(gid)
            keys = self.districts.setdefault(gid, set())
            for key in _district_keys(r):
                keys.add(key)
                self.by_district.setdefault(key, set()).add(gid)


def cluster(reports: list[ReportView], window_days: int = 3) -> list[list[ReportView]]:
    """Groups of reports of the same event (complete linkage, in date order).

    Each report joins the open group it is compatible with (with every report in it)
    whose reports are closest in date, the earliest made on a tie, else starts one.
    """
    span = horizon(window_days)
    ordered = sorted(
        reports, key=lambda r: (r.type, r.obs_date is None, r.obs_date or dt.date.min, order_key(r))
    )
    groups: list[list[ReportView]] = []
    active = _Active(span)
    current_type: str | None = None
    for r in ordered:
        if r.type != current_type:
            current_type, active = r.type, _Active(span, clash=r.type == "armed_clash")
        obs = r.obs_date
        if obs is None:
            groups.append([r])
            continue
        best: tuple[int, int] | None = None
        for gid in active.candidates(r, obs):
            g = active.groups[gid]
            if all(compatible(r, m, window_days) for m in g):
                gap = min(abs((obs - m.obs_date).days) for m in g if m.obs_date)
                if best is None or gap < best[0]:
                    best = (gap, gid)
        if best is None:
            g = [r]
            groups.append(g)
            active.add(g, r, obs, None)
        else:
            active.groups[best[1]].append(r)
            active.add(active.groups[best[1]], r, obs, best[1])
    return groups


def sort_key(r: ReportView) -> tuple:
    """Where ``r`` comes in :func:`cluster`'s order among the reports of its type."""
    return (r.obs_date is None, r.obs_date or dt.date.min, order_key(r))


@dataclass
class StoredGroup:
    """A stored merged event as :func:`choose` and :func:`settles` see it. Not ``mixed`` (its
    reports are alike in all that compatibility reads, and have one date): ``like``, its values, with
    ``article_id``, ``content_hash``, ``published`` and evidence of its first report (the
    event's own); ``mixed``: ``members``, the sort key (:func:`sort_key`) and values of each
    of its reports."""

    id: int
    like: ReportView | None = None
    members: list[tuple[tuple, ReportView]] = field(default_factory=list)


def _known(key: tuple) -> tuple:
    """A sort key without the report id (the first report of a group that is not mixed is
    known by the event's values, which do not hold it)."""
    return (key[0], key[1], key[2][:-1])


ALONE = StoredGroup(id=0)  # :func:`choose`: the new report is an event of its own


@dataclass
class Pick:
    """What :func:`choose` finds for a new report: the stored group it joins (:data:`ALONE`:
    none, it starts one) and that group's reports before it."""

    group: StoredGroup
    prefix: list[ReportView]


Fill = Callable[[list[StoredGroup]], None]


def _filled(gs: list[StoredGroup], fill: Fill | None) -> bool:
    """Give the groups not mixed their first report's publication date and content hash
    (``fill``), where not given yet; whether all have them now."""
    missing = [g for g in gs if g.like is not None and not g.like.content_hash]
    if missing and fill is not None:
        fill(missing)
    return all(g.like is None or g.like.content_hash for g in gs)


def choose(r: ReportView, groups: list[StoredGroup], window_days: int = 3, fill: Fill | None = None) -> Pick | None:
    """The group :func:`cluster` gives a new report ``r`` among the stored ``groups`` as they
    are when ``r`` comes (their reports before it: open, all compatible with ``r``): the least
    gap, then the one made first (its first report); None when that is not certain here.

    ``groups``: every stored group with a report before ``r`` compatible with it (others are
    left out). A group that is not mixed (``like``) is read as one value: its reports are all
    compatible with ``r`` or none is, they all have its date, and the first comes at the
    event's own place in the order. ``fill``: gives such groups their first report's
    ``published`` and ``content_hash``, asked for only where they are read (``content_hash``
    empty until then): where a date is missing on either side (an undated group's date is its
    publication date), and where the first report's place decides."""
    key = sort_key(r)
    obs = r.obs_date
    if obs is None:
        return None
    span = horizon(window_days)
    uniform = [g for g in groups if g.like is not None]
    needed = [g for g in uniform if r.date is None or g.like.date is None or g.like.obs_date == obs]
    if not _filled(needed, fill):
        return None
    options: list[tuple[int, StoredGroup, list[ReportView], tuple | None]] = []
    for g in groups:
        if g.like is not None:
            last = g.like.obs_date
            if last is None or last > obs or (last == obs and _known(sort_key(g.like)) > key):
                continue  # not there yet when ``r`` comes
            first, alike = None, [g.like]
        else:
            before = [(k, v) for k, v in g.members if k < key]
            if not before:
                continue
            last = max(v.obs_date for _, v in before if v.obs_date)  # dated: they come before ``r``
            first, alike = _known(min(k for k, _ in before)), list({id(v): v for _, v in before}.values())
        if (obs - last).days > span:
            continue  # closed
        if all(compatible(r, v, window_days) for v in alike):
            options.append((min((obs - v.obs_date).days for v in alike if v.obs_date), g, alike, first))
    if not options:
        return Pick(ALONE, [])
    gap = min(o[0] for o in options)
    nearest = [o for o in options if o[0] == gap]
    if len(nearest) > 1:  # the one made first: its first report
        if not _filled([o[1] for o in nearest], fill):
            return None
        ranked = sorted((o[3] or _known(sort_key(o[1].like or r)), i) for i, o in enumerate(nearest))
        if ranked[0][0] == ranked[1][0]:
            return None  # the report ids would tell: not known here
        nearest = [nearest[ranked[0][1]]]
    return Pick(nearest[0][1], nearest[0][2])


def settles(
    r: ReportView, pick: Pick, groups: list[StoredGroup], window_days: int = 3, fill: Fill | None = None
) -> bool:
    """Whether ``r`` joining ``pick`` (:func:`choose`) is all that adding ``r`` to the stored
    reports changes in :func:`cluster`.

    ``groups``: every stored group with a report after ``r`` compatible with ``r`` and, when
    ``r`` joins a group ``G``, with ``G``'s reports before ``r`` (others may be there too).
    Clustering goes as it went up to ``r``, which joins ``G``. True when every report of
    ``G`` after ``r`` is compatible with ``r``, and every report after ``r`` of another group
    is incompatible with ``r`` or with one of ``G``'s reports before ``r``, or is closer to a
    report of its own group before it than to ``r``: then nothing after ``r`` goes otherwise.
    A later report of ``G`` finds ``G`` no worse (still compatible, as close or closer, open
    as long or longer); a later report of another group cannot join ``G``, or finds its own
    group still better (``G`` lost to it before, and ``r`` is farther); a report of no such
    group is incompatible with ``r`` or with ``G``, so cannot join ``G`` either. When ``r``
    starts a group (:data:`ALONE`), likewise for that group: every later report compatible
    with ``r`` must be closer to its own group. A group not mixed, with ``r``'s date or later,
    is taken to have a report after ``r`` that is not closer to its own."""
    obs = r.obs_date
    if obs is None:
        return False
    key = sort_key(r)
    chosen, prefix = pick.group, pick.prefix

    def keeps_own(x: ReportView, group: list[tuple[tuple, ReportView]]) -> bool:
        if x.obs_date is None:
            return False
        gaps = [abs((x.obs_date - m.obs_date).days) for k, m in group if k < sort_key(x) and m.obs_date]
        return bool(gaps) and abs((x.obs_date - obs).days) > min(gaps)

    def might_join(x: ReportView, group: list[tuple[tuple, ReportView]] | None = None) -> bool:
        if not (compatible(x, r, window_days) and all(compatible(x, v, window_days) for v in prefix)):
            return False
        return group is None or not keeps_own(x, group)  # (``G`` lost to its group before)

    # the reports after ``r`` of the other groups (those not mixed: as their values; an
    # undated one's date is its publication date)
    if not _filled([g for g in groups if g.like is not None and g.like.date is None], fill):
        return False
    later = [
        g for g in groups
        if g.like is not None and g is not chosen and g.like.obs_date is not None and g.like.obs_date >= obs
    ]  # fmt: skip
    after = [(x, g.members) for g in groups if g.like is None and g is not chosen for k, x in g.members if k > key]
    # compared by publication dates where one side has no date
    if (any(v.date is None for v in prefix) or r.date is None) and not _filled(later, fill):
        return False
    undated = any(x.date is None for x, _ in after) or any(g.like.date is None for g in later) or r.date is None
    if undated and not _filled([chosen], fill):
        return False
    if any(might_join(g.like) for g in later) or any(might_join(x, members) for x, members in after):
        return False
    # a later report of ``G`` stays (a group not mixed: all alike, compatible with ``r``)
    return chosen.like is not None or all(k < key or compatible(x, r, window_days) for k, x in chosen.members)


def _most_common(values: list[Any]) -> Any:
    values = [v for v in values if v is not None]
    if not values:
        return None
    counts = Counter(_norm(v) if isinstance(v, str) else v for v in values)
    best = max(counts.values())
    for v in values:  # first of the most common, in report order
        if counts[_norm(v) if isinstance(v, str) else v] == best:
            return v
    return None  # pragma: no cover


def combine(group: list[ReportView]) -> MergedEvent:
    """One merged event from a group of reports."""
    group = sorted(group, key=order_key)
    first = group[0]
    loc = min(group, key=lambda r: (_GEO_RANK.get(r.geo_precision, 4), r.lat is None, group.index(r)))
    if loc.level == "none":
        loc = first
    dated = [r for r in group if r.date]
    if dated:
        best_rank = min(_DATE_RANK.get(r.date_precision, 3) for r in dated)
        candidates = [r for r in dated if _DATE_RANK.get(r.date_precision, 3) == best_rank]
        date = _most_common([r.date for r in candidates])
        precision = candidates[0].date_precision
    else:
        date, precision = None, "unknown"
    published = [r.published for r in group if r.published]
    obs_date = date or (min(published) if published else None)

    quantities: list[dict[str, Any]] = []
    conflicting: dict[str, list[float]] = {}
    units: list[str] = []
    for r in group:
        for q in r.quantities or []:
            if q["unit"] not in units:
                units.append(q["unit"])
    for unit in units:
        per_report = [
            next(q for q in (r.quantities or []) if q["unit"] == unit)
            for r in group
            if any(q["unit"] == unit for q in (r.quantities or []))
        ]
        exact = [q for q in per_report if not q.get("approx")]
        quantities.append(dict((exact or per_report)[0]))
        values = sorted({float(q["value"]) for q in per_report})
        if len(values) > 1:
            conflicting[unit] = values
    fatalities_seen = sorted({r.fatalities for r in group if r.fatalities is not None})
    fatalities = fatalities_seen[0] if fatalities_seen else None  # the lowest, as ACLED does
    if len(fatalities_seen) > 1:
        conflicting["fatalities"] = [float(v) for v in fatalities_seen]

    transfers = [r.transfer for r in group if r.transfer]
    transfer = next((t for t in transfers if t != "unknown"), transfers[0] if transfers else None)
    sources: list[str] = []
    for r in group:
        if r.source and r.source not in sources:
            sources.append(r.source)
    modality = min((r.modality for r in group), key=lambda m: _MODALITY_RANK.get(m, 9))
    row = {
        "id": stable_id(first),
        "type": first.type,
        "actor1": _most_common([r.actor1 for r in group]),
        "actor2": _most_common([r.actor2 for r in group]),
        "country": loc.country,
        "admin1": loc.admin1,
        "admin2": loc.admin2,
        "admin1_pcode": loc.admin1_pcode,
        "admin2_pcode": loc.admin2_pcode,
        "place": loc.place,
        "lat": loc.lat,
        "lon": loc.lon,
        "geo_precision": loc.geo_precision,
        "date": date,
        "date_precision": precision,
        "obs_date": obs_date,
        "quantities": quantities,
        "fatalities": fatalities,
        "modality": modality,
        "attributed_to": first.attributed_to,
        "transfer": transfer,
        "evidence_text": first.evidence_text,
        "evidence_start": first.evidence_start,
        "evidence_end": first.evidence_end,
        "article_id": first.article_id,
        "confidence": max(r.confidence for r in group),
        "sources": sources,
        "corroboration": len({r.article_id for r in group}),
        "conflicting": conflicting,
        "area_key": area_key(loc.country, loc.admin1, loc.admin2, loc.admin1_pcode),
        "mixed": not _uniform(group)
        or any(
            _LEVEL_RANK[r.level] > _LEVEL_RANK[loc.level]
            or (date is not None and r.date is None)
            or _DATE_RANK.get(r.date_precision, 3) > _DATE_RANK.get(precision, 3)
            for r in group
        ),
    }
    return MergedEvent(row=row, report_ids=[r.id for r in group], first=first)


def _compared(r: ReportView) -> tuple:
    """What :func:`compatible` reads of a report (besides its type)."""
    return (
        _norm(r.actor1), _norm(r.actor2), r.fatalities, tuple(sorted(r.first_quantity().items())),
        r.date, r.date_precision, r.published, _place_of(r),
    )  # fmt: skip


def _uniform(group: list[ReportView]) -> bool:
    """Whether every report of ``group`` is alike in all that compatibility reads: then a
    report is compatible with one of them exactly when it is with the merged event, whose
    values are theirs. Otherwise a report the merged event rules out may still be compatible
    with one member, which could leave the group for it: such an event is ``mixed``, and
    merging on write always looks at it (the outcome is then that of a rebuild)."""
    first = _compared(group[0])
    return all(_compared(r) == first for r in group[1:])


def merge_reports(reports: list[ReportView], window_days: int = 3) -> list[MergedEvent]:
    """Cluster reports and combine each group into one merged event (``reports``: all
    reports of their articles, for :func:`twin_keys`)."""
    merged = [combine(g) for g in cluster(reports, window_days)]
    assign_twin_ids(merged, twin_keys(reports))
    return merged
