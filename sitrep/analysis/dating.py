"""Dates for events of articles without a publication date.

An event of an article with no publication date has no observation date unless its
own sentence dates it. The extractor resolves absolute dates with a year ("on 5 July
2021"); a day and month without a year ("on July 5") it leaves open, because the year
comes from the publication date. Here the year comes from the context instead: the
years the article's own text states ("July 28, 2021"), else the year of the corpus
when all its dated events fall in one year. Relative dates ("on Friday", "last week")
are read against the latest day the article states, when it states one (news tells
its latest day as today's), with week precision; its events told with no date at all take
that day, as an estimate (dated reporting of the same district overrules it). An article that states no day is placed
in time by what it reported along with dated articles: the middle day of the dated events
it also reports (merged with it, or of the same type in the same district) stands in for its
publication day (week precision),
and its events told with no date of their own take that day, as the undated events of a
dated article take its publication day (codebook §3 Dates). Events of an article that
neither states a day nor shares an event with dated reporting are kept out of the map.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitrep.models import StoredEvent

from sitrep.extract.dates import MONTHS, WEEKDAYS, find_dates

_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[A-Za-z]+")


def _absolute(text: str) -> bool:
    """A calendar date ("5 July", "2021-07-05"), not a span such as "the past 24 hours"."""
    if not _DIGIT.search(text):
        return False
    return bool(re.search(r"\d{4}-\d\d-\d\d", text)) or any(w.lower() in MONTHS for w in _WORD.findall(text))


def stated_years(text: str) -> list[int]:
    """Years of the absolute, year-bearing dates in ``text``."""
    return [m.date.year for m in find_dates(text, None) if m.date is not None and _absolute(m.text)]


def context_year(texts: Iterable[str], corpus_years: Iterable[int] = ()) -> int | None:
    """The year the article's dates without a year belong to: the most frequent year its
    text states, else the corpus's year when it has exactly one."""
    years = Counter(y for t in texts if t for y in stated_years(t))
    if years:
        return years.most_common(1)[0][0]
    corpus = set(corpus_years)
    return corpus.pop() if len(corpus) == 1 else None


def date_in_sentence(sentence: str, year: int | None) -> tuple[dt.date, str] | None:
    """The first absolute day (``5 July 2021``, ``July 5`` with ``year``) of ``sentence``,
    with its precision; None when the sentence states none (spans such as "since May 1"
    and bounds such as "by July 1" are not dates of an event)."""
    anchor = dt.date(year, 12, 31) if year else None
    for m in find_dates(sentence, anchor):
        if m.date is None or m.since or m.by or m.ref_previous or not _absolute(m.text):
            continue
        return m.date, m.precision
    return None


def date_in_context(text: str, start: int, end: int, year: int | None) -> tuple[dt.date, str] | None:
    """The date of the sentence ``text[start:end]`` of an article: one it states, else the
    last absolute date stated before it in its paragraph (codebook §3 Dates: "a date stated
    once carries to the following sentences of the same story"). None when neither."""
    own = date_in_sentence(text[start:end], year)
    if own is not None:
        return own
    anchor = dt.date(year, 12, 31) if year else None
    para = max(text.rfind("\n\n", 0, start), text.rfind("\n", 0, start)) + 1
    before = [
        m
        for m in find_dates(text[para:start], anchor)
        if m.date is not None and not (m.since or m.by or m.ref_previous) and _absolute(m.text)
    ]
    if before:
        last = max(before, key=lambda m: m.start)
        return last.date, last.precision  # type: ignore[return-value]
    return None


def text_anchor(text: str, year: int | None) -> dt.date | None:
    """The latest calendar day an article states ("on 12 August", "June 5, 2021"): the day
    its relative dates ("on Thursday", "yesterday") are read against when it has no
    publication date — news tells its latest day as today's."""
    anchor = dt.date(year, 12, 31) if year else None
    days = [
        m.date
        for m in find_dates(text, anchor)
        if m.date is not None and m.precision == "day" and not (m.since or m.by or m.ref_previous) and _absolute(m.text)
    ]
    return max(days) if days else None


#: days an article dated by estimate may have been written after the day it is placed at
ESTIMATE_SLACK = 3


def relative_date(sentence: str, anchor: dt.date, estimated: bool = False) -> tuple[dt.date, str] | None:
    """A relative date of ``sentence`` ("on Friday", "last night") read against ``anchor``;
    precision ``week`` at best, since the anchor stands in for an unknown publication day.
    With an ``estimated`` anchor (the day of co-reported events, which the article was written
    on or a few days after) a weekday is the one nearest the anchor, up to
    :data:`ESTIMATE_SLACK` days after it: "on Tuesday" read against a Monday is the next day,
    not the Tuesday six days before."""
    late = anchor + dt.timedelta(days=ESTIMATE_SLACK) if estimated else anchor
    for m in find_dates(sentence, anchor):
        if m.date is None or m.since or m.by or m.ref_previous:
            continue
        day = m.date
        words = m.text.casefold().split()
        if estimated and words[-1] in WEEKDAYS and words[0] != "last":
            later = day + dt.timedelta(days=7)
            day = later if (later - anchor) < (anchor - day) and later <= late else day
        if day > late:
            continue
        return day, "week" if m.precision == "day" else m.precision
    return None


def densest_latest(days: list[dt.date], span: int = 7) -> dt.date | None:
    """The latest day of the busiest ``span``-day window of ``days``: the day an article that
    reported these events was most likely written, where a stray match (a district that fell
    again weeks later) stands alone and does not move it. None when two windows are equally
    busy (days weeks apart, one each): then nothing says which one the article is from."""
    ordered = sorted(days)
    counts = []
    for i, start in enumerate(ordered):
        inside = [d for d in ordered[i:] if (d - start).days <= span]
        counts.append((len(inside), inside[-1]))
    best = max(n for n, _ in counts)
    ends = {end for n, end in counts if n == best}
    if len(ends) > 1 and max(ends) - min(ends) > dt.timedelta(days=span):
        return None
    return max(ends)


def date_undated(
    store: Any, events: list[StoredEvent], sightings: dict[int, dt.date] | None = None
) -> dict[int, tuple[dt.date, bool]]:
    """Event id -> the date the text gives it, for merged events whose articles have no
    publication date: a day its sentence states, else one stated earlier in its paragraph,
    else its relative date read against the latest day the article states or, when it
    states none, the latest day of the dated events it co-reports; else that day itself.
    ``sightings``: undated event id -> the day dated reporting gives the same event (same
    type, same district); with the co-reported days, these place the article in time.
    Each date comes with whether it is an estimate (read against, or taken from, the days of
    co-reported events rather than anything the article states). Events with none of these
    are left out."""
    lo, hi = store.date_range()
    corpus_years = {d.year for d in (lo, hi) if d is not None}
    full_events = {e.id: store.get_event(e.id) for e in events}
    ids = [r.article_id for f in full_events.values() if f is not None for r in f.reports or []]
    co_reported = store.co_reported_dates(ids) if ids else {}
    for event_id, day in (sightings or {}).items():
        f = full_events.get(event_id)
        for r in (f.reports if f is not None else []) or []:
            co_reported.setdefault(r.article_id, []).append(day)
    articles: dict[str, tuple[str, int | None, dt.date | None, bool]] = {}
    out: dict[int, tuple[dt.date, bool]] = {}
    for e in events:
        full = full_events[e.id]
        for rep in (full.reports if full is not None else []) or []:
            if rep.article_id not in articles:
                art = store.get_article(rep.article_id)
                text = (art.text or "") if art is not None else ""
                year = context_year([text], corpus_years)
                shared = co_reported.get(rep.article_id)
                stated = text_anchor(text, year)
                anchor = stated or (densest_latest(shared) if shared else None)
                articles[rep.article_id] = (text, year, anchor, stated is None)
            text, year, anchor, estimated = articles[rep.article_id]
            ev = rep.evidence
            if text and text[ev.start : ev.end] == ev.text:
                found = date_in_context(text, ev.start, ev.end, year)
            else:
                found = date_in_sentence(ev.text, year)
            guessed = False
            if found is None and anchor is not None:
                found = relative_date(ev.text, anchor, estimated)
                guessed = estimated
                if found is None:
                    # told with no date of its own: the article's day, as the undated events of a
                    # dated article take its publication day; an estimate either way (the latest
                    # day an article states may be days before it was written)
                    found, guessed = (anchor, "week"), True
            if found is not None:
                out[e.id] = (found[0], guessed)
                break
    return out
