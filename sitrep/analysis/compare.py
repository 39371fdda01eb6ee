"""The control map checked against an analyst's reference list of district falls.

A reference is a CSV with, per row, a district (``admin2_pcode`` — also read as
``ocha_pcode`` or ``pcode`` — or ``district`` + ``province`` names), ``date_fell``
(YYYY-MM-DD), ``date_precision`` (``day`` or ``week``; other rows are not scored) and
optionally ``retaken_date``. Several rows of one district keep the earliest dated fall.

For each scored district the first day the map shows it under the non-state side is
compared with the fall: *found* within the window (±3 days for day precision, ±7 for
week), *late* (after the window), *early* (before it), *missed* (never).
Optional published counts (CSV ``date``, ``metric``, ``value``, ``who``) are set beside
the map's nationwide number of districts of the matching status on their dates; the
map's nationwide counts per status are also given week by week over the reference's
dates (``series``).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.analysis.control import ControlModel, DistrictIndex, code_of
from sitrep.errors import InputError
from sitrep.models import Location, Place, StoredEvent

WINDOWS = {"day": 3, "week": 7}
#: metric of a published count -> the map's status it is compared with
COUNT_METRICS = {
    "nonstate_controlled_districts": "nonstate",
    "controlled_districts": "nonstate",
    "contested_districts": "contested",
    "government_controlled_districts": "government",
}


@dataclass
class RefFall:
    code: str
    district: str
    province: str | None
    fell: dt.date
    precision: str
    retaken: dt.date | None = None


@dataclass
class Outcome:
    code: str
    district: str
    province: str | None
    fell: dt.date
    precision: str
    category: str  # found | late | early | missed
    shown: dt.date | None  # first day shown under the non-state side
    days_off: int | None
    event_ids: list[int] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    why: str | None = None  # for a missed district: what the map had on it


@dataclass
class CountPoint:
    date: dt.date
    metric: str
    who: str
    published: str
    status: str
    computed: int


@dataclass
class Comparison:
    outcomes: list[Outcome]
    counts: list[CountPoint]
    skipped: int  # reference rows without a scorable date or a known district
    unknown_districts: list[str]
    series: list[tuple[dt.date, dict[str, int]]] = field(default_factory=list)  # the map, week by week

    def summary(self) -> dict[str, Any]:
        n = len(self.outcomes)
        cat = {k: sum(1 for o in self.outcomes if o.category == k) for k in ("found", "late", "early", "missed")}
        errs = sorted(abs(o.days_off) for o in self.outcomes if o.category == "found" and o.days_off is not None)
        return {
            "reference_districts": n,
            **cat,
            "recall_in_window": round(cat["found"] / n, 3) if n else None,
            "early_share": round(cat["early"] / n, 3) if n else None,
            "median_abs_day_error_in_window": errs[len(errs) // 2] if errs else None,
            "skipped_rows": self.skipped,
            "unknown_districts": self.unknown_districts,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "districts": [
                {
                    "admin2_pcode": o.code,
                    "district": o.district,
                    "province": o.province,
                    "date_fell": o.fell.isoformat(),
                    "date_precision": o.precision,
                    "category": o.category,
                    "shown": o.shown.isoformat() if o.shown else None,
                    "days_off": o.days_off,
                    "event_ids": o.event_ids,
                    "evidence": o.evidence,
                    "why": o.why,
                }
                for o in self.outcomes
            ],
            "series": [{"date": d.isoformat(), **counts} for d, counts in self.series],
            "counts": [
                {
                    "date": c.date.isoformat(),
                    "metric": c.metric,
                    "who": c.who,
                    "published": c.published,
                    "status": c.status,
                    "computed": c.computed,
                }
                for c in self.counts
            ],
        }


def _date(value: str | None, what: str, line: int) -> dt.date | None:
    if not value or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"line {line}: {what} {value!r} is not a date YYYY-MM-DD") from None


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise InputError(f"{path} is not a readable CSV file: {e}") from None


def read_reference(path: Path, districts: list[Place]) -> tuple[list[RefFall], int, list[str]]:
    """The scorable falls of a reference CSV (earliest dated fall per district), the number
    of rows skipped, and the district names the gazetteer does not know."""
    rows = _rows(path)
    if rows and not ({"admin2_pcode", "ocha_pcode", "pcode", "district"} & set(rows[0])):
        raise InputError(f"{path}: needs a column admin2_pcode (or district and province)")
    if rows and "date_fell" not in rows[0]:
        raise InputError(f"{path}: needs a column date_fell")
    index = DistrictIndex(districts)
    falls: dict[str, RefFall] = {}
    skipped, unknown = 0, []
    for i, row in enumerate(rows, start=2):
        precision = (row.get("date_precision") or "day").strip() or "day"
        if precision not in WINDOWS:  # month or unknown precision: not scored (nor parsed)
            skipped += 1
            continue
        fell = _date(row.get("date_fell"), "date_fell", i)
        retaken = _date(row.get("retaken_date"), "retaken_date", i)
        if fell is None:
            skipped += 1
            continue
        code = (row.get("admin2_pcode") or row.get("ocha_pcode") or row.get("pcode") or "").strip()
        name, province = (row.get("district") or "").strip(), (row.get("province") or "").strip() or None
        probe = StoredEvent(
            id=0,
            type="territory_captured",
            location=Location(admin2_pcode=code or None, admin2=name or None, admin1=province),
            evidence={"text": "", "start": 0, "end": 0},
            article_id="",
        )
        place = index.find(probe)
        if place is None:
            skipped += 1
            unknown.append(code or name)
            continue
        key = code_of(place)
        if key not in falls or fell < falls[key].fell:
            falls[key] = RefFall(key, place.admin2 or place.name, place.admin1, fell, precision, retaken)
    return sorted(falls.values(), key=lambda f: (f.fell, f.code)), skipped, unknown


def _number(value: str) -> str:
    return value.strip()


def read_counts(path: Path) -> list[tuple[dt.date, str, str, str]]:
    """(date, metric, who, value) rows of a published-counts CSV."""
    out = []
    for i, row in enumerate(_rows(path), start=2):
        d = _date(row.get("date"), "date", i)
        if d is None or not row.get("metric"):
            continue
        out.append((d, row["metric"].strip(), (row.get("who") or "").strip(), _number(row.get("value") or "")))
    return out


def _status_of_metric(metric: str, nonstate_name: str | None) -> str | None:
    m = metric.casefold()
    if m in COUNT_METRICS:
        return COUNT_METRICS[m]
    if nonstate_name:
        own = re.sub(r"\W+", "_", nonstate_name.casefold()).strip("_")
        if m == f"{own}_controlled_districts":
            return "nonstate"
    return None


def compare(
    model: ControlModel,
    reference: Path,
    counts: Path | None = None,
    end: dt.date | None = None,
) -> Comparison:
    """Score ``model`` against the falls of ``reference`` (and the published ``counts``);
    a district first shown after ``end`` (default: no limit) counts as missed."""
    falls, skipped, unknown = read_reference(reference, model.districts)
    first = model.first("nonstate")
    store = model.store
    outcomes = []
    for f in falls:
        seg = first.get(f.code)
        shown = seg.since if seg is not None and (end is None or (seg.since or seg.start) <= end) else None
        win = WINDOWS[f.precision]
        if shown is None:
            cat, off = "missed", None
        else:
            off = (shown - f.fell).days
            cat = "found" if abs(off) <= win else "late" if off > 0 else "early"
        why = None
        if shown is not None:
            ids = list(seg.event_ids)  # type: ignore[union-attr]
        else:  # what the map had on the district, and why it never showed it taken
            placed = model.events_by_district.get(f.code, [])
            undated = model.undated_by_district.get(f.code, [])
            ids = placed + undated
            if placed:
                why = "its events never give it to the non-state side"
            elif undated:
                why = "its only reports are in articles without a publication date that do not date them"
            else:
                why = "no capture, retake, surrender or clash reported in the district"
        evidence = []
        for i in ids[:3]:
            ev = store.get_event(i)
            if ev is not None:
                evidence.append(ev.evidence.text)
        outcomes.append(
            Outcome(f.code, f.district, f.province, f.fell, f.precision, cat, shown, off, ids, evidence, why)
        )
    points = []
    if counts is not None:
        for d, metric, who, value in read_counts(counts):
            status = _status_of_metric(metric, model.conflict.nonstate)
            if status is None:
                continue
            points.append(CountPoint(d, metric, who, value, status, model.totals(d).counts[status]))
    days = [f.fell for f in falls] + [p.date for p in points]
    series = []
    if days:
        day, last = min(days), max(days)
        while day <= last + dt.timedelta(days=6):
            series.append((day, model.totals(day).counts))
            day += dt.timedelta(days=7)
    return Comparison(outcomes, points, skipped, unknown, series)


def to_csv_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """One row per reference district (for ``--format csv``)."""
    rows = []
    for d in comparison.as_dict()["districts"]:
        rows.append(
            {
                **{k: v for k, v in d.items() if k not in ("event_ids", "evidence")},
                "event_ids": " ".join(str(i) for i in d["event_ids"]),
                "evidence": " | ".join(d["evidence"]),
            }
        )
    return rows
