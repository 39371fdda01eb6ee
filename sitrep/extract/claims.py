"""Claims (codebook §4): aggregate statements about control, with their claimant.

"the Taliban say 85% of the territory and 174 districts are theirs";
"a third of the nearly 400 districts, the BBC reported"; "90% of the
withdrawal is complete".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sitrep.extract.actors import DocActors
from sitrep.extract.attribution import _attribution
from sitrep.extract.resources import Resources
from sitrep.models import Claim, Evidence, Sentence

FRACTIONS = {
    "a third": 33,
    "one third": 33,
    "one-third": 33,
    "two thirds": 67,
    "two-thirds": 67,
    "half": 50,
    "a half": 50,
    "one half": 50,
    "a quarter": 25,
    "one quarter": 25,
    "three quarters": 75,
    "a fifth": 20,
    "one fifth": 20,
    "a tenth": 10,
}
_PCT = r"(?P<pct>\d+(?:\.\d+)?)\s?(?:%|percent|per cent)"
_FRAC = r"(?P<frac>" + "|".join(sorted((re.escape(k) for k in FRACTIONS), key=len, reverse=True)) + r")"
_APPROX = r"(?:(?:more than|over|nearly|almost|about|around|some|roughly|at least|up to|close to)\s+)?"

SHARE_TERRITORY = re.compile(
    rf"{_APPROX}(?:{_PCT}|{_FRAC})\s+of\s+(?:the\s+|its\s+|all\s+)?(?:\w+(?:['’]s)?\s+)?(?:territory|territories|country|land|landmass|the country)\b",
    re.I,
)
SHARE_DISTRICTS = re.compile(
    rf"{_APPROX}(?:{_PCT}|{_FRAC})\s+of\s+(?:the\s+|its\s+|all\s+)?(?:\w+(?:['’]s)?\s+)?(?:(?:nearly|about|roughly|some|around|over|more than)\s+)?(?:\d+\s+)?districts\b",
    re.I,
)
DISTRICT_COUNT = re.compile(
    rf"{_APPROX}(?<![\d,])(?P<n>\d{{2,3}})\s+(?:of\s+(?:the\s+)?(?:[\w’']+\s+){{0,3}}?(?:\d+\s+)?)?(?:\w+\s+)?districts\b",
    re.I,
)
WITHDRAWAL = re.compile(
    rf"(?:{_PCT}\s+(?:of\s+(?:the\s+)?(?:\w+\s+)?(?:withdrawal|pullout|drawdown|retrograde)|complete)|(?:withdrawal|pullout|drawdown|retrograde)[^.]{{0,60}}?{_PCT.replace('pct', 'pct2')}\s+(?:complete|completed|done|finished)"
    rf"|(?:withdrawn|pulled out|removed|withdrew|evacuated)\s+{_APPROX}{_PCT.replace('pct', 'pct3')}\s+of\s+(?:its|their|the|all)\s+(?:\w+\s+)?(?:forces|troops|personnel|equipment|military))",
    re.I,
)
FUTURE = re.compile(
    r"\b(?:could|would|might|may|will|shall|expected to|likely to|aims? to|hopes? to|plans? to)\b", re.I
)
CONTROL_WORDS = re.compile(
    r"\b(?:control|controls|controlled|captured|seized|held|holds|hold|under|taken|took|fallen|fell|theirs|overran|overrun|overrunning|seize|seizing)\b",
    re.I,
)


def _value(m: re.Match[str]) -> float:
    g = m.groupdict()
    for key in ("pct", "pct2", "pct3"):
        if g.get(key):
            return float(g[key])
    if g.get("frac"):
        return float(FRACTIONS[g["frac"].lower()])
    return float(g["n"])


def find_claims(
    sent: Sentence, res: Resources, doc_actors: DocActors, published: dt.date | None, ctx_date: dt.date | None
) -> list[Claim]:
    text = sent.text
    if not re.search(r"%|percent|per cent|districts|third|half|quarter", text, re.I):
        return []
    if res.lex.cue_re("predicted_phrases").search(text) and re.search(
        r"\b(?:could|would|might|may|will)\b", text
    ):
        return []
    out: list[Claim] = []
    claimant = _claimant(sent, res, doc_actors)
    subject = _subject(text, res, doc_actors)
    ev = Evidence(text=text, start=sent.start, end=sent.end)
    taken: list[tuple[int, int]] = []

    def add(metric: str, value: float, unit: str, m: re.Match[str]) -> None:
        if any(m.start() < e and s < m.end() for s, e in taken):
            return
        if FUTURE.search(text[max(0, m.start() - 50) : m.start()]):
            return  # "could control 90% by winter" is a prediction, not a claim
        taken.append((m.start(), m.end()))
        out.append(
            Claim(
                claimant=claimant,
                metric=metric,
                value=value,
                unit=unit,  # type: ignore[arg-type]
                subject=subject if metric != "withdrawal_progress" else _withdrawer(text, res, doc_actors),
                date=ctx_date or published,
                evidence=ev,
                attributed_to=claimant,
            )
        )

    for m in WITHDRAWAL.finditer(text):
        add("withdrawal_progress", _value(m), "percent", m)
    if CONTROL_WORDS.search(text):
        for m in SHARE_DISTRICTS.finditer(text):
            add("share_of_districts", _value(m), "percent", m)
        for m in SHARE_TERRITORY.finditer(text):
            add("share_of_territory", _value(m), "percent", m)
        for m in DISTRICT_COUNT.finditer(text):
            n = int(m.group("n"))
            if 1 < n < 2000:
                add("districts_controlled", float(n), "count", m)
    return out


def _claimant(sent: Sentence, res: Resources, doc_actors: DocActors) -> str | None:
    text = sent.text
    att = _attribution(res, sent)
    if att:
        name = res.actors.resolve(res.actors.match(att), doc_actors)
        return name or att
    m = res.claimant_re.search(text)
    if m:
        name = res.actors.resolve(res.actors.match(m.group(1)), doc_actors)
        return name or m.group(1).strip()
    low = text.lower()
    for outlet in res.outlets:
        if len(outlet) > 3 and re.search(rf"\b{re.escape(outlet)}\b", low):
            i = low.find(outlet)
            return text[i : i + len(outlet)]
    return None


def _subject(text: str, res: Resources, doc_actors: DocActors) -> str | None:
    for m in re.finditer(r"[A-Z][\w-]+", text):
        name = res.actors.match(m.group(0))
        if name and res.actors.kind(name) == "nonstate":
            return name
    return doc_actors.main_nonstate


def _withdrawer(text: str, res: Resources, doc_actors: DocActors) -> Any:
    name = res.actors.match(text)
    return res.actors.forces_of(res.actors.resolve(name, doc_actors)) if name else None
