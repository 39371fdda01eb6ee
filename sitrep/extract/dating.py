"""Dating: the date of each event (its own explicit date, "the next day" counted from the
last event's, else the story's date carried over from an earlier sentence, else the
publication date); which sentences are history (a year long past) and which dates are
the story's (not a deadline, not ahead of publication, not background). Needs the
sentence's dates (``dates.py`` finds them) and the document's :class:`Context`;
``_update_date`` is the one step that sets the story's date there."""

from __future__ import annotations

import datetime as dt

from sitrep.extract.context import Context, Trigger
from sitrep.extract.dates import DateMatch, is_history
from sitrep.extract.grammar import PRESENT
from sitrep.extract.resources import Resources
from sitrep.extract.syntax import _present_or_perfect
from sitrep.language.lexicon import may_match
from sitrep.models import Sentence, add_days


def _claim_date(sent: Sentence, explicit: list[DateMatch], ctx: Context) -> dt.date | None:
    """A claim's own date; else the date the paragraph is about; "now" is the publication date (None)."""
    own = next((d.date for d in explicit if d.date is not None), None)
    if own is not None:
        return own
    if PRESENT.search(sent.text):
        return None
    return ctx.date if ctx.date_para == sent.paragraph else None


def _is_history(res: Resources, text: str, published: dt.date | None, explicit: list[DateMatch]) -> bool:
    current = any(
        d.date is not None and published is not None and abs((published - d.date).days) < 370
        for d in explicit
    )
    if current:
        return False
    phrases = res.lex.cue_re("history_phrases")
    return is_history(text, published) or (may_match(phrases, text) and bool(phrases.search(text)))


def _update_date(ctx: Context, explicit: list[DateMatch], sent: Sentence) -> None:
    """The story's current date: the last one stated, until another is stated."""
    # a deadline or a date ahead of publication is not the story's date
    dated = [
        d
        for d in explicit
        if d.date is not None
        and not d.by  # "by May 1": a deadline
        and not _ahead(d.date, ctx.published)
        and not _background(d.date, ctx.published)
    ]
    if dated:
        ctx.date = dated[-1].date
        ctx.date_precision = dated[-1].precision
        ctx.date_para = sent.paragraph


def _date_for(
    trig: Trigger, explicit: list[DateMatch], ctx: Context, sent: Sentence
) -> tuple[dt.date | None, str]:
    own = [d for d in explicit if not _other_clause_past(d, trig, ctx.published)]
    explicit = own
    if explicit:
        best = min(explicit, key=lambda d: abs(d.start - trig.start))
        if best.ref_previous:
            prev = [e.date for _, e in ctx.last_events if e.date is not None]
            base = prev[-1] if prev else ctx.date
            if base is None:
                return None, "unknown"
            return add_days(base, best.offset), "day" if prev else ctx.date_precision
        return best.date, best.precision
    if ctx.date is not None:
        # a date stated once carries to the following sentences of the same story (codebook §3)
        return ctx.date, ctx.date_precision
    if ctx.published is not None:
        # told with no date: news reports what just happened; the present perfect and
        # present are the publication day, a bare past tense is "around" it
        return ctx.published, "day" if _present_or_perfect(trig.token) else "week"
    return None, "unknown"


def _other_clause_past(d: DateMatch, trig: Trigger, published: dt.date | None) -> bool:
    """'16 districts fell two weeks ago and clashes are still underway': a past date of another
    clause does not date what the present tense says is going on now."""
    if d.date is None or d.ref_previous or published is None or d.date >= add_days(published, -1):
        return False
    head = trig.token.head if trig.nominal else trig.token
    if not _present_or_perfect(head) or head.tag_ == "VBN":
        return False
    lo = min(t.idx for t in head.subtree)
    hi = max(t.idx + len(t) for t in head.subtree)
    return not lo <= d.start < hi


def _ahead(date: dt.date, published: dt.date | None) -> bool:
    return published is not None and date > add_days(published, 1)


def _background(date: dt.date, published: dt.date | None) -> bool:
    """A date weeks before publication is the background of the story, not the date it carries."""
    return published is not None and date < add_days(published, -45)
