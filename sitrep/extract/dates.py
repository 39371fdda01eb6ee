"""Dates of events, relative expressions resolved against the publication date.

Codebook §3: "last night" and "the day before" are the day before; "on Tuesday"
is the latest Tuesday on or before publication; "over the past 24 hours" is the
day before; "last month" is that month (precision month); "on 2 July" takes
the year of publication.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from sitrep.language.lexicon import may_match

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_M = r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("dmy", re.compile(rf"\b{_D}\s+(?:of\s+)?{_M}{_Y}\b", re.I)),
    ("mdy", re.compile(rf"\b{_M}\s+{_D}\b{_Y}", re.I)),
    (
        "rel",
        re.compile(
            r"\b(?P<rel>last night|yesterday|the day before yesterday|the day before|the previous day|"
            r"overnight|earlier today|today|this morning|this afternoon|this evening|tonight|"
            r"over the past 24 hours|in the past 24 hours|over the last 24 hours|during the past 24 hours|"
            r"over the past day|(?:on )?the same day|that day|the next day|the following day|"
            r"(?P<earlier>a|one|two|three|four|five) days? (?:earlier|before)|"
            r"(?P<n>\d+|two|three|four|five|six|seven|a few|several) days? ago|"
            r"(?P<wn>\d+|a|an|one|two|three|four|five|six|a few|several) weeks? ago|"
            r"(?P<mn>\d+|a|one|two|three|four|five|six|a few|several) months? ago|"
            r"last week|this week|earlier this week|the past week|over the past week|"
            r"last month|this month|earlier this month|in the last month|the last month|the past month|"
            r"last year)\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<last>last|this|on|early|late)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
            r"(?:\s+(?:night|morning|evening|afternoon))?\b",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(rf"\b(?:in|during|since|early|late|mid|mid-|end of|beginning of)\s+{_M}{_Y}\b", re.I),
    ),
]
_NUMWORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a few": 3, "several": 3}


@dataclass
class DateMatch:
    date: dt.date | None
    precision: str  # day | week | month | unknown
    start: int
    end: int
    text: str
    ref_previous: bool = False  # "on the same day": the date of the previous event
    since: bool = False  # "since June 22": a period, not a date
    by: bool = False  # "by July 1": on or before
    offset: int = 0  # with ref_previous: days after (+) or before (-) the previous date ("a day earlier")


def _year_for(month: int, day: int, published: dt.date | None, year: str | None) -> int | None:
    if year:
        return int(year)
    if published is None:
        return None
    y = published.year
    # "on 2 July" takes the year of publication (codebook §3), so "by September 11" in May is a
    # deadline ahead; but "on 28 December" in an article of 3 January is last year's
    try:
        if dt.date(y, month, day) > published + dt.timedelta(days=183):
            y -= 1
    except ValueError:
        return None
    return y


def _safe_date(y: int | None, m: int, d: int) -> dt.date | None:
    if y is None:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


# Every pattern above needs a digit or one of these words: most sentences have
# neither, and a set lookup per word is far cheaper than six regular expressions.
_KEYWORDS = (
    set(MONTHS)
    | set(WEEKDAYS)
    | {"night", "yesterday", "day", "days", "overnight", "today", "morning", "afternoon", "evening"}
    | {"tonight", "hours", "week", "month", "year", "weeks", "months", "ago"}
)
_WORDS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


# The words each pattern cannot match without, as whole words (a pattern bounds them with \b,
# a space or a full stop): in a text of ASCII characters only, where re.I folds nothing
# but A-Z, a pattern none of whose words is among the text's words finds nothing.
_MONTH_WORDS = frozenset(MONTHS)
_NEEDS: dict[str, tuple[bool, frozenset[str] | None]] = {  # kind -> (needs a digit, needs one of)
    "iso": (True, None),
    "dmy": (True, _MONTH_WORDS),
    "mdy": (True, _MONTH_WORDS),
    "rel": (False, _KEYWORDS - _MONTH_WORDS - set(WEEKDAYS)),
    "weekday": (False, frozenset(WEEKDAYS)),
    "month": (False, _MONTH_WORDS),
}


def _patterns_for(text: str) -> list[tuple[str, re.Pattern[str]]]:
    """The patterns of ``_PATTERNS`` that can match ``text`` (all of them if it is not ASCII)."""
    digit = bool(_DIGIT.search(text))
    words = set(_WORDS.findall(text.casefold()))
    if not digit and _KEYWORDS.isdisjoint(words):
        return []
    if not text.isascii():
        return _PATTERNS
    out = []
    low = text.lower()
    for kind, pat in _PATTERNS:
        need_digit, need_word = _NEEDS[kind]
        if need_digit and not digit:
            continue
        if need_word is not None and need_word.isdisjoint(words):
            continue
        if not may_match(pat, text, low):
            continue  # none of the strings the pattern needs ("ago", "last night", ...)
        out.append((kind, pat))
    return out


# Dates relative to a publication date this close to the calendar's ends would leave it
# (0001-01-01 "yesterday", 9999-12-31 "the next day"): such a date is not resolved.
_SAFE_FIRST = dt.date(2, 1, 1)
_SAFE_LAST = dt.date(9998, 12, 31)


def find_dates(text: str, published: dt.date | None) -> list[DateMatch]:
    """All date expressions of a sentence, in text order, without overlaps.

    With a publication date within a year of the calendar's ends, relative
    expressions are found but left undated (date None, precision unknown).
    """
    found: list[DateMatch] = []
    patterns = _patterns_for(text)
    if not patterns:
        return found
    extreme = published is not None and not _SAFE_FIRST <= published <= _SAFE_LAST
    taken: list[tuple[int, int]] = []
    for kind, pat in patterns:
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                dm = _interpret(kind, m, None if extreme else published)
            except (OverflowError, ValueError):  # date arithmetic past the calendar's ends
                dm = None
            if dm is not None and extreme and dm.ref_previous:
                dm = DateMatch(None, "unknown", m.start(), m.end(), m.group(0))
            if dm is None:
                continue
            before = text[max(0, m.start() - 12) : m.start()].casefold()
            dm.since = bool(re.search(r"\bsince\s*$", before)) or m.group(0).casefold().startswith("since")
            dm.by = bool(re.search(r"\b(?:by|until|till|before)\s*$", before))
            found.append(dm)
            taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def _interpret(kind: str, m: re.Match[str], published: dt.date | None) -> DateMatch | None:
    g = m.groupdict()
    text = m.group(0)
    if kind == "iso":
        d = _safe_date(int(g["year"]), int(g["mnum"]), int(g["day"]))
        return DateMatch(d, "day", m.start(), m.end(), text) if d else None
    if kind in ("dmy", "mdy"):
        month = MONTHS[g["month"].casefold().rstrip(".")]
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None
        # "May 5" is a date, but "may" is also a verb: require a capital M
        if (
            kind == "mdy"
            and g["month"].casefold() == "may"
            and not g.get("year")
            and not g["month"][0].isupper()
        ):
            return None
        y = _year_for(month, day, published, g.get("year"))
        d = _safe_date(y, month, day)
        if d is None:
            return None
        return DateMatch(d, "day", m.start(), m.end(), text)
    if kind == "month":
        month = MONTHS[g["month"].casefold().rstrip(".")]
        if g["month"].casefold() == "may" and not g["month"][0].isupper():
            return None
        y = int(g["year"]) if g.get("year") else None
        if y is None and published is not None:
            # "in August" in a July article is the coming August; "in December" in January is last year's
            y = published.year - 1 if month - published.month > 6 else published.year
        d = _safe_date(y, month, 15)
        return DateMatch(d, "month", m.start(), m.end(), text)
    if kind == "weekday":
        if published is None:
            return DateMatch(None, "unknown", m.start(), m.end(), text)
        wd = WEEKDAYS[g["wd"].casefold()]
        delta = (published.weekday() - wd) % 7
        if (g.get("last") or "").casefold() == "last" and delta == 0:
            delta = 7
        return DateMatch(published - dt.timedelta(days=delta), "day", m.start(), m.end(), text)
    if kind == "rel":
        rel = g["rel"].casefold()
        if "same day" in rel or rel == "that day":
            return DateMatch(None, "day", m.start(), m.end(), text, ref_previous=True)
        if g.get("earlier"):
            n = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}[g["earlier"].casefold()]
            return DateMatch(None, "day", m.start(), m.end(), text, ref_previous=True, offset=-n)
        if published is None:
            return DateMatch(None, "unknown", m.start(), m.end(), text)
        p = published
        if (
            rel in ("last night", "yesterday", "the day before", "the previous day", "overnight")
            or "24 hours" in rel
            or rel == "over the past day"
        ):
            return DateMatch(p - dt.timedelta(days=1), "day", m.start(), m.end(), text)
        if rel == "the day before yesterday":
            return DateMatch(p - dt.timedelta(days=2), "day", m.start(), m.end(), text)
        if rel in ("earlier today", "today", "this morning", "this afternoon", "this evening", "tonight"):
            return DateMatch(p, "day", m.start(), m.end(), text)
        if rel in ("the next day", "the following day"):
            return DateMatch(None, "day", m.start(), m.end(), text, ref_previous=True, offset=1)
        if rel.endswith("ago") and (g.get("wn") or g.get("mn")):
            # "two weeks ago", "around one week ago": that many weeks back, week precision;
            # "a month ago": month precision
            word = (g.get("wn") or g.get("mn")).casefold()
            count = int(word) if word.isdigit() else {"a": 1, "an": 1, "one": 1}.get(word) or _NUMWORDS.get(word, 2)
            if g.get("wn"):
                return DateMatch(p - dt.timedelta(days=7 * count), "week", m.start(), m.end(), text)
            return DateMatch(p - dt.timedelta(days=30 * count), "month", m.start(), m.end(), text)
        if rel.endswith("ago"):
            n = g.get("n") or "1"
            days = int(n) if n.isdigit() else _NUMWORDS.get(n.casefold(), 3)
            prec = (
                "day"
                if n.isdigit() or n.casefold() in _NUMWORDS and n.casefold() not in ("a few", "several")
                else "week"
            )
            return DateMatch(p - dt.timedelta(days=days), prec, m.start(), m.end(), text)
        if rel in ("last week", "the past week", "over the past week"):
            return DateMatch(p - dt.timedelta(days=7), "week", m.start(), m.end(), text)
        if rel in ("this week", "earlier this week"):
            return DateMatch(p - dt.timedelta(days=p.weekday() // 2), "week", m.start(), m.end(), text)
        if rel in ("last month", "in the last month", "the last month", "the past month"):
            first = p.replace(day=1) - dt.timedelta(days=1)
            return DateMatch(first.replace(day=15), "month", m.start(), m.end(), text)
        if rel in ("this month", "earlier this month"):
            return DateMatch(p.replace(day=min(15, p.day)), "month", m.start(), m.end(), text)
        if rel == "last year":
            return DateMatch(dt.date(p.year - 1, 7, 1), "unknown", m.start(), m.end(), text)
    return None


def is_history(text: str, published: dt.date | None) -> bool:
    """A sentence about a period long before the article (e.g. 'From 1996 to 2001')."""
    if published is None:
        return False
    return any(int(y) < published.year - 1 for y in re.findall(r"\b(19\d\d|20\d\d)\b", text))
